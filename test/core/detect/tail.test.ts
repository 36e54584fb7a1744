import { errorFunction } from 'simple-statistics';
import { describe, expect, it } from 'vitest';
import { gaussianSurpriseDecades, logNormalTail, surpriseToScore } from '../../../src/core/detect/tail';

describe('logNormalTail', () => {
  it('matches the standard normal upper tail Q(x) tabulated in Abramowitz and Stegun, table 26.1', () => {
    // Relative error below 0.2 % out to x = 5 (A&S 26.2.17 has absolute error under 7.5e-8). Q(x) = 1 - P(x): Q(1) = 0.158655254, Q(2) = 0.022750132, Q(3) = 0.001349898, Q(4) = 3.16712418e-5, Q(5) = 2.86651572e-7
    const table: Array<[number, number]> = [
      [1, 0.158655254],
      [2, 0.022750132],
      [3, 0.001349898],
      [4, 3.16712418e-5],
      [5, 2.86651572e-7],
    ];
    for (const [x, q] of table) expect(Math.abs(Math.exp(logNormalTail(x)) / q - 1)).toBeLessThan(0.002);
  });

  it('agrees with simple-statistics where the direct form is accurate, and stays finite far out', () => {
    for (const x of [0.5, 1.5, 2.5, 3.5]) {
      const q = 0.5 * (1 - errorFunction(x / Math.SQRT2));
      expect(Math.abs(Math.exp(logNormalTail(x)) / q - 1)).toBeLessThan(0.002);
    }
    // Asymptotically ln Q(x) = -x^2 / 2 - ln(x sqrt(2 pi)) - 1 / x^2 + ..., -804.607 at x = 40:
    // no underflow to -Infinity, and within 0.2 nats where it no longer matters (scores saturate).
    expect(Math.abs(logNormalTail(40) + 804.607)).toBeLessThan(0.2);
    expect(logNormalTail(-1)).toBe(-Math.LN2);
  });

  it('reads as decades and maps decades to a score that is 0.5 at the half point', () => {
    expect(gaussianSurpriseDecades(0)).toBeCloseTo(Math.log10(2), 9);
    expect(surpriseToScore(5, 5)).toBe(0.5);
    expect(surpriseToScore(0, 5)).toBe(0);
    expect(surpriseToScore(45, 5)).toBeCloseTo(0.9, 12);
  });
});
