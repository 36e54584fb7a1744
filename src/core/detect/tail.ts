/**
 * Tail probabilities used to turn standardised statistics into calibrated surprise.
 * Pure numeric functions, O(1), no allocation.
 */

/** ln(sqrt(2 * pi)). */
const LN_SQRT_2PI = 0.9189385332046728;
/** ln(10), to convert natural logarithms to decades. */
const LN10 = Math.LN10;

/**
 * Natural logarithm of the standard normal upper tail, ln Q(x) = ln P(Z > x), for x >= 0.
 * Abramowitz and Stegun 26.2.17: Q(x) = phi(x) * (b1 t + ... + b5 t^5), t = 1 / (1 + p x),
 * absolute error below 7.5e-8; written in log form so it never underflows (x = 40 is fine).
 * For x < 0 returns ln 0.5 (we only care about the upper tail). O(1).
 */
export function logNormalTail(x: number): number {
  if (!(x > 0)) return -Math.LN2;
  const t = 1 / (1 + 0.2316419 * x);
  const poly = t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return -0.5 * x * x - LN_SQRT_2PI + Math.log(poly);
}

/** Surprise of a standardised Gaussian statistic in decades: -log10 Q(x) (0.3 at x = 0). O(1). */
export function gaussianSurpriseDecades(x: number): number {
  return -logNormalTail(x) / LN10;
}

/**
 * Maps a surprise in decades (S = -log10 p) to a score in [0, 1) that never saturates, so a
 * corpus-wide threshold can still rank very strong anomalies: score = S / (S + half).
 * `half` is the surprise that scores 0.5. O(1).
 */
export function surpriseToScore(decades: number, half: number): number {
  return decades > 0 ? decades / (decades + half) : 0;
}
