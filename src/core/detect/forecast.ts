/**
 * Forecast stage: two experts predict the next value, and the one that explains the series
 * better is trusted. The plain expert is a robust exponentially weighted level (fast, ~20
 * steps); the seasonal expert is a slow level plus an hour-of-day profile and day-of-week
 * offsets. Residuals are Huber-clipped before they teach anything, so an anomaly moves little.
 */
import { DAY_MS, HOUR_MS, profileAt, rateOver, type Phase } from './clock';
import type { EngineParams } from './params';
import { DAY_KNOTS, WEEK_KNOTS, type DetectorState } from './state';

/** Relative scale floor: a deviation below a millionth of the level is numerical noise. */
const REL_SCALE_FLOOR = 1e-6;
/** Absolute last-resort scale floor, so nothing ever divides by zero. */
const TINY = 1e-12;
/** Weight of the fast residual mean (which side recent points sit on): ~ the last 7 points. */
const BIAS_ALPHA = 0.25;

/** What the experts expect of the current point. One is filled per point (no allocation). */
export interface Forecast {
  /** Both experts' predictions. */
  plain: number;
  seasonal: number;
  /** The trusted expert's prediction, residual scale and residual. */
  expected: number;
  scale: number;
  residual: number;
  /** The residuals of each expert and their scales (for learning). */
  plainResidual: number;
  plainScale: number;
  seasonalResidual: number;
  seasonalScale: number;
  useSeasonal: boolean;
  /** Smallest meaningful scale at this level. */
  floor: number;
}

/** A forecast to fill. */
export function emptyForecast(): Forecast {
  return { plain: 0, seasonal: 0, expected: 0, scale: 0, residual: 0, plainResidual: 0, plainScale: 0, seasonalResidual: 0, seasonalScale: 0, useSeasonal: false, floor: 0 };
}

/** Smallest meaningful scale: the metric's own floor, half its resolution, a millionth of the level. */
function scaleFloor(s: DetectorState, level: number): number {
  let floor = REL_SCALE_FLOOR * Math.abs(level);
  if (s.series.floor > floor) floor = s.series.floor;
  const q = s.repeats.resolution;
  if (q !== null && 0.5 * q > floor) floor = 0.5 * q;
  return floor < TINY ? TINY : floor;
}

/** Both experts' forecasts for value `x` at `phase`, `steps` after the previous point, into `f`. O(1). */
export function forecast(f: Forecast, s: DetectorState, x: number, phase: Phase, steps: number, P: EngineParams): Forecast {
  const plain = s.plain.level;
  const seasonal = s.seasonal.level + profileAt(s.seasonal.day, s.seasonal.week, phase);
  const floor = scaleFloor(s, plain);
  // After a gap the level may have moved: widen the scale like a random walk over the level's memory (at most x sqrt(2)).
  const gapWiden = steps > 1 ? Math.sqrt(1 + P.levelAlpha * Math.min(steps - 1, 1 / P.levelAlpha)) : 1;
  const useSeasonal = s.seasonal.trusted;
  f.plain = plain;
  f.seasonal = seasonal;
  f.floor = floor;
  f.plainScale = Math.max(s.plain.scale, floor) * gapWiden;
  f.seasonalScale = Math.max(s.seasonal.scale, floor);
  f.plainResidual = x - plain;
  f.seasonalResidual = x - seasonal;
  f.useSeasonal = useSeasonal;
  f.expected = useSeasonal ? seasonal : plain;
  f.scale = useSeasonal ? f.seasonalScale : f.plainScale;
  f.residual = useSeasonal ? f.seasonalResidual : f.plainResidual;
  return f;
}

function clip(e: number, c: number): number {
  return e > c ? c : e < -c ? -c : e;
}

