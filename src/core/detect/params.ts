/**
 * The one configuration of the streaming detector, shared by every series. Every constant is
 * explained here; none was fitted to a particular file. Rates are per nominal sampling step
 * (the series' `periodSeconds`); a gap of k steps applies the decay k times.
 */

export interface EngineParams {
  /** Which ingredients are on. Everything is on in production; the switches exist for ablations. */
  readonly seasonal: boolean;
  readonly likelihood: boolean;
  readonly novelty: boolean;
  readonly changePoint: boolean;
  readonly flatline: boolean;
  readonly suppression: boolean;
  readonly routine: boolean;

  /** Level rate of the non-seasonal expert: memory of ~20 steps (1 / 0.05), under two hours at 5 minutes. */
  readonly levelAlpha: number;
  /** Level rate of the seasonal expert, per day: slow enough that the profile, not the level, absorbs the daily swing. */
  readonly seasonalLevelAlpha: number;
  /** Rate of the daily profile per hour of exposure of a knot (once a day): a knot moves 25 % a day. */
  readonly profileGamma: number;
  /** Rate of the day-of-week offsets per day of exposure (once a week): learned over a few weeks. */
  readonly weekGamma: number;
  /** Rate of the mean absolute residual (the scale): ~ 50 steps. */
  readonly scaleAlpha: number;
  /** Residuals are clipped at this many scales before they update level, profile and scale (Huber). */
  readonly huberC: number;
  /** Per-day rate of the slow error scales that choose the expert: a ~3-day memory. */
  readonly switchAlpha: number;
  /** The seasonal expert takes over when its error scale is below this fraction of the plain one... */
  readonly switchIn: number;
  /** ...and hands back when its error scale rises above this fraction (hysteresis). */
  readonly switchOut: number;

  /** CUSUM allowance in scales: shifts smaller than one mean absolute residual are ignored. */
  readonly cusumK: number;
  /** CUSUM decision threshold in scales: a shift of 3 scales is confirmed in ~ 5 steps. */
  readonly cusumH: number;

  /** Cap on the per-point residual surprise in nats (e^-10 ~ 5e-5, i.e. 'clearly outside the band'): one absurd value cannot inflate the likelihood's long-run variance for a week (30 cost ~8 NAB points). */
  readonly rawCap: number;
  /** Weight of the short-term mean of surprise: 2 / (10 + 1), a 10-point average as in NAB's anomaly likelihood. */
  readonly shortAlpha: number;
  /** Weight of the long-run distribution of the short mean: ~ one week of 5-minute steps. */
  readonly longAlpha: number;
  /** Surprise (decades) that scores 0.5: a one-in-100,000 event, the same anchor NAB's likelihood uses. */
  readonly scoreHalf: number;
  /** Steps before any score is emitted (4 hours of 5-minute data); warm start skips it. */
  readonly warmupSteps: number;

  /** A value beyond the remembered range by this fraction of the range is novel (HTM's spatial tolerance; 8 %, about one of the context's 12 buckets). */
  readonly noveltyMargin: number;
  /** Half-life of the remembered range, in days: old extremes fade over a month. */
  readonly rangeHalfLifeDays: number;
  /** Surprise in decades of a novel value: 20, i.e. treated as all but certain (HTM scores it 1.0). */
  readonly noveltyDecades: number;
  /** A novel value must also sit this many scales from the forecast (e^-4 ~ 2 % under the Laplace residual model): a fresh extreme that is also outside the 98 % band. */
  readonly noveltyMinNats: number;
  /** Points before novelty counts: the range of the first hours is no reference for "never seen". */
  readonly noveltyMinPoints: number;
  /** Novelty adds its surprise to the likelihood's (true) instead of replacing a smaller one. */
  readonly noveltyAdditive: boolean;

  /** Half-life of the routine-surprise profile, in days: a one-off event is forgotten within a few days. */
  readonly routineHalfLifeDays: number;
  /** Subtract only what an hour brings beyond the typical hour (true), not beyond nothing (false). */
  readonly routineRelative: boolean;

