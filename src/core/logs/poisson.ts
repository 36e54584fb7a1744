/**
 * The Poisson upper tail in log form, for counts far in the tail (p = 1e-40 is fine). Pure, no
 * allocation; O(number of terms until they stop mattering), a few dozen for counts in logs.
 */
import { gammaln } from 'simple-statistics';

/** ln P(X >= k) for X ~ Poisson(lambda); 0 (p = 1) when k <= lambda (only rises are surprising). */
export function logPoissonTail(k: number, lambda: number): number {
  if (k <= lambda) return 0;
  if (!(lambda > 0)) return -Infinity;
  const logFirst = k * Math.log(lambda) - lambda - gammaln(k + 1);
  let ratio = 1;
  let sum = 1;
  for (let j = k + 1; j < k + 10_000; j++) {
    ratio *= lambda / j;
    sum += ratio;
    if (ratio < 1e-12 * sum) break;
  }
  return Math.min(0, logFirst + Math.log(sum));
}

/** Surprise of a count in decades: -log10 P(X >= k). */
export function poissonSurpriseDecades(k: number, lambda: number): number {
  const ln = logPoissonTail(k, lambda);
  return ln === -Infinity ? Infinity : -ln / Math.LN10;
}
