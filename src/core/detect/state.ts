/**
 * The streaming detector's state: plain JSON, one object per stage, versioned. Kept small
 * (under 2 KB of JSON) because one is stored per series per cycle.
 */
import { priorFor } from './priors';
import type { MetricKind, SeriesMeta } from './types';

/** Current layout of {@link DetectorState}; bump when fields change meaning. */
export const STREAM_STATE_VERSION = 3;

/** Knots of the daily profile: one per hour, linearly interpolated in between. */
export const DAY_KNOTS = 24;
/** Knots of the weekly profile: one per day (at noon), linearly interpolated. */
export const WEEK_KNOTS = 7;
/** Quantisation of the context channel: buckets across the remembered range. */
export const CTX_BUCKETS = 12;
/** Bits per stored word of the transition memory (30 keeps every word a small positive integer in JSON). */
export const CTX_WORD_BITS = 30;
export const CTX_WORDS = Math.ceil((CTX_BUCKETS * CTX_BUCKETS) / CTX_WORD_BITS);

/** What the series is, from its metadata: never changes. */
export interface SeriesFacts {
  readonly kind: MetricKind;
  /** Nominal sampling period, ms. */
  readonly periodMs: number;
  /** Domain bounds (null = unbounded). */
  readonly lo: number | null;
  readonly hi: number | null;
  /** Smallest deviation scale worth reporting, in the metric's units. */
  readonly floor: number;
}

/** Points seen, first and latest timestamps (ms). */
export interface Clock {
  n: number;
  first: number;
  last: number;
}

/** The non-seasonal expert: a robust exponentially weighted level. */
export interface PlainExpert {
  level: number;
  /** Mean absolute residual (Huber-clipped). */
  scale: number;
  /** Fast mean of residuals (which side recent points sit on). */
  bias: number;
}

/** The seasonal expert: a slow level plus hour-of-day and day-of-week offsets. */
export interface SeasonalExpert {
  level: number;
  scale: number;
  bias: number;
  day: number[];
  week: number[];
  /** Slow mean absolute deviation from the level, and slow mean absolute error of the expert (seasonality strength). */
  spread: number;
  error: number;
  /** Whether this expert is the one being trusted. */
  trusted: boolean;
}

/** The anomaly likelihood: short mean of surprise and the long-run distribution of that mean. */
export interface Likelihood {
  short: number;
  mean: number;
  variance: number;
}

/** How often residuals exceeded each of the tail levels (surprise.ts). */
export interface Tail {
  rates: number[];
}

/** Slowly fading extremes. */
export interface Range {
  max: number;
  min: number;
}


/** Exact repeats (flatline) and the data's resolution. */
export interface Repeats {
  previous: number;
  /** Frequency of exact repeats (a running mean at first). */
  rate: number;
  run: number;
  /** Smallest non-zero step between consecutive values, null before any. */
  resolution: number | null;
}

/** Routine surprise per hour of day (peak-hold with decay, 1 = nothing routine). */
export interface Routine {
  byHour: number[];
  /** Knot being visited (-1 before any), the peak surprise of this visit, the mean visit peak. */
  hour: number;
  peak: number;
  typical: number;
}

/** Never-seen transitions between quantised values. */
export interface Context {
  previous: number;
  origin: number;
  width: number;
  /** Transition bits seen in this epoch and the previous one. */
  seen: number[];
  older: number[];
  epochStart: number;
  anchoredAt: number;
  /** Frequency of novel transitions. */
  novelRate: number;
}

/** One reported deviation: suppressed until the series is back inside its band for a while. */
export interface Episode {
  active: boolean;
  /** Steps back inside the band so far. */
  quiet: number;
  /** Side that started it: 1 above, -1 below. */
  side: number;
  /** Largest deviation on that side so far, in the metric's units. */
  peak: number;
}

export interface DetectorState {
  readonly version: number;
  readonly series: SeriesFacts;
  clock: Clock;
  plain: PlainExpert;
  seasonal: SeasonalExpert;
  likelihood: Likelihood;
  tail: Tail;
  range: Range;
  repeats: Repeats;
  routine: Routine;
  context: Context;
  episode: Episode;
}

/** Fresh state for a series never seen before. */
export function initialState(meta: SeriesMeta): DetectorState {
  const prior = priorFor(meta);
  const period = meta.periodSeconds > 0 && Number.isFinite(meta.periodSeconds) ? meta.periodSeconds : 300;
  return {
    version: STREAM_STATE_VERSION,
    series: {
      kind: meta.kind,
      periodMs: period * 1000,
      lo: Number.isFinite(prior.lo) ? prior.lo : null,
      hi: Number.isFinite(prior.hi) ? prior.hi : null,
      floor: prior.absScaleFloor,
    },
    clock: { n: 0, first: 0, last: 0 },
    plain: { level: 0, scale: 0, bias: 0 },
    seasonal: { level: 0, scale: 0, bias: 0, day: new Array<number>(DAY_KNOTS).fill(0), week: new Array<number>(WEEK_KNOTS).fill(0), spread: 0, error: 0, trusted: false },
    likelihood: { short: 0, mean: 0, variance: 0 },
    tail: { rates: [0, 0, 0, 0] },
    range: { max: 0, min: 0 },
    repeats: { previous: 0, rate: 0, run: 0, resolution: null },
    routine: { byHour: new Array<number>(DAY_KNOTS).fill(1), hour: -1, peak: 0, typical: 1 },
    context: { previous: -1, origin: 0, width: 0, seen: new Array<number>(CTX_WORDS).fill(0), older: new Array<number>(CTX_WORDS).fill(0), epochStart: 0, anchoredAt: 0, novelRate: 1 },
    episode: { active: false, quiet: 0, side: 0, peak: 0 },
  };
}

/** The metadata a state was made from (a state of an older layout restarts from it). */
export function metaOf(series: SeriesFacts): SeriesMeta {
  return { kind: series.kind, periodSeconds: series.periodMs / 1000, min: series.lo ?? undefined, max: series.hi ?? undefined };
}
