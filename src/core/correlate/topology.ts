/**
 * What Opsight knows about resource types and metrics without looking at data: where a
 * resource sits in the usual call direction of a serverless or web service, what role a
 * metric plays (a fault, saturation, latency or plain traffic), and how to name both in words.
 *
 * Call direction (callers first):
 *   EDGE (CloudFront, API Gateway, load balancers)
 *     → COMPUTE (Lambda, ECS, EC2, Auto Scaling, Step Functions)
 *       → DATA (DynamoDB, SQS, SNS, Kinesis, RDS, ElastiCache, S3).
 * A fault that starts at the same time on several tiers most likely originates at the deepest
 * tier that reports it (throttling in DynamoDB surfaces as Lambda errors and API 5XX), while a
 * change in plain traffic downstream (fewer writes to a table) is an effect of a caller failing.
 */
import { metricCriticality } from '../metrics';
import type { Series, Severity } from '../model';

export type Tier = 'EDGE' | 'COMPUTE' | 'DATA' | 'OTHER';

/** Depth in the call direction: callers are shallow, dependencies deep. */
export const TIER_DEPTH: Record<Tier, number> = { EDGE: 0, OTHER: 1, COMPUTE: 1, DATA: 2 };

const TIER_BY_PREFIX: ReadonlyArray<readonly [prefix: string, tier: Tier]> = [
  ['AWS::CloudFront::', 'EDGE'],
  ['AWS::ApiGateway::', 'EDGE'],
  ['AWS::ApiGatewayV2::', 'EDGE'],
  ['AWS::ElasticLoadBalancingV2::', 'EDGE'],
  ['AWS::ElasticLoadBalancing::', 'EDGE'],
  ['AWS::AppSync::', 'EDGE'],
  ['AWS::Lambda::', 'COMPUTE'],
  ['AWS::ECS::', 'COMPUTE'],
  ['AWS::EKS::', 'COMPUTE'],
  ['AWS::EC2::', 'COMPUTE'],
  ['AWS::AutoScaling::', 'COMPUTE'],
  ['AWS::StepFunctions::', 'COMPUTE'],
  ['AWS::ElasticBeanstalk::', 'COMPUTE'],
  ['AWS::DynamoDB::', 'DATA'],
  ['AWS::SQS::', 'DATA'],
  ['AWS::SNS::', 'DATA'],
  ['AWS::Kinesis::', 'DATA'],
  ['AWS::RDS::', 'DATA'],
  ['AWS::ElastiCache::', 'DATA'],
  ['AWS::S3::', 'DATA'],
  ['AWS::OpenSearchService::', 'DATA'],
  ['AWS::Events::', 'DATA'],
];

/** The tier of a CloudFormation resource type. O(table). */
export function tierOf(resourceType: string): Tier {
  return TIER_BY_PREFIX.find(([p]) => resourceType.startsWith(p))?.[1] ?? 'OTHER';
}

const TYPE_LABELS: Readonly<Record<string, string>> = {
  'AWS::Lambda::Function': 'Lambda function',
  'AWS::ApiGateway::RestApi': 'API',
  'AWS::ApiGatewayV2::Api': 'API',
  'AWS::DynamoDB::Table': 'DynamoDB table',
  'AWS::SQS::Queue': 'SQS queue',
  'AWS::SNS::Topic': 'SNS topic',
  'AWS::Kinesis::Stream': 'Kinesis stream',
  'AWS::RDS::DBInstance': 'RDS instance',
  'AWS::RDS::DBCluster': 'RDS cluster',
  'AWS::EC2::Instance': 'EC2 instance',
  'AWS::AutoScaling::AutoScalingGroup': 'Auto Scaling group',
  'AWS::ECS::Service': 'ECS service',
  'AWS::ECS::Cluster': 'ECS cluster',
  'AWS::ElasticLoadBalancingV2::LoadBalancer': 'load balancer',
  'AWS::ElasticLoadBalancing::LoadBalancer': 'load balancer',
  'AWS::ElasticLoadBalancingV2::TargetGroup': 'target group',
  'AWS::StepFunctions::StateMachine': 'state machine',
  'AWS::IAM::Role': 'IAM role',
  'AWS::CloudFormation::Stack': 'stack',
  'AWS::CodeDeploy::Application': 'CodeDeploy application',
};

/** A short human label for a resource type: `Lambda function`, `DynamoDB table`; else the type's last part. */
export function typeLabel(resourceType: string | undefined): string {
  if (!resourceType) return 'resource';
  return TYPE_LABELS[resourceType] ?? resourceType.split('::').pop() ?? resourceType;
}

/** What a metric says about its resource. */
export type MetricRole = 'FAULT' | 'SATURATION' | 'LATENCY' | 'TRAFFIC';

/** Rank of a role as evidence of an origin: a fault says most, a traffic change least. */
export const ROLE_RANK: Record<MetricRole, number> = { FAULT: 3, SATURATION: 2, LATENCY: 1, TRAFFIC: 0 };

const FAULT = /(error|fault|5xx|4xx|throttl|dlq|deadletter|failed|failure|unhealthy|statuscheck|deadlock|rejected|timeout)/i;
const SATURATION =
  /(utilization|usage|used_percent|mem_used|disk_used|concurrent|ageofoldest|iteratorage|approximatenumberofmessagesvisible|queuedepth|freestoragespace|freeablememory|swap|connections|backlog|cpucredit|burstbalance|replicalag|diskqueue)/i;
const LATENCY = /(latency|duration|responsetime|ttfb)/i;

/** The role of a metric, from its name. O(1). */
export function metricRole(series: Pick<Series, 'metricName'>): MetricRole {
  const m = series.metricName;
  if (FAULT.test(m)) return 'FAULT';
  if (SATURATION.test(m)) return 'SATURATION';
  if (LATENCY.test(m)) return 'LATENCY';
  return 'TRAFFIC';
}

/** Saturation metrics that measure what is left: running low is the problem. */
const HEADROOM = /(free|available|remaining|balance|headroom)/i;

/**
 * Whether a deviation in this direction is bad news for the metric: more errors, faults,
 * latency or saturation (or less headroom: free storage, burst balance) hurts; fewer does not.
 * A change in plain traffic is bad news either way (a drop may be an outage upstream).
 */
export function isHarmfulDirection(series: Pick<Series, 'metricName'>, direction: 'ABOVE' | 'BELOW' | 'NONE'): boolean {
  if (direction === 'NONE') return true;
  const role = metricRole(series);
  if (role === 'TRAFFIC') return true;
  if (role === 'SATURATION' && HEADROOM.test(series.metricName)) return direction === 'BELOW';
  return direction === 'ABOVE';
}

/**
 * Criticality as the correlator uses it: `metricCriticality`, except that client errors (4XX)
 * are MEDIUM: they come from callers (crawlers, expired tokens, bad requests) far more often
 * than from a fault of the service, so alone they need the persistence of a latency anomaly.
 */
export function correlationCriticality(series: Pick<Series, 'metricName'>): Severity {
  if (/4xx/i.test(series.metricName)) return 'MEDIUM';
  return metricCriticality(series);
}