  /** Rate of the frequency of exact repeats, used by the flatline test: ~ 1 day of 5-minute steps. */
  readonly repeatAlpha: number;
  /** Floor on the repeat frequency, so a series that never repeats still needs several equal values. */
  readonly repeatFloor: number;
  /** The flatline's own probability becomes the surprise directly (true) instead of entering the raw surprise. */
  readonly flatDirect: boolean;
  /** Cap on the flatline's surprise in nats (e^-30): a long run is accumulated evidence and may exceed the residual cap. */
  readonly flatCap: number;

  /** Score at or above which a detection starts a suppression period: 0.5, the 1e-5 anchor (a detection, not a rising score below it). */
  readonly suppressLevel: number;
  /** Length of the suppression period in steps (one day at 5 minutes). */
  readonly suppressSteps: number;
  /** During suppression scores are multiplied by this unless they beat the triggering one. */
  readonly suppressFactor: number;
  /** During suppression a score must exceed this multiple of the triggering score to fire again (1.5: clearly stronger; 1 let a rising likelihood re-fire on every step of one event). */
  readonly suppressRefire: number;

  /** Contextual novelty (CAD OSE / HTM's temporal anomaly): a never-seen transition between quantised states. */
  readonly context: boolean;
  /** How context surprise combines: 1 adds nats to the raw surprise, 2 max of decades, 3 adds decades (independent evidence multiplies p-values). */
  readonly ctxMode: number;
  /** Weight of the context surprise: 2 counts a novel transition as evidence on both of its points; chosen on the dev subset (1 and 3 are worse), the most tuned constant. */
  readonly ctxWeight: number;
  /** Re-anchor the buckets when the range grows or shrinks by this factor (1.5: half a bucket set moved, the old memory no longer describes the same values). */
  readonly ctxRebase: number;
  /** Days after a re-anchoring during which novel transitions are learned but not reported (one daily cycle of transitions). */
  readonly ctxMuteDays: number;
  /** Length of a memory epoch in days (a week, so weekly patterns stay known): transitions unseen for two epochs are forgotten. */
  readonly ctxEpochDays: number;
  /** Rate of the frequency of novel transitions: ~ a week of 5-minute steps, the likelihood's memory. */
  readonly ctxAlpha: number;
  /** Floor on that frequency: 1e-4 (4 decades), about one novel transition in two weeks of 5-minute data. */
  readonly ctxFloor: number;
  /** The novel-transition frequency starts as a running mean instead of decaying from 1. */
  readonly ctxRunningMean: boolean;
}

export const DEFAULT_PARAMS: EngineParams = {
  seasonal: true,
  likelihood: true,
  novelty: true,
  changePoint: false,
  flatline: true,
  suppression: true,
  routine: true,

  levelAlpha: 0.05,
  seasonalLevelAlpha: 0.5,
  profileGamma: 0.25,
  weekGamma: 0.2,
  scaleAlpha: 0.02,
  huberC: 4,
  switchAlpha: 0.3,
  switchIn: 0.8,
  switchOut: 0.95,

  cusumK: 1,
  cusumH: 10,

  rawCap: 10,
  shortAlpha: 2 / 11,
  longAlpha: 1 / 2016,
  scoreHalf: 5,
  warmupSteps: 48,

  noveltyMargin: 0.08,
  rangeHalfLifeDays: 30,
  noveltyDecades: 20,
  noveltyAdditive: false,
  noveltyMinNats: 4,
  noveltyMinPoints: 288,

  routineHalfLifeDays: 3,
  routineRelative: true,

  repeatAlpha: 1 / 288,
  repeatFloor: 0.02,
  flatDirect: false,
  flatCap: 30,

  suppressLevel: 0.5,
  suppressSteps: 144,
  suppressFactor: 0.3,
  suppressRefire: 1.5,

  context: true,
  ctxMode: 3,
  ctxWeight: 2,
  ctxRebase: 1.5,
  ctxMuteDays: 1,
  ctxEpochDays: 7,
  ctxAlpha: 1 / 2016,
  ctxFloor: 1e-4,
  ctxRunningMean: true,
}
