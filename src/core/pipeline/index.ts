export { runCycle, type CycleReport } from './cycle';
export {
  CYCLE_STATE_KEY,
  MAX_SERIES_PER_SHARD,
  resolveOptions,
  isSeriesState,
  isCycleMarker,
  type CycleOptions,
  type ResolvedOptions,
  type SeriesState,
  type ReadFilter,
  type CycleMarker,
} from './options';
export { planCycle, shardSeries, seriesEntries, loadMarker, cycleIdFor, WorkItemSchema, type WorkItem, type CyclePlan } from './plan';
export {
  collectEvents,
  loadEventBacklog,
  mergeWindows,
  EVENTS_STATE_KEY,
  EVENT_LOOKBACK_MS,
  MAX_UNREAD_WINDOWS,
  BACKLOG_READS_PER_CYCLE,
  type EventBacklog,
  type EventCollection,
} from './event-backlog';
export { analyzeShard, type ShardResult } from './analyze';
export { correlateCycle, type CorrelateCycleInput } from './correlate-step';
export { withConsistentTimeRanges, startNoLaterThanAnomalies, type ConsistentStore } from './consistent-range';
export { deliverNotifications, matchesFilter, LeaseHeldError, type NotificationTarget, type NotificationFilter, type DeliveryOutcome, type DeliverOptions } from './notify';
export {
  planStep,
  analyzeStep,
  correlateStep,
  parseWorkItem,
  parseCorrelateRequest,
  type DistributedOptions,
  type CorrelateRequest,
  type PlannerPorts,
  type PlanOutcome,
  type AnalyzerPorts,
  type AnalyzeOutcome,
  type CorrelatorPorts,
  type CorrelateOutcome,
} from './distributed';
export { trackPoint, toAnomaly, anomalySeverity, type OpenAnomaly, type Recovery, type FrozenBaseline, type TrackerConfig, type TrackerContext } from './anomaly-tracker';
export {
  updateProactive,
  planProactive,
  capacityEntries,
  proactiveStateKey,
  proactiveSeverity,
  type ProactiveOptions,
  type ProactiveCycleOptions,
  type ProactiveState,
  type ProactivePorts,
  type ProactiveReport,
} from './proactive';
export { sensitivityFor, thresholdAt, type SensitivityConfig } from './sensitivity';
export { SharedReads } from './shared-reads';
