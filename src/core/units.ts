/**
 * CloudWatch units and the one formatter that prints a value with its unit for people:
 * `550 ms`, `1.2 s`, `24 MB`, `3.4 %`, `3,400`, `12/s`. Pure; no dependencies, so the
 * dashboard bundles it as well.
 */

/** The CloudWatch units Opsight prints specially; any other string is printed as a plain number. */
export type CloudWatchUnit =
  | 'Seconds'
  | 'Milliseconds'
  | 'Microseconds'
  | 'Bytes'
  | 'Kilobytes'
  | 'Megabytes'
  | 'Gigabytes'
  | 'Bytes/Second'
  | 'Kilobytes/Second'
  | 'Megabytes/Second'
  | 'Percent'
  | 'Count'
  | 'Count/Second'
  | 'None';

/** CloudWatch's unit of the metrics Opsight watches, by `namespace|metricName`. */
const KNOWN_UNITS: Readonly<Record<string, CloudWatchUnit>> = {
  'AWS/Lambda|Duration': 'Milliseconds',
  'AWS/Lambda|Errors': 'Count',
  'AWS/Lambda|Throttles': 'Count',
  'AWS/Lambda|Invocations': 'Count',
  'AWS/Lambda|ConcurrentExecutions': 'Count',
  'AWS/ApiGateway|Latency': 'Milliseconds',
  'AWS/ApiGateway|IntegrationLatency': 'Milliseconds',
  'AWS/ApiGateway|5XXError': 'Count',
  'AWS/ApiGateway|4XXError': 'Count',
  'AWS/ApiGateway|5xx': 'Count',
  'AWS/ApiGateway|4xx': 'Count',
  'AWS/ApiGateway|Count': 'Count',
  'AWS/DynamoDB|SuccessfulRequestLatency': 'Milliseconds',
  'AWS/DynamoDB|ReadThrottleEvents': 'Count',
  'AWS/DynamoDB|WriteThrottleEvents': 'Count',
  'AWS/DynamoDB|ConsumedReadCapacityUnits': 'Count',
  'AWS/DynamoDB|ConsumedWriteCapacityUnits': 'Count',
  'AWS/DynamoDB|ProvisionedReadCapacityUnits': 'Count',
  'AWS/DynamoDB|ProvisionedWriteCapacityUnits': 'Count',
  'AWS/SQS|ApproximateAgeOfOldestMessage': 'Seconds',
  'AWS/SQS|ApproximateNumberOfMessagesVisible': 'Count',
  'AWS/SQS|NumberOfMessagesSent': 'Count',
  'AWS/SQS|NumberOfMessagesDeleted': 'Count',
  'AWS/SNS|NumberOfNotificationsFailed': 'Count',
  'AWS/SNS|NumberOfMessagesPublished': 'Count',
  'AWS/Kinesis|GetRecords.IteratorAgeMilliseconds': 'Milliseconds',
  'AWS/Kinesis|WriteProvisionedThroughputExceeded': 'Count',
  'AWS/Kinesis|ReadProvisionedThroughputExceeded': 'Count',
  'AWS/Kinesis|IncomingRecords': 'Count',
  'AWS/RDS|ReadLatency': 'Seconds',
  'AWS/RDS|WriteLatency': 'Seconds',
  'AWS/RDS|CommitLatency': 'Milliseconds',
  'AWS/RDS|CPUUtilization': 'Percent',
  'AWS/RDS|DatabaseConnections': 'Count',
  'AWS/RDS|FreeableMemory': 'Bytes',
  'AWS/RDS|FreeStorageSpace': 'Bytes',
  'AWS/RDS|VolumeBytesUsed': 'Bytes',
  'AWS/EC2|StatusCheckFailed': 'Count',
  'AWS/EC2|CPUUtilization': 'Percent',
  'AWS/EC2|NetworkIn': 'Bytes',
  'AWS/EC2|NetworkOut': 'Bytes',
  'CWAgent|mem_used_percent': 'Percent',
  'CWAgent|disk_used_percent': 'Percent',
  'AWS/ECS|CPUUtilization': 'Percent',
  'AWS/ECS|MemoryUtilization': 'Percent',
  'AWS/ApplicationELB|HTTPCode_ELB_5XX_Count': 'Count',
  'AWS/ApplicationELB|HTTPCode_Target_5XX_Count': 'Count',
  'AWS/ApplicationELB|TargetResponseTime': 'Seconds',
  'AWS/ApplicationELB|RequestCount': 'Count',
  'AWS/NetworkELB|TCP_ELB_Reset_Count': 'Count',
  'AWS/NetworkELB|TCP_Target_Reset_Count': 'Count',
  'AWS/NetworkELB|ActiveFlowCount': 'Count',
  'AWS/NetworkELB|ProcessedBytes': 'Bytes',
  'AWS/States|ExecutionsFailed': 'Count',
  'AWS/States|ExecutionsTimedOut': 'Count',
  'AWS/States|ExecutionThrottled': 'Count',
  'AWS/States|ExecutionTime': 'Milliseconds',
  'AWS/States|ExecutionsStarted': 'Count',
};

