/**
 * Turns a detector's per-point scores into anomalies: consecutive anomalous points (allowing
 * short normal gaps) form one anomaly, which closes after a run of normal points.
 * Pure: `(state, point, result) -> state`, with the anomalies it opened or changed.
 */
import type { DetectionResult } from '../detect/types';
import { stableId } from '../ids';
import { metricCriticality } from '../metrics';
import type { Anomaly, EvidencePoint, Resource, ResourceCollection, Series, Severity } from '../model';

/** Evidence points kept in state for an open anomaly (bounded so state stays small). */
const MAX_EVIDENCE = 32;

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
}

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

export function toAnomaly(open: OpenAnomaly, ctx: TrackerContext, closedAt?: number): Anomaly {
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
  };
}

/**
 * Feeds one scored point. Returns the new open anomaly (or undefined) and, when an anomaly
 * closed at this point, the closed anomaly.
 */
export function trackPoint(
  open: OpenAnomaly | undefined,
  t: number,
  v: number,
  r: DetectionResult,
  cfg: TrackerConfig,
  ctx: TrackerContext,
): { open: OpenAnomaly | undefined; closed?: Anomaly; changed: boolean } {
  const ev: EvidencePoint = { t, v, expected: r.expected, lower: r.lower, upper: r.upper, score: Math.min(1, Math.max(0, r.score)) };
  const anomalous = r.score >= cfg.threshold && r.direction !== 'NONE';
  if (anomalous) {
    if (!open) {
      const created: OpenAnomaly = {
        id: stableId('anm', ctx.seriesKey, t),
        start: t,
        reportedAt: ctx.now,
        lastAnomalousAt: t,
        normalRun: 0,
        peak: ev,
        direction: r.direction,
        evidence: [ev],
      };
      return { open: created, changed: true };
    }
    open.lastAnomalousAt = t;
    open.normalRun = 0;
    if (Math.abs(ev.v - ev.expected) / bandWidth(ev) >= Math.abs(open.peak.v - open.peak.expected) / bandWidth(open.peak)) {
      open.peak = ev;
      open.direction = r.direction;
    }
    open.evidence.push(ev);
    if (open.evidence.length > MAX_EVIDENCE) open.evidence.shift();
    return { open, changed: true };
  }
  if (!open) return { open: undefined, changed: false };
  open.normalRun += 1;
  if (open.evidence.length < MAX_EVIDENCE) open.evidence.push(ev);
  if (open.normalRun >= cfg.closeAfterPoints) {
    const closedAt = open.lastAnomalousAt + ctx.series.periodSeconds * 1000;
    return { open: undefined, closed: toAnomaly(open, ctx, closedAt), changed: true };
  }
  return { open, changed: false };
}
