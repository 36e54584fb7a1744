/**
 * The recommendation catalog: one rule per file under ./rules, listed here. Adding a rule means
 * adding its file and one line below; the catalog test checks ids, links and coverage.
 */
import type { RecommendationRule } from './types';
import { LOG_RULES } from './log-rules';
import { apigw4xxThrottling } from './rules/apigw-4xx-throttling';
import { apigw5xxIntegration } from './rules/apigw-5xx-integration';
import { apigwDeploymentCanary } from './rules/apigw-deployment-canary';
import { apigwLatencyCache } from './rules/apigw-latency-cache';
import { dynamodbCapacityForecast } from './rules/dynamodb-capacity-forecast';
import { dynamodbCapacityMode } from './rules/dynamodb-capacity-mode';
import { dynamodbLatencyPartition } from './rules/dynamodb-latency-partition';
import { dynamodbSchemaChange } from './rules/dynamodb-schema-change';
import { dynamodbSystemErrors } from './rules/dynamodb-system-errors';
import { dynamodbThrottlingAutoscaling } from './rules/dynamodb-throttling-autoscaling';
import { ec2CpuAutoscaling } from './rules/ec2-cpu-autoscaling';
import { ec2DiskCleanup } from './rules/ec2-disk-cleanup';
import { ec2DiskExtend } from './rules/ec2-disk-extend';
import { ec2MemoryLeak } from './rules/ec2-memory-leak';
import { ec2MemoryResize } from './rules/ec2-memory-resize';
import { ec2StatusCheck } from './rules/ec2-status-check';
import { ecsCpuAutoscaling } from './rules/ecs-cpu-autoscaling';
import { ecsDeploymentCircuitBreaker } from './rules/ecs-deployment-circuit-breaker';
import { ecsMemoryTaskSize } from './rules/ecs-memory-task-size';
import { elb5xxTroubleshoot } from './rules/elb-5xx-troubleshoot';
import { elbLatencyTargets } from './rules/elb-latency-targets';
import { elbUnhealthyTargets } from './rules/elb-unhealthy-targets';
import { iamSecurityChange } from './rules/iam-security-change';
import { kinesisIteratorAge } from './rules/kinesis-iterator-age';
import { kinesisThroughputExceeded } from './rules/kinesis-throughput-exceeded';
import { lambdaAsyncFailures } from './rules/lambda-async-failures';
import { lambdaConcurrencyQuota } from './rules/lambda-concurrency-quota';
import { lambdaConfigChangeRevert } from './rules/lambda-config-change-revert';
import { lambdaDeploymentRollback } from './rules/lambda-deployment-rollback';
import { lambdaDurationMemory } from './rules/lambda-duration-memory';
import { lambdaErrorsInvestigate } from './rules/lambda-errors-investigate';
import { lambdaIteratorAge } from './rules/lambda-iterator-age';
import { lambdaThrottlesConcurrency } from './rules/lambda-throttles-concurrency';
import { lambdaTimeoutReview } from './rules/lambda-timeout-review';
import { rdsConfigChange } from './rules/rds-config-change';
import { rdsConnectionsProxy } from './rules/rds-connections-proxy';
import { rdsCpuPerformanceInsights } from './rules/rds-cpu-performance-insights';
import { rdsIoLatency } from './rules/rds-io-latency';
import { rdsMemoryPressure } from './rules/rds-memory-pressure';
import { rdsStorageAutoscaling } from './rules/rds-storage-autoscaling';
import { rdsStorageLow } from './rules/rds-storage-low';
import { sqsBacklogConsumers } from './rules/sqs-backlog-consumers';
import { sqsDlqRedrive } from './rules/sqs-dlq-redrive';
import { sqsRetentionForecast } from './rules/sqs-retention-forecast';
import { sqsVisibilityTimeout } from './rules/sqs-visibility-timeout';

/** Every rule, in a fixed order (ties in ranking are broken by id, not by this order). */
export const CATALOG: readonly RecommendationRule[] = [
  apigw4xxThrottling,
  apigw5xxIntegration,
  apigwDeploymentCanary,
  apigwLatencyCache,
  dynamodbCapacityForecast,
  dynamodbCapacityMode,
  dynamodbLatencyPartition,
  dynamodbSchemaChange,
  dynamodbSystemErrors,
  dynamodbThrottlingAutoscaling,
  ec2CpuAutoscaling,
  ec2DiskCleanup,
  ec2DiskExtend,
  ec2MemoryLeak,
  ec2MemoryResize,
  ec2StatusCheck,
  ecsCpuAutoscaling,
  ecsDeploymentCircuitBreaker,
  ecsMemoryTaskSize,
  elb5xxTroubleshoot,
  elbLatencyTargets,
  elbUnhealthyTargets,
  iamSecurityChange,
  kinesisIteratorAge,
  kinesisThroughputExceeded,
  lambdaAsyncFailures,
  lambdaConcurrencyQuota,
  lambdaConfigChangeRevert,
  lambdaDeploymentRollback,
  lambdaDurationMemory,
  lambdaErrorsInvestigate,
  lambdaIteratorAge,
  lambdaThrottlesConcurrency,
  lambdaTimeoutReview,
  rdsConfigChange,
  rdsConnectionsProxy,
  rdsCpuPerformanceInsights,
  rdsIoLatency,
  rdsMemoryPressure,
  rdsStorageAutoscaling,
  rdsStorageLow,
  sqsBacklogConsumers,
  sqsDlqRedrive,
  sqsRetentionForecast,
  sqsVisibilityTimeout,
  ...LOG_RULES,
];
