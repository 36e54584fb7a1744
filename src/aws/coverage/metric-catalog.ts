/**
 * Which CloudWatch metrics matter per resource type: namespace, metric, statistic, kind, the
 * dimensions that identify the resource (derived from its physical id or ARN), and the
 * cadence tier that decides how often the metric is fetched.
 *
 * Tiers (see docs/cost.md):
 * - `golden`: errors, faults, latency, throttles, 5XX: what users feel first. Fetched every
 *   `cadence.goldenSignalsMinutes` (default 5).
 * - `capacity`: traffic, utilisation, backlog and slow-moving capacity (disk, memory, free
 *   storage, provisioned capacity). Fetched every `cadence.capacityMinutes` (default 60).
 *
 * Every series is read at a 5-minute period whatever its tier: the tier only decides how
 * often the points are fetched, not their resolution, so a slower tier costs detection
 * latency on that metric, never data.
 *
 * Dimension facts (CloudWatch user guides, "metrics and dimensions" pages of each service):
 * Lambda FunctionName; REST APIs ApiName, HTTP/WebSocket APIs ApiId (metrics `4xx`/`5xx`);
 * DynamoDB TableName (SystemErrors, ThrottledRequests and SuccessfulRequestLatency also need
 * Operation, so the table-level ReadThrottleEvents/WriteThrottleEvents are used); SQS
 * QueueName; SNS TopicName; Kinesis StreamName; RDS DBInstanceIdentifier / DBClusterIdentifier;
 * EC2 InstanceId; CWAgent InstanceId plus whatever `append_dimensions` and, for disks,
 * `path`/`device`/`fstype` the agent is configured with (discovered with ListMetrics);
 * ECS ClusterName + ServiceName; ALB/NLB LoadBalancer = `app|net/<name>/<id>` from the ARN;
 * Step Functions StateMachineArn.
 */
import { knownUnit, type Series } from '../../core';

export type CadenceTier = 'golden' | 'capacity';

export interface MetricSpec {
  readonly metricName: string;
  readonly stat: string;
  readonly kind: Series['kind'];
  readonly tier: CadenceTier;
  /** Another namespace than the type's (e.g. CWAgent for EC2 memory and disk). */
  readonly namespace?: string;
  /**
   * The exact dimensions depend on the resource's configuration (CloudWatch agent); the
   * catalog's series carries the identifying dimension only, and
   * `refineAgentSeries` (account-catalog.ts) replaces it by the series ListMetrics finds.
   */
  readonly discoverDimensions?: boolean;
  /** Published only by some resources of the type (e.g. provisioned-capacity tables). */
  readonly optional?: boolean;
}

export interface TypeSpec {
  readonly namespace: string;
  /** Dimension names that identify one resource, in the order `dimensionsOf` returns them. */
  readonly identity: readonly string[];
  /** A metric every resource of the type publishes, used for account-wide discovery. */
  readonly discoveryMetric: string;
  /** DevOps Guru's price group for the type (docs/cost.md). */
  readonly devOpsGuruGroup: 'A' | 'B';
  readonly metrics: readonly MetricSpec[];
}

const g = (metricName: string, stat: string, kind: Series['kind'], extra: Partial<MetricSpec> = {}): MetricSpec => ({
  metricName,
  stat,
  kind,
  tier: 'golden',
  ...extra,
});
const c = (metricName: string, stat: string, kind: Series['kind'], extra: Partial<MetricSpec> = {}): MetricSpec => ({
  metricName,
  stat,
  kind,
  tier: 'capacity',
  ...extra,
});

