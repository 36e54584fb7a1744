/**
 * Surprise stage: how unlikely the current point is, in nats, from three kinds of evidence
 * about the point itself: the residual (Laplace tail of the trusted expert's residual), a run
 * of exact repeats (flatline), and what this hour of the day routinely brings (subtracted).
 */
import { rateOver, type Phase } from './clock';
import type { Forecast } from './forecast';
import type { EngineParams } from './params';
import { DAY_KNOTS, type DetectorState } from './state';

/** -ln P(|E| > |e|) = |e| / b for Laplace residuals with scale b, capped at `rawCap`. */
export function residualNats(f: Forecast, P: EngineParams): number {
  const raw = Math.abs(f.residual) / f.scale;
  return raw > P.rawCap ? P.rawCap : raw;
}

/**
 * Flatline: a run of k exact repeats has probability f^k when repeats occur with frequency f.
 * 0 unless `x` repeats the previous value. Capped separately: a long run is accumulated evidence.
 */
export function flatlineNats(s: DetectorState, x: number, P: EngineParams): number {
  const r = s.repeats;
  if (x !== r.previous) return 0;
  const f = r.rate > P.repeatFloor ? r.rate : P.repeatFloor;
  const nats = (r.run + 1) * -Math.log(f);
  return nats > P.flatCap ? P.flatCap : nats;
}

/** Learn repeats and the data's resolution from `x`. The rate starts as a running mean. */
export function learnRepeats(s: DetectorState, x: number, steps: number, P: EngineParams): void {
  const r = s.repeats;
  const same = x === r.previous;
  {
    const a = Math.max(rateOver(P.repeatAlpha, steps), 1 / (s.clock.n + 1));
    r.rate += a * ((same ? 1 : 0) - r.rate);
    if (!same) {
      const step = Math.abs(x - r.previous);
      if (r.resolution === null || step < r.resolution) r.resolution = step;
    }
  }
  r.run = same ? r.run + 1 : 0;
  r.previous = x;
}

/**
 * Routine surprise: what this hour of the day brought on previous days (daily batch jobs,
 * square waves the profile cannot resolve) is subtracted; only the excess over the typical
 * hour counts. The current visit's peak is held aside and folded into its knot when the visit
 * ends, so an anomaly never explains itself away. Returns the surprise left.
 */
export function lessRoutine(s: DetectorState, raw: number, phase: Phase, P: EngineParams): number {
  const rt = s.routine;
  // The first hours' surprise is measured with scales still being learned: not a routine.
  if (s.clock.n < P.warmupSteps) return raw;
  const near = phase.hw < 0.5 ? phase.h0 : phase.h1;
  if (near !== rt.hour) {
    if (rt.hour >= 0) {
      const k = rt.hour;
      // One visit per day: decay the held peak by one day's worth of its half-life.
      const held = 1 + (rt.byHour[k]! - 1) * Math.pow(0.5, 1 / P.routineHalfLifeDays);
      // Stored to 1/1000 of a nat: finer is meaningless for a peak-hold and costs state bytes.
      rt.byHour[k] = Math.round(Math.max(rt.peak, held) * 1000) / 1000;
      rt.typical = Math.round((rt.byHour.reduce((a, v) => a + v, 0) / DAY_KNOTS) * 1000) / 1000;
    }
    rt.hour = near;
    rt.peak = 0;
  }
  const routine = Math.max(rt.byHour[phase.h0]!, rt.byHour[phase.h1]!);
  if (raw > rt.peak) rt.peak = Math.round(raw * 1000) / 1000;
  const excess = routine - Math.max(rt.typical, 1);
  if (excess <= 0) return raw;
  return raw > excess ? raw - excess : 0;
}

/** Residual levels (nats) whose exceedance frequency each series learns: tails of e^-4 (2 %), e^-7 (1e-3), e^-12 (6e-6), e^-20 (2e-9). */
export const TAIL_LEVELS: readonly number[] = [4, 7, 12, 20];
/** Residuals beyond this many scales are all alike (e^-50: any finite evidence is saturated). */
const POINT_CAP = 50;

/**
 * Point surprise in decades: how rare this one residual is. It is read as a Laplace tail at
 * half the distance (e^-(|e| / 2b)): a single point is one observation, and real residual
 * tails are heavier than the Laplace's, so an isolated point needs twice the distance a
 * sustained run needs (the likelihood judges runs). Residuals this large are routine if they
 * happened at least `routineCount` times within the tail's memory; then their observed
 * frequency is the probability. Then learns the frequencies.
 */
export function pointDecades(s: DetectorState, f: Forecast, steps: number, P: EngineParams): number {
  const nats = Math.min(Math.abs(f.residual) / f.scale, POINT_CAP);
  const t = s.tail;
  // Points the frequencies have learned from: every point after the warm-up.
  const learned = Math.max(0, s.clock.n - P.warmupSteps);
  let p = Math.exp(-nats / 2);
  const memory = 1 / P.longAlpha;
  // The highest level this residual reaches: residuals that large happen with its frequency.
  let k = -1;
  while (k + 1 < TAIL_LEVELS.length && nats >= TAIL_LEVELS[k + 1]!) k++;
  if (k >= 0) {
    const rate = t.rates[k]!;
    if (rate * Math.min(memory, learned) >= P.routineCount && rate > p) p = rate;
  }
  // The first hours' residuals are judged against scales still being learned: not evidence.
  if (s.clock.n < P.warmupSteps) return -Math.log10(p);
  const a = Math.max(1 / (learned + 1), rateOver(P.longAlpha, steps));
  for (let k = 0; k < TAIL_LEVELS.length; k++) t.rates[k]! += a * ((nats >= TAIL_LEVELS[k]! ? 1 : 0) - t.rates[k]!);
  return -Math.log10(p);
}
