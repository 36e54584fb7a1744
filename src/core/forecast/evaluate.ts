/**
 * One forecast of one capacity series: from its hourly summary and its limit to "the limit is
 * reached around T (between T1 and T2)", with the decision inputs for opening or keeping a
 * proactive insight. Pure; cost O(window²/24) per evaluation (a few thousand pair slopes).
 */
import type { CapacitySpec } from './capacity';
import { completeBuckets, type HourlySummary } from './summary';
import { findResets, resetSchedule, resetsBetween, undoResets } from './resets';
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
  /** The latest hour's extreme is at or beyond the limit. */
  readonly reached: boolean;
  /** Periodic clean-ups found in the history (resets.ts), put back into the forecast at their schedule. */
  readonly cleanups?: { readonly periodMs: number; readonly freed: number; readonly measured: boolean };
  /** The points behind the fit, for evidence: time, observed mean, fitted value and bounds. */
  readonly recent: ReadonlyArray<{ t: number; v: number; expected: number; lower: number; upper: number }>;
}

/** Least relative uncertainty of the growth rate in prediction ranges. */
const MIN_SLOPE_SPREAD = 0.1;

/**
 * Forecasts when `limit` is reached, or returns undefined when there is not enough history
 * since the last level shift to say. O(window²/period).
 */
export function forecastLimit(summary: HourlySummary, spec: Pick<CapacitySpec, 'direction'>, limit: number, config: ForecastConfig = DEFAULT_FORECAST_CONFIG): Forecast | undefined {
  const bucketMs = summary.bucketMs;
  const buckets = completeBuckets(summary);
  const last = buckets[buckets.length - 1];
  if (!last) return undefined;
  const sign = spec.direction === 'ABOVE' ? 1 : -1;
  // Clean-ups are found over the whole summary (a weekly one needs more than the fit's window).
  const raw = buckets.map((b) => ({ i: b.index, y: b.mean }));
  const resets = findResets(raw, sign);
  const schedule = resetSchedule(resets, buckets[0]!.index, last.index);
  const continuous = undoResets(raw, resets, sign);
  const freedBefore = new Map(raw.map((p, n) => [p.i, sign * (continuous[n]!.y - p.y)]));
  const windowBuckets = Math.max(1, Math.round(config.windowMs / bucketMs));
  const inWindow = buckets.filter((b) => b.index > last.index - windowBuckets).map((b) => ({ ...b, level: b.mean + sign * freedBefore.get(b.index)! }));
  const first = inWindow[0];
  const minBuckets = Math.round(config.minHistoryMs / bucketMs);
  if (!first || last.index - first.index + 1 < minBuckets || inWindow.length < 0.75 * minBuckets) return undefined;
  const fit = fitRecentTrend(
    inWindow.map((b) => ({ i: b.index, y: b.level })),
    { period: config.period, ciZ: config.intervalZ, minSegment: Math.max(3, Math.round(config.minRegimeMs / bucketMs)) },
  );
  if (!fit) return undefined;
  const freedNow = freedBefore.get(last.index)!;
  const peakOffset = median(inWindow.slice(-48).map((b) => b.ext - b.mean));
  const perBucketToDay = 86_400_000 / bucketMs;
  const maxSteps = Math.ceil((config.horizonMs * Math.max(config.keepFactor, 1) * 1.5) / bucketMs);
  const reachedNow = sign * (last.ext - limit) >= 0;
  // Future clean-ups at their schedule; after a single one (period assumed) the earliest time assumes none.
  const freedBy = (bound: 'central' | 'earliest' | 'latest') => (schedule ? (bound === 'central' ? schedule.amount : bound === 'latest' ? schedule.amountHi : schedule.measured ? schedule.amountLo : 0) : 0);
  const shift = (i: number, bound: 'central' | 'earliest' | 'latest') => -sign * (freedNow + (schedule ? freedBy(bound) * resetsBetween(schedule, last.index, i) : 0));
  // The range allows at least ±MIN_SLOPE_SPREAD of the growth rate: a smooth series gives a tight
  // slope interval, but growth is never exactly linear over days.
  const spread = MIN_SLOPE_SPREAD * Math.abs(fit.slope);
  const ranged: TrendFit = { ...fit, slopeLo: Math.min(fit.slopeLo, fit.slope - spread), slopeHi: Math.max(fit.slopeHi, fit.slope + spread) };
  const c = reachedNow ? { central: last.index + 1, earliest: last.index + 1 } : crossing(ranged, limit, spec.direction, last.index + 1, maxSteps, { z: config.intervalZ, offset: peakOffset, shift });
  const at = (i: number | undefined) => (i === undefined ? undefined : i * bucketMs);
  const predictedAt = at(c.central);
  const earliest = at(c.earliest ?? c.central);
  const latest = reachedNow ? at(last.index + 1) : at(c.latest);
  const recent = inWindow.slice(-24).map((b) => {
    const back = -sign * freedBefore.get(b.index)!;
    const bounds = predictBounds(ranged, b.index, config.intervalZ, back);
    return { t: b.index * bucketMs, v: b.mean, expected: predict(fit, b.index, back), lower: bounds.lower, upper: bounds.upper };
  });
  const lastBounds = predictBounds(fit, last.index, config.intervalZ, -sign * freedNow);
  const stale = spec.direction === 'ABOVE' ? last.mean < lastBounds.lower : last.mean > lastBounds.upper;
  return {
    limit,
    direction: spec.direction,
    stale,
    reached: reachedNow,
    current: last.mean,
    perDay: fit.slope * perBucketToDay,
    adverseZ: sign * fit.z,
    ...(predictedAt !== undefined ? { predictedAt } : {}),
    ...(earliest !== undefined ? { earliest } : {}),
    ...(latest !== undefined ? { latest } : {}),
    asOf: last.index * bucketMs,
    fit,
    peakOffset,
    ...(schedule ? { cleanups: { periodMs: schedule.periodBuckets * bucketMs, freed: schedule.amount, measured: schedule.measured } } : {}),
    recent,
  };
}

