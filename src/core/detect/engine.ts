/**
 * Opsight's streaming detector. Each point passes through the stages in order:
 *
 *   forecast  -> two experts predict it (plain level; seasonal level + daily/weekly profile)
 *   surprise  -> residual tail, flatline run, minus what this hour routinely brings (nats)
 *   likelihood-> is the recent surprise unusual for this series? (decades)
 *   point     -> this residual's own tail, unless residuals this large are routine here
 *   novelty   -> never-seen values, judged by how far beyond the remembered range they lie
 *   context   -> never-seen transitions between quantised values
 *   score     -> decades mapped to [0, 1)
 *   episode   -> one deviation reported once; a new one after a return to normal fires again
 *
 * and then every stage learns from the point (after scoring: a point never explains itself).
 * O(1) per point; the state is plain JSON under 2 KB (state.ts). docs/detection.md gives the
 * reasons and the measured effect of each stage.
 */
import { phaseOf, stepsSince } from './clock';
import { contextNats } from './context';
import { throughEpisode } from './episode';
import { emptyForecast, forecast, learnForecast } from './forecast';
import { likelihoodDecades } from './likelihood';
import { learnRange, rangeNoveltyDecades } from './novelty';
import { DEFAULT_PARAMS, type EngineParams } from './params';
import { DAY_KNOTS, initialState, metaOf, STREAM_STATE_VERSION, WEEK_KNOTS, type DetectorState } from './state';
import { flatlineNats, learnRepeats, lessRoutine, pointDecades, residualNats } from './surprise';
import { surpriseToScore } from './tail';
import type { DetectionResult, Detector, Direction } from './types';

export { STREAM_STATE_VERSION } from './state';
/** The detector's state (an alias kept for callers that store it). */
export type StreamState = DetectorState;

/** Band half-width in scales: for Laplace residuals P(|e| > 4.6 b) = e^-4.6 = 1 %, a 99 % band. */
const BAND_SCALES = 4.6;

function clipTo(x: number, lo: number | null, hi: number | null): number {
  if (lo !== null && x < lo) return lo;
  if (hi !== null && x > hi) return hi;
  return x;
}

/** The first point: it is the level, the range and the previous value; nothing to judge yet. */
function firstPoint(s: DetectorState, t: number, x: number): DetectionResult {
  s.clock = { n: 1, first: t, last: t };
  s.plain.level = x;
  s.seasonal.level = x;
  s.range = { max: x, min: x };
  s.repeats.previous = x;
  return { score: 0, expected: x, lower: x, upper: x, direction: 'NONE' };
}

