/**
 * Periodic clean-ups in a capacity series: a disk that a weekly job empties, a process that a
 * nightly restart frees. Such a series is a sawtooth, and the line through its last tooth says
 * nothing about when it fills: what matters is the trend of its envelope (each tooth starts
 * where the previous clean-up left it). So resets are found (sudden, persistent moves in the
 * favourable direction), removed (the series is re-assembled as if nothing had been freed, which
 * leaves one line whose slope is the growth between clean-ups), and put back into the forecast
 * at their schedule: the growth per period minus what a clean-up frees is the envelope's trend.
 *
 * The schedule comes from the gaps between resets when two or more were seen. After a single
 * reset the period is only bounded from below (no other reset since it, none between the first
 * point and it), and is taken as the shortest usual schedule above that bound: a day, a week or
 * thirty days. Pure; O(n log n).
 */
import { median, robustScale, type TrendPoint } from './trend';

export interface Reset {
  /** Bucket index of the first point after the reset. */
  readonly index: number;
  /** What it freed, in the series' units (positive). */
  readonly amount: number;
}

export interface ResetSchedule {
  readonly resets: readonly Reset[];
  /** Buckets between resets (estimated; see the module comment). */
  readonly periodBuckets: number;
  /** Whether the period was measured (two or more resets) rather than assumed from one. */
  readonly measured: boolean;
  /** Median, least and most freed per reset. */
  readonly amount: number;
  readonly amountLo: number;
  readonly amountHi: number;
}

export interface ResetOptions {
  /** A reset moves more than `k` robust scales of the bucket-to-bucket changes. @default 8 */
  readonly k?: number;
  /** Points compared on each side to check that the move persists. @default 6 */
  readonly persist?: number;
  /** Usual schedules, in buckets, a single reset's period is rounded up to. @default [24, 168, 720] */
  readonly schedules?: readonly number[];
}

/**
 * The resets of `points` (sorted by index). `sign` is +1 when the series grows toward its limit
 * (a reset is a fall) and −1 when it falls toward it (a reset is a rise). O(n log n).
 */
export function findResets(points: readonly TrendPoint[], sign: 1 | -1, options: ResetOptions = {}): Reset[] {
  const k = options.k ?? 8;
  const persist = options.persist ?? 6;
  if (points.length < 2 * persist) return [];
  const adverse = points.map((p) => sign * p.y);
  const diffs: number[] = [];
  for (let j = 1; j < points.length; j++) diffs.push((adverse[j]! - adverse[j - 1]!) / Math.max(1, points[j]!.i - points[j - 1]!.i));
  const growth = median(diffs);
  const threshold = k * Math.max(robustScale(diffs), 1e-9 * Math.max(1, ...adverse.map(Math.abs)));
  // A step back: against the growth and in absolute terms (a slower growth is no clean-up).
  const back = (d: number) => growth - d > threshold && -d > threshold;
  const out: Reset[] = [];
  let j = 0;
  while (j < diffs.length) {
    if (!back(diffs[j]!)) {
      j++;
      continue;
    }
    // A run of falling steps (a clean-up spread over two buckets) is one reset.
    let end = j;
    while (end + 1 < diffs.length && back(diffs[end + 1]!)) end++;
    const before = adverse.slice(Math.max(0, j + 1 - persist), j + 1);
    const after = adverse.slice(end + 1, end + 1 + persist);
    const span = points[end + 1]!.i - points[j]!.i;
    const drop = median(before) - median(after);
    const amount = drop + Math.max(0, growth) * (span + persist);
    if (after.length >= Math.min(2, persist) && drop > threshold) out.push({ index: points[end + 1]!.i, amount });
    j = end + 1;
  }
  return out;
}

/**
 * The schedule of future resets, or undefined without any (none seen, or the measured schedule
 * has stopped). `first`/`last` are the indices the data cover. O(r log r).
 */
export function resetSchedule(resets: readonly Reset[], first: number, last: number, options: ResetOptions = {}): ResetSchedule | undefined {
  if (resets.length === 0) return undefined;
  const amounts = resets.map((r) => r.amount);
  const base = { resets, amount: median(amounts), amountLo: Math.min(...amounts), amountHi: Math.max(...amounts) };
  if (resets.length >= 2) {
    const gaps = resets.slice(1).map((r, n) => r.index - resets[n]!.index);
    const periodBuckets = Math.max(1, Math.round(median(gaps)));
    // A clean-up half a period overdue has stopped (log rotation broken): none is expected any more.
    if (last - resets[resets.length - 1]!.index > 1.5 * periodBuckets) return undefined;
    return { ...base, periodBuckets, measured: true };
  }
  const only = resets[0]!.index;
  const atLeast = Math.max(last - only + 1, only - first);
  const schedules = options.schedules ?? [24, 168, 720];
  const periodBuckets = schedules.find((s) => s >= atLeast) ?? atLeast;
  return { ...base, periodBuckets, measured: false };
}

/**
 * The points with every reset undone: each point after a reset is moved back by what the
 * resets before it freed, so growth between clean-ups reads as one line. O(n + r).
 */
export function undoResets(points: readonly TrendPoint[], resets: readonly Reset[], sign: 1 | -1): TrendPoint[] {
  let freed = 0;
  let next = 0;
  return points.map((p) => {
    while (next < resets.length && resets[next]!.index <= p.i) freed += resets[next++]!.amount;
    return { i: p.i, y: p.y + sign * freed };
  });
}

/** How many scheduled resets fall in (`from`, `to`] (bucket indices). O(1). */
export function resetsBetween(schedule: ResetSchedule, from: number, to: number): number {
  const last = schedule.resets[schedule.resets.length - 1]!.index;
  const p = schedule.periodBuckets;
  const count = (t: number) => (t < last ? 0 : Math.floor((t - last) / p));
  return Math.max(0, count(to) - count(from));
}
