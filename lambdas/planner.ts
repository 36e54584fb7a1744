/**
 * Planner (EventBridge Scheduler, every cycle): lists the coverage, stores the cycle's change
 * events, records the cycle and sends its shards to the work queue. Wiring only: the logic is
 * `planStep` in src/core/pipeline.
 *
 * Event: `{ "time": "<aws.scheduler.scheduled-time>" }` (the scheduled time makes a retried
 * invocation plan the same cycle); without it the current minute is used.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { planStep, type PlanOutcome } from '../src/core';
import { cyclePorts, reportEventBacklog, writeAccountStatuses } from './shared/cycle-ports';
import { addCount, observability } from './shared/observability';
import { sendAll, sendOne } from './shared/queue';
import { accountIdOf, lazyClients, readEnv, requireEnv, type Runtime } from './shared/runtime';

export interface PlannerEvent {
  readonly time?: string;
}

/** The cycle time of a schedule event: its time, truncated to the minute. */
export function cycleTime(event: PlannerEvent | undefined, fallback: number): number {
  const parsed = event?.time ? Date.parse(event.time) : NaN;
  const t = Number.isFinite(parsed) ? parsed : fallback;
  return Math.floor(t / 60_000) * 60_000;
}

export function createPlannerHandler(rt: Runtime) {
  const { logger, metrics } = rt.obs;
  const ports = cyclePorts(rt);

  return async (event: PlannerEvent, context?: Pick<Context, 'invokedFunctionArn'>): Promise<PlanOutcome['status']> => {
    const now = cycleTime(event, rt.clock());
    ports.setCycleTime(now);
    const accountId = accountIdOf(rt, context?.invokedFunctionArn);
    ports.fleet?.setCentralAccount(accountId);
    const outcome = await planStep(ports.planner, now, {
      accountId,
      ...rt.cycleOptions,
    });
    if (outcome.status === 'planned') {
      const items = outcome.items.map((item) => ({ id: `s${item.shard}`, body: JSON.stringify(item) }));
      if (items.length) await sendAll(rt.clients.sqs, requireEnv(rt.env.workQueueUrl, 'WORK_QUEUE_URL'), items);
      if (outcome.correlate) await sendOne(rt.clients.sqs, requireEnv(rt.env.correlateQueueUrl, 'CORRELATE_QUEUE_URL'), JSON.stringify(outcome.correlate));
      metrics.addMetric('Shards', MetricUnit.Count, items.length);
      addCount(metrics, 'ChangeEvents', outcome.events);
      reportEventBacklog(rt, outcome.eventBacklog);
      await writeAccountStatuses(rt, ports, now);
      if (outcome.proactive) addCount(metrics, 'ProactiveInsightsChanged', outcome.proactive.insightsChanged);
      logger.info('cycle planned', { cycleId: outcome.cycle.cycleId, shards: items.length, events: outcome.events });
    } else if (outcome.status === 'stalled') {
      await sendOne(rt.clients.sqs, requireEnv(rt.env.correlateQueueUrl, 'CORRELATE_QUEUE_URL'), JSON.stringify(outcome.correlate));
      metrics.addMetric('StalledCycles', MetricUnit.Count, 1);
      logger.warn('previous cycle stalled; correlating it with the shards it has', { cycleId: outcome.correlate.cycleId });
    } else {
      logger.info(`no new cycle: ${outcome.status}`, { ...outcome });
    }
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    return outcome.status;
  };
}

let cached: ReturnType<typeof createPlannerHandler> | undefined;

export const handler = async (event: PlannerEvent, context: Context): Promise<PlanOutcome['status']> => {
  if (!cached) {
    const obs = observability('opsight-planner');
    cached = createPlannerHandler({ env: readEnv(), clients: lazyClients(obs), obs, clock: Date.now });
  }
  return cached(event, context);
};
