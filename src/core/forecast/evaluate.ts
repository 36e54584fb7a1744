/**
 * One forecast of one capacity series: from its hourly summary and its limit to "the limit is
 * reached around T (between T1 and T2)", with the decision inputs for opening or keeping a
 * proactive insight. Pure; cost O(window²/24) per evaluation (a few thousand pair slopes).
 */
import type { CapacitySpec } from './capacity';
import { completeBuckets, type HourlySummary } from './summary';
import { crossing, fitRecentTrend, median, predict, predictBounds, type TrendFit } from './trend';

export interface ForecastConfig {
  /** Open when the limit is predicted within this long. @default 14 days */
  readonly horizonMs: number;
  /** Keep an open prediction while the limit is predicted within `horizonMs × keepFactor`. @default 2 */
  readonly keepFactor: number;
  /** Most recent history used by the fit. @default 3 days */
  readonly windowMs: number;
  /** Least history before forecasting (the daily profile needs it). @default 36 hours */
  readonly minHistoryMs: number;
  /** Least time since the current regime began (a level shift or a trend onset). @default 24 hours */
  readonly minRegimeMs: number;
  /** Seasonal Mann-Kendall Z needed to open (one-sided). @default 2.33 (1 %) */
  readonly zOpen: number;
  /** Z needed to keep an open prediction. @default 1.28 (10 %) */
  readonly zKeep: number;
  /** Normal quantile for the slope interval and the prediction bounds. @default 1.645 */
  readonly intervalZ: number;
  /** Season length in buckets; 0 disables. @default 24 (daily, for hourly buckets) */
  readonly period: number;
}

export const DEFAULT_FORECAST_CONFIG: ForecastConfig = {
  horizonMs: 14 * 86_400_000,
  keepFactor: 2,
  windowMs: 3 * 86_400_000,
  minHistoryMs: 36 * 3_600_000,
  minRegimeMs: 24 * 3_600_000,
  zOpen: 2.33,
  zKeep: 1.28,
  intervalZ: 1.645,
  period: 24,
};

export interface Forecast {
  readonly limit: number;
  readonly direction: 'ABOVE' | 'BELOW';
  /** Latest complete hourly mean. */
  readonly current: number;
  /** Trend in units per day. */
  readonly perDay: number;
  /** Trend significance in the adverse direction (> 0 means heading for the limit). */
  readonly adverseZ: number;
  /** Central estimate of the time the limit is reached (epoch ms), if within the search range. */
  readonly predictedAt?: number;
  readonly earliest?: number;
  readonly latest?: number;
  /** Time of the last complete bucket the forecast used (epoch ms, bucket start). */
  readonly asOf: number;
  readonly fit: TrendFit;
  /** Added to the fitted mean to reach the hourly extreme (peaks above the mean). */
  readonly peakOffset: number;
  /**
   * The latest hour lies beyond the favourable prediction bound (well below the fitted line of
   * a rising series): the model no longer describes the present (a cleanup, a restart).
   */
  readonly stale: boolean;
  /** The points behind the fit, for evidence: time, observed mean, fitted value and bounds. */
  readonly recent: ReadonlyArray<{ t: number; v: number; expected: number; lower: number; upper: number }>;
}

/**
 * Forecasts when `limit` is reached, or returns undefined when there is not enough history
 * since the last level shift to say. O(window²/period).
 */
export function forecastLimit(summary: HourlySummary, spec: Pick<CapacitySpec, 'direction'>, limit: number, config: ForecastConfig = DEFAULT_FORECAST_CONFIG): Forecast | undefined {
  const bucketMs = summary.bucketMs;
  const buckets = completeBuckets(summary);
  const last = buckets[buckets.length - 1];
  if (!last) return undefined;
  const windowBuckets = Math.max(1, Math.round(config.windowMs / bucketMs));
  const inWindow = buckets.filter((b) => b.index > last.index - windowBuckets);
  const first = inWindow[0];
  const minBuckets = Math.round(config.minHistoryMs / bucketMs);
  if (!first || last.index - first.index + 1 < minBuckets || inWindow.length < 0.75 * minBuckets) return undefined;
  const fit = fitRecentTrend(
    inWindow.map((b) => ({ i: b.index, y: b.mean })),
    { period: config.period, ciZ: config.intervalZ, minSegment: Math.max(3, Math.round(config.minRegimeMs / bucketMs)) },
  );
  if (!fit) return undefined;
  const sign = spec.direction === 'ABOVE' ? 1 : -1;
  const peakOffset = median(inWindow.slice(-48).map((b) => b.ext - b.mean));
  const perBucketToDay = 86_400_000 / bucketMs;
  const maxSteps = Math.ceil((config.horizonMs * Math.max(config.keepFactor, 1) * 1.5) / bucketMs);
  const reachedNow = sign * (last.ext - limit) >= 0;
  const c = reachedNow ? { central: last.index + 1, earliest: last.index + 1 } : crossing(fit, limit, spec.direction, last.index + 1, maxSteps, { z: config.intervalZ, offset: peakOffset });
  const at = (i: number | undefined) => (i === undefined ? undefined : i * bucketMs);
  const predictedAt = at(c.central);
  const earliest = at(c.earliest ?? c.central);
  const latest = reachedNow ? at(last.index + 1) : at(c.latest);
  const recent = inWindow.slice(-24).map((b) => {
    const bounds = predictBounds(fit, b.index, config.intervalZ);
    return { t: b.index * bucketMs, v: b.mean, expected: predict(fit, b.index), lower: bounds.lower, upper: bounds.upper };
  });
  const lastBounds = predictBounds(fit, last.index, config.intervalZ);
  const stale = spec.direction === 'ABOVE' ? last.mean < lastBounds.lower : last.mean > lastBounds.upper;
  return {
    limit,
    direction: spec.direction,
    stale,
    current: last.mean,
    perDay: fit.slope * perBucketToDay,
    adverseZ: sign * fit.z,
    ...(predictedAt !== undefined ? { predictedAt } : {}),
    ...(earliest !== undefined ? { earliest } : {}),
    ...(latest !== undefined ? { latest } : {}),
    asOf: last.index * bucketMs,
    fit,
    peakOffset,
    recent,
  };
}

/** Whether a forecast is confident enough to open a proactive insight at `now`. O(1). */
export function opensInsight(f: Forecast | undefined, now: number, config: ForecastConfig = DEFAULT_FORECAST_CONFIG): boolean {
  if (!f || f.predictedAt === undefined || f.stale) return false;
  const slopeExcludesZero = f.direction === 'ABOVE' ? f.fit.slopeLo > 0 : f.fit.slopeHi < 0;
  return f.predictedAt - now <= config.horizonMs && f.adverseZ >= config.zOpen && slopeExcludesZero;
}

/** Whether an open prediction still holds at `now` (looser than opening: hysteresis). O(1). */
export function keepsInsight(f: Forecast | undefined, now: number, config: ForecastConfig = DEFAULT_FORECAST_CONFIG): boolean {
  if (!f || f.predictedAt === undefined || f.stale) return false;
  return f.predictedAt - now <= config.horizonMs * config.keepFactor && f.adverseZ >= config.zKeep;
}
