/**
 * Time for the detector: how many nominal steps a point represents, and where it falls in
 * the day and the week. Pure, O(1).
 */

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;
/** Longest step a single update may represent. */
const MAX_STEPS = 1e6;

/**
 * Nominal steps since the previous point: gaps count several, irregular sampling fractions.
 * A timestamp that repeats or steps back is a zero-length step.
 */
export function stepsSince(last: number, t: number, periodMs: number): number {
  const dt = t - last;
  if (!(dt > 0)) return 0;
  const steps = dt / periodMs;
  return steps > MAX_STEPS ? MAX_STEPS : steps;
}

/** Effective weight of a rate `a` applied over `steps` steps. */
export function rateOver(a: number, steps: number): number {
  return steps === 1 ? a : 1 - Math.pow(1 - a, steps);
}

/** Position in the day and the week as two pairs of neighbouring knots and interpolation weights. */
export interface Phase {
  /** Hour-of-day knots either side of t and the weight of the later one. */
  readonly h0: number;
  readonly h1: number;
  readonly hw: number;
  /** Day-of-week knots (at noon) either side of t and the weight of the later one. */
  readonly d0: number;
  readonly d1: number;
  readonly dw: number;
}

export function phaseOf(t: number, dayKnots: number, weekKnots: number): Phase {
  const hour = (((t % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
  const h0 = Math.floor(hour) % dayKnots;
  // Day knots sit at noon: shift by half a day before interpolating.
  let day = (((t % WEEK_MS) + WEEK_MS) % WEEK_MS) / DAY_MS - 0.5;
  if (day < 0) day += weekKnots;
  const d0 = Math.floor(day) % weekKnots;
  return { h0, h1: (h0 + 1) % dayKnots, hw: hour - Math.floor(hour), d0, d1: (d0 + 1) % weekKnots, dw: day - Math.floor(day) };
}

/** The profiles' value at a phase. */
export function profileAt(day: readonly number[], week: readonly number[], p: Phase): number {
  return day[p.h0]! * (1 - p.hw) + day[p.h1]! * p.hw + week[p.d0]! * (1 - p.dw) + week[p.d1]! * p.dw;
}
