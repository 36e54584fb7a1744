/**
 * Turns a detector's per-point scores into anomalies. An anomaly opens on a point the detector
 * flags, outside its band on the side it names. From then on the anomaly's lifetime follows the
 * values, not the detector's later scores (a detector stops flagging a shift it has seen for a
 * while, and its forecast is slowly dragged along): the band at onset is frozen, and a point
 * keeps the anomaly open while its value stays outside that baseline on the anomaly's side by a
 * material amount. The frozen baseline keeps the daily and weekly rhythm (it moves by the change
 * in the detector's pattern part since onset) while its level stays where it was. The anomaly
 * closes after `closeAfterPoints` normal points in a row (RECOVERED), or, when the shift lasts
 * longer than `newNormalAfterMs`, at that point (NEW_NORMAL): past that, the level is accepted.
 *
 * Direction is judged against the frozen baseline too: points on the other side never turn the
 * anomaly around, and after it closes a value moving back toward that baseline opens nothing
 * until the metric is back inside it (a recovery is not a new anomaly).
 * Pure: `(state, point, result) -> state`, with the anomalies it opened or changed.
 */
import { scopeOf } from '../accounts/scope';
import type { DetectionResult } from '../detect/types';
import { stableId } from '../ids';
import { MIN_RELATIVE_DEVIATION } from '../correlate/significance';
import { metricCriticality } from '../metrics';
import type { Anomaly, EvidencePoint, Resource, ResourceCollection, Series, Severity } from '../model';

/** Evidence points kept in state for an open anomaly (bounded so state stays small). */
export const MAX_EVIDENCE = 32;

/** The detector's expectation at an anomaly's onset, kept while the anomaly and its recovery last. */
export interface FrozenBaseline {
  readonly expected: number;
  readonly lower: number;
  readonly upper: number;
  /** The detector's pattern part of `expected` at onset (absent: none). */
  readonly seasonal?: number;
}

/**
 * After an anomaly closes: the way back to its frozen baseline. Until the value is inside the
 * baseline again (or `until` passes), points moving toward it are a recovery, not an anomaly.
 */
export interface Recovery {
  readonly direction: 'ABOVE' | 'BELOW';
  readonly baseline: FrozenBaseline;
  /** The last value seen, to tell a continued return from a new departure. */
  lastV: number;
  /** Epoch ms after which the recovery is forgotten; pushed on while the value stays outside the baseline. */
  until: number;
  /** How long the recovery is remembered after the value was last outside the baseline. */
  readonly holdMs: number;
}

export interface OpenAnomaly {
  id: string;
  start: number;
  reportedAt: number;
  lastAnomalousAt: number;
  /** Consecutive normal points since the last anomalous one. */
  normalRun: number;
  peak: EvidencePoint;
  direction: 'ABOVE' | 'BELOW' | 'NONE';
  evidence: EvidencePoint[];
  /** The band at onset (absent in state stored before it existed: then the first evidence point's). */
  baseline?: FrozenBaseline;
  /** It began at the time of day its series departed on earlier days (routine.ts). */
  routine?: boolean;
  /** A slow degradation found by comparison with earlier days (gradual.ts), not by the detector. */
  gradual?: boolean;
}

/** How long a recovery is remembered after the value was last outside the baseline: the anomaly's duration, within these bounds. */
const RECOVERY_MAX_MS = 24 * 3_600_000;
const RECOVERY_MIN_MS = 3_600_000;

export interface TrackerConfig {
  /** Score at or above which a point is anomalous. */
  readonly threshold: number;
  /** Normal points in a row after which an open anomaly closes. */
  readonly closeAfterPoints: number;
  /** An anomaly open this long closes as NEW_NORMAL: the shift is accepted as the metric's level. */
  readonly newNormalAfterMs: number;
}

export interface TrackerContext {
  readonly series: Series;
  readonly seriesKey: string;
  readonly resource: Resource;
  readonly collection: ResourceCollection;
  /** Cycle time: when an anomaly first seen in this cycle is reported. */
  readonly now: number;
}

function bandWidth(p: EvidencePoint): number {
  return Math.max(p.upper - p.lower, Math.abs(p.expected) * 1e-3, 1e-9);
}

/** Severity from the metric's criticality, raised one step when the deviation is large. */
export function anomalySeverity(series: Series, peak: EvidencePoint): Severity {
  const crit = metricCriticality(series);
  const excess = Math.abs(peak.v - peak.expected) / bandWidth(peak);
  if (excess < 2) return crit;
  return crit === 'LOW' ? 'MEDIUM' : 'HIGH';
}

