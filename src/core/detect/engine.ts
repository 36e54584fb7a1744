/**
 * Opsight's streaming detector: two forecasting experts, robust residual surprise, an anomaly
 * likelihood, and cheap extra evidence (range novelty, novel transitions, flatline runs; CUSUM off),
 * followed by post-detection suppression. See docs/detection.md for the why of each part.
 *
 * Per point: O(1) work, no allocation besides the returned result objects. State is a flat
 * object of numbers and two short arrays (well under 2 KB of JSON), versioned.
 */
import { DEFAULT_PARAMS, type EngineParams } from './params';
import { priorFor } from './priors';
import { logNormalTail, surpriseToScore } from './tail';
import type { DetectionResult, Detector, Direction, SeriesMeta } from './types';

/** Current layout of {@link StreamState}; bump when fields change meaning. */
export const STREAM_STATE_VERSION = 2;

/** Milliseconds in an hour, a day and a week (UTC; the epoch is a Thursday, irrelevant here). */
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;
/** Knots of the daily profile: one per hour, linearly interpolated in between. */
const DAY_KNOTS = 24;
/** Knots of the weekly profile: one per day (at noon), linearly interpolated. */
const WEEK_KNOTS = 7;
/** Weight of the fast residual mean used to re-level after a confirmed shift: ~ the last 7 points. */
const FAST_ALPHA = 0.25;
/** Band half-width in scales: for Laplace residuals P(|e| > 4.6 b) = e^-4.6 = 1 %, a 99 % band. */
const BAND_SCALES = 4.6;
/** Relative scale floor: a deviation below a millionth of the level is numerical noise. */
const REL_SCALE_FLOOR = 1e-6;
/** Absolute last-resort scale floor, so nothing ever divides by zero. */
const TINY = 1e-12;
/** Floor on the standard deviation of the short mean of surprise, in nats (see likelihood()). */
const MIN_SHORT_SD = 0.1;
/** Long-run statistics ignore short means beyond this many standard deviations (winsorising). */
const LONG_WINSOR_SD = 4;
/** Standardised residuals are clipped here before entering the CUSUM, so one spike cannot confirm a shift. */
const CUSUM_Z_CLIP = 6;
/** Shortest and longest step a single update may represent (irregular or gappy timestamps). */
const MIN_STEPS = 0.1;
const MAX_STEPS = 1e6;
/** Quantisation of the context channel: buckets across the remembered range. */
const CTX_BUCKETS = 12;
/** Bits per stored word of the transition memory (30 keeps every word a small positive integer in JSON). */
const CTX_WORD_BITS = 30;
const CTX_WORDS = Math.ceil((CTX_BUCKETS * CTX_BUCKETS) / CTX_WORD_BITS);

export interface StreamState {
  readonly version: number;
  /** Nominal sampling period, ms. */
  pMs: number;
  /** Domain bounds (null = unbounded) and absolute scale floor, from the metadata's kind. */
  lo: number | null;
  hi: number | null;
  fl: number;
  /** Points seen; first and last timestamps (ms). */
  n: number;
  t0: number;
  tl: number;
  /** Non-seasonal expert: level, mean absolute residual, fast mean of residuals. */
  ln: number;
  bn: number;
  rn: number;
  /** Seasonal expert: level, mean absolute residual, fast residual mean, hourly and daily profiles. */
  ls: number;
  bs: number;
  rs: number;
  day: number[];
  wk: number[];
  /** Routine surprise by hour of day (peak-hold with decay), 1 = nothing routine. */
  rk: number[];
  /** Slow mean absolute deviation from the seasonal level, and slow mean absolute error of the seasonal expert. */
  gn: number;
  gs: number;
  /** Knot currently being visited by the routine profile (-1 before any) and the peak surprise of this visit. */
  hk: number;
  hp: number;
  /** Mean of the routine profile over the day's knots (the typical visit peak). */
  rm: number;
  /** 1 when the seasonal expert is the one being trusted. */
  se: number;
  /** Two-sided CUSUM statistics on the plain expert's standardised residuals. */
  cp: number;
  cn: number;
  /** Short mean of surprise; long-run mean, variance and sample count of that short mean. */
  m: number;
  mu: number;
  va: number;
  nl: number;
  /** Remembered range (slowly fading extremes). */
  mx: number;
  mn: number;
  /** Previous value, frequency of exact repeats, current repeat run length. */
  pv: number;
  fr: number;
  run: number;
  /** Smallest non-zero step between consecutive values (the data's resolution), null if none yet. */
  q: number | null;
  /** Suppression: steps left and the score that started it. */
  sl: number;
  sv: number;
  /** Side of the deviation that started the suppression (1 above, -1 below). */
  sd: number;
  /** Context channel: previous bucket, bucket origin and width, transition memory (current and previous epoch), epoch start, last re-anchoring, frequency of novel transitions. */
  cb: number;
  cl: number;
  cw: number;
  ca: number[];
  co: number[];
  ce: number;
  cr: number;
  cf: number;
  /** Transitions judged so far (for the running mean of cf). */
  cc: number;
}

