export * from './model';
export * from './errors';
export type * from './ports';
export { digest, stableId } from './ids';
export { formatMeasure, formatSeriesValue, unitOf, knownUnit, type CloudWatchUnit } from './units';
export { seriesMeta, metricCriticality, collectionOf, collectionKey, isBoundaryTagKey } from './metrics';
export * from './pipeline';
export * from './correlate';
export * from './events';
export * from './dora';
export { defaultDetector, baselineDetector, type Detector, type DetectionResult, type SeriesMeta, type MetricKind } from './detect';
export * from './accounts/config';
export { parseConfig, OpsightConfigSchema, CoverageSchema, CadenceSchema, NotificationsSchema, ChatSchema, SlackChannelSchema, OpsCenterSchema, PipelineSchema, type OpsightConfig, type Coverage } from './config';
export { recommend, rankRules, CATALOG, SERVICES, defineRule, type RecommendInput, type RecommendOptions, type RecommendationRule, type RecommendContext, type ForecastFact, type Service } from './recommend';
export {
  CAPACITY_SPECS,
  capacitySpecOf,
  resolveLimit,
  forecastLimit,
  DEFAULT_FORECAST_CONFIG,
  type CapacitySpec,
  type CapacityKind,
  type LimitOptions,
  type Forecast,
  type ForecastConfig,
} from './forecast';
export { loadAllInsights } from './queries';
export * from './logs';
export { attachLogEvidence, withEvidence, logStateKey, type LogEvidenceReport, type InsightLogState } from './pipeline/log-evidence';
export * from './accounts/status';
export * from './accounts/scope';