function frozen(open: OpenAnomaly): FrozenBaseline {
  const first = open.evidence[0] ?? open.peak;
  return open.baseline ?? { expected: first.expected, lower: first.lower, upper: first.upper };
}

/** The frozen baseline at the time of result `r`: moved by the change of the pattern part since onset. */
function baselineAt(base: FrozenBaseline, r: Pick<DetectionResult, 'seasonal'>): FrozenBaseline {
  const shift = (r.seasonal ?? 0) - (base.seasonal ?? 0);
  if (shift === 0) return base;
  return { expected: base.expected + shift, lower: base.lower + shift, upper: base.upper + shift, seasonal: r.seasonal ?? 0 };
}

/** Whether `v` lies outside `band` on `direction`'s side and differs from its expected value materially. */
function outsideMaterially(v: number, band: FrozenBaseline, direction: 'ABOVE' | 'BELOW' | 'NONE'): boolean {
  return beyond(v, band, direction) && Math.abs(v - band.expected) >= MIN_RELATIVE_DEVIATION * Math.abs(band.expected);
}

/** Whether `v` lies outside `band` on the side `direction` names. */
/** Whether `v` lies outside `band` on `direction`'s side (either side for NONE). O(1). */
export function beyond(v: number, band: Pick<FrozenBaseline, 'lower' | 'upper'>, direction: 'ABOVE' | 'BELOW' | 'NONE'): boolean {
  return direction === 'ABOVE' ? v > band.upper : direction === 'BELOW' ? v < band.lower : v > band.upper || v < band.lower;
}

/** A value signed so that larger departs further in `direction`. */
function departure(v: number, direction: 'ABOVE' | 'BELOW' | 'NONE'): number {
  return direction === 'BELOW' ? -v : v;
}

export function toAnomaly(open: OpenAnomaly, ctx: TrackerContext, closed?: { readonly at: number; readonly reason: 'RECOVERED' | 'NEW_NORMAL' }): Anomaly {
  const closedAt = closed?.at;
  // The peak carries the frozen baseline at its time (see trackPoint).
  const p = open.peak;
  return {
    id: open.id,
    seriesKey: ctx.seriesKey,
    series: ctx.series,
    resourceId: ctx.resource.id,
    resourceType: ctx.resource.type,
    resourceName: ctx.resource.name,
    collection: ctx.collection,
    severity: anomalySeverity(ctx.series, p),
    status: closedAt === undefined ? 'ONGOING' : 'CLOSED',
    timeRange: closedAt === undefined ? { start: open.start } : { start: open.start, end: closedAt },
    ...(closed ? { closeReason: closed.reason } : {}),
    ...(open.routine ? { routine: true } : {}),
    ...(open.gradual ? { gradual: true } : {}),
    reportedAt: open.reportedAt,
    lastAnomalousAt: open.lastAnomalousAt,
    direction: open.direction,
    observed: p.v,
    expected: p.expected,
    lower: p.lower,
    upper: p.upper,
    score: p.score,
    evidence: open.evidence.slice(-MAX_EVIDENCE),
    type: 'CAUSAL',
    ...scopeOf(ctx.resource),
  };
}

/**
 * Feeds one scored point. Returns the new open anomaly (or undefined), when an anomaly closed at
 * this point the closed anomaly, and the recovery to remember (see `Recovery`).
 */
