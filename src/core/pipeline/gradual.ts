/**
 * Gradual degradation. A function that gets slower by a few percent an hour (a growing cache, a
 * table outgrowing its index) never departs from the detector's band: the band follows the level
 * as it moves, which is what keeps an abrupt new normal from paging for days. So latency also gets
 * a slow comparison that nothing follows: the level of the last `WINDOW_HOURS` hours against the
 * same hours of the day on each of the previous `LOOKBACK_DAYS` days.
 *
 * The comparison is on the logarithm of the values (latency is multiplicative: ×1.5 means the same
 * at 20 ms and at 2 s). An hour's level is the mean of its log values; a window's level, the mean of
 * its hours. The reference is the median of the earlier days' levels at the same time of day (so
 * the daily pattern cancels and one unusual day does not move it), and their spread (median
 * absolute deviation) says how much a day normally differs from another.
 *
 * A gradual anomaly opens when the window's level is at least `MATERIAL_RATIO` times the reference
 * and beyond `SPREAD_FACTOR` spreads of the day-to-day variation, and the latest hour is still half
 * that far out: a slowdown users notice, which the series' ordinary days do not explain. The
 * reference of every time of day is then frozen (a day's profile, so the daily rhythm keeps
 * cancelling while the anomaly lasts). It closes as RECOVERED when an hour's level comes back
 * within `CLEAR_RATIO` of its frozen reference (a fix shows within the hour; the window's mean
 * would lag by hours), and as NEW_NORMAL when it has stopped getting worse for the configured
 * new-normal time without recovering (the step change's rule, counted from its worst excess);
 * nothing opens again for that level until the reference has caught up with it.
 *
 * Each constant is a statement about latency, not a fitted value: six hours is long enough that a
 * burst or an outlier cannot move a window's mean far and short enough to see a creep within the
 * day; ×1.5 is a slowdown a user notices; three spreads keep ordinary day-to-day variation quiet.
 * State: one number per clock hour for the lookback (≈ 170 numbers) on latency series only. Pure.
 */
import { stableId } from '../ids';
import { metricRole } from '../correlate/topology';
import type { Anomaly, EvidencePoint, Series } from '../model';
import { MAX_EVIDENCE, toAnomaly, type OpenAnomaly, type Recovery, type TrackerContext } from './anomaly-tracker';

const HOUR_MS = 3_600_000;
export const WINDOW_HOURS = 6;
export const LOOKBACK_DAYS = 7;
/** Earlier days with a level at this time of day needed before anything is judged. */
export const MIN_REFERENCE_DAYS = 2;
export const MATERIAL_RATIO = 1.5;
export const SPREAD_FACTOR = 3;
export const CLEAR_RATIO = 1.2;
/** Hourly levels kept: the lookback and the window. */
const KEEP_HOURS = LOOKBACK_DAYS * 24 + WINDOW_HOURS;
/** A worse level than the worst so far by this factor counts as getting worse (for the new-normal clock). */
const WORSENING_RATIO = 1.05;

/** The slow comparison's memory for one series. */
export interface GradualState {
  /** Epoch hour (`floor(t / 1 h)`) of the last entry of `levels`. */
  lastHour: number;
  /**
   * Mean log value per clock hour, oldest first, in hundredths and delta-coded (each entry the
   * change from the previous hour with data; the first absolute; null: no positive value that
   * hour). A hundredth of a log unit is 1 % of latency, far below what is judged, and small
   * integers keep the stored state within one DynamoDB write unit.
   */
  levels: (number | null)[];
  /** The clock hour being accumulated. */
  current?: { hour: number; sum: number; n: number };
  /** Excess (log) accepted as the new normal: nothing opens for less than this plus a threshold until the reference catches up. */
  accepted?: number;
  /** Until when the windows hold a rise the detector reported for an hour or more (nothing opens before). */
  explainedUntil?: number;
  open?: OpenGradual;
}

