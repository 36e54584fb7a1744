export { emptySummary, addPoints, completeBuckets, isHourlySummary, type HourlySummary, type Bucket } from './summary';
export { fitTrend, fitRecentTrend, regimeStart, predict, predictBounds, crossing, lastBreak, median, robustScale, type TrendFit, type TrendPoint, type TrendOptions, type Crossing } from './trend';
export { CAPACITY_SPECS, capacitySpecOf, resolveLimit, normaliseValue, type CapacitySpec, type CapacityKind, type LimitOptions } from './capacity';
export { forecastLimit, opensInsight, keepsInsight, isSteady, DEFAULT_FORECAST_CONFIG, type Forecast, type ForecastConfig } from './evaluate';
export { stepTrack, IDLE, DEFAULT_TRACK_CONFIG, type Track, type TrackConfig, type Transition } from './track';
