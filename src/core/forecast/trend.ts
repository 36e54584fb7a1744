/**
 * Robust trend with daily seasonality and uncertainty, for capacity forecasts.
 *
 * The slope is the seasonal Kendall (Sen) slope estimator: the median of the slopes between
 * pairs of hourly values at the same hour of day (Hirsch, Slack & Smith 1982, "Techniques of
 * trend analysis for monthly water quality data", Water Resources Research 18(1)). Comparing the
 * same hour of day cancels the daily cycle without modelling it, and the median ignores
 * outliers. Its confidence interval and the trend's significance come from the seasonal
 * Mann-Kendall statistic S and its variance (Gilbert 1987, "Statistical Methods for
 * Environmental Pollution Monitoring", ch. 17). The daily profile is then the per-hour median
 * of the detrended values, the level the median of what remains, and the residual scale the
 * MAD of the residuals. Forecasts add the profile to the line; prediction bounds pivot the
 * slope's confidence limits around the data's centre and widen by the residual scale.
 */

export interface TrendPoint {
  /** Absolute bucket index (hours since the epoch for hourly buckets). */
  readonly i: number;
  readonly y: number;
}

export interface TrendOptions {
  /** Season length in buckets (24 for a daily cycle of hourly buckets); 0 disables seasonality. @default 24 */
  readonly period?: number;
  /** Two-sided normal quantile of the slope confidence interval. @default 1.645 (90 %) */
  readonly ciZ?: number;
  /** Fewest same-season pairs for a fit. @default 12 */
  readonly minPairs?: number;
}

export interface TrendFit {
  /** Points used. */
  readonly n: number;
  /** Same-season pairs compared. */
  readonly pairs: number;
  /** Absolute index of the first point; `level` is the deseasonalised value there. */
  readonly origin: number;
  /** Mean relative index of the points (the pivot of the prediction bounds). */
  readonly centre: number;
  readonly period: number;
  /** Median pairwise slope, per bucket, and its confidence limits. */
  readonly slope: number;
  readonly slopeLo: number;
  readonly slopeHi: number;
  /** Seasonal Mann-Kendall Z: > 0 rising, < 0 falling; |Z| > 2.33 is significant at 1 % one-sided. */
  readonly z: number;
  readonly level: number;
  /** Additive profile by phase (`absoluteIndex mod period`); empty without seasonality. */
  readonly season: readonly number[];
  /** Robust residual scale (1.4826 × MAD). */
  readonly sigma: number;
}

/** Median of a non-empty list (copies). O(n log n). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Median absolute deviation scaled to a normal standard deviation (× 1.4826). O(n log n). */
export function robustScale(xs: readonly number[]): number {
  if (xs.length === 0) return 0;
  const m = median(xs);
  return 1.4826 * median(xs.map((x) => Math.abs(x - m)));
}

const mod = (a: number, p: number) => ((a % p) + p) % p;

/**
 * Fits the seasonal trend to points (any order, distinct indices). Returns undefined when
 * there are too few same-season pairs. O(n²/period) pairs, O(n log n) otherwise.
 */
export function fitTrend(points: readonly TrendPoint[], options: TrendOptions = {}): TrendFit | undefined {
  const period = options.period ?? 24;
  const ciZ = options.ciZ ?? 1.645;
  const minPairs = options.minPairs ?? 12;
  if (points.length < 3) return undefined;
  const pts = [...points].sort((a, b) => a.i - b.i);
  const origin = pts[0]!.i;
  const groups = new Map<number, TrendPoint[]>();
  for (const p of pts) {
    const g = period > 0 ? mod(p.i, period) : 0;
    const list = groups.get(g) ?? [];
    list.push(p);
    groups.set(g, list);
  }
  const slopes: number[] = [];
  let s = 0;
  let variance = 0;
  for (const list of groups.values()) {
    const n = list.length;
    variance += (n * (n - 1) * (2 * n + 5)) / 18;
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) {
        const d = list[b]!.y - list[a]!.y;
        slopes.push(d / (list[b]!.i - list[a]!.i));
        s += Math.sign(d);
      }
    }
  }
  const pairs = slopes.length;
  if (pairs < minPairs) return undefined;
  slopes.sort((a, b) => a - b);
  const slope = median(slopes);
  const c = ciZ * Math.sqrt(variance);
  const lo = Math.max(0, Math.floor((pairs - c) / 2) - 1);
  const hi = Math.min(pairs - 1, Math.ceil((pairs + c) / 2));
  const slopeLo = Math.min(slope, slopes[lo]!);
  const slopeHi = Math.max(slope, slopes[hi]!);
  const z = variance > 0 ? (s - Math.sign(s)) / Math.sqrt(variance) : 0;

  const detrended = pts.map((p) => ({ i: p.i, d: p.y - slope * (p.i - origin) }));
  const season: number[] = [];
  if (period > 0) {
    const overall = median(detrended.map((x) => x.d));
    const byPhase = new Map<number, number[]>();
    for (const x of detrended) {
      const g = mod(x.i, period);
      const list = byPhase.get(g) ?? [];
      list.push(x.d);
      byPhase.set(g, list);
    }
    for (let g = 0; g < period; g++) {
      const list = byPhase.get(g);
      season.push(list && list.length ? median(list) - overall : 0);
    }
  }
  const seasonAt = (i: number) => (period > 0 ? season[mod(i, period)]! : 0);
  const level = median(detrended.map((x) => x.d - seasonAt(x.i)));
  const residuals = pts.map((p) => p.y - (level + slope * (p.i - origin) + seasonAt(p.i)));
  const scale = Math.max(1, ...pts.map((p) => Math.abs(p.y)));
  const sigma = Math.max(robustScale(residuals), 1e-9 * scale);
  const centre = pts.reduce((acc, p) => acc + (p.i - origin), 0) / pts.length;
  return { n: pts.length, pairs, origin, centre, period, slope, slopeLo, slopeHi, z, level, season, sigma };
}

