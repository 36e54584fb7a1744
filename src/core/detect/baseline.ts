/**
 * Baseline detector: an exponentially weighted mean and variance with a Gaussian tail
 * score. Deliberately simple; it is the reference point for ablations and the fallback the
 * walking skeleton was built on. O(1) per point, a few numbers of state.
 */
import { errorFunction } from 'simple-statistics';
import type { DetectionResult, Detector, SeriesMeta } from './types';

export interface BaselineState {
  readonly version: 1;
  /** Points seen. */
  n: number;
  /** Exponentially weighted mean. */
  mean: number;
  /** Exponentially weighted variance. */
  variance: number;
  /** Domain bounds from the series metadata. */
  min: number | null;
  max: number | null;
  /** Counts are integers: the band is never narrower than one unit either side. */
  integer: boolean;
}

/** Weight of the newest point: ~ a 1-day memory at 5-minute periods (2 / (288 + 1)). */
const ALPHA = 2 / 289;
/** Points before any score is emitted: two hours of 5-minute data. */
const WARMUP = 24;
/** Band half-width in standard deviations (99.7 % of a Gaussian). */
const BAND_SIGMAS = 3;
/** Floor on the standard deviation relative to |mean| so flat series do not divide by 0. */
const REL_SIGMA_FLOOR = 0.01;
/** Counts: a deviation of one event is never more than ~1 sigma on its own (0.5 * 2 sigmas = 1). */
const COUNT_SIGMA_FLOOR = 0.5;
/** Absolute floor on the standard deviation. */
const ABS_SIGMA_FLOOR = 1e-6;

function clampToDomain(x: number, s: BaselineState): number {
  if (s.min !== null && x < s.min) return s.min;
  if (s.max !== null && x > s.max) return s.max;
  return x;
}

export const baselineDetector: Detector<BaselineState> = {
  name: 'baseline',
  // |z| >= 3.9: about one false alarm per 10,000 Gaussian points (~ one a month at 5 min).
  threshold: 0.9999,
  init(meta: SeriesMeta): BaselineState {
    return { version: 1, n: 0, mean: 0, variance: 0, min: meta.min ?? null, max: meta.max ?? null, integer: meta.kind === 'count' };
  },
  update(state: BaselineState, _t: number, value: number): { state: BaselineState; result: DetectionResult } {
    const s = state;
    let result: DetectionResult;
    const sigma = Math.max(Math.sqrt(s.variance), Math.abs(s.mean) * REL_SIGMA_FLOOR, ABS_SIGMA_FLOOR, s.integer ? COUNT_SIGMA_FLOOR : 0);
    const lower = clampToDomain(s.mean - BAND_SIGMAS * sigma, s);
    const upper = clampToDomain(s.mean + BAND_SIGMAS * sigma, s);
    if (s.n < WARMUP) {
      result = { score: 0, expected: s.n ? s.mean : value, lower: s.n ? lower : value, upper: s.n ? upper : value, direction: 'NONE' };
    } else {
      const z = (value - s.mean) / sigma;
      // Two-sided Gaussian confidence that the point is not from N(mean, sigma).
      const score = errorFunction(Math.abs(z) / Math.SQRT2);
      const direction = value > upper ? 'ABOVE' : value < lower ? 'BELOW' : 'NONE';
      result = { score, expected: s.mean, lower, upper, direction };
    }
    if (s.n === 0) {
      s.mean = value;
    } else {
      const d = value - s.mean;
      s.mean += ALPHA * d;
      s.variance = (1 - ALPHA) * (s.variance + ALPHA * d * d);
    }
    s.n += 1;
    return { state: s, result };
  },
  warmStart(state: BaselineState, points): BaselineState {
    let s = state;
    for (const p of points) s = baselineDetector.update(s, p.t, p.v).state;
    return s;
  },
};