export function trackPoint(
  open: OpenAnomaly | undefined,
  t: number,
  v: number,
  r: DetectionResult,
  cfg: TrackerConfig,
  ctx: TrackerContext,
  recovery?: Recovery,
): { open: OpenAnomaly | undefined; closed?: Anomaly; changed: boolean; recovery?: Recovery } {
  const flagged = r.score >= cfg.threshold && r.direction !== 'NONE';
  if (!open) return maybeOpen(t, v, r, flagged, ctx, recovery);
  const band = baselineAt(frozen(open), r);
  // Evidence is judged against the frozen baseline, not the band the anomaly has since dragged.
  const ev: EvidencePoint = { t, v, expected: band.expected, lower: band.lower, upper: band.upper, score: clampScore(r.score) };
  // A flagged point on the anomaly's side counts as the detector says; otherwise the value decides.
  const sameSide = r.direction === open.direction || open.direction === 'NONE';
  const anomalous = countsArrivals(ctx) ? v > open.peak.v : outsideMaterially(v, band, open.direction) || (flagged && sameSide);
  if (anomalous) {
    open.lastAnomalousAt = t;
    open.normalRun = 0;
    if (departure(v, open.direction) >= departure(open.peak.v, open.direction)) open.peak = ev;
    open.evidence.push(ev);
    if (open.evidence.length > MAX_EVIDENCE) open.evidence.shift();
    if (t - open.start >= cfg.newNormalAfterMs) return close(open, ctx, { at: t, reason: 'NEW_NORMAL' }, v);
    return { open, changed: true };
  }
  open.normalRun += 1;
  if (open.evidence.length < MAX_EVIDENCE) open.evidence.push(ev);
  if (open.normalRun >= cfg.closeAfterPoints) {
    return close(open, ctx, { at: open.lastAnomalousAt + ctx.series.periodSeconds * 1000, reason: 'RECOVERED' }, v);
  }
  return { open, changed: false };
}

/**
 * A dead-letter queue's depth counts the failures that have arrived, and nothing drains it on its
 * own: it stays high long after the failures stopped. Its anomaly lasts while the depth grows
 * (new failed messages); what is left in the queue is work for a redrive, not an ongoing problem.
 */
function countsArrivals(ctx: TrackerContext): boolean {
  return /^ApproximateNumberOfMessages(Visible)?$/.test(ctx.series.metricName) && /dlq|dead-?letter/i.test(ctx.resource.name);
}

function clampScore(score: number): number {
  return Math.min(1, Math.max(0, score));
}

/** With no anomaly open: opens one for a flagged point outside the band, unless it is a recovery. */
function maybeOpen(
  t: number,
  v: number,
  r: DetectionResult,
  flagged: boolean,
  ctx: TrackerContext,
  recovery?: Recovery,
): { open: OpenAnomaly | undefined; changed: boolean; recovery?: Recovery } {
  const rec = recovery && t <= recovery.until ? recovery : undefined;
  let blocked = false;
  if (rec) {
    // Judged against the baseline frozen at the last anomaly's onset: a value inside it, or on
    // its way back to it, is a recovery however far the dragged forecast now is.
    const band = baselineAt(rec.baseline, r);
    const stillOut = beyond(v, band, rec.direction);
    const returning = stillOut && departure(v, rec.direction) <= departure(rec.lastV, rec.direction);
    blocked = returning || r.direction === 'NONE' || !beyond(v, band, r.direction);
    rec.lastV = v;
    // The forecast stays dragged while the value does: the recovery lasts as long, and a while after.
    if (stillOut) rec.until = Math.max(rec.until, t + rec.holdMs);
  }
  // Opens only for a value outside the band on the side the detector names.
  if (!flagged || blocked || !beyond(v, r, r.direction)) {
    return { open: undefined, changed: false, ...(rec ? { recovery: rec } : {}) };
  }
  const ev: EvidencePoint = { t, v, expected: r.expected, lower: r.lower, upper: r.upper, score: clampScore(r.score) };
  const created: OpenAnomaly = {
    id: stableId('anm', ctx.seriesKey, t),
    start: t,
    reportedAt: ctx.now,
    lastAnomalousAt: t,
    normalRun: 0,
    peak: ev,
    direction: r.direction,
    evidence: [ev],
    baseline: rec ? rec.baseline : { expected: r.expected, lower: r.lower, upper: r.upper, seasonal: r.seasonal ?? 0 },
  };
  return { open: created, changed: true };
}

/** Closes `open`, remembering the way back to its baseline (see `Recovery`). */
function close(
  open: OpenAnomaly,
  ctx: TrackerContext,
  closed: { readonly at: number; readonly reason: 'RECOVERED' | 'NEW_NORMAL' },
  v: number,
): { open: undefined; closed: Anomaly; changed: true; recovery?: Recovery } {
  const anomaly = toAnomaly(open, ctx, closed);
  if (open.direction === 'NONE') return { open: undefined, closed: anomaly, changed: true };
  const span = Math.min(RECOVERY_MAX_MS, Math.max(RECOVERY_MIN_MS, closed.at - open.start));
  const recovery: Recovery = { direction: open.direction, baseline: frozen(open), lastV: v, until: closed.at + span, holdMs: span };
  return { open: undefined, closed: anomaly, changed: true, recovery };
}
