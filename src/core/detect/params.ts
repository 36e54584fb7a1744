/**
 * The one configuration of the streaming detector, shared by every series. Each constant says
 * why it has its value. Most follow from a stated principle (a memory length, a tail
 * probability, a resolution); the few chosen by looking at benchmark scores say so, and are
 * chosen by leave-one-category-out cross-validation (`opsight bench nab --cv`, docs/detection.md).
 * Rates are per nominal sampling step (the series' `periodSeconds`); a gap of k steps applies a
 * decay k times. A stage is switched off by its neutral value (a weight of 0, an infinite
 * margin), never by a flag in the hot path.
 */

export interface EngineParams {
  /** Level rate of the non-seasonal expert: a memory of ~20 steps (1 / 0.05), under two hours at 5 minutes. */
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
  /** The seasonal expert takes over when its error scale is below this fraction of the deseasonalised spread... */
  readonly switchIn: number;
  /** ...and hands back when its error scale rises above this fraction (hysteresis). */
  readonly switchOut: number;
  /** Whatever its seasonality strength, an expert whose residual scale is this many times the other's is not trusted (a slow level that lags a drifting series explains a daily swing by chance, with a scale that grows without bound). Chosen by cross-validation among 3, 5 and off. */
  readonly trustRatio: number;

  /** Cap on the per-point residual surprise in nats (e^-10 ~ 5e-5: 'clearly outside the band'), so one absurd value cannot inflate the likelihood's long-run variance. */
  readonly rawCap: number;
  /** Weight of the short-term mean of surprise: 2 / (10 + 1), a 10-point average as in NAB's anomaly likelihood. */
  readonly shortAlpha: number;
  /** Weight of the long-run distribution of the short mean: ~ one week of 5-minute steps. */
  readonly longAlpha: number;
  /** Surprise (decades) that scores 0.5: a one-in-100,000 event, the anchor NAB's likelihood uses. */
  readonly scoreHalf: number;
  /** Steps before any score is emitted (4 hours of 5-minute data); warm start skips it. */
  readonly warmupSteps: number;

  /** A value beyond the remembered range by this fraction of the range is novel (HTM's spatial tolerance; 8 %, about one of the context's 12 buckets). Infinity turns novelty off. */
  readonly noveltyMargin: number;
  /** Half-life of the remembered range, in days: old extremes fade over a month. */
  readonly rangeHalfLifeDays: number;
  /** Surprise in decades of a novel value: 20, treated as all but certain (HTM scores it 1.0). */
  readonly noveltyDecades: number;
  /** A novel value must also sit this many scales from the forecast (e^-6 ~ 0.25 % under the Laplace residual model; 4.8 sigma, one in a million, for Gaussian noise): records set by plain noise are not news (measured: 0.015 detections a day on Gaussian noise, 0.12 with 4). */
  readonly noveltyMinNats: number;
  /** Points before novelty counts: the range of the first hours is no reference for 'never seen' (one day). */
  readonly noveltyMinPoints: number;

  /** Residuals of a size seen at least this many times within the tail's memory (a week) are routine: their frequency, not the model's tail, is their probability. */
  readonly routineCount: number;

  /** Half-life of the routine-surprise profile, in days: a one-off event is forgotten within a few days. */
  readonly routineHalfLifeDays: number;

  /** Rate of the frequency of exact repeats, used by the flatline test: ~ 1 day of 5-minute steps. */
  readonly repeatAlpha: number;
  /** Floor on the repeat frequency, so a series that never repeats still needs several equal values. */
  readonly repeatFloor: number;
  /** Cap on the flatline's surprise in nats (e^-30): a long run is accumulated evidence and may exceed the residual cap. */
  readonly flatCap: number;

  /** An episode ends once the residual has stayed inside this many scales (e^-3 ~ 5 %: the 95 % band) for `quietSteps` steps. */
  readonly quietNats: number;
  /** Steps back inside the band that end an episode; later detections start a new one. */
  readonly quietSteps: number;
  /** During an episode scores are multiplied by this, so one deviation is reported once. 1 turns suppression off. */
  readonly suppressFactor: number;

  /** Weight of the context surprise (a never-seen transition) added to the decades: 1 multiplies the p-values of independent evidence; 0 turns context off. */
  readonly ctxWeight: number;
  /** Re-anchor the buckets when the range grows or shrinks by this factor (1.5: half a bucket set moved). */
  readonly ctxRebase: number;
  /** Days after a re-anchoring during which novel transitions are learned but not reported (one daily cycle). */
  readonly ctxMuteDays: number;
  /** Length of a memory epoch in days (a week, so weekly patterns stay known): transitions unseen for two epochs are forgotten. */
  readonly ctxEpochDays: number;
  /** Rate of the frequency of novel transitions: ~ a week of 5-minute steps, the likelihood's memory. */
  readonly ctxAlpha: number;
  /** Floor on that frequency: 1e-4 (4 decades), about one novel transition in two weeks of 5-minute data. */
  readonly ctxFloor: number;

  /** Score at or above which a point is reported (the operating threshold), and at which an episode starts. */
  readonly threshold: number;
}

export const DEFAULT_PARAMS: EngineParams = {
  levelAlpha: 0.05,
  seasonalLevelAlpha: 0.5,
  profileGamma: 0.25,
  weekGamma: 0.2,
  scaleAlpha: 0.02,
  huberC: 4,
  switchAlpha: 0.3,
  switchIn: 0.8,
  switchOut: 0.95,
  trustRatio: 3,

  rawCap: 10,
  shortAlpha: 2 / 11,
  longAlpha: 1 / 2016,
  scoreHalf: 5,
  warmupSteps: 48,

  noveltyMargin: 0.08,
  rangeHalfLifeDays: 30,
  noveltyDecades: 20,
  noveltyMinNats: 6,
  noveltyMinPoints: 288,

  routineCount: 3,

  routineHalfLifeDays: 3,

  repeatAlpha: 1 / 288,
  repeatFloor: 0.02,
  flatCap: 30,

  quietNats: 3,
  quietSteps: 12,
  suppressFactor: 0.3,

  ctxWeight: 1,
  ctxRebase: 1.5,
  ctxMuteDays: 1,
  ctxEpochDays: 7,
  ctxAlpha: 1 / 2016,
  ctxFloor: 1e-4,

  threshold: 0.47,
};