/** Teach both experts the point (after it was scored); `steps` is the evidence it carries (at most one period). O(knots). */
export function learnForecast(s: DetectorState, f: Forecast, x: number, t: number, phase: Phase, steps: number, P: EngineParams): void {
  // The scales start as running means (1 / points), then keep the configured memory.
  const aScale = Math.max(rateOver(P.scaleAlpha, steps), 1 / s.clock.n);
  const aBias = rateOver(BIAS_ALPHA, steps);
  const plain = s.plain;
  const cN = P.huberC * f.plainScale;
  plain.level += rateOver(P.levelAlpha, steps) * clip(f.plainResidual, cN);
  plain.scale += aScale * (Math.min(Math.abs(f.plainResidual), cN) - plain.scale);
  plain.bias += aBias * (f.plainResidual - plain.bias);

  const se = s.seasonal;
  const eS = f.seasonalResidual;
  const cS = P.huberC * f.seasonalScale;
  const eSc = clip(eS, cS);
  // Rates are per day (level), per hour a day-knot spans, per day a week-knot spans; young
  // profiles learn as running means (1 / visits) so the first days already count.
  const span = steps * s.series.periodMs;
  const daysSeen = (t - s.clock.first) / DAY_MS;
  const gd = Math.max(P.profileGamma, Math.min(0.5, 1 / (1 + daysSeen)));
  const gw = Math.max(P.weekGamma, Math.min(0.5, 7 / (7 + daysSeen)));
  se.level += (1 - Math.pow(1 - P.seasonalLevelAlpha, span / DAY_MS)) * eSc;
  const g = (1 - Math.pow(1 - gd, span / HOUR_MS)) * eSc;
  se.day[phase.h0] = se.day[phase.h0]! + g * (1 - phase.hw);
  se.day[phase.h1] = se.day[phase.h1]! + g * phase.hw;
  const gk = (1 - Math.pow(1 - gw, span / DAY_MS)) * eSc;
  se.week[phase.d0] = se.week[phase.d0]! + gk * (1 - phase.dw);
  se.week[phase.d1] = se.week[phase.d1]! + gk * phase.dw;
  se.scale += aScale * (Math.min(Math.abs(eS), cS) - se.scale);
  se.bias += aBias * (eS - se.bias);
  if (Math.floor(t / DAY_MS) !== Math.floor(s.clock.last / DAY_MS)) recentre(s);
  chooseExpert(s, x, eS, cS, f.floor, span, t, P);
}

/** Keep the profiles centred (their mean belongs to the level): once per new day. */
function recentre(s: DetectorState): void {
  const se = s.seasonal;
  const md = se.day.reduce((a, v) => a + v, 0) / DAY_KNOTS;
  const mw = se.week.reduce((a, v) => a + v, 0) / WEEK_KNOTS;
  for (let k = 0; k < DAY_KNOTS; k++) se.day[k] = se.day[k]! - md;
  for (let k = 0; k < WEEK_KNOTS; k++) se.week[k] = se.week[k]! - mw;
  se.level += md + mw;
}

/**
 * Strength of seasonality (Hyndman's F_S, in mean absolute terms): how much of the deviation
 * from the daily level the profile explains, over a memory of days. Both are Huber-clipped so
 * an anomaly that upsets the profile for hours changes little. The seasonal expert is trusted
 * once it has seen a full day and explains the swing, with hysteresis, and only while its
 * residual scale stays within `trustRatio` of the plain expert's.
 */
function chooseExpert(s: DetectorState, x: number, eS: number, cS: number, floor: number, span: number, t: number, P: EngineParams): void {
  const se = s.seasonal;
  const a = 1 - Math.pow(1 - P.switchAlpha, span / DAY_MS);
  const dv = Math.abs(x - se.level);
  const cV = P.huberC * Math.max(se.spread, floor);
  se.spread += a * ((dv < cV || se.spread === 0 ? dv : cV) - se.spread);
  se.error += a * (Math.min(Math.abs(eS), cS) - se.error);
  const spread = Math.max(se.spread, floor);
  const error = Math.max(se.error, floor);
  const sane = se.scale < P.trustRatio * Math.max(s.plain.scale, floor);
  if (!se.trusted) {
    if (t - s.clock.first >= DAY_MS && error < P.switchIn * spread && sane) se.trusted = true;
  } else if (error > P.switchOut * spread || !sane) se.trusted = false;
}
