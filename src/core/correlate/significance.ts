/**
 * Which anomalies are worth an insight. DevOps Guru users dislike noise more than anything,
 * so an insight opens only when at least one of its anomalies is *notable*:
 *
 * | criticality (`correlationCriticality`: `metricCriticality` with 4XX as MEDIUM) | notable when it deviates for at least | or, at once, when |
 * |---|---|---|
 * | HIGH (errors, faults, 5XX, throttles, DLQ, failed checks) | 2 periods | its peak is ≥ 4 band widths out, or corroborated |
 * | MEDIUM (latency, duration, 4XX, backlog, concurrency) | 3 periods | corroborated (`corroborated`) |
 * | LOW (everything else: traffic, CPU, capacity) | 3 periods | — |
 *
 * A period *deviates* when its value lies outside the expected band on the anomaly's side and
 * differs from the expected value by at least 10 % of it (`deviates`). Counting deviating
 * evidence points, rather than the points the detector flagged, matters both ways: a detector
 * may flag a novel pattern whose values stay inside the band (not worth a page), and it may
 * report a sustained shift once and then suppress repeats while the values stay far out.
 * Only deviations in the harmful direction count (`isHarmfulDirection`): fewer errors, lower
 * latency or less concurrency than expected is good news, not an incident; more free storage
 * too. A drop in plain traffic counts where requests arrive (the edge and compute tiers: it may
 * be an outage upstream); in the data tier (fewer writes to a table, fewer messages through a
 * queue) a drop is the effect of its callers, or of a routine job running a little earlier or
 * later than the daily pattern expects, and is context only (`isArrivalDrop`). A rise never opens an
 * insight on its own (more customers is not an incident), and error counts and concurrency
 * that rose only as fast as the traffic are no deviation (`load.ts`).
 * Anomalies that are not notable never open an insight, but join one that is open in their
 * collection at the same time (as CONTEXTUAL). A single-point blip on a LOW metric therefore
 * never pages anyone; neither does one period of a few extra errors within the band's reach.
 */
import type { Anomaly, EvidencePoint } from '../model';
import { unitOf } from '../units';
import type { ResolvedCorrelatorConfig } from './config';
import { readAgainstLoad } from './load';
import { correlationCriticality, isHarmfulDirection, metricRole, tierOf } from './topology';

/** Periods from the first to the latest anomalous point, inclusive. O(1). */
export function spanPeriods(a: Pick<Anomaly, 'timeRange' | 'lastAnomalousAt' | 'series'>): number {
  const period = a.series.periodSeconds * 1000;
  return Math.max(1, Math.round((a.lastAnomalousAt - a.timeRange.start) / period) + 1);
}

/** A deviation smaller than this fraction of the expected value never counts, however narrow the band. */
export const MIN_RELATIVE_DEVIATION = 0.1;

/** Whether an evidence point lies outside the expected band on the anomaly's side, by a material amount. */
export function deviates(a: Pick<Anomaly, 'direction'>, p: EvidencePoint): boolean {
  const outside = a.direction === 'ABOVE' ? p.v > p.upper : a.direction === 'BELOW' ? p.v < p.lower : p.v > p.upper || p.v < p.lower;
  return outside && Math.abs(p.v - p.expected) >= MIN_RELATIVE_DEVIATION * Math.abs(p.expected);
}

/** Evidence points from onset on that deviate (see `deviates`). O(evidence). */
export function deviatingPoints(a: Pick<Anomaly, 'direction' | 'evidence' | 'timeRange'>): number {
  let n = 0;
  for (const p of a.evidence) if (p.t >= a.timeRange.start && deviates(a, p)) n++;
  return n;
}

/** The latest time the series was anomalous or still deviating on the anomaly's side. O(evidence). */
export function lastDeviatingAt(a: Pick<Anomaly, 'direction' | 'evidence' | 'lastAnomalousAt'>): number {
  let t = a.lastAnomalousAt;
  for (const p of a.evidence) if (p.t > t && deviates(a, p)) t = p.t;
  return t;
}

/**
 * Persistence in periods: the evidence points that deviate. Points a detector flags while the
 * value stays inside the band (a novel pattern, not a large value) do not count, and points it
 * stops flagging while the value stays far out (suppressed repeats) do.
 */
export function persistence(a: Anomaly): number {
  return deviatingPoints(a);
}

/** How far the peak lies from the expected value, in widths of the expected band. O(1). */
export function excess(a: Pick<Anomaly, 'observed' | 'expected' | 'lower' | 'upper'>): number {
  const width = Math.max(a.upper - a.lower, Math.abs(a.expected) * 1e-3, 1e-9);
  return Math.abs(a.observed - a.expected) / width;
}

/** Ages of the oldest waiting item: a queue's oldest message, a stream consumer's iterator age. */
const WAITING_AGE = /(ageofoldest|iteratorage)/i;

