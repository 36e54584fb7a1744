/**
 * Tells the CAUSAL anomaly of an insight (where the problem originates) from the CONTEXTUAL
 * ones (its symptoms elsewhere). Only notable anomalies (`significance.ts`) are candidates
 * when there are any. Three kinds of evidence, in this order:
 *
 * 1. Onset order. The *anchor* is the strongest candidate (most critical metric, then a
 *    non-traffic role, then the longest, then the largest excess). A cause precedes its
 *    effects and lasts into them, so the candidates are those that start no later than the
 *    anchor (give or take `onsetSlackPeriods` periods) and are still active when it starts;
 *    an earlier blip that ended before is noise, not a cause. Of these, the ones starting
 *    within `onsetSlackPeriods` periods of the earliest form the "first wave".
 * 2. Metric role. In the first wave, a fault, saturation or latency anomaly explains more than a
 *    plain traffic change, which is usually an effect (fewer writes to a table when its caller
 *    fails). Traffic anomalies are chosen only when the wave holds nothing else.
 * 3. Call direction (`topology.ts`). Among faults, saturation and latency, the deepest tier
 *    wins (DynamoDB throttles → Lambda errors → API 5XX); among traffic changes, the
 *    shallowest (a surge arrives at the edge and propagates down).
 * Ties go to the higher role rank, then the more critical metric, the larger excess, the
 * earlier onset and finally the id, so the choice is deterministic.
 */
import { SEVERITY_RANK, type Anomaly } from '../model';
import type { ResolvedCorrelatorConfig } from './config';
import { readAgainstLoad } from './load';
import { excess, lastDeviatingAt, notableInView, persistence } from './significance';
import { correlationCriticality, metricRole, ROLE_RANK, TIER_DEPTH, tierOf } from './topology';

function compareCandidates(a: Anomaly, b: Anomaly): number {
  const ra = metricRole(a.series);
  const rb = metricRole(b.series);
  const ta = ra === 'TRAFFIC' ? 1 : 0;
  const tb = rb === 'TRAFFIC' ? 1 : 0;
  if (ta !== tb) return ta - tb;
  const da = TIER_DEPTH[tierOf(a.resourceType)];
  const db = TIER_DEPTH[tierOf(b.resourceType)];
  if (da !== db) return ta === 1 ? da - db : db - da;
  return (
    ROLE_RANK[rb] - ROLE_RANK[ra] ||
    SEVERITY_RANK[correlationCriticality(b.series)] - SEVERITY_RANK[correlationCriticality(a.series)] ||
    excess(b) - excess(a) ||
    a.timeRange.start - b.timeRange.start ||
    a.id.localeCompare(b.id)
  );
}

function strength(a: Anomaly): [number, number, number, number] {
  return [SEVERITY_RANK[correlationCriticality(a.series)], metricRole(a.series) === 'TRAFFIC' ? 0 : 1, persistence(a), excess(a)];
}

function stronger(a: Anomaly, b: Anomaly): boolean {
  const sa = strength(a);
  const sb = strength(b);
  for (let i = 0; i < sa.length; i++) if (sa[i] !== sb[i]) return sa[i]! > sb[i]!;
  return byOnsetThenId(a, b) < 0;
}

function byOnsetThenId(a: Anomaly, b: Anomaly): number {
  return a.timeRange.start - b.timeRange.start || a.id.localeCompare(b.id);
}

/** The causal anomaly among an insight's members (undefined only for an empty list). O(n log n). */
export function chooseCausal(members: readonly Anomaly[], cfg: ResolvedCorrelatorConfig): Anomaly | undefined {
  if (members.length === 0) return undefined;
  // Notability and strength are judged with counts read against the load (a surge's errors are not its cause).
  const view = readAgainstLoad(members);
  const ids = notableInView(view, cfg);
  const notable = view.filter((a) => ids.has(a.id));
  const pool = notable.length ? notable : view;
  let anchor = pool[0]!;
  for (const a of pool) if (stronger(a, anchor)) anchor = a;
  const slack = (a: Anomaly) => cfg.onsetSlackPeriods * a.series.periodSeconds * 1000;
  const chain = pool.filter(
    (a) => a.timeRange.start <= anchor.timeRange.start + slack(a) && lastDeviatingAt(a) >= anchor.timeRange.start - slack(a),
  );
  const first = Math.min(...chain.map((a) => a.timeRange.start));
  const wave = chain.filter((a) => a.timeRange.start <= first + slack(a));
  const chosen = [...wave].sort(compareCandidates)[0];
  return chosen && members.find((a) => a.id === chosen.id);
}

/**
 * The onset of an insight: the earliest start among its causal anomaly and the members still
 * active within `onsetSlackPeriods` periods before the causal onset (earlier, finished blips
 * are left out, so they cannot pull the onset, and the event look-back, away from the cause).
 */
export function insightOnset(members: readonly Anomaly[], causal: Anomaly, cfg: ResolvedCorrelatorConfig): number {
  const slack = cfg.onsetSlackPeriods * causal.series.periodSeconds * 1000;
  let start = causal.timeRange.start;
  for (const a of members) {
    if (lastDeviatingAt(a) >= causal.timeRange.start - slack) start = Math.min(start, a.timeRange.start);
  }
  return start;
}

/** Each member with `type` and `causalAnomalyId` set relative to the causal anomaly. O(n). */
export function assignTypes(members: readonly Anomaly[], causal: Anomaly): Anomaly[] {
  return members.map((a) => {
    if (a.id === causal.id) {
      const { causalAnomalyId: _drop, ...rest } = a;
      return { ...rest, type: 'CAUSAL' as const };
    }
    return { ...a, type: 'CONTEXTUAL' as const, causalAnomalyId: causal.id };
  });
}
