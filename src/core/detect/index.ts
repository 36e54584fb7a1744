export type { Detector, DetectionResult, Direction, MetricKind, SeriesMeta } from './types';
export { baselineDetector, type BaselineState } from './baseline';
export { createStreamingDetector, streamingDetector, STREAM_STATE_VERSION, type StreamState } from './engine';
export type { DetectorState } from './state';
export { DEFAULT_PARAMS, type EngineParams } from './params';
export { priorFor, type KindPrior } from './priors';
export { streamingDetector as defaultDetector } from './engine';
