/**
 * Likelihood stage (NAB's anomaly likelihood): is the recent surprise unusual for this series?
 * A short mean of surprise is compared with the long-run distribution of that mean, learned
 * per series, so a noisy series and a quiet one are judged on their own terms.
 */
import { logNormalTail } from './tail';
import type { EngineParams } from './params';
import type { Likelihood } from './state';

/** Floor on the standard deviation of the short mean of surprise, in nats. */
const MIN_SHORT_SD = 0.1;
/**
 * Long-run statistics see short means beyond this many standard deviations as exactly this
 * far (winsorising): 2 keeps 97.7 % of ordinary Gaussian values as they are, and stops a slow
 * rise of surprise (a creep) from teaching the distribution that it is normal.
 */
const LONG_WINSOR_SD = 4;

/** Surprise of the recent mean in decades relative to the median: -log10(Q(z) / 0.5), 0 for z <= 0; learns it. `n` counts the points judged so far. O(1). */
export function likelihoodDecades(l: Likelihood, nats: number, n: number, P: EngineParams): number {
  const short = l.short + P.shortAlpha * (nats - l.short);
  const sd = Math.max(Math.sqrt(l.variance), MIN_SHORT_SD);
  const z = (short - l.mean) / sd;
  const decades = z > 0 ? -(logNormalTail(z) + Math.LN2) / Math.LN10 : 0;
  // Long-run distribution of the short mean: a running mean at first, then ~ a week's memory;
  // winsorised once warm, so anomalies do not teach it.
  const a = Math.max(1 / n, P.longAlpha);
  const cap = l.mean + LONG_WINSOR_SD * sd;
  const d = (n > P.warmupSteps && short > cap ? cap : short) - l.mean;
  l.mean += a * d;
  l.variance = (1 - a) * (l.variance + a * d * d);
  l.short = short;
  return decades;
}
