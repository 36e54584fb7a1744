export type { Detector, DetectionResult, Direction, MetricKind, SeriesMeta } from './types';
export { baselineDetector, type BaselineState } from './baseline';
export { baselineDetector as defaultDetector } from './baseline';
