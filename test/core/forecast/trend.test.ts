import { describe, expect, it } from 'vitest';
import { crossing, fitRecentTrend, fitTrend, predict, regimeStart } from '../../../src/core/forecast';
import { seeded } from './helpers';

const daily = (i: number) => 5 * Math.sin((2 * Math.PI * i) / 24);

describe('seasonal Sen slope and Mann-Kendall', () => {
  it('matches the hand-computed statistic on a monotone series (Gilbert 1987 variance)', () => {
    // One group of 4 increasing values: S = 6, Var(S) = 4·3·13/18 = 8.667, Z = (6 - 1)/√8.667 = 1.698.
    const fit = fitTrend([0, 1, 2, 3].map((i) => ({ i, y: 10 + 2 * i })), { period: 0, minPairs: 1 })!;
    expect(fit.slope).toBe(2);
    expect(fit.z).toBeCloseTo(5 / Math.sqrt(8.6667), 3);
    expect(fit.level).toBe(10);
  });

  it('recovers a trend under a strong daily cycle, exactly without noise', () => {
    const pts = Array.from({ length: 72 }, (_, i) => ({ i: 1000 * 24 + i, y: 40 + 0.25 * i + daily(i) }));
    const fit = fitTrend(pts)!;
    expect(fit.slope).toBeCloseTo(0.25, 10);
    expect(fit.sigma).toBeLessThan(1e-6);
    expect(predict(fit, 1000 * 24 + 100)).toBeCloseTo(40 + 25 + daily(100), 6);
  });

  it('finds no significant trend in a pure daily cycle with noise, and a significant one with a leak', () => {
    const rnd = seeded(3);
    const flat = Array.from({ length: 72 }, (_, i) => ({ i, y: 50 + daily(i) + 0.3 * rnd.normal() }));
    const leak = flat.map((p) => ({ i: p.i, y: p.y + (4 / 24) * p.i }));
    const f0 = fitTrend(flat)!;
    const f1 = fitTrend(leak)!;
    expect(Math.abs(f0.z)).toBeLessThan(2.33);
    expect(Math.abs(f0.slope * 24)).toBeLessThan(0.5);
    expect(f1.z).toBeGreaterThan(2.33);
    expect(f1.slope * 24).toBeCloseTo(4, 0);
    expect(f1.slopeLo).toBeGreaterThan(0);
  });

  it('needs enough same-season pairs', () => {
    expect(fitTrend(Array.from({ length: 20 }, (_, i) => ({ i, y: i })))).toBeUndefined();
  });
});

describe('regimes', () => {
  it('finds the onset of a trend after a flat stretch and a level shift', () => {
    const rnd = seeded(5);
    const onset = Array.from({ length: 72 }, (_, i) => ({ i, y: 50 + 0.2 * rnd.normal() + (i >= 50 ? 0.3 * (i - 50) : 0) }));
    expect(Math.abs(regimeStart(onset, 12) - 50)).toBeLessThanOrEqual(2);
    const drop = Array.from({ length: 72 }, (_, i) => ({ i, y: (i < 40 ? 80 + 0.2 * i : 40 + 0.2 * (i - 40)) + 0.1 * rnd.normal() }));
    expect(regimeStart(drop, 12)).toBe(40);
    const line = Array.from({ length: 72 }, (_, i) => ({ i, y: 10 + 0.1 * i + 0.2 * rnd.normal() }));
    expect(regimeStart(line, 12)).toBe(0);
  });

  it('measures a recent trend on the recent regime rather than the whole window', () => {
    const rnd = seeded(8);
    const pts = Array.from({ length: 96 }, (_, i) => ({ i, y: 50 + daily(i) + 0.2 * rnd.normal() + (i >= 60 ? (6 / 24) * (i - 60) : 0) }));
    const whole = fitTrend(pts)!;
    const recent = fitRecentTrend(pts, { minSegment: 24 })!;
    expect(recent.slope * 24).toBeGreaterThan(5);
    expect(recent.slope * 24).toBeLessThan(7);
    expect(whole.slope).toBeLessThan(recent.slope);
  });
});

describe('crossing', () => {
  it('brackets the true crossing time between earliest and latest', () => {
    const rnd = seeded(11);
    const pts = Array.from({ length: 72 }, (_, i) => ({ i, y: 60 + (5 / 24) * i + daily(i) + 0.3 * rnd.normal() }));
    const fit = fitTrend(pts)!;
    // The daily peak (+5 at hour 6) first reaches 100 when 60 + 5i/24 + 5 ≥ 100, i.e. i ≈ 168 (day 7, hour 0–6).
    const c = crossing(fit, 100, 'ABOVE', 72, 1000);
    expect(c.central).toBeGreaterThan(150);
    expect(c.central).toBeLessThan(180);
    expect(c.earliest!).toBeLessThanOrEqual(c.central!);
    expect(c.latest!).toBeGreaterThanOrEqual(c.central!);
  });

  it('handles a floor (falling series) and reports nothing when the limit is out of reach', () => {
    const pts = Array.from({ length: 48 }, (_, i) => ({ i, y: 100 - i }));
    const fit = fitTrend(pts)!;
    expect(crossing(fit, 0, 'BELOW', 48, 500).central).toBe(100);
    expect(crossing(fit, 200, 'ABOVE', 48, 500)).toEqual({});
  });
});