/** Fitted (central) value at absolute index `i`, plus a constant offset. O(1). */
export function predict(fit: TrendFit, i: number, offset = 0): number {
  const s = fit.period > 0 ? fit.season[mod(i, fit.period)]! : 0;
  return fit.level + fit.slope * (i - fit.origin) + s + offset;
}

/** Prediction bounds at `i`: the slope's confidence limits pivoted at the centre, ± z·sigma. O(1). */
export function predictBounds(fit: TrendFit, i: number, z: number, offset = 0): { lower: number; upper: number } {
  const s = fit.period > 0 ? fit.season[mod(i, fit.period)]! : 0;
  const atCentre = fit.level + fit.slope * fit.centre + s + offset;
  const dt = i - fit.origin - fit.centre;
  const a = atCentre + fit.slopeLo * dt;
  const b = atCentre + fit.slopeHi * dt;
  return { lower: Math.min(a, b) - z * fit.sigma, upper: Math.max(a, b) + z * fit.sigma };
}

export interface Crossing {
  /** First index where the central forecast reaches the limit. */
  readonly central?: number;
  /** First index where the adverse prediction bound reaches it (the earliest plausible time). */
  readonly earliest?: number;
  /** First index where the favourable bound reaches it (the latest plausible time). */
  readonly latest?: number;
}

/**
 * When a limit is reached, searching indices `from … from + maxSteps`. `ABOVE` means the
 * series rises to a ceiling, `BELOW` that it falls to a floor. `shift` moves each of the three
 * curves at index i (scheduled clean-ups, see resets.ts). O(maxSteps).
 */
export function crossing(
  fit: TrendFit,
  limit: number,
  direction: 'ABOVE' | 'BELOW',
  from: number,
  maxSteps: number,
  options: { z?: number; offset?: number; shift?: (i: number, bound: keyof Crossing) => number } = {},
): Crossing {
  const z = options.z ?? 1.645;
  const offset = options.offset ?? 0;
  const shift = options.shift ?? (() => 0);
  const reached = (v: number) => (direction === 'ABOVE' ? v >= limit : v <= limit);
  let central: number | undefined;
  let earliest: number | undefined;
  let latest: number | undefined;
  for (let i = from; i <= from + maxSteps; i++) {
    const b = predictBounds(fit, i, z, offset);
    const adverse = direction === 'ABOVE' ? b.upper : b.lower;
    const favourable = direction === 'ABOVE' ? b.lower : b.upper;
    if (earliest === undefined && reached(adverse + shift(i, 'earliest'))) earliest = i;
    if (central === undefined && reached(predict(fit, i, offset) + shift(i, 'central'))) central = i;
    if (latest === undefined && reached(favourable + shift(i, 'latest'))) latest = i;
    if (latest !== undefined) break;
  }
  return { ...(central !== undefined ? { central } : {}), ...(earliest !== undefined ? { earliest } : {}), ...(latest !== undefined ? { latest } : {}) };
}

/**
 * Index of the first point after the last level shift: a jump between consecutive points
 * larger than `k` robust scales of the de-trended differences and `minJump`. 0 when none.
 * Used so a cleaned disk or a restarted process starts a fresh fit. O(n log n).
 */
export function lastBreak(points: readonly TrendPoint[], options: { k?: number; minJump?: number } = {}): number {
  const k = options.k ?? 8;
  const minJump = options.minJump ?? 0;
  if (points.length < 4) return 0;
  const diffs: number[] = [];
  for (let j = 1; j < points.length; j++) diffs.push((points[j]!.y - points[j - 1]!.y) / Math.max(1, points[j]!.i - points[j - 1]!.i));
  const m = median(diffs);
  const scale = robustScale(diffs);
  const threshold = Math.max(k * scale, minJump);
  for (let j = diffs.length - 1; j >= 0; j--) {
    if (Math.abs(diffs[j]! - m) > threshold) return j + 1;
  }
  return 0;
}