export const METRIC_CATALOG: Readonly<Record<string, TypeSpec>> = {
  'AWS::Lambda::Function': {
    namespace: 'AWS/Lambda',
    identity: ['FunctionName'],
    discoveryMetric: 'Invocations',
    devOpsGuruGroup: 'A',
    metrics: [
      g('Errors', 'Sum', 'count'),
      g('Throttles', 'Sum', 'count'),
      g('Duration', 'p90', 'latency'),
      c('Invocations', 'Sum', 'count'),
      c('ConcurrentExecutions', 'Maximum', 'count'),
    ],
  },
  'AWS::ApiGateway::RestApi': {
    namespace: 'AWS/ApiGateway',
    identity: ['ApiName'],
    discoveryMetric: 'Count',
    devOpsGuruGroup: 'A',
    metrics: [g('5XXError', 'Sum', 'count'), g('Latency', 'p90', 'latency'), c('4XXError', 'Sum', 'count'), c('Count', 'Sum', 'count')],
  },
  'AWS::ApiGatewayV2::Api': {
    namespace: 'AWS/ApiGateway',
    identity: ['ApiId'],
    discoveryMetric: 'Count',
    devOpsGuruGroup: 'A',
    metrics: [g('5xx', 'Sum', 'count'), g('Latency', 'p90', 'latency'), c('4xx', 'Sum', 'count'), c('Count', 'Sum', 'count')],
  },
  'AWS::DynamoDB::Table': {
    namespace: 'AWS/DynamoDB',
    identity: ['TableName'],
    discoveryMetric: 'ConsumedReadCapacityUnits',
    devOpsGuruGroup: 'A',
    metrics: [
      g('ReadThrottleEvents', 'Sum', 'count'),
      g('WriteThrottleEvents', 'Sum', 'count'),
      c('ConsumedReadCapacityUnits', 'Sum', 'count'),
      c('ConsumedWriteCapacityUnits', 'Sum', 'count'),
      c('ProvisionedReadCapacityUnits', 'Average', 'count', { optional: true }),
      c('ProvisionedWriteCapacityUnits', 'Average', 'count', { optional: true }),
    ],
  },
  'AWS::SQS::Queue': {
    namespace: 'AWS/SQS',
    identity: ['QueueName'],
    discoveryMetric: 'NumberOfMessagesSent',
    devOpsGuruGroup: 'A',
    metrics: [
      g('ApproximateAgeOfOldestMessage', 'Maximum', 'latency'),
      c('ApproximateNumberOfMessagesVisible', 'Maximum', 'count'),
      c('NumberOfMessagesSent', 'Sum', 'count'),
    ],
  },
  'AWS::SNS::Topic': {
    namespace: 'AWS/SNS',
    identity: ['TopicName'],
    discoveryMetric: 'NumberOfMessagesPublished',
    devOpsGuruGroup: 'A',
    metrics: [g('NumberOfNotificationsFailed', 'Sum', 'count'), c('NumberOfMessagesPublished', 'Sum', 'count')],
  },
  'AWS::Kinesis::Stream': {
    namespace: 'AWS/Kinesis',
    identity: ['StreamName'],
    discoveryMetric: 'IncomingRecords',
    devOpsGuruGroup: 'A',
    metrics: [
      g('GetRecords.IteratorAgeMilliseconds', 'Maximum', 'latency'),
      g('WriteProvisionedThroughputExceeded', 'Sum', 'count'),
      g('ReadProvisionedThroughputExceeded', 'Sum', 'count'),
      c('IncomingRecords', 'Sum', 'count'),
    ],
  },
  'AWS::RDS::DBInstance': {
    namespace: 'AWS/RDS',
    identity: ['DBInstanceIdentifier'],
    discoveryMetric: 'CPUUtilization',
    devOpsGuruGroup: 'B',
    metrics: [
      g('ReadLatency', 'Average', 'latency'),
      g('WriteLatency', 'Average', 'latency'),
      c('CPUUtilization', 'Average', 'percent'),
      c('DatabaseConnections', 'Maximum', 'count'),
      c('FreeableMemory', 'Minimum', 'bytes'),
      c('FreeStorageSpace', 'Minimum', 'bytes', { optional: true }),
    ],
  },
  'AWS::RDS::DBCluster': {
    namespace: 'AWS/RDS',
    identity: ['DBClusterIdentifier'],
    discoveryMetric: 'CPUUtilization',
    devOpsGuruGroup: 'B',
    metrics: [
      g('CommitLatency', 'Average', 'latency'),
      c('CPUUtilization', 'Average', 'percent'),
      c('DatabaseConnections', 'Maximum', 'count'),
      c('VolumeBytesUsed', 'Maximum', 'bytes'),
    ],
  },
  'AWS::EC2::Instance': {
    namespace: 'AWS/EC2',
    identity: ['InstanceId'],
    discoveryMetric: 'CPUUtilization',
    devOpsGuruGroup: 'B',
    metrics: [
      g('StatusCheckFailed', 'Maximum', 'count'),
      c('CPUUtilization', 'Average', 'percent'),
      c('NetworkIn', 'Sum', 'bytes'),
      c('NetworkOut', 'Sum', 'bytes'),
      c('mem_used_percent', 'Average', 'percent', { namespace: 'CWAgent', discoverDimensions: true }),
      c('disk_used_percent', 'Maximum', 'percent', { namespace: 'CWAgent', discoverDimensions: true }),
    ],
  },
  'AWS::ECS::Service': {
    namespace: 'AWS/ECS',
    identity: ['ClusterName', 'ServiceName'],
    discoveryMetric: 'CPUUtilization',
    devOpsGuruGroup: 'B',
    metrics: [c('CPUUtilization', 'Average', 'percent'), c('MemoryUtilization', 'Average', 'percent')],
  },
  'AWS::ElasticLoadBalancingV2::LoadBalancer': {
    namespace: 'AWS/ApplicationELB',
    identity: ['LoadBalancer'],
    discoveryMetric: 'RequestCount',
    devOpsGuruGroup: 'A',
    metrics: [
      g('HTTPCode_ELB_5XX_Count', 'Sum', 'count'),
      g('HTTPCode_Target_5XX_Count', 'Sum', 'count'),
      g('TargetResponseTime', 'p90', 'latency'),
      c('RequestCount', 'Sum', 'count'),
    ],
  },
  /** Network Load Balancers share the CloudFormation type; `specFor` picks this entry from the ARN. */
  'AWS::ElasticLoadBalancingV2::LoadBalancer#network': {
    namespace: 'AWS/NetworkELB',
    identity: ['LoadBalancer'],
    discoveryMetric: 'ActiveFlowCount',
    devOpsGuruGroup: 'A',
    metrics: [
      g('TCP_ELB_Reset_Count', 'Sum', 'count'),
      g('TCP_Target_Reset_Count', 'Sum', 'count'),
      c('ActiveFlowCount', 'Average', 'count'),
      c('ProcessedBytes', 'Sum', 'bytes'),
    ],
  },
  'AWS::StepFunctions::StateMachine': {
    namespace: 'AWS/States',
    identity: ['StateMachineArn'],
    discoveryMetric: 'ExecutionsStarted',
    devOpsGuruGroup: 'A',
    metrics: [
      g('ExecutionsFailed', 'Sum', 'count'),
      g('ExecutionsTimedOut', 'Sum', 'count'),
      g('ExecutionThrottled', 'Sum', 'count'),
      g('ExecutionTime', 'p90', 'latency'),
      c('ExecutionsStarted', 'Sum', 'count'),
    ],
  },
};