/** CloudWatch's documented unit of a well-known metric, or undefined. O(1). */
export function knownUnit(namespace: string, metricName: string): CloudWatchUnit | undefined {
  return KNOWN_UNITS[`${namespace}|${metricName}`];
}

/** What `unitOf` needs of a series (a full `Series` fits). */
export interface UnitSource {
  readonly namespace?: string;
  readonly metricName: string;
  readonly unit?: string;
  readonly kind?: string;
}

/**
 * The unit of a series: its own CloudWatch unit when it carries one, else the documented unit of
 * the metric, else what its kind implies (percent, bytes), else undefined (printed as a number).
 * A latency without a unit stays undefined: CloudWatch reports latencies in seconds and in
 * milliseconds, and guessing would print one as the other. O(1).
 */
export function unitOf(s: UnitSource): string | undefined {
  if (s.unit) return s.unit;
  const known = s.namespace ? knownUnit(s.namespace, s.metricName) : undefined;
  if (known) return known;
  if (s.kind === 'percent') return 'Percent';
  if (s.kind === 'bytes') return 'Bytes';
  if (s.kind === 'count') return 'Count';
  return undefined;
}

/** At most 3 significant digits, no exponent, thousands separated: `0.55`, `12.3`, `3,400`. O(1). */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a === 0) return '0';
  if (a >= 100) return groupThousands(Math.round(v));
  if (a >= 10) return v.toFixed(1).replace(/\.0$/, '');
  if (a >= 1) return v.toFixed(2).replace(/\.?0+$/, '');
  if (a >= 0.001) return Number(v.toPrecision(2)).toString();
  return v.toPrecision(2);
}

function groupThousands(n: number): string {
  const sign = n < 0 ? '-' : '';
  const digits = String(Math.abs(n));
  return sign + digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** One decimal below 100, whole above: `1.2`, `24`, `512`. O(1). */
function oneDecimal(v: number): string {
  return Math.abs(v) >= 100 ? groupThousands(Math.round(v)) : v.toFixed(1).replace(/\.0$/, '');
}

/** A duration in seconds: `550 ms` below 1 s, `1.2 s` below a minute, then `min`, `h`, `days`. O(1). */
export function formatDurationSeconds(s: number): string {
  const a = Math.abs(s);
  if (a === 0) return '0 s';
  if (a < 0.001) return `${formatNumber(s * 1e6)} µs`;
  if (a < 1) return `${formatNumber(s * 1000)} ms`;
  if (a < 60) return `${formatNumber(s)} s`;
  if (a < 3600) return `${oneDecimal(s / 60)} min`;
  if (a < 172_800) return `${oneDecimal(s / 3600)} h`;
  return `${oneDecimal(s / 86_400)} days`;
}

const BYTE_STEPS = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB'] as const;

/** A size in bytes, decimal prefixes with one decimal: `512 bytes`, `24 MB`, `1.5 GB`. O(1). */
export function formatBytes(b: number): string {
  let v = b;
  let i = 0;
  while (Math.abs(v) >= 1000 && i < BYTE_STEPS.length - 1) {
    v /= 1000;
    i += 1;
  }
  return i === 0 ? `${formatNumber(v)} bytes` : `${oneDecimal(v)} ${BYTE_STEPS[i]}`;
}

/**
 * A value with its CloudWatch unit, for people: durations as `ms` below a second and `s`, `min`
 * above; sizes as KB/MB/GB; percent as `3.4 %`; counts with thousands separators; rates with
 * `/s`. Unknown or absent units print the number alone. O(1).
 */
export function formatMeasure(v: number, unit: string | undefined): string {
  if (!Number.isFinite(v)) return String(v);
  switch (unit) {
    case 'Seconds':
      return formatDurationSeconds(v);
    case 'Milliseconds':
      return formatDurationSeconds(v / 1000);
    case 'Microseconds':
      return formatDurationSeconds(v / 1e6);
    case 'Bytes':
      return formatBytes(v);
    case 'Kilobytes':
      return formatBytes(v * 1000);
    case 'Megabytes':
      return formatBytes(v * 1e6);
    case 'Gigabytes':
      return formatBytes(v * 1e9);
    case 'Bytes/Second':
      return `${formatBytes(v)}/s`;
    case 'Kilobytes/Second':
      return `${formatBytes(v * 1000)}/s`;
    case 'Megabytes/Second':
      return `${formatBytes(v * 1e6)}/s`;
    case 'Percent':
      return `${formatNumber(v)} %`;
    case 'Count/Second':
      return `${formatNumber(v)}/s`;
    default:
      return formatNumber(v);
  }
}

/** A value of a series, in the series' unit (`unitOf`). O(1). */
export function formatSeriesValue(v: number, s: UnitSource): string {
  return formatMeasure(v, unitOf(s));
}
