/**
 * Novelty stage: values the series has never reached. A point beyond the remembered (slowly
 * fading) range by a margin is judged by how far beyond it lies in residual scales: in plain
 * noise a fresh record by a hair is common, far beyond anything seen is not. A series that has
 * been constant has a range of zero: its first departure beyond the data's resolution is news.
 */
import { DAY_MS } from './clock';
import type { Forecast } from './forecast';
import type { EngineParams } from './params';
import type { DetectorState } from './state';

/**
 * Surprise in decades of a never-seen value (0 if it is not one): how far beyond the remembered
 * range it lies, in residual scales, read as a Laplace tail (a fresh record by a hair is common
 * in noise; far beyond anything seen is not). A series that has only ever shown one value has
 * no noise to mistake for news: any departure from it is all but certain (`noveltyDecades`).
 */
export function rangeNoveltyDecades(s: DetectorState, x: number, f: Forecast, P: EngineParams): number {
  if (s.clock.n < P.noveltyMinPoints) return 0;
  const r = s.range;
  const margin = Math.max(P.noveltyMargin * (r.max - r.min), f.floor);
  const beyond = x > r.max + margin ? x - r.max : x < r.min - margin ? r.min - x : 0;
  if (!(beyond > 0)) return 0;
  if (r.max - r.min <= f.floor) return P.noveltyDecades;
  return Math.min(beyond / f.scale, P.noveltyDecades * Math.LN10) / Math.LN10;
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
