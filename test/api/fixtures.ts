/** A small, hand-made history for the API tests: every figure the tests assert follows from it. */
import type { Anomaly, Insight, InsightStore, OpsEvent } from '../../src/core';

export const T0 = Date.UTC(2026, 0, 1);
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export function insight(id: string, over: Partial<Insight> = {}): Insight {
  return {
    id,
    name: `insight ${id}`,
    type: 'REACTIVE',
    severity: 'MEDIUM',
    status: 'CLOSED',
    timeRange: { start: T0, end: T0 + 30 * MIN },
    collection: { type: 'STACK', name: 'shop' },
    anomalyIds: [],
    relevantEventIds: [],
    recommendations: [],
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...over,
  };
}

export function anomaly(id: string, insightId: string, start: number): Anomaly {
  const evidence = [0, 1, 2, 3].map((k) => ({ t: start + k * 5 * MIN, v: 50 + k, expected: 2, lower: 0, upper: 5, score: 0.99 }));
  return {
    id,
    seriesKey: `AWS/Lambda|Errors|FunctionName=checkout|Sum|300`,
    series: { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'checkout' }, stat: 'Sum', periodSeconds: 300, kind: 'count' },
    resourceId: 'checkout',
    resourceType: 'AWS::Lambda::Function',
    resourceName: 'checkout',
    collection: { type: 'STACK', name: 'shop' },
    severity: 'HIGH',
    status: 'CLOSED',
    timeRange: { start, end: start + 20 * MIN },
    reportedAt: start + 5 * MIN,
    lastAnomalousAt: start + 15 * MIN,
    direction: 'ABOVE',
    observed: 53,
    expected: 2,
    lower: 0,
    upper: 5,
    score: 0.99,
    evidence,
    type: 'CAUSAL',
    insightId,
  };
}

export function event(id: string, time: number, over: Partial<OpsEvent> = {}): OpsEvent {
  return {
    id,
    time,
    source: 'codedeploy.amazonaws.com',
    name: `Deployment ${id}`,
    dataSource: 'CODE_DEPLOY',
    class: 'DEPLOYMENT',
    resources: [{ type: 'AWS::Lambda::Function', name: 'checkout' }],
    stack: 'shop',
    ...over,
  };
}

/**
 * Seven insights over a week:
 * - shop: r1 (closed, 30 min, HIGH, caused by d-1), r2 (closed, 90 min), r3 (ongoing, HIGH), p1 (proactive, ongoing)
 * - payments: r4 (closed, 60 min, LOW), r5 (ongoing)
 * - tag team-a: r6 (closed, 120 min)
 * Events: deployments d-1 (before r1), d-2 (harmless) in shop, d-3 in payments; a config change c-1.
 */
export function history(): { insights: Insight[]; anomalies: Anomaly[]; events: OpsEvent[] } {
  const at = (d: number, h = 0) => T0 + d * DAY + h * HOUR;
  const insights = [
    insight('r1', { severity: 'HIGH', timeRange: { start: at(0, 10), end: at(0, 10) + 30 * MIN }, anomalyIds: ['a1', 'a2'], relevantEventIds: ['d-1', 'c-1'], rootCause: 'Deployment d-1 of checkout, 6 min before onset', recommendations: [{ name: 'Roll back', description: 'Roll back the deployment.', reason: 'Errors began after d-1.', link: 'https://docs.aws.amazon.com/lambda/latest/dg/configuration-aliases.html', relatedAnomalies: ['a1'], relatedEvents: ['d-1'] }] }),
    insight('r2', { timeRange: { start: at(1, 8), end: at(1, 8) + 90 * MIN } }),
    insight('r3', { severity: 'HIGH', status: 'ONGOING', timeRange: { start: at(6, 20) } }),
    insight('p1', { type: 'PROACTIVE', severity: 'LOW', status: 'ONGOING', timeRange: { start: at(5, 0) }, predictionTimeRange: { start: at(9, 0) } }),
    insight('r4', { severity: 'LOW', collection: { type: 'STACK', name: 'payments' }, timeRange: { start: at(2, 3), end: at(2, 4) } }),
    insight('r5', { collection: { type: 'STACK', name: 'payments' }, status: 'ONGOING', timeRange: { start: at(4, 12) } }),
    insight('r6', { collection: { type: 'TAG', name: 'team-a', tagKey: 'devops-guru-team' }, timeRange: { start: at(3, 1), end: at(3, 3) } }),
  ];
  const anomalies = [anomaly('a1', 'r1', at(0, 10)), anomaly('a2', 'r1', at(0, 10) + 5 * MIN)];
  const events = [
    event('d-1', at(0, 10) - 6 * MIN),
    event('c-1', at(0, 9), { source: 'lambda.amazonaws.com', name: 'UpdateFunctionConfiguration', dataSource: 'CLOUD_TRAIL', class: 'CONFIG_CHANGE' }),
    event('d-2', at(3, 15)),
    event('d-3', at(2, 1), { stack: 'payments', resources: [{ name: 'pay' }] }),
  ];
  return { insights, anomalies, events };
}

/** Writes a history (default: {@link history}) into a store: insights, anomalies, events. */
export async function seedHistory(store: InsightStore, h = history()): Promise<void> {
  for (const i of h.insights) await store.saveInsight(i);
  await store.putAnomalies(h.anomalies);
  await store.putEvents(h.events);
}