/** The CloudFormation types Opsight covers. */
export const SUPPORTED_TYPES: readonly string[] = Object.keys(METRIC_CATALOG).filter((k) => !k.includes('#'));

/** The catalog key for a resource: NLBs share ALBs' CloudFormation type but not their namespace. */
export function catalogKey(type: string, physicalId: string): string {
  if (type === 'AWS::ElasticLoadBalancingV2::LoadBalancer' && /(^|:|\/)loadbalancer\/net\/|^net\//.test(physicalId)) return `${type}#network`;
  return type;
}

export function specFor(type: string, physicalId: string): TypeSpec | undefined {
  return METRIC_CATALOG[catalogKey(type, physicalId)];
}

function arnResource(arn: string): string {
  // arn:partition:service:region:account:resource (resource may itself contain ':')
  return arn.split(':').slice(5).join(':');
}

/**
 * The identifying dimension values of a resource, from its CloudFormation physical id, its
 * ARN, or (for SQS) its queue URL. Undefined when the id cannot name the metric (e.g. a REST
 * API id: REST API metrics are keyed by the API's name, which account discovery finds).
 */
export function dimensionsOf(type: string, physicalId: string): Record<string, string> | undefined {
  const id = physicalId.trim();
  if (!id) return undefined;
  const isArn = id.startsWith('arn:');
  const res = isArn ? arnResource(id) : id;
  switch (type) {
    case 'AWS::Lambda::Function': {
      const name = isArn ? /^function:([^:]+)/.exec(res)?.[1] : id;
      return name ? { FunctionName: name } : undefined;
    }
    case 'AWS::ApiGateway::RestApi':
      // Physical ids and ARNs carry the API id; the metric's ApiName is the API's name.
      if (isArn || /^[a-z0-9]{10}$/.test(id)) return undefined;
      return { ApiName: id };
    case 'AWS::ApiGatewayV2::Api': {
      const apiId = isArn ? /\/apis\/([^/]+)/.exec(res)?.[1] : id;
      return apiId ? { ApiId: apiId } : undefined;
    }
    case 'AWS::DynamoDB::Table': {
      const name = isArn ? /^table\/([^/]+)/.exec(res)?.[1] : id;
      return name ? { TableName: name } : undefined;
    }
    case 'AWS::SQS::Queue': {
      if (/^https?:\/\//.test(id)) {
        const name = id.split('/').filter(Boolean).pop();
        return name ? { QueueName: name } : undefined;
      }
      return { QueueName: isArn ? res : id };
    }
    case 'AWS::SNS::Topic':
      return { TopicName: isArn ? (res.split(':')[0] ?? res) : id };
    case 'AWS::Kinesis::Stream': {
      const name = isArn ? /^stream\/([^/]+)/.exec(res)?.[1] : id;
      return name ? { StreamName: name } : undefined;
    }
    case 'AWS::RDS::DBInstance': {
      const name = isArn ? /^db:(.+)$/.exec(res)?.[1] : id;
      return name ? { DBInstanceIdentifier: name } : undefined;
    }
    case 'AWS::RDS::DBCluster': {
      const name = isArn ? /^cluster:(.+)$/.exec(res)?.[1] : id;
      return name ? { DBClusterIdentifier: name } : undefined;
    }
    case 'AWS::EC2::Instance': {
      const name = isArn ? /^instance\/(.+)$/.exec(res)?.[1] : id;
      return name ? { InstanceId: name } : undefined;
    }
    case 'AWS::ECS::Service': {
      // New ARN format: service/<cluster>/<service>; the old one (service/<service>) lacks the cluster.
      const segs = (isArn ? res : id).split('/');
      if (segs[0] === 'service' && segs.length === 3 && segs[1] && segs[2]) return { ClusterName: segs[1], ServiceName: segs[2] };
      if (!isArn && segs.length === 2 && segs[0] && segs[1]) return { ClusterName: segs[0], ServiceName: segs[1] };
      return undefined;
    }
    case 'AWS::ElasticLoadBalancingV2::LoadBalancer': {
      const m = /loadbalancer\/((?:app|net)\/[^/]+\/[^/]+)$/.exec(res) ?? /^((?:app|net)\/[^/]+\/[^/]+)$/.exec(id);
      return m?.[1] ? { LoadBalancer: m[1] } : undefined;
    }
    case 'AWS::StepFunctions::StateMachine':
      return isArn && res.startsWith('stateMachine:') ? { StateMachineArn: id } : undefined;
    default:
      return undefined;
  }
}

/** A readable name for a resource from its dimensions (the last identifying value). */
export function displayName(type: string, dims: Record<string, string>): string {
  if (type === 'AWS::StepFunctions::StateMachine') return dims.StateMachineArn?.split(':').pop() ?? 'state machine';
  if (type === 'AWS::ElasticLoadBalancingV2::LoadBalancer') return dims.LoadBalancer?.split('/')[1] ?? 'load balancer';
  const values = Object.values(dims);
  return values[values.length - 1] ?? type;
}

export interface SeriesOptions {
  /** @default 300 */
  readonly periodSeconds?: number;
  /** Leave out metrics that only some resources publish. @default false */
  readonly skipOptional?: boolean;
}

/** CloudWatch's unit of a catalog metric, as an optional series field. */
function unitField(namespace: string, metricName: string): { unit?: string } {
  const unit = knownUnit(namespace, metricName);
  return unit ? { unit } : {};
}

/** The series to watch on a resource of `type` identified by its physical id or ARN. */
export function seriesFor(type: string, physicalId: string, options: SeriesOptions | number = {}): Series[] {
  const opts: SeriesOptions = typeof options === 'number' ? { periodSeconds: options } : options;
  const spec = specFor(type, physicalId);
  const dims = dimensionsOf(type, physicalId);
  if (!spec || !dims) return [];
  return spec.metrics
    .filter((m) => !(opts.skipOptional && m.optional))
    .map((m) => ({
      namespace: m.namespace ?? spec.namespace,
      metricName: m.metricName,
      dimensions: m.discoverDimensions ? { InstanceId: dims.InstanceId ?? Object.values(dims)[0] ?? '' } : { ...dims },
      stat: m.stat,
      periodSeconds: opts.periodSeconds ?? 300,
      ...unitField(m.namespace ?? spec.namespace, m.metricName),
      kind: m.kind,
    }));
}

const TIER_BY_METRIC = new Map<string, CadenceTier>();
for (const spec of Object.values(METRIC_CATALOG)) {
  for (const m of spec.metrics) TIER_BY_METRIC.set(`${m.namespace ?? spec.namespace}|${m.metricName}`, m.tier);
}

/** The cadence tier of a series: from the catalog, else golden for metrics named like errors. */
export function tierOf(series: Pick<Series, 'namespace' | 'metricName'>): CadenceTier {
  const known = TIER_BY_METRIC.get(`${series.namespace}|${series.metricName}`);
  if (known) return known;
  return /(error|fault|5xx|throttl|latency|duration|failed)/i.test(series.metricName) ? 'golden' : 'capacity';
}

/** DevOps Guru's price group of a resource type (undefined: DevOps Guru does not price it here). */
export function devOpsGuruGroup(type: string): 'A' | 'B' | undefined {
  return METRIC_CATALOG[type]?.devOpsGuruGroup;
}
