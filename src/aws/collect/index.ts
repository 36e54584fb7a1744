export {
  CloudWatchMetricSource,
  planBatches,
  readWindow,
  retentionMs,
  validPeriodFor,
  MAX_QUERIES_PER_CALL,
  MAX_DATAPOINTS_PER_CALL,
  type CloudWatchSourceOptions,
  type MetricIssue,
  type MetricSourceStats,
} from './cloudwatch-source';
export { CloudTrailEventSource, LOOKUP_EVENTS_PAGE_SIZE, type CloudTrailSourceOptions, type EventSourceStats } from './cloudtrail-source';
export { CodeDeployEventSource, CombinedEventSource, BATCH_GET_DEPLOYMENTS_MAX, type CodeDeploySourceOptions } from './codedeploy-source';
export { CloudWatchLogsSource, logGroupCandidates, fromDetectorAnomaly, LOG_GROUPS_TAG, type LogsSourceStats } from './cloudwatch-logs-source';