/** An open gradual anomaly with the references frozen at its onset (log units). */
export interface OpenGradual {
  anomaly: OpenAnomaly;
  /** Reference of the window ending at each hour of the day (index: UTC hour); null where unknown. */
  windowProfile: (number | null)[];
  /** Reference of each single hour of the day. */
  hourProfile: (number | null)[];
  /** The reference at onset, for hours the profiles do not know. */
  reference: number;
  threshold: number;
  /** Worst excess over the reference so far, and when. */
  worst: number;
  worstAt: number;
}

export interface GradualConfig {
  /** Milliseconds without getting worse after which a lasting degradation closes as the new normal. */
  readonly newNormalAfterMs: number;
}

/**
 * Whether the slow comparison applies to the series: response latency (durations, latencies,
 * response times), where a creep is what users feel. A queue's age is saturation, not latency:
 * it follows the backlog, which the detector and the forecasts already read.
 */
export function watchesGradually(series: Pick<Series, 'kind' | 'metricName'>): boolean {
  return series.kind === 'latency' && metricRole(series) === 'LATENCY';
}

/**
 * While a gradual anomaly is open, a fall of the series back toward its frozen reference is the
 * degradation ending, not a new anomaly (the detector, having followed the creep, sees it as a
 * drop). This is the recovery the point tracker judges such a fall by: values between the
 * reference band and the degraded level open nothing; a value above the degraded level or below
 * the reference band still does.
 */
export function gradualRecovery(st: GradualState | undefined, t: number): Recovery | undefined {
  const open = st?.open;
  if (!open) return undefined;
  const ref = profileAt(open.hourProfile, Math.floor(t / HOUR_MS)) ?? open.reference;
  return { direction: 'ABOVE', baseline: referenceBand(ref, open.threshold), lastV: Math.exp(ref + open.worst), until: t + HOUR_MS, holdMs: HOUR_MS };
}

/** The recovery remembered after a gradual anomaly closed RECOVERED: as long as it lasted, within 1–24 h. */
function recoveryAfter(open: OpenGradual, at: number, lastLevel: number): Recovery {
  const holdMs = Math.min(24 * HOUR_MS, Math.max(HOUR_MS, at - open.anomaly.start));
  const ref = profileAt(open.hourProfile, Math.floor(at / HOUR_MS) - 1) ?? open.reference;
  return { direction: 'ABOVE', baseline: referenceBand(ref, open.threshold), lastV: Math.exp(lastLevel), until: at + holdMs, holdMs };
}

function referenceBand(reference: number, threshold: number): { expected: number; lower: number; upper: number } {
  return { expected: Math.exp(reference), lower: Math.exp(reference - threshold), upper: Math.exp(reference + threshold) };
}

/**
 * Feeds one point. When a clock hour completes, the window is judged (only when `live`: history
 * only fills the levels). `pointAnomalySince`: the onset of the detector's anomaly open above the
 * band on the series, if any: nothing opens while it is open, and once it has lasted an hour,
 * not until the windows no longer contain it (what the detector sees is not gradual; its blips of
 * a few minutes only delay the judgement to the next hour). Returns the anomaly that opened,
 * changed or closed, if any, and after a recovery the recovery the point tracker should remember.
 */
export function trackGradual(
  state: GradualState | undefined,
  t: number,
  v: number,
  live: boolean,
  cfg: GradualConfig,
  ctx: TrackerContext,
  pointAnomalySince?: number,
): { state: GradualState; changed?: Anomaly; recovery?: Recovery } {
  const st: GradualState = state ?? { lastHour: Math.floor(t / HOUR_MS) - 1, levels: [] };
  const hour = Math.floor(t / HOUR_MS);
  // A rise the detector reports is its anomaly, not a creep: nothing opens while it is open, nor,
  // once it has lasted an hour (a step after a release), while the windows still contain it.
  if (pointAnomalySince !== undefined && t - pointAnomalySince >= HOUR_MS) st.explainedUntil = t + WINDOW_HOURS * HOUR_MS;
  let changed: Anomaly | undefined;
  let recovery: Recovery | undefined;
  if (st.current && st.current.hour !== hour) {
    const done = st.current;
    const history = pushLevel(st, done.hour, done.sum / done.n);
    delete st.current;
    const open = st.open;
    const explained = pointAnomalySince !== undefined || (st.explainedUntil !== undefined && t <= st.explainedUntil);
    if (live) changed = open ? follow(st, history, open, done.hour, cfg, ctx) : explained ? undefined : maybeOpen(st, history, done.hour, ctx);
    if (open && changed?.closeReason === 'RECOVERED') recovery = recoveryAfter(open, changed.timeRange.end!, done.sum / done.n);
  }
  if (v > 0 && Number.isFinite(v) && hour > st.lastHour) {
    const c = st.current ?? { hour, sum: 0, n: 0 };
    c.sum += Math.log(v);
    c.n += 1;
    st.current = c;
  }
  return { state: st, ...(changed ? { changed } : {}), ...(recovery ? { recovery } : {}) };
}

