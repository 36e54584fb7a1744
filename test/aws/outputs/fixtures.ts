import type { Anomaly, Insight, InsightNotification, MessageType } from '../../../src/core';

export const T0 = Date.UTC(2026, 0, 5, 12);

export function anomaly(id: string, over: Partial<Anomaly> = {}): Anomaly {
  return {
    id,
    seriesKey: `AWS/Lambda|Errors|FunctionName=${id}|Sum|300`,
    series: { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'checkout' }, stat: 'Sum', periodSeconds: 300, kind: 'count' },
    resourceId: 'arn:aws:lambda:eu-west-1:123456789012:function:checkout',
    resourceType: 'AWS::Lambda::Function',
    resourceName: 'checkout',
    collection: { type: 'STACK', name: 'shop' },
    severity: 'HIGH',
    status: 'ONGOING',
    timeRange: { start: T0 },
    reportedAt: T0,
    lastAnomalousAt: T0,
    direction: 'ABOVE',
    observed: 42,
    expected: 1,
    lower: 0,
    upper: 3,
    score: 0.99,
    evidence: [],
    type: 'CAUSAL',
    insightId: 'ins-1',
    ...over,
  };
}

export function insight(over: Partial<Insight> = {}): Insight {
  return {
    id: 'ins-1',
    name: 'Errors increased on checkout',
    type: 'REACTIVE',
    severity: 'HIGH',
    status: 'ONGOING',
    timeRange: { start: T0 },
    collection: { type: 'STACK', name: 'shop' },
    anomalyIds: ['a1'],
    relevantEventIds: ['d-1'],
    recommendations: [],
    rootCause: 'Deployment d-1 on checkout, 6 min before onset',
    createdAt: T0,
    updatedAt: T0,
    version: 1,
    ...over,
  };
}

export function notification(messageType: MessageType, ins: Insight = insight(), anomalies: Anomaly[] = [anomaly('a1')]): InsightNotification {
  return { id: `ntf-${ins.id}-${messageType}-${ins.version}`, messageType, insight: ins, anomalies };
}
