/** Builders for anomalies, events and insights used by the recommendation tests. */
import type { Anomaly, EventClass, Insight, OpsEvent } from '../../../src/core/model';

const T0 = Date.UTC(2026, 10, 19, 14, 0);

const TYPE_BY_NAMESPACE: Record<string, string> = {
  'AWS/Lambda': 'AWS::Lambda::Function',
  'AWS/ApiGateway': 'AWS::ApiGateway::RestApi',
  'AWS/DynamoDB': 'AWS::DynamoDB::Table',
  'AWS/SQS': 'AWS::SQS::Queue',
  'AWS/Kinesis': 'AWS::Kinesis::Stream',
  'AWS/RDS': 'AWS::RDS::DBInstance',
  'AWS/EC2': 'AWS::EC2::Instance',
  CWAgent: 'AWS::EC2::Instance',
  'AWS/ECS': 'AWS::ECS::Service',
  'AWS/ApplicationELB': 'AWS::ElasticLoadBalancingV2::LoadBalancer',
};

let seq = 0;

export function anomaly(
  namespace: string,
  metricName: string,
  direction: 'ABOVE' | 'BELOW' = 'ABOVE',
  over: Partial<Anomaly> = {},
): Anomaly {
  const resourceName = over.resourceName ?? 'res-1';
  seq++;
  return {
    id: over.id ?? `an-${seq}-${metricName}`,
    seriesKey: `${namespace}|${metricName}|Name=${resourceName}|Sum|300`,
    series: { namespace, metricName, dimensions: { Name: resourceName }, stat: 'Sum', periodSeconds: 300, kind: /percent/.test(metricName) ? 'percent' : 'count' },
    resourceId: resourceName,
    resourceType: TYPE_BY_NAMESPACE[namespace] ?? 'AWS::Unknown::Thing',
    resourceName,
    collection: { type: 'STACK', name: 'shop' },
    severity: 'HIGH',
    status: 'ONGOING',
    timeRange: { start: T0 },
    reportedAt: T0 + 300_000,
    lastAnomalousAt: T0 + 600_000,
    direction,
    observed: direction === 'BELOW' ? 1 : 90,
    expected: 10,
    lower: 5,
    upper: 15,
    score: 0.99,
    evidence: [],
    type: 'CAUSAL',
    ...over,
  };
}

export function event(cls: EventClass, source: string, name: string, resource = 'res-1', over: Partial<OpsEvent> = {}): OpsEvent {
  seq++;
  return {
    id: over.id ?? `ev-${seq}`,
    time: T0 - 6 * 60_000,
    source,
    name,
    dataSource: source === 'codedeploy.amazonaws.com' ? 'CODE_DEPLOY' : 'CLOUD_TRAIL',
    class: cls,
    resources: [{ name: resource }],
    stack: 'shop',
    ...over,
  };
}

export function insight(type: Insight['type'] = 'REACTIVE', over: Partial<Insight> = {}): Insight {
  return {
    id: 'ins-1',
    name: 'test insight',
    type,
    severity: 'HIGH',
    status: 'ONGOING',
    timeRange: { start: T0 },
    ...(type === 'PROACTIVE' ? { predictionTimeRange: { start: T0 + 5 * 86_400_000, end: T0 + 7 * 86_400_000 } } : {}),
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

export { T0 };
