import { describe, expect, it } from 'vitest';
import { findResets, resetSchedule, resetsBetween, undoResets } from '../../../src/core/forecast/resets';
import { seeded } from './helpers';

/** Hourly points: growth of `g` a bucket, minus `freed` at each index in `at`, with small noise. */
function sawtooth(n: number, g: number, at: readonly number[], freed: number, seed = 3) {
  const rnd = seeded(seed);
  let level = 40;
  return Array.from({ length: n }, (_, i) => {
    if (at.includes(i)) level -= freed;
    level += g;
    return { i: 1000 + i, y: level + 0.02 * rnd.normal() };
  });
}

describe('clean-up resets', () => {
  it('finds each clean-up of a sawtooth with what it freed', () => {
    const pts = sawtooth(14 * 24, 4 / 24, [60, 228], 15);
    const resets = findResets(pts, 1);
    expect(resets.map((r) => r.index)).toEqual([1060, 1228]);
    for (const r of resets) expect(r.amount).toBeCloseTo(15, 0);
  });

  it('sees a rise as the reset of a series that falls toward its floor', () => {
    const pts = sawtooth(6 * 24, 4 / 24, [70], 15).map((p) => ({ i: p.i, y: -p.y }));
    expect(findResets(pts, -1).map((r) => r.index)).toEqual([1070]);
    expect(findResets(pts, 1)).toEqual([]);
  });

  it('ignores a faster or slower growth, and a one-hour dip that comes back', () => {
    const bend = Array.from({ length: 96 }, (_, i) => ({ i, y: i < 48 ? 50 + 0.01 * i : 50.48 + 0.3 * (i - 48) }));
    expect(findResets(bend, 1)).toEqual([]);
    expect(findResets(bend.map((p) => ({ i: p.i, y: -p.y })), -1)).toEqual([]);
    const dip = sawtooth(96, 0.1, [], 0).map((p) => (p.i === 1050 ? { ...p, y: p.y - 10 } : p));
    expect(findResets(dip, 1)).toEqual([]);
  });

  it('measures the period from two resets, assumes the next usual schedule after one, and drops a stopped one', () => {
    const two = [
      { index: 100, amount: 14 },
      { index: 268, amount: 16 },
    ];
    expect(resetSchedule(two, 0, 300)).toMatchObject({ periodBuckets: 168, measured: true, amount: 15, amountLo: 14, amountHi: 16 });
    // One reset 100 buckets after the first point: no other in 100 buckets before it, so weekly.
    expect(resetSchedule([{ index: 100, amount: 10 }], 0, 150)).toMatchObject({ periodBuckets: 168, measured: false });
    // Daily clean-ups that stopped two days ago (log rotation broken) are no longer expected.
    const daily = [0, 24, 48, 72].map((index) => ({ index, amount: 1.5 }));
    expect(resetSchedule(daily, 0, 80)).toMatchObject({ periodBuckets: 24 });
    expect(resetSchedule(daily, 0, 72 + 48)).toBeUndefined();
    expect(resetSchedule([], 0, 100)).toBeUndefined();
  });

  it('undoes resets into one line and counts the scheduled ones ahead', () => {
    const pts = sawtooth(14 * 24, 4 / 24, [60, 228], 15, 5);
    const resets = findResets(pts, 1);
    const line = undoResets(pts, resets, 1);
    const slopes = line.slice(1).map((p, k) => p.y - line[k]!.y);
    expect(Math.max(...slopes.map((s) => Math.abs(s - 4 / 24)))).toBeLessThan(0.5);
    const schedule = resetSchedule(resets, pts[0]!.i, pts[pts.length - 1]!.i)!;
    expect(resetsBetween(schedule, 1335, 1335 + 24)).toBe(0);
    expect(resetsBetween(schedule, 1335, 1228 + 168)).toBe(1);
    expect(resetsBetween(schedule, 1335, 1228 + 3 * 168)).toBe(3);
  });
});