/** Whether a forecast is confident enough to open a proactive insight at `now`. O(1). */
export function opensInsight(f: Forecast | undefined, now: number, config: ForecastConfig = DEFAULT_FORECAST_CONFIG): boolean {
  if (!f || f.predictedAt === undefined || f.stale) return false;
  const slopeExcludesZero = f.direction === 'ABOVE' ? f.fit.slopeLo > 0 : f.fit.slopeHi < 0;
  return f.predictedAt - now <= config.horizonMs && f.adverseZ >= config.zOpen && slopeExcludesZero;
}

/**
 * Whether an open prediction still holds at `now` (looser than opening: hysteresis). A limit
 * already reached holds; a latest hour off the line does not end it alone (a clean-up is
 * recognised as one within a few hours, and then the forecast says whether it changed the outlook). O(1).
 */
export function keepsInsight(f: Forecast | undefined, now: number, config: ForecastConfig = DEFAULT_FORECAST_CONFIG): boolean {
  if (!f || f.predictedAt === undefined) return false;
  if (f.reached) return true;
  return f.predictedAt - now <= config.horizonMs * config.keepFactor && f.adverseZ >= config.zKeep;
}

/**
 * Whether a forecast holds steady: its central time moved by at most `share` of the time left
 * since the previous hourly forecast. A trend that began inside the fit's window moves the
 * forecast for a while (the slope still mixes flat hours); opening only once it settles keeps
 * the first published prediction from being a diluted one. O(1).
 */
export function isSteady(f: Forecast | undefined, previousPredictedAt: number | undefined, now: number, share: number): boolean {
  if (f?.predictedAt === undefined || previousPredictedAt === undefined) return false;
  return Math.abs(f.predictedAt - previousPredictedAt) <= share * Math.max(3_600_000, f.predictedAt - now);
}