/**
 * Whether a waiting-age anomaly shows a consumer that stopped draining: the oldest item has
 * waited at least as long as the anomaly has lasted, so it was already waiting when the anomaly
 * began and is still there. An age that rose and then held (the consumer a period behind, still
 * taking the oldest items) is a lag, not a backlog: it joins an insight as context but neither
 * opens nor corroborates one. Any other metric counts as draining. O(1).
 */
export function isStalled(a: Pick<Anomaly, 'series' | 'observed' | 'timeRange' | 'lastAnomalousAt'>): boolean {
  if (!WAITING_AGE.test(a.series.metricName)) return true;
  const unit = unitOf(a.series);
  const ageMs = a.observed * (unit === 'Milliseconds' ? 1 : unit === 'Minutes' ? 60_000 : 1000);
  return ageMs >= a.lastAnomalousAt - a.timeRange.start;
}

/** Whether a traffic anomaly is a drop where requests arrive, not in the data tier behind them (module comment). O(1). */
export function isArrivalDrop(a: Pick<Anomaly, 'direction' | 'resourceType'>): boolean {
  return a.direction === 'BELOW' && tierOf(a.resourceType) !== 'DATA';
}

/** Whether the anomaly may open an insight on its own (the rule above). O(1). */
export function isNotable(a: Anomaly, cfg: Pick<ResolvedCorrelatorConfig, 'minPeriods' | 'strongExcess'>): boolean {
  if (!isHarmfulDirection(a.series, a.direction) || a.routine || !isStalled(a)) return false;
  // More customers is not an incident; what the load does to errors, latency or saturation may be.
  if (metricRole(a.series) === 'TRAFFIC' && (a.direction === 'ABOVE' || !isArrivalDrop(a))) return false;
  // A gradual degradation is judged on hours-long windows against earlier days: persistent by construction.
  if (a.gradual) return true;
  const crit = correlationCriticality(a.series);
  const periods = persistence(a);
  if (periods >= cfg.minPeriods[crit]) return true;
  return crit === 'HIGH' && periods >= 1 && excess(a) >= cfg.strongExcess;
}

/**
 * Corroboration: two anomalies on different series that start within `onsetSlackPeriods`
 * periods of each other, both in the harmful direction on a HIGH or MEDIUM metric, both
 * deviating at least once by `corroborateExcess` band widths or more, and not echoes of one
 * signal (`isEcho`). Independent noise rarely lines up like that, while an incident usually shows
 * on several signals at once (errors and latency of a function, errors of two functions), so such
 * a pair is notable from its first period. O(n²) on the
 * handful of anomalies of one cluster.
 */
export function corroborated(list: readonly Anomaly[], cfg: Pick<ResolvedCorrelatorConfig, 'onsetSlackPeriods' | 'corroborateExcess'>): Set<string> {
  const eligible = list.filter(
    (a) =>
      !a.routine &&
      isStalled(a) &&
      correlationCriticality(a.series) !== 'LOW' &&
      isHarmfulDirection(a.series, a.direction) &&
      deviatingPoints(a) >= 1 &&
      excess(a) >= cfg.corroborateExcess,
  );
  const out = new Set<string>();
  for (let i = 0; i < eligible.length; i++) {
    for (let j = i + 1; j < eligible.length; j++) {
      const a = eligible[i]!;
      const b = eligible[j]!;
      if (a.seriesKey === b.seriesKey || isEcho(a, b)) continue;
      const slack = cfg.onsetSlackPeriods * Math.max(a.series.periodSeconds, b.series.periodSeconds) * 1000;
      if (Math.abs(a.timeRange.start - b.timeRange.start) <= slack) {
        out.add(a.id);
        out.add(b.id);
      }
    }
  }
  return out;
}

/**
 * Whether two anomalies are one signal seen twice: the same role (latency and latency, fault and
 * fault) on two tiers of the call direction. An API's latency contains its function's duration,
 * its 5XX count its function's errors: they move together whatever the cause, so one does not
 * corroborate the other.
 */
function isEcho(a: Anomaly, b: Anomaly): boolean {
  return metricRole(a.series) === metricRole(b.series) && tierOf(a.resourceType) !== tierOf(b.resourceType);
}

/**
 * Ids of the anomalies that are notable on their own or corroborated, with load-proportional
 * counts read against the traffic of the moment (`load.ts`), looked for in `pool` (default: `list`).
 */
export function notableIds(list: readonly Anomaly[], cfg: ResolvedCorrelatorConfig, pool: readonly Anomaly[] = list): Set<string> {
  return notableInView(readAgainstLoad(list, pool), cfg);
}

/** `notableIds` on anomalies already read against the load (`readAgainstLoad`). */
export function notableInView(view: readonly Anomaly[], cfg: ResolvedCorrelatorConfig): Set<string> {
  const out = corroborated(view, cfg);
  for (const a of view) if (isNotable(a, cfg)) out.add(a.id);
  return out;
}
