/**
 * Capacity-bound metrics and their limits: which series Opsight forecasts, in which direction
 * they run out, and the limit each one runs into.
 *
 * | kind               | series                                              | limit                                            |
 * |--------------------|-----------------------------------------------------|--------------------------------------------------|
 * | disk               | CWAgent disk_used_percent                           | 100 %                                            |
 * | memory             | CWAgent mem_used_percent                            | 100 %                                            |
 * | rds-storage        | AWS/RDS FreeStorageSpace (falls)                    | 0 B, or a % of the allocated storage when known  |
 * | dynamodb-read/write| AWS/DynamoDB ConsumedRead/WriteCapacityUnits        | the Provisioned… series of the same table/index  |
 * | lambda-concurrency | AWS/Lambda ConcurrentExecutions                     | account concurrency (1,000) or reserved          |
 * | sqs-retention      | AWS/SQS ApproximateAgeOfOldestMessage (seconds)     | the queue's retention period (4 days)            |
 *
 * Limits can be overridden per series or resource (options.limits) or with a resource tag
 * `opsight:limit:<MetricName>`; RDS allocated storage comes from options or the tag
 * `opsight:allocated-storage-gib`.
 */
import { seriesKey, type Resource, type Series } from '../model';

export type CapacityKind = 'disk' | 'memory' | 'rds-storage' | 'dynamodb-read' | 'dynamodb-write' | 'lambda-concurrency' | 'sqs-retention';

export interface CapacitySpec {
  readonly kind: CapacityKind;
  /** ABOVE: the series rises to a ceiling; BELOW: it falls to a floor. */
  readonly direction: 'ABOVE' | 'BELOW';
  /** What runs out, in words ("disk space"). */
  readonly what: string;
  readonly namespace: string;
  readonly metricName: string;
  /** For limits held by another series of the same resource (DynamoDB provisioned capacity). */
  readonly companionMetric?: string;
}

export const CAPACITY_SPECS: readonly CapacitySpec[] = [
  { kind: 'disk', direction: 'ABOVE', what: 'disk space', namespace: 'CWAgent', metricName: 'disk_used_percent' },
  { kind: 'memory', direction: 'ABOVE', what: 'memory', namespace: 'CWAgent', metricName: 'mem_used_percent' },
  { kind: 'rds-storage', direction: 'BELOW', what: 'database storage', namespace: 'AWS/RDS', metricName: 'FreeStorageSpace' },
  {
    kind: 'dynamodb-read',
    direction: 'ABOVE',
    what: 'provisioned read capacity',
    namespace: 'AWS/DynamoDB',
    metricName: 'ConsumedReadCapacityUnits',
    companionMetric: 'ProvisionedReadCapacityUnits',
  },
  {
    kind: 'dynamodb-write',
    direction: 'ABOVE',
    what: 'provisioned write capacity',
    namespace: 'AWS/DynamoDB',
    metricName: 'ConsumedWriteCapacityUnits',
    companionMetric: 'ProvisionedWriteCapacityUnits',
  },
  { kind: 'lambda-concurrency', direction: 'ABOVE', what: 'Lambda concurrency', namespace: 'AWS/Lambda', metricName: 'ConcurrentExecutions' },
  { kind: 'sqs-retention', direction: 'ABOVE', what: 'message retention', namespace: 'AWS/SQS', metricName: 'ApproximateAgeOfOldestMessage' },
];

/** The capacity spec a series falls under, if any. O(specs). */
export function capacitySpecOf(series: Pick<Series, 'namespace' | 'metricName'>): CapacitySpec | undefined {
  return CAPACITY_SPECS.find((s) => s.namespace === series.namespace && s.metricName === series.metricName);
}

export interface LimitOptions {
  /** Ceiling for CloudWatch agent percentages. @default 100 */
  readonly percentLimit?: number;
  /** Account (or function) concurrency. @default 1000 */
  readonly lambdaConcurrency?: number;
  /** Queue retention period in seconds. @default 345600 (4 days, the SQS default) */
  readonly sqsRetentionSeconds?: number;
  /** Floor for RDS free storage as a percentage of allocated storage, when that is known. @default 0 */
  readonly rdsMinFreePercent?: number;
  /** RDS allocated storage in bytes by resource id or name. */
  readonly rdsAllocatedBytes?: Readonly<Record<string, number>>;
  /** Explicit limits, keyed by series key, `resourceId/MetricName` or `resourceName/MetricName`. */
  readonly limits?: Readonly<Record<string, number>>;
}

const GIB = 1024 ** 3;

function tagNumber(resource: Pick<Resource, 'tags'>, key: string): number | undefined {
  const raw = resource.tags[key];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Converts a raw value to the unit the limit is expressed in: DynamoDB consumed capacity is
 * reported as a Sum per period, compared with provisioned units per second. O(1).
 */
export function normaliseValue(spec: CapacitySpec, series: Pick<Series, 'stat' | 'periodSeconds'>, v: number): number {
  if ((spec.kind === 'dynamodb-read' || spec.kind === 'dynamodb-write') && series.stat === 'Sum') return v / series.periodSeconds;
  return v;
}

/**
 * The limit of a capacity series, or undefined when it is unknown (e.g. a DynamoDB table in
 * on-demand mode, with no provisioned capacity series). `companion` is the latest value of
 * the companion series, when the spec has one. O(1).
 */
export function resolveLimit(spec: CapacitySpec, series: Series, resource: Pick<Resource, 'id' | 'name' | 'tags'>, options: LimitOptions = {}, companion?: number): number | undefined {
  const explicit =
    options.limits?.[seriesKey(series)] ?? options.limits?.[`${resource.id}/${series.metricName}`] ?? options.limits?.[`${resource.name}/${series.metricName}`] ?? tagNumber(resource, `opsight:limit:${series.metricName}`);
  if (explicit !== undefined) return explicit;
  switch (spec.kind) {
    case 'disk':
    case 'memory':
      return options.percentLimit ?? 100;
    case 'rds-storage': {
      const gib = tagNumber(resource, 'opsight:allocated-storage-gib');
      const allocated = options.rdsAllocatedBytes?.[resource.id] ?? options.rdsAllocatedBytes?.[resource.name] ?? (gib !== undefined ? gib * GIB : undefined);
      const pct = options.rdsMinFreePercent ?? 0;
      return allocated !== undefined ? (allocated * pct) / 100 : 0;
    }
    case 'dynamodb-read':
    case 'dynamodb-write':
      return companion !== undefined && companion > 0 ? companion : undefined;
    case 'lambda-concurrency':
      return options.lambdaConcurrency ?? 1000;
    case 'sqs-retention':
      return options.sqsRetentionSeconds ?? 345_600;
  }
}