/** Builds a detector with the given parameters (the default detector uses DEFAULT_PARAMS). */
export function createStreamingDetector(overrides: Partial<EngineParams> = {}, name = 'opsight'): Detector<DetectorState> & { readonly params: EngineParams } {
  const P: EngineParams = { ...DEFAULT_PARAMS, ...overrides };
  /** Filled anew for every point (a detector is used by one caller at a time: update is synchronous). */
  const scratch = emptyForecast();

  /** One point through every stage; mutates `s`. `steps` > 0. */
  function step(s: DetectorState, t: number, x: number, steps: number): DetectionResult {
    const phase = phaseOf(t, DAY_KNOTS, WEEK_KNOTS);
    const f = forecast(scratch, s, x, phase, steps, P);

    let nats = Math.max(residualNats(f, P), flatlineNats(s, x, P));
    nats = lessRoutine(s, nats, phase, P);
    // A point carries one period's evidence at most: a gap ages memories but adds no evidence.
    const evidence = Math.min(steps, 1);
    const ctx = P.ctxWeight > 0 ? contextNats(s, x, t, evidence, P) : 0;
    // The strongest of the views of the point: its recent surprise, its own residual, its novelty;
    // a never-seen transition is independent evidence and multiplies the p-value.
    let decades = Math.max(likelihoodDecades(s.likelihood, nats, s.clock.n, P), pointDecades(s, f, evidence, P), rangeNoveltyDecades(s, x, f, P));
    decades += (P.ctxWeight * ctx) / Math.LN10;

    let score = s.clock.n >= P.warmupSteps ? surpriseToScore(decades, P.scoreHalf) : 0;
    const side = f.residual > 0 ? 1 : f.residual < 0 ? -1 : 0;
    score = throughEpisode(s.episode, { score, nats: Math.abs(f.residual) / f.scale, deviation: Math.abs(f.residual), side }, P);

    // The daily and weekly pattern's part of the expectation, before learning moves the level.
    const pattern = f.useSeasonal ? f.seasonal - s.seasonal.level : 0;
    learnRange(s, x, f.plain, steps, P);
    learnForecast(s, f, x, t, phase, evidence, P);
    learnRepeats(s, x, evidence, P);
    s.clock.n += 1;
    s.clock.last = t;
    return output(s, f.expected, f.scale, x, score, f.useSeasonal ? s.seasonal.bias : s.plain.bias, pattern);
  }

  function output(s: DetectorState, expected: number, scale: number, x: number, score: number, bias: number, seasonal = 0): DetectionResult {
    const { lo, hi } = s.series;
    const half = BAND_SCALES * scale;
    const lower = clipTo(expected - half, lo, hi);
    const upper = clipTo(expected + half, lo, hi);
    let direction: Direction = 'NONE';
    if (x > upper) direction = 'ABOVE';
    else if (x < lower) direction = 'BELOW';
    // A sustained deviation inside the band: report the side the recent residuals sit on.
    else if (score >= 0.5) direction = bias > 0 ? 'ABOVE' : bias < 0 ? 'BELOW' : 'NONE';
    return { score, expected: clipTo(expected, lo, hi), lower, upper, direction, seasonal };
  }

  function update(state: DetectorState, t: number, x: number): { state: DetectorState; result: DetectionResult } {
    // A state written by an older layout restarts learning, keeping what came from the metadata.
    const s = state.version === STREAM_STATE_VERSION ? state : initialState(olderMeta(state));
    if (!Number.isFinite(x) || !Number.isFinite(t)) {
      // A missing value is a gap, not evidence: report the current expectation, learn nothing.
      const e = s.seasonal.trusted ? s.seasonal.level : s.plain.level;
      return { state: s, result: { score: 0, expected: e, lower: e, upper: e, direction: 'NONE' } };
    }
    if (s.clock.n === 0) return { state: s, result: firstPoint(s, t, x) };
    const steps = stepsSince(s.clock.last, t, s.series.periodMs);
    // A timestamp that repeats or steps back takes no time: the point is judged against the
    // current state, and the state is left exactly as it was.
    if (steps === 0) return { state: s, result: step(structuredClone(s), s.clock.last, x, 1) };
    return { state: s, result: step(s, t, x, steps) };
  }

  function warmStart(state: DetectorState, points: ReadonlyArray<{ readonly t: number; readonly v: number }>): DetectorState {
    let s = state;
    for (const p of points) s = update(s, p.t, p.v).state;
    // History is context, not news: start live detection outside any episode.
    s.episode = { active: false, quiet: 0, side: 0, peak: 0 };
    return s;
  }

  return { name, threshold: P.threshold, params: P, init: initialState, update, warmStart };
}

/** Metadata of a state of an older layout: its kind was not stored, only its bounds and period. */
function olderMeta(old: DetectorState): ReturnType<typeof metaOf> {
  const o = old as unknown as { series?: DetectorState['series']; pMs?: number; lo?: number | null; hi?: number | null };
  if (o.series) return metaOf(o.series);
  const kind = o.lo === 0 && o.hi === 100 ? 'percent' : 'generic';
  return { kind, periodSeconds: (o.pMs ?? 300_000) / 1000, min: o.lo ?? undefined, max: o.hi ?? undefined };
}

/** The production configuration. */
export const streamingDetector = createStreamingDetector();