/** The hourly levels in log units, ending at `lastHour`. */
interface History {
  readonly values: (number | null)[];
  readonly lastHour: number;
}

/** Decodes the stored levels (hundredths, delta-coded) into log values. O(hours). */
export function decodeLevels(levels: readonly (number | null)[]): (number | null)[] {
  let acc = 0;
  return levels.map((d) => (d === null ? null : (acc += d) / 100));
}

/** Encodes log values as the stored levels. O(hours). */
export function encodeLevels(values: readonly (number | null)[]): (number | null)[] {
  let prev = 0;
  return values.map((x) => {
    if (x === null) return null;
    const q = Math.round(x * 100);
    const d = q - prev;
    prev = q;
    return d;
  });
}

/** Appends a completed hour (and null for hours without data before it), keeping `KEEP_HOURS`. */
function pushLevel(st: GradualState, hour: number, level: number): History {
  const values = decodeLevels(st.levels);
  for (let h = st.lastHour + 1; h < hour; h++) values.push(null);
  values.push(Math.round(level * 100) / 100);
  if (values.length > KEEP_HOURS) values.splice(0, values.length - KEEP_HOURS);
  st.levels = encodeLevels(values);
  st.lastHour = hour;
  return { values, lastHour: hour };
}

function levelAt(h: History, hour: number): number | undefined {
  const x = h.values[h.values.length - 1 - (h.lastHour - hour)];
  return x === null ? undefined : x;
}

