/** Model fixtures shared by the store tests. */
import type { Anomaly, Insight } from '../../../src/core';

export const T0 = Date.UTC(2026, 0, 1);

/** An ongoing reactive insight on stack `shop`, version 1, starting at `T0` unless overridden. */
export function insight(id: string, over: Partial<Insight> = {}): Insight {
  const start = over.timeRange?.start ?? T0;
  return {
    id,
    name: `insight ${id}`,
    type: 'REACTIVE',
    severity: 'HIGH',
    status: 'ONGOING',
    timeRange: { start },
    collection: { type: 'STACK', name: 'shop' },
    anomalyIds: [],
    relevantEventIds: [],
    recommendations: [],
    createdAt: start,
    updatedAt: start,
    version: 1,
    ...over,
  };
}

/** An ongoing CAUSAL Errors anomaly on Lambda function `id` in stack `shop`, starting at T0. */
export function anomaly(id: string, over: Partial<Anomaly> = {}): Anomaly {
  return {
    id,
    seriesKey: `AWS/Lambda|Errors|FunctionName=${id}|Sum|300`,
    series: { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: id }, stat: 'Sum', periodSeconds: 300, kind: 'count' },
    resourceId: id,
    resourceType: 'AWS::Lambda::Function',
    resourceName: id,
    collection: { type: 'STACK', name: 'shop' },
    severity: 'HIGH',
    status: 'ONGOING',
    timeRange: { start: T0 },
    reportedAt: T0,
    lastAnomalousAt: T0,
    direction: 'ABOVE',
    observed: 50,
    expected: 1,
    lower: 0,
    upper: 3,
    score: 0.99,
    evidence: [{ t: T0, v: 50, expected: 1, lower: 0, upper: 3, score: 0.99 }],
    type: 'CAUSAL',
    ...over,
  };
}
