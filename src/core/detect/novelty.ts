/**
 * Novelty stage: values the series has never reached, beyond the remembered (slowly fading)
 * range by a margin and far outside the expected band. A series that has been constant has a
 * range of zero: its first departure beyond the data's resolution is news.
 */
import { DAY_MS } from './clock';
import type { Forecast } from './forecast';
import type { EngineParams } from './params';
import type { DetectorState } from './state';

/**
 * Surprise in decades of a never-seen value (0 if it is not one): beyond the remembered range
 * by the novelty margin, and outside the e^-6 band of the forecast (for Gaussian noise a 4.8
 * sigma event, about one in a million points, so records set by plain noise are not news),
 * it is all but certain (HTM scores a never-seen value 1.0). A series that has only ever shown
 * one value has no noise to mistake for news: any departure beyond its resolution is novel.
 */
export function rangeNoveltyDecades(s: DetectorState, x: number, f: Forecast, P: EngineParams): number {
  if (s.clock.n < P.noveltyMinPoints) return 0;
  const r = s.range;
  const margin = Math.max(P.noveltyMargin * (r.max - r.min), f.floor);
  if (!(x > r.max + margin || x < r.min - margin)) return 0;
  const constant = r.max - r.min <= f.floor;
  return constant || Math.abs(f.residual) / f.scale >= P.noveltyMinNats ? P.noveltyDecades : 0;
}

/** Remember `x` in the range; old extremes fade towards the level with the configured half-life. */
export function learnRange(s: DetectorState, x: number, level: number, steps: number, P: EngineParams): void {
  const r = s.range;
  const fade = Math.pow(0.5, (steps * s.series.periodMs) / (P.rangeHalfLifeDays * DAY_MS));
  r.max = level + (r.max - level) * fade;
  r.min = level + (r.min - level) * fade;
  if (x > r.max) r.max = x;
  if (x < r.min) r.min = x;
}
