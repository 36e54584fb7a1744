export * from './model';
export * from './errors';
export type * from './ports';
export { digest, stableId } from './ids';
export { seriesMeta, metricCriticality, collectionOf, collectionKey, isBoundaryTagKey } from './metrics';
export * from './pipeline';
export * from './correlate';
export { defaultDetector, baselineDetector, type Detector, type DetectionResult, type SeriesMeta, type MetricKind } from './detect';
export { parseConfig, OpsightConfigSchema, CoverageSchema, CadenceSchema, NotificationsSchema, OpsCenterSchema, type OpsightConfig, type Coverage } from './config';