/** Mean level of the `width` hours ending at `endHour`, when at least two thirds of them hold data. */
function meanLevel(st: History, endHour: number, width: number): number | undefined {
  let sum = 0;
  let n = 0;
  for (let h = endHour - width + 1; h <= endHour; h++) {
    const x = levelAt(st, h);
    if (x !== undefined) {
      sum += x;
      n++;
    }
  }
  return n >= Math.ceil((width * 2) / 3) ? sum / n : undefined;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The median of the earlier days' levels over the same `width` hours, and their spread (scaled MAD). */
function earlierDays(st: History, endHour: number, width: number): { reference: number; spread: number } | undefined {
  const days: number[] = [];
  for (let k = 1; k <= LOOKBACK_DAYS; k++) {
    const x = meanLevel(st, endHour - 24 * k, width);
    if (x !== undefined) days.push(x);
  }
  if (days.length < MIN_REFERENCE_DAYS) return undefined;
  const reference = median(days);
  return { reference, spread: 1.4826 * median(days.map((d) => Math.abs(d - reference))) };
}

function profileAt(profile: readonly (number | null)[], hour: number): number | undefined {
  const x = profile[((hour % 24) + 24) % 24];
  return x === null || x === undefined ? undefined : x;
}

function maybeOpen(st: GradualState, hist: History, hour: number, ctx: TrackerContext): Anomaly | undefined {
  const level = meanLevel(hist, hour, WINDOW_HOURS);
  const ref = earlierDays(hist, hour, WINDOW_HOURS);
  if (level === undefined || !ref) return undefined;
  const threshold = Math.max(Math.log(MATERIAL_RATIO), SPREAD_FACTOR * ref.spread);
  const excess = level - ref.reference;
  if (st.accepted !== undefined && excess < threshold / 2) delete st.accepted;
  if (excess < threshold + (st.accepted ?? 0)) return undefined;
  // The latest hour must still be degraded: a window that is high only through its earlier hours
  // is a degradation already ending (the close rule, the other way round).
  const latest = levelAt(hist, hour);
  const hourRef = earlierDays(hist, hour, 1)?.reference ?? ref.reference;
  if (latest === undefined || latest - hourRef < threshold / 2) return undefined;
  const windowProfile: (number | null)[] = Array.from({ length: 24 }, () => null);
  const hourProfile: (number | null)[] = Array.from({ length: 24 }, () => null);
  for (let j = 0; j < 24; j++) {
    const i = (((hour - j) % 24) + 24) % 24;
    windowProfile[i] = round(earlierDays(hist, hour - j, WINDOW_HOURS)?.reference);
    hourProfile[i] = round(earlierDays(hist, hour - j, 1)?.reference);
  }
  const start = onsetHour(hist, hour, hourProfile, ref.reference, threshold) * HOUR_MS;
  const t = (hour + 1) * HOUR_MS;
  const point = evidenceAt(t, level, ref.reference, threshold);
  const anomaly: OpenAnomaly = {
    id: stableId('anm', ctx.seriesKey, 'gradual', start),
    start,
    reportedAt: ctx.now,
    lastAnomalousAt: t,
    normalRun: 0,
    peak: point,
    direction: 'ABOVE',
    evidence: [point],
    gradual: true,
  };
  st.open = { anomaly, windowProfile, hourProfile, reference: ref.reference, threshold, worst: excess, worstAt: t };
  return toAnomaly(anomaly, ctx);
}

function round(x: number | undefined): number | null {
  return x === undefined ? null : Math.round(x * 100) / 100;
}

function follow(st: GradualState, hist: History, open: OpenGradual, hour: number, cfg: GradualConfig, ctx: TrackerContext): Anomaly | undefined {
  const t = (hour + 1) * HOUR_MS;
  // Recovery shows in the hour's own level first (the window's mean lags it by hours).
  const latest = levelAt(hist, hour);
  const hourRef = profileAt(open.hourProfile, hour) ?? open.reference;
  if (latest !== undefined && latest - hourRef < Math.log(CLEAR_RATIO)) {
    delete st.open;
    return toAnomaly(open.anomaly, ctx, { at: t, reason: 'RECOVERED' });
  }
  const level = meanLevel(hist, hour, WINDOW_HOURS);
  if (level === undefined) return undefined;
  const ref = profileAt(open.windowProfile, hour) ?? open.reference;
  const excess = level - ref;
  const point = evidenceAt(t, level, ref, open.threshold);
  // One point an hour, at most as many as an anomaly reports (older ones would only weigh on the state).
  open.anomaly.evidence.push(point);
  if (open.anomaly.evidence.length > MAX_EVIDENCE) open.anomaly.evidence.splice(0, open.anomaly.evidence.length - MAX_EVIDENCE);
  open.anomaly.lastAnomalousAt = t;
  if (excess > open.worst + Math.log(WORSENING_RATIO)) {
    open.worst = excess;
    open.worstAt = t;
    open.anomaly.peak = point;
  }
  if (t - open.worstAt >= cfg.newNormalAfterMs) {
    delete st.open;
    st.accepted = excess;
    return toAnomaly(open.anomaly, ctx, { at: t, reason: 'NEW_NORMAL' });
  }
  return toAnomaly(open.anomaly, ctx);
}

/** The first hour of the window from which every hour stays half the threshold above its own reference (the creep's visible start). */
function onsetHour(st: History, endHour: number, hourProfile: readonly (number | null)[], reference: number, threshold: number): number {
  let start = endHour;
  for (let h = endHour; h > endHour - WINDOW_HOURS; h--) {
    const x = levelAt(st, h);
    if (x === undefined || x < (profileAt(hourProfile, h) ?? reference) + threshold / 2) break;
    start = h;
  }
  return start;
}

/** An evidence point in the series' unit: the window's level against the frozen reference and its threshold. */
function evidenceAt(t: number, level: number, reference: number, threshold: number): EvidencePoint {
  const excess = (level - reference) / threshold;
  return {
    t,
    v: Math.exp(level),
    ...referenceBand(reference, threshold),
    score: Math.max(0, Math.min(1, 1 - 0.5 ** Math.max(0, excess))),
  };
}
