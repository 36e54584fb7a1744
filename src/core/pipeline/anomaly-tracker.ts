/**
 * Turns a detector's per-point scores into anomalies: consecutive anomalous points (allowing
 * short normal gaps) form one anomaly, which closes after a run of normal points.
 *
 * Direction is judged against the baseline frozen at onset, not against a forecast the incident
 * has dragged along: an anomaly opens only for a value outside the detector's band on the side
 * the detector names; while it is open, points on the other side of the forecast count only while
 * they are still outside the frozen baseline (the value is still elevated or low), and never turn
 * the anomaly around; after it closes, a value moving back toward that baseline opens nothing
 * until the metric is back inside it (a recovery is not a new anomaly).
 * Pure: `(state, point, result) -> state`, with the anomalies it opened or changed.
 */
import type { DetectionResult } from '../detect/types';
import { stableId } from '../ids';
import { metricCriticality } from '../metrics';
import type { Anomaly, EvidencePoint, Resource, ResourceCollection, Series, Severity } from '../model';

/** Evidence points kept in state for an open anomaly (bounded so state stays small). */
const MAX_EVIDENCE = 32;

/** The detector's expectation at an anomaly's onset, kept while the anomaly and its recovery last. */
export interface FrozenBaseline {
  readonly expected: number;
  readonly lower: number;
  readonly upper: number;
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
}

/** How long a recovery is remembered after the value was last outside the baseline: the anomaly's duration, within these bounds. */
const RECOVERY_MAX_MS = 24 * 3_600_000;
const RECOVERY_MIN_MS = 3_600_000;

export interface TrackerConfig {
  /** Score at or above which a point is anomalous. */
  readonly threshold: number;
  /** Normal points in a row after which an open anomaly closes. */
  readonly closeAfterPoints: number;
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

/** Whether `v` lies outside `band` on the side `direction` names. */
function beyond(v: number, band: FrozenBaseline, direction: 'ABOVE' | 'BELOW' | 'NONE'): boolean {
  return direction === 'ABOVE' ? v > band.upper : direction === 'BELOW' ? v < band.lower : v > band.upper || v < band.lower;
}

/** A value signed so that larger departs further in `direction`. */
function departure(v: number, direction: 'ABOVE' | 'BELOW' | 'NONE'): number {
  return direction === 'BELOW' ? -v : v;
}

export function toAnomaly(open: OpenAnomaly, ctx: TrackerContext, closedAt?: number): Anomaly {
  const base = frozen(open);
  const p: EvidencePoint = { ...open.peak, expected: base.expected, lower: base.lower, upper: base.upper };
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
    reportedAt: open.reportedAt,
    lastAnomalousAt: open.lastAnomalousAt,
    direction: open.direction,
    observed: p.v,
    expected: base.expected,
    lower: base.lower,
    upper: base.upper,
    score: p.score,
    evidence: open.evidence.slice(-MAX_EVIDENCE),
    type: 'CAUSAL',
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
  const ev: EvidencePoint = { t, v, expected: r.expected, lower: r.lower, upper: r.upper, score: Math.min(1, Math.max(0, r.score)) };
  const flagged = r.score >= cfg.threshold && r.direction !== 'NONE';
  if (!open) {
    const rec = recovery && t <= recovery.until ? recovery : undefined;
    let blocked = false;
    if (rec) {
      // Judged against the baseline frozen at the last anomaly's onset: a value inside it, or on
      // its way back to it, is a recovery however far the dragged forecast now is.
      const stillOut = beyond(v, rec.baseline, rec.direction);
      const returning = stillOut && departure(v, rec.direction) <= departure(rec.lastV, rec.direction);
      blocked = returning || r.direction === 'NONE' || !beyond(v, rec.baseline, r.direction);
      rec.lastV = v;
      // The forecast stays dragged while the value does: the recovery lasts as long, and a while after.
      if (stillOut) rec.until = Math.max(rec.until, t + rec.holdMs);
    }
    // Opens only for a value outside the band on the side the detector names.
    if (!flagged || blocked || !beyond(v, r, r.direction)) {
      return { open: undefined, changed: false, ...(rec ? { recovery: rec } : {}) };
    }
    const created: OpenAnomaly = {
      id: stableId('anm', ctx.seriesKey, t),
      start: t,
      reportedAt: ctx.now,
      lastAnomalousAt: t,
      normalRun: 0,
      peak: ev,
      direction: r.direction,
      evidence: [ev],
      baseline: rec ? rec.baseline : { expected: r.expected, lower: r.lower, upper: r.upper },
    };
    return { open: created, changed: true };
  }
  const base = frozen(open);
  // A point on the named side counts as the detector says; a point the other way (the forecast
  // was dragged along) counts only while the value is still outside the frozen baseline.
  const sameSide = r.direction === open.direction || open.direction === 'NONE';
  const anomalous = flagged && (sameSide || beyond(v, base, open.direction));
  if (anomalous) {
    open.lastAnomalousAt = t;
    open.normalRun = 0;
    if (sameSide && departure(ev.v, open.direction) >= departure(open.peak.v, open.direction)) open.peak = ev;
    open.evidence.push(ev);
    if (open.evidence.length > MAX_EVIDENCE) open.evidence.shift();
    return { open, changed: true };
  }
  open.normalRun += 1;
  if (open.evidence.length < MAX_EVIDENCE) open.evidence.push(ev);
  if (open.normalRun >= cfg.closeAfterPoints) {
    const closedAt = open.lastAnomalousAt + ctx.series.periodSeconds * 1000;
    const closed = toAnomaly(open, ctx, closedAt);
    const span = Math.min(RECOVERY_MAX_MS, Math.max(RECOVERY_MIN_MS, closedAt - open.start));
    const next: Recovery | undefined =
      open.direction === 'NONE' ? undefined : { direction: open.direction, baseline: base, lastV: v, until: t + span, holdMs: span };
    return { open: undefined, closed, changed: true, ...(next ? { recovery: next } : {}) };
  }
  return { open, changed: false };
}
