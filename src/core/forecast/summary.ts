/**
 * The per-series summary a forecast works from: hourly aggregates (sum, count and the adverse
 * extreme) of the last N days, in a fixed-size window that slides forward. Plain JSON, bounded
 * size (3 numbers per bucket), updated point by point, so a cycle only feeds it new points.
 */

export interface HourlySummary {
  readonly version: 1;
  /** Bucket width in ms (1 hour by default). */
  readonly bucketMs: number;
  /** Most buckets kept; older ones slide out. */
  readonly maxBuckets: number;
  /** Absolute index (`floor(t / bucketMs)`) of the first kept bucket. */
  first: number;
  /** Per bucket: sum and count of the values, and the extreme in the adverse direction. */
  sum: number[];
  count: number[];
  ext: number[];
  /** `max` keeps the highest value per bucket (limits above), `min` the lowest (floors below). */
  readonly extreme: 'max' | 'min';
  /** Time of the last point added; older or equal points are ignored (idempotent re-feeds). */
  lastT: number;
}

/** An empty summary. O(1). */
export function emptySummary(extreme: 'max' | 'min', options: { bucketMs?: number; maxBuckets?: number } = {}): HourlySummary {
  return { version: 1, bucketMs: options.bucketMs ?? 3_600_000, maxBuckets: options.maxBuckets ?? 7 * 24, first: 0, sum: [], count: [], ext: [], extreme, lastT: -1 };
}

export function isHourlySummary(x: unknown): x is HourlySummary {
  const s = x as HourlySummary;
  return typeof x === 'object' && x !== null && s.version === 1 && Array.isArray(s.sum) && Array.isArray(s.count) && Array.isArray(s.ext) && typeof s.lastT === 'number';
}

/**
 * Adds points (any order) newer than `lastT`, sliding the window forward as needed. Returns a
 * new summary; the input is not modified. O(points + buckets).
 */
export function addPoints(summary: HourlySummary, points: ReadonlyArray<{ t: number; v: number }>): HourlySummary {
  const fresh = points.filter((p) => p.t > summary.lastT && Number.isFinite(p.v)).sort((a, b) => a.t - b.t);
  if (fresh.length === 0) return summary;
  const s: HourlySummary = { ...summary, sum: [...summary.sum], count: [...summary.count], ext: [...summary.ext] };
  if (s.sum.length === 0) s.first = Math.floor(fresh[0]!.t / s.bucketMs);
  for (const p of fresh) {
    const b = Math.floor(p.t / s.bucketMs);
    const i = b - s.first;
    if (i < 0) continue;
    while (i >= s.sum.length) {
      s.sum.push(0);
      s.count.push(0);
      s.ext.push(0);
    }
    if (s.count[i] === 0) s.ext[i] = p.v;
    else s.ext[i] = s.extreme === 'max' ? Math.max(s.ext[i]!, p.v) : Math.min(s.ext[i]!, p.v);
    s.sum[i] = s.sum[i]! + p.v;
    s.count[i] = s.count[i]! + 1;
    const overflow = s.sum.length - s.maxBuckets;
    if (overflow > 0) {
      s.sum.splice(0, overflow);
      s.count.splice(0, overflow);
      s.ext.splice(0, overflow);
      s.first += overflow;
    }
    s.lastT = p.t;
  }
  return s;
}

/** One complete hourly aggregate. */
export interface Bucket {
  /** Absolute bucket index (`floor(t / bucketMs)`). */
  readonly index: number;
  readonly mean: number;
  /** Extreme in the adverse direction (max or min). */
  readonly ext: number;
}

/**
 * The non-empty buckets strictly before the bucket holding `lastT` (that one may still be
 * filling), oldest first. O(buckets).
 */
export function completeBuckets(summary: HourlySummary): Bucket[] {
  const lastIndex = Math.floor(summary.lastT / summary.bucketMs);
  const out: Bucket[] = [];
  for (let i = 0; i < summary.sum.length; i++) {
    const index = summary.first + i;
    if (index >= lastIndex) break;
    const c = summary.count[i]!;
    if (c > 0) out.push({ index, mean: summary.sum[i]! / c, ext: summary.ext[i]! });
  }
  return out;
}
