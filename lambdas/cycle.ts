/**
 * Scheduled Lambda: runs one analysis cycle over the configured coverage.
 * Wiring only: configuration from the environment, ports from src/aws, logic in src/core.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { runCycle, type InsightNotification, type Notifier } from '../src/core';
import { awsPorts, defaultClients } from '../src/aws/ports';

const logger = new Logger({ serviceName: 'opsight' });

function required(name: string): string {
  const v = process.env[name];
  if (!v) throw new Error(`Environment variable ${name} is required`);
  return v;
}

const notifier: Notifier = {
  async notify(list: readonly InsightNotification[]) {
    for (const n of list) logger.info('insight transition', { messageType: n.messageType, insightId: n.insight.id, severity: n.insight.severity, name: n.insight.name });
  },
};

const ports = awsPorts(defaultClients(), {
  tableName: required('TABLE_NAME'),
  stacks: (process.env.COVERAGE_STACKS ?? '').split(',').filter(Boolean),
  notifier,
});

export async function handler(event: { time?: string }): Promise<{ insightsChanged: number }> {
  const now = event.time ? Date.parse(event.time) : Date.now();
  const report = await runCycle(ports, now);
  logger.info('cycle complete', { ...report });
  return { insightsChanged: report.insightsChanged };
}