/** Least-squares SSE of a line through points [a, b) using prefix sums. O(1). */
function segmentSse(p: { n: number[]; x: number[]; y: number[]; xx: number[]; xy: number[]; yy: number[] }, a: number, b: number): number {
  const m = p.n[b]! - p.n[a]!;
  if (m < 3) return 0;
  const sx = p.x[b]! - p.x[a]!;
  const sy = p.y[b]! - p.y[a]!;
  const sxx = p.xx[b]! - p.xx[a]! - (sx * sx) / m;
  const sxy = p.xy[b]! - p.xy[a]! - (sx * sy) / m;
  const syy = p.yy[b]! - p.yy[a]! - (sy * sy) / m;
  return Math.max(0, sxx > 0 ? syy - (sxy * sxy) / sxx : syy);
}

/**
 * Index of the start of the current regime of a (deseasonalised) series: the split into two
 * independent line segments that minimises the Bayesian information criterion, or 0 when one
 * line explains the points as well. The second segment has at least `minSegment` points. Finds
 * both level shifts (a cleaned disk, a restarted process) and trend onsets (a leak starting).
 * O(n).
 */
export function regimeStart(points: readonly TrendPoint[], minSegment = 12): number {
  const n = points.length;
  if (n < minSegment + 3) return 0;
  const o = points[0]!.i;
  const scale = Math.max(1, ...points.map((q) => Math.abs(q.y)));
  const p = { n: [0], x: [0], y: [0], xx: [0], xy: [0], yy: [0] };
  for (let j = 0; j < n; j++) {
    const x = points[j]!.i - o;
    const y = points[j]!.y / scale;
    p.n.push(p.n[j]! + 1);
    p.x.push(p.x[j]! + x);
    p.y.push(p.y[j]! + y);
    p.xx.push(p.xx[j]! + x * x);
    p.xy.push(p.xy[j]! + x * y);
    p.yy.push(p.yy[j]! + y * y);
  }
  const eps = 1e-12 * n;
  const bic = (sse: number, params: number) => n * Math.log((sse + eps) / n) + params * Math.log(n);
  let best = 0;
  let bestBic = bic(segmentSse(p, 0, n), 2);
  for (let k = 3; k <= n - minSegment; k++) {
    const b = bic(segmentSse(p, 0, k) + segmentSse(p, k, n), 5);
    if (b < bestBic) {
      bestBic = b;
      best = k;
    }
  }
  return best;
}

/**
 * The trend of the current regime: the daily profile is estimated over all points (robust
 * per-hour medians, see `fitTrend`), removed, and the slope, its interval and significance are
 * then estimated (Sen / Mann-Kendall) on the points since `regimeStart` only, so a trend that
 * began yesterday is measured on yesterday's data rather than diluted by a flat week.
 * Returns undefined with fewer than `minSegment` points in the regime. O(n²).
 */
export function fitRecentTrend(points: readonly TrendPoint[], options: TrendOptions & { minSegment?: number; iterations?: number } = {}): TrendFit | undefined {
  const minSegment = options.minSegment ?? 12;
  const pts = [...points].sort((a, b) => a.i - b.i);
  const base = fitTrend(pts, options);
  if (!base && (options.period ?? 24) > 0) return undefined;
  const period = base ? base.period : 0;
  let season = base ? [...base.season] : [];
  const seasonAt = (i: number) => (period > 0 ? season[mod(i, period)]! : 0);
  const lineOptions = { period: 0, ciZ: options.ciZ ?? 1.645, minPairs: Math.min(options.minPairs ?? 12, (minSegment * (minSegment - 1)) / 2) };
  // Backfitting: the first profile is blurred by a trend that starts inside the window, so
  // re-estimate it from the residuals of the piecewise line (before / since the regime start).
  for (let it = 0; period > 0 && it < (options.iterations ?? 2); it++) {
    const flat = pts.map((q) => ({ i: q.i, y: q.y - seasonAt(q.i) }));
    const k = regimeStart(flat, minSegment);
    const pieces = k > 0 ? [flat.slice(0, k), flat.slice(k)] : [flat];
    const residual = new Map<number, number>();
    for (const piece of pieces) {
      const line = piece.length >= 3 ? fitTrend(piece, { ...lineOptions, minPairs: 1 }) : undefined;
      for (const q of piece) residual.set(q.i, q.y - (line ? line.level + line.slope * (q.i - line.origin) : median(piece.map((x) => x.y))));
    }
    const overall = median(pts.map((q) => residual.get(q.i)! + seasonAt(q.i)));
    const byPhase = new Map<number, number[]>();
    for (const q of pts) {
      const g = mod(q.i, period);
      byPhase.set(g, [...(byPhase.get(g) ?? []), residual.get(q.i)! + seasonAt(q.i)]);
    }
    season = Array.from({ length: period }, (_, g) => {
      const list = byPhase.get(g);
      return list && list.length ? median(list) - overall : 0;
    });
  }
  const flat = pts.map((q) => ({ i: q.i, y: q.y - seasonAt(q.i) }));
  const recent = flat.slice(regimeStart(flat, minSegment));
  if (recent.length < minSegment) return undefined;
  const line = fitTrend(recent, lineOptions);
  if (!line) return undefined;
  return { ...line, period, season };
}
