import { describe, expect, it } from 'vitest';
import { addPoints, completeBuckets, emptySummary } from '../../../src/core/forecast';
import { HOUR, T0 } from './helpers';

describe('hourly summary', () => {
  it('aggregates mean and adverse extreme per hour, and leaves the filling hour out', () => {
    const s = addPoints(emptySummary('max'), [
      { t: T0 + 5 * 60_000, v: 10 },
      { t: T0 + 35 * 60_000, v: 30 },
      { t: T0 + HOUR + 1, v: 4 },
      { t: T0 + 2 * HOUR, v: 7 },
    ]);
    expect(completeBuckets(s)).toEqual([
      { index: T0 / HOUR, mean: 20, ext: 30 },
      { index: T0 / HOUR + 1, mean: 4, ext: 4 },
    ]);
    const low = addPoints(emptySummary('min'), [
      { t: T0, v: 10 },
      { t: T0 + 1000, v: 3 },
      { t: T0 + HOUR, v: 1 },
    ]);
    expect(completeBuckets(low)[0]).toEqual({ index: T0 / HOUR, mean: 6.5, ext: 3 });
  });

  it('ignores points already summarised, so re-feeding is idempotent', () => {
    const pts = [0, 1, 2, 3].map((h) => ({ t: T0 + h * HOUR, v: h }));
    const once = addPoints(emptySummary('max'), pts);
    expect(addPoints(once, pts)).toBe(once);
    expect(addPoints(once, [...pts, { t: T0 + 4 * HOUR, v: 9 }]).lastT).toBe(T0 + 4 * HOUR);
  });

  it('keeps at most maxBuckets buckets, sliding forward, and does not mutate its input', () => {
    const empty = emptySummary('max', { maxBuckets: 24 });
    let s = empty;
    for (let h = 0; h < 100; h++) s = addPoints(s, [{ t: T0 + h * HOUR, v: h }]);
    expect(s.sum).toHaveLength(24);
    expect(s.first).toBe(T0 / HOUR + 76);
    expect(completeBuckets(s).map((b) => b.mean)).toEqual(Array.from({ length: 23 }, (_, k) => 76 + k));
    expect(empty.sum).toHaveLength(0);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
  });

  it('leaves gaps as missing buckets', () => {
    const s = addPoints(emptySummary('max'), [
      { t: T0, v: 1 },
      { t: T0 + 3 * HOUR, v: 2 },
      { t: T0 + 4 * HOUR, v: 2 },
    ]);
    expect(completeBuckets(s).map((b) => b.index - T0 / HOUR)).toEqual([0, 3]);
  });
});