function clipTo(x: number, lo: number | null, hi: number | null): number {
  if (lo !== null && x < lo) return lo;
  if (hi !== null && x > hi) return hi;
  return x;
}

/** Effective weight of a rate `a` applied over `steps` steps. */
function eff(a: number, steps: number): number {
  return steps === 1 ? a : 1 - Math.pow(1 - a, steps);
}

/** Builds a detector with the given parameters (the default detector uses DEFAULT_PARAMS). */
export function createStreamingDetector(
  overrides: Partial<EngineParams> = {},
  name = 'opsight',
): Detector<StreamState> & { readonly params: EngineParams } {
  const P: EngineParams = { ...DEFAULT_PARAMS, ...overrides };
  /** Per-visit (once a day) decay of a routine knot's excess. */
  const routineDayDecay = Math.pow(0.5, 1 / P.routineHalfLifeDays);

  function init(meta: SeriesMeta): StreamState {
    const prior = priorFor(meta);
    const period = meta.periodSeconds > 0 && Number.isFinite(meta.periodSeconds) ? meta.periodSeconds : 300;
    return {
      version: STREAM_STATE_VERSION,
      pMs: period * 1000,
      lo: Number.isFinite(prior.lo) ? prior.lo : null,
      hi: Number.isFinite(prior.hi) ? prior.hi : null,
      fl: prior.absScaleFloor,
      n: 0,
      t0: 0,
      tl: 0,
      ln: 0,
      bn: 0,
      rn: 0,
      ls: 0,
      bs: 0,
      rs: 0,
      day: new Array<number>(DAY_KNOTS).fill(0),
      wk: new Array<number>(WEEK_KNOTS).fill(0),
      rk: new Array<number>(DAY_KNOTS).fill(1),
      hk: -1,
      hp: 0,
      rm: 1,
      gn: 0,
      gs: 0,
      se: 0,
      cp: 0,
      cn: 0,
      m: 0,
      mu: 0,
      va: 0,
      nl: 0,
      mx: 0,
      mn: 0,
      pv: 0,
      fr: 0,
      run: 0,
      q: null,
      sl: 0,
      sv: 0,
      sd: 0,
      cb: -1,
      cl: 0,
      cw: 0,
      ca: new Array<number>(CTX_WORDS).fill(0),
      co: new Array<number>(CTX_WORDS).fill(0),
      ce: 0,
      cr: 0,
      cf: 1,
      cc: 0,
    };
  }

  /** A state written by an older layout restarts learning, keeping only what came from the metadata. */
  function upgrade(old: StreamState): StreamState {
    const kind = old.fl === 0.01 ? 'percent' : old.fl === 0.5 ? 'count' : old.fl === 1 ? 'bytes' : 'generic';
    return init({ kind, periodSeconds: old.pMs / 1000, min: old.lo ?? undefined, max: old.hi ?? undefined });
  }

  function update(state: StreamState, t: number, x: number): { state: StreamState; result: DetectionResult } {
    const s = state.version === STREAM_STATE_VERSION ? state : upgrade(state);
    if (!Number.isFinite(x) || !Number.isFinite(t)) {
      // A missing value is a gap, not evidence: report the current expectation, learn nothing.
      const e = s.se === 1 ? s.ls : s.ln;
      return { state: s, result: { score: 0, expected: e, lower: e, upper: e, direction: 'NONE' } };
    }
    if (s.n === 0) {
      s.n = 1;
      s.t0 = t;
      s.tl = t;
      s.ln = x;
      s.ls = x;
      s.mx = x;
      s.mn = x;
      s.pv = x;
      return { state: s, result: { score: 0, expected: x, lower: x, upper: x, direction: 'NONE' } };
    }

    // ---- time: steps since the previous point (gaps > 1, irregular sampling fractional) ----
    const dt = t - s.tl;
    let steps = dt > 0 ? dt / s.pMs : 1;
    if (steps < MIN_STEPS) steps = MIN_STEPS;
    else if (steps > MAX_STEPS) steps = MAX_STEPS;
    if (t > s.tl) s.tl = t;

    // ---- seasonal phase: hourly knots of the day, daily knots of the week ----
    const day = s.day;
    const wk = s.wk;
    const hp = (((t % DAY_MS) + DAY_MS) % DAY_MS) / HOUR_MS;
    const i0 = Math.floor(hp) % DAY_KNOTS;
    const w1 = hp - Math.floor(hp);
    const i1 = (i0 + 1) % DAY_KNOTS;
    // Day knots sit at noon, so shift by half a day before interpolating.
    let dp = (((t % WEEK_MS) + WEEK_MS) % WEEK_MS) / DAY_MS - 0.5;
    if (dp < 0) dp += WEEK_KNOTS;
    const j0 = Math.floor(dp) % WEEK_KNOTS;
    const v1 = dp - Math.floor(dp);
    const j1 = (j0 + 1) % WEEK_KNOTS;
    const comp = day[i0]! * (1 - w1) + day[i1]! * w1 + wk[j0]! * (1 - v1) + wk[j1]! * v1;

    // ---- the two experts' forecasts and residuals ----
    const predN = s.ln;
    const predS = s.ls + comp;
    let floor = REL_SCALE_FLOOR * Math.abs(predN);
    if (s.fl > floor) floor = s.fl;
    if (s.q !== null && 0.5 * s.q > floor) floor = 0.5 * s.q;
    if (floor < TINY) floor = TINY;
    // After a gap the level may have moved: widen the scale like a random walk over the
    // level's memory (at most x sqrt(2)).
    const gapWiden = steps > 1 ? Math.sqrt(1 + P.levelAlpha * Math.min(steps - 1, 1 / P.levelAlpha)) : 1;
    const bN = Math.max(s.bn, floor) * gapWiden;
    const bS = Math.max(s.bs, floor);
    const eN = x - predN;
    const eS = x - predS;
    const useS = P.seasonal && s.se === 1;
    const e = useS ? eS : eN;
    const b = useS ? bS : bN;
    const pred = useS ? predS : predN;

    // ---- per-point surprise in nats: Laplace tail of the residual, -ln P(|E| > |e|) = |e| / b ----
    let raw = Math.abs(e) / b;
    if (raw > P.rawCap) raw = P.rawCap;

    // Flatline: a run of k exact repeats has probability f^k when repeats occur with frequency f.
    const same = x === s.pv;
    let flatNats = 0;
    if (P.flatline && same) {
      const f = s.fr > P.repeatFloor ? s.fr : P.repeatFloor;
      flatNats = (s.run + 1) * -Math.log(f);
      // Capped separately (flatCap): a long run is accumulated evidence, not one absurd value.
      if (!P.flatDirect && flatNats > raw) raw = flatNats > P.flatCap ? P.flatCap : flatNats;
    }

    // Routine surprise: what this hour of the day brought on previous days (daily batch jobs,
    // square waves the profile cannot resolve) is subtracted; only the excess counts. The
    // current visit's peak is held aside and folded into its knot when the visit ends, so an
    // anomaly never explains itself away.
    if (P.routine) {
      const rk = s.rk;
      const near = w1 < 0.5 ? i0 : i1;
      if (near !== s.hk) {
        if (s.hk >= 0) {
          const k = s.hk;
          // One visit per day: decay the held peak by one day's worth of its half-life.
          const held = 1 + (rk[k]! - 1) * routineDayDecay;
          // Stored to 1/1000 of a nat: finer is meaningless for a peak-hold and costs state bytes.
          rk[k] = Math.round((s.hp > held ? s.hp : held) * 1000) / 1000;
          // The typical visit peak over all hours: only what an hour brings beyond it is routine.
          let sum = 0;
          for (let j = 0; j < DAY_KNOTS; j++) sum += rk[j]!;
          s.rm = sum / DAY_KNOTS;
        }
        s.hk = near;
        s.hp = 0;
      }
      const routine = rk[i0]! > rk[i1]! ? rk[i0]! : rk[i1]!;
      if (raw > s.hp) s.hp = raw;
      const excess = P.routineRelative ? routine - (s.rm > 1 ? s.rm : 1) : routine - 1;
      if (excess > 0) raw = raw > excess ? raw - excess : 0;
    }

    // ---- context: has this transition between quantised states been seen before? ----
    let ctxNats = 0;
    if (P.context) {
      const range = s.mx - s.mn;
      if (range > 0) {
        const span = s.cw * CTX_BUCKETS;
        if (!(s.cw > 0) || range > P.ctxRebase * span || range * P.ctxRebase < span) {
          // The range has changed so much that the old buckets mean something else: re-anchor.
          s.cl = s.mn;
          s.cw = range / CTX_BUCKETS;
          s.ca.fill(0);
          s.co.fill(0);
          s.cr = t;
          s.cb = -1;
        }
        let k = Math.floor((x - s.cl) / s.cw);
        if (k < 0) k = 0;
        else if (k >= CTX_BUCKETS) k = CTX_BUCKETS - 1;
        if (s.cb >= 0) {
          const bit = s.cb * CTX_BUCKETS + k;
          const w = (bit / CTX_WORD_BITS) | 0;
          const mask = 1 << bit % CTX_WORD_BITS;
          const seen = ((s.ca[w]! | s.co[w]!) & mask) !== 0;
          if (!seen && t - s.cr >= P.ctxMuteDays * DAY_MS && s.n >= P.warmupSteps) {
            ctxNats = -Math.log(s.cf > P.ctxFloor ? s.cf : P.ctxFloor);
          }
          // A running mean at first (1 / transitions judged), then the configured memory.
          s.cc += 1;
          const aC = eff(P.ctxAlpha, steps);
          s.cf += (P.ctxRunningMean && 1 / s.cc > aC ? 1 / s.cc : aC) * ((seen ? 0 : 1) - s.cf);
          s.ca[w] = s.ca[w]! | mask;
        }
        s.cb = k;
        if (t - s.ce >= P.ctxEpochDays * DAY_MS) {
          for (let i = 0; i < s.ca.length; i++) {
            s.co[i] = s.ca[i]!;
            s.ca[i] = 0;
          }
          s.ce = t;
        }
      }
      if (P.ctxMode === 1) raw += P.ctxWeight * ctxNats;
    }

    // ---- anomaly likelihood: is the recent surprise unusual for this series? ----
    const m = s.m + P.shortAlpha * (raw - s.m);
    let decades: number;
    if (P.likelihood) {
      let sd = Math.sqrt(s.va);
      if (sd < MIN_SHORT_SD) sd = MIN_SHORT_SD;
      const zl = (m - s.mu) / sd;
      // Surprise relative to the median: -log10(Q(z) / 0.5), 0 for z <= 0.
      decades = zl > 0 ? -(logNormalTail(zl) + Math.LN2) / Math.LN10 : 0;
      // Long-run distribution of the short mean (winsorised so anomalies do not teach it).
      s.nl += 1;
      const aL = 1 / s.nl > P.longAlpha ? 1 / s.nl : P.longAlpha;
      const cap = s.mu + LONG_WINSOR_SD * sd;
      const d = (s.nl > P.warmupSteps && m > cap ? cap : m) - s.mu;
      s.mu += aL * d;
      s.va = (1 - aL) * (s.va + aL * d * d);
    } else {
      decades = raw / Math.LN10;
    }
    s.m = m;

    // ---- novelty: beyond the remembered range by a margin ----
    if (P.novelty) {
      const margin = P.noveltyMargin * (s.mx - s.mn);
      // Novel *and* surprising: in plain noise a fresh extreme is common, a fresh extreme that
      // is also far outside the expected band is not.
      const novel = x > s.mx + margin || x < s.mn - margin;
      if (s.n >= P.noveltyMinPoints && margin > 0 && novel && Math.abs(e) / b >= P.noveltyMinNats) {
        decades = P.noveltyAdditive ? decades + P.noveltyDecades : Math.max(decades, P.noveltyDecades);
      }
    }
    // Extremes fade towards the level with the configured half-life.
    const fade = Math.pow(0.5, (steps * s.pMs) / (P.rangeHalfLifeDays * DAY_MS));
    s.mx = predN + (s.mx - predN) * fade;
    s.mn = predN + (s.mn - predN) * fade;
    if (x > s.mx) s.mx = x;
    if (x < s.mn) s.mn = x;

    // A flatline's probability is already calibrated (f^k): it bypasses the likelihood.
    if (P.flatDirect && flatNats / Math.LN10 > decades) decades = flatNats / Math.LN10;
    if (P.context && ctxNats > 0) {
      const cd = (P.ctxWeight * ctxNats) / Math.LN10;
      if (P.ctxMode === 2) decades = Math.max(decades, cd);
      else if (P.ctxMode === 3) decades += cd;
    }
    let score = s.n >= P.warmupSteps ? surpriseToScore(decades, P.scoreHalf) : 0;

    // ---- suppression of repeated detections ----
    if (P.suppression) {
      const side = e > 0 ? 1 : e < 0 ? -1 : 0;
      if (s.sl > 0) {
        s.sl -= steps;
        // A clearly stronger score, or a deviation on the other side (a dip after a spike), is a
        // new event and fires again; anything else belongs to the event already reported.
        if (score > P.suppressRefire * s.sv || (score >= P.suppressLevel && side !== 0 && side !== s.sd)) {
          s.sv = score;
          s.sd = side;
          s.sl = P.suppressSteps;
        } else score *= P.suppressFactor;
      } else if (score >= P.suppressLevel) {
        s.sl = P.suppressSteps;
        s.sv = score;
        s.sd = side;
      }
    }

    // ---- learning (after scoring: the point never explains itself) ----
    const aS = eff(P.scaleAlpha, steps);
    const cN = P.huberC * bN;
    const eNc = eN > cN ? cN : eN < -cN ? -cN : eN;
    s.ln += eff(P.levelAlpha, steps) * eNc;
    s.bn += aS * ((Math.abs(eN) < cN ? Math.abs(eN) : cN) - s.bn);
    const aF = eff(FAST_ALPHA, steps);
    s.rn += aF * (eN - s.rn);
    if (P.seasonal) {
      const cS = P.huberC * bS;
      const eSc = eS > cS ? cS : eS < -cS ? -cS : eS;
      // Rates are per day (level), per hour a day-knot spans, per day a week-knot spans; young
      // profiles learn as running means (1 / visits) so the first days already count.
      const span = steps * s.pMs;
      const daysSeen = (t - s.t0) / DAY_MS;
      const gd = Math.max(P.profileGamma, Math.min(0.5, 1 / (1 + daysSeen)));
      const gw = Math.max(P.weekGamma, Math.min(0.5, 7 / (7 + daysSeen)));
      s.ls += (1 - Math.pow(1 - P.seasonalLevelAlpha, span / DAY_MS)) * eSc;
      const g = (1 - Math.pow(1 - gd, span / HOUR_MS)) * eSc;
      day[i0] = day[i0]! + g * (1 - w1);
      day[i1] = day[i1]! + g * w1;
      const gk = (1 - Math.pow(1 - gw, span / DAY_MS)) * eSc;
      wk[j0] = wk[j0]! + gk * (1 - v1);
      wk[j1] = wk[j1]! + gk * v1;
      s.bs += aS * ((Math.abs(eS) < cS ? Math.abs(eS) : cS) - s.bs);
      s.rs += aF * (eS - s.rs);
      // Keep the profiles centred (their mean belongs to the level): once per new day.
      if (Math.floor(t / DAY_MS) !== Math.floor((t - dt) / DAY_MS)) {
        let sum = 0;
        for (let k = 0; k < DAY_KNOTS; k++) sum += day[k]!;
        let wsum = 0;
        for (let k = 0; k < WEEK_KNOTS; k++) wsum += wk[k]!;
        const md = sum / DAY_KNOTS;
        const mw = wsum / WEEK_KNOTS;
        for (let k = 0; k < DAY_KNOTS; k++) day[k] = day[k]! - md;
        for (let k = 0; k < WEEK_KNOTS; k++) wk[k] = wk[k]! - mw;
        s.ls += md + mw;
      }
      // Strength of seasonality (Hyndman's F_S, in mean absolute terms): how much of the
      // deviation from the daily level the profile explains, over a memory of days. Both
      // are Huber-clipped so an anomaly that upsets the profile for hours changes little.
      const aG = 1 - Math.pow(1 - P.switchAlpha, span / DAY_MS);
      const dv = x - s.ls;
      const cV = P.huberC * Math.max(s.gn, floor);
      const adv = Math.abs(dv) < cV || s.gn === 0 ? Math.abs(dv) : cV;
      s.gn += aG * (adv - s.gn);
      s.gs += aG * ((Math.abs(eS) < cS ? Math.abs(eS) : cS) - s.gs);
      // Trust the seasonal expert once it has seen a full day and explains the swing.
      const sn = Math.max(s.gn, floor);
      const ss = Math.max(s.gs, floor);
      if (s.se === 0) {
        if (t - s.t0 >= DAY_MS && ss < P.switchIn * sn) s.se = 1;
      } else if (ss > P.switchOut * sn) s.se = 0;
    }

    // ---- change points: a two-sided CUSUM on the plain expert's standardised residuals; a
    // confirmed shift moves its level by the recent mean residual at once. (The seasonal
    // expert has none: during its first days every profile error looks like a shift, and a
    // re-levelled profile never converges. Its own slow level follows real shifts.) ----
    if (P.changePoint) {
      let z = eN / bN;
      if (z > CUSUM_Z_CLIP) z = CUSUM_Z_CLIP;
      else if (z < -CUSUM_Z_CLIP) z = -CUSUM_Z_CLIP;
      s.cp = Math.max(0, s.cp + z - P.cusumK);
      s.cn = Math.max(0, s.cn - z - P.cusumK);
      if (s.cp > P.cusumH || s.cn > P.cusumH) {
        s.ln += s.rn;
        s.rn = 0;
        s.cp = 0;
        s.cn = 0;
      }
    }

    // ---- flatline and resolution bookkeeping ----
    s.fr += eff(P.repeatAlpha, steps) * ((same ? 1 : 0) - s.fr);
    s.run = same ? s.run + 1 : 0;
    if (!same) {
      const step = Math.abs(x - s.pv);
      if (s.q === null || step < s.q) s.q = step;
    }
    s.pv = x;
    s.n += 1;

    // ---- output ----
    const half = BAND_SCALES * b;
    const lower = clipTo(pred - half, s.lo, s.hi);
    const upper = clipTo(pred + half, s.lo, s.hi);
    let direction: Direction = 'NONE';
    if (x > upper) direction = 'ABOVE';
    else if (x < lower) direction = 'BELOW';
    else if (score >= 0.5) {
      // Sustained deviation inside the band: report the side the recent residuals sit on.
      const r = useS ? s.rs : s.rn;
      direction = r > 0 ? 'ABOVE' : r < 0 ? 'BELOW' : 'NONE';
    }
    return { state: s, result: { score, expected: clipTo(pred, s.lo, s.hi), lower, upper, direction } };
  }

  function warmStart(state: StreamState, points: ReadonlyArray<{ readonly t: number; readonly v: number }>): StreamState {
    let s = state;
    for (const p of points) s = update(s, p.t, p.v).state;
    // History is context, not news: start live detection without a pending suppression.
    s.sl = 0;
    s.sv = 0;
    return s;
  }

  // Operating threshold: the NAB-optimal threshold of the default configuration on the
  // standard profile (0.475, the same on all three profiles), rounded down to 0.47.
  return { name, threshold: 0.47, params: P, init, update, warmStart };
}

/** The production configuration. */
export const streamingDetector = createStreamingDetector();
