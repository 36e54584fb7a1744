/**
 * AWS list prices used by the cost model: us-east-1, on-demand, without free tiers, as
 * published on each service's pricing page (checked 2025; see docs/cost.md for sources).
 * Override any of them with `estimateMonthlyCost(..., { prices })` for another region.
 */
export interface Prices {
  /** CloudWatch GetMetricData, per metric requested. */
  readonly getMetricDataPerMetric: number;
  /** CloudWatch API requests other than GetMetricData (ListMetrics), per request. */
  readonly cloudWatchApiPerRequest: number;
  /** CloudTrail LookupEvents on management events: no charge. */
  readonly lookupEventsPerCall: number;
  /** Lambda arm64, per GB-second. */
  readonly lambdaArmPerGbSecond: number;
  /** Lambda, per request. */
  readonly lambdaPerRequest: number;
  /** SQS standard queue, per request (64 KB chunk). */
  readonly sqsPerRequest: number;
  /** DynamoDB on-demand, per write request unit. */
  readonly dynamoPerWriteUnit: number;
  /** DynamoDB on-demand, per read request unit. */
  readonly dynamoPerReadUnit: number;
  /** SNS, per publish (64 KB chunk). */
  readonly snsPerPublish: number;
  /** EventBridge custom events, per event put. */
  readonly eventBridgePerEvent: number;
  /** EventBridge Scheduler, per invocation. */
  readonly schedulerPerInvocation: number;
  /** CloudWatch standard-resolution alarm, per alarm metric-month. */
  readonly alarmPerMonth: number;
  /** CloudWatch custom dashboard, per dashboard-month. */
  readonly dashboardPerMonth: number;
  /** CloudWatch custom metric, per metric-month (first 10,000 tier; billed by the hour it is published in). */
  readonly customMetricPerMonth: number;
  /** CloudWatch Logs standard ingestion, per GB. */
  readonly logsIngestPerGb: number;
  /** CloudWatch Logs storage, per GB-month (compressed). */
  readonly logsStoragePerGbMonth: number;
  /** X-Ray, per trace recorded. */
  readonly xrayPerTrace: number;
  /** KMS customer managed key, per key-month. */
  readonly kmsKeyPerMonth: number;
  /** KMS symmetric key requests, per request. */
  readonly kmsPerRequest: number;
  /** API Gateway REST API, per request (first 333 million). */
  readonly apiGatewayRestPerRequest: number;
  /** DynamoDB Standard table storage, per GB-month. */
  readonly dynamoStoragePerGbMonth: number;
  /** DynamoDB point-in-time recovery (continuous backups), per GB-month. */
  readonly dynamoPitrPerGbMonth: number;
  /** DevOps Guru, per resource-hour, resource price group A. */
  readonly devOpsGuruGroupAPerHour: number;
  /** DevOps Guru, per resource-hour, resource price group B. */
  readonly devOpsGuruGroupBPerHour: number;
}

export const US_EAST_1_PRICES: Prices = {
  getMetricDataPerMetric: 0.01 / 1000,
  cloudWatchApiPerRequest: 0.01 / 1000,
  lookupEventsPerCall: 0,
  lambdaArmPerGbSecond: 0.0000133334,
  lambdaPerRequest: 0.2 / 1e6,
  sqsPerRequest: 0.4 / 1e6,
  dynamoPerWriteUnit: 0.625 / 1e6,
  dynamoPerReadUnit: 0.125 / 1e6,
  snsPerPublish: 0.5 / 1e6,
  eventBridgePerEvent: 1.0 / 1e6,
  schedulerPerInvocation: 1.0 / 1e6,
  alarmPerMonth: 0.1,
  dashboardPerMonth: 3,
  customMetricPerMonth: 0.3,
  logsIngestPerGb: 0.5,
  logsStoragePerGbMonth: 0.03,
  xrayPerTrace: 5 / 1e6,
  kmsKeyPerMonth: 1,
  kmsPerRequest: 0.03 / 10_000,
  apiGatewayRestPerRequest: 3.5 / 1e6,
  dynamoStoragePerGbMonth: 0.25,
  dynamoPitrPerGbMonth: 0.2,
  devOpsGuruGroupAPerHour: 0.0028,
  devOpsGuruGroupBPerHour: 0.0042,
};

/** Hours in the average month (8,760 / 12), as AWS's own calculators use. */
export const HOURS_PER_MONTH = 730;
