export { runCycle, CYCLE_STATE_KEY, type CycleOptions, type CycleReport, type SeriesState, type CycleMarker } from './cycle';
export { trackPoint, toAnomaly, anomalySeverity, type OpenAnomaly, type TrackerConfig, type TrackerContext } from './anomaly-tracker';
