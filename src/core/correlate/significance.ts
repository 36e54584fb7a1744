/**
 * Which anomalies are worth an insight. DevOps Guru users dislike noise more than anything,
 * so an insight opens only when at least one of its anomalies is *notable*:
 *
 * | metric criticality (`metricCriticality`) | notable when it persists for at least | or, at once, when |
 * |---|---|---|
 * | HIGH (errors, faults, 5XX, throttles, DLQ, failed checks) | 2 periods | its peak is ≥ 4 band widths out |
 * | MEDIUM (latency, duration, 4XX, backlog, concurrency) | 2 periods | — |
 * | LOW (everything else: traffic, CPU, capacity) | 3 periods | — |
 *
 * *Persistence* is the larger of the anomaly's span (first to latest anomalous point) and the
 * number of its evidence points that lie outside the expected band on the anomaly's side. The
 * second measure matters because a detector may report a sustained shift once and then
 * suppress repeated detections while the values stay far outside the band.
 * An anomaly that is still young becomes notable in the cycle that sees its second (or third)
 * deviating period, and the insight then starts at the anomaly's onset, not at that cycle.
 * Anomalies that are not notable never open an insight, but join one that is open in their
 * collection at the same time (as CONTEXTUAL). A single-point blip on a LOW metric therefore
 * never pages anyone; neither does a one-period wobble of errors within a few band widths.
 */
import { metricCriticality } from '../metrics';
import type { Anomaly, EvidencePoint } from '../model';
import type { ResolvedCorrelatorConfig } from './config';

/** Periods from the first to the latest anomalous point, inclusive. O(1). */
export function spanPeriods(a: Pick<Anomaly, 'timeRange' | 'lastAnomalousAt' | 'series'>): number {
  const period = a.series.periodSeconds * 1000;
  return Math.max(1, Math.round((a.lastAnomalousAt - a.timeRange.start) / period) + 1);
}

function outside(a: Pick<Anomaly, 'direction'>, p: EvidencePoint): boolean {
  if (a.direction === 'ABOVE') return p.v > p.upper;
  if (a.direction === 'BELOW') return p.v < p.lower;
  return p.v > p.upper || p.v < p.lower;
}

/** Evidence points from onset on that lie outside the expected band on the anomaly's side. O(evidence). */
export function deviatingPoints(a: Pick<Anomaly, 'direction' | 'evidence' | 'timeRange'>): number {
  let n = 0;
  for (const p of a.evidence) if (p.t >= a.timeRange.start && outside(a, p)) n++;
  return n;
}

/** The latest time the series was anomalous or still outside its band on the anomaly's side. O(evidence). */
export function lastDeviatingAt(a: Pick<Anomaly, 'direction' | 'evidence' | 'lastAnomalousAt'>): number {
  let t = a.lastAnomalousAt;
  for (const p of a.evidence) if (p.t > t && outside(a, p)) t = p.t;
  return t;
}

/** Persistence in periods: the larger of the span and the deviating evidence points. O(evidence). */
export function persistence(a: Anomaly): number {
  return Math.max(spanPeriods(a), deviatingPoints(a));
}

/** How far the peak lies from the expected value, in widths of the expected band. O(1). */
export function excess(a: Pick<Anomaly, 'observed' | 'expected' | 'lower' | 'upper'>): number {
  const width = Math.max(a.upper - a.lower, Math.abs(a.expected) * 1e-3, 1e-9);
  return Math.abs(a.observed - a.expected) / width;
}

/** Whether the anomaly may open an insight on its own (the rule above). O(1). */
export function isNotable(a: Anomaly, cfg: Pick<ResolvedCorrelatorConfig, 'minPeriods' | 'strongExcess'>): boolean {
  const crit = metricCriticality(a.series);
  if (persistence(a) >= cfg.minPeriods[crit]) return true;
  return crit === 'HIGH' && excess(a) >= cfg.strongExcess;
}
