/**
 * First correlator: groups anomalies into reactive insights by resource collection and time,
 * attaches the change events just before onset, and closes insights after a quiet period.
 * Pure and deterministic: the same inputs give the same insights and ids.
 */
import { stableId } from '../ids';
import { collectionKey } from '../metrics';
import {
  SEVERITY_RANK,
  type Anomaly,
  type Insight,
  type InsightNotification,
  type MessageType,
  type OpsEvent,
  type Severity,
} from '../model';

export interface CorrelatorConfig {
  /** An anomaly joins an ongoing insight of its collection if it starts within this long of the insight's latest activity. */
  readonly groupWindowMs: number;
  /** An insight closes when all its anomalies are closed and none was anomalous for this long. */
  readonly quietMs: number;
  /** How far before onset a change event may be to count as relevant. */
  readonly eventLookbackMs: number;
}

export const DEFAULT_CORRELATOR_CONFIG: CorrelatorConfig = {
  groupWindowMs: 30 * 60_000,
  quietMs: 30 * 60_000,
  eventLookbackMs: 2 * 3600_000,
};

export interface CorrelateInput {
  readonly now: number;
  /** Anomalies opened, changed or closed in this cycle (their latest form). */
  readonly changed: readonly Anomaly[];
  /** Insights currently ONGOING. */
  readonly ongoing: readonly Insight[];
  /** Latest known form of every anomaly attached to an ongoing insight. */
  readonly known: ReadonlyMap<string, Anomaly>;
  /** Change events around the cycle (at least `eventLookbackMs` before the oldest onset). */
  readonly events: readonly OpsEvent[];
  readonly config?: CorrelatorConfig;
}

export interface CorrelateOutput {
  /** Insights created or changed, each with `version` incremented. */
  readonly insights: Insight[];
  /** Changed anomalies with `insightId` set. */
  readonly anomalies: Anomaly[];
  readonly notifications: InsightNotification[];
}

function maxSeverity(list: readonly Anomaly[]): Severity {
  let best: Severity = 'LOW';
  for (const a of list) if (SEVERITY_RANK[a.severity] > SEVERITY_RANK[best]) best = a.severity;
  return best;
}

function describe(a: Anomaly): string {
  const verb = a.direction === 'BELOW' ? 'dropped' : 'increased';
  return `${a.series.metricName} ${verb} on ${a.resourceName}`;
}

function minutes(ms: number): number {
  return Math.round(ms / 60_000);
}

/** Events before onset (within the look-back) touching the insight's resources or stack, nearest first. */
export function relevantEvents(onset: number, members: readonly Anomaly[], events: readonly OpsEvent[], lookbackMs: number): OpsEvent[] {
  const names = new Set(members.flatMap((a) => [a.resourceName, a.resourceId]));
  const stacks = new Set(members.filter((a) => a.collection.type === 'STACK').map((a) => a.collection.name));
  return events
    .filter((e) => e.time <= onset && e.time >= onset - lookbackMs)
    .filter((e) => e.resources.some((r) => names.has(r.name)) || (e.stack !== undefined && stacks.has(e.stack)))
    .sort((x, y) => y.time - x.time || x.id.localeCompare(y.id));
}

function hypothesis(onset: number, events: readonly OpsEvent[]): string | undefined {
  const cause = events.find((e) => e.class === 'DEPLOYMENT') ?? events.find((e) => e.class === 'CONFIG_CHANGE') ?? events[0];
  if (!cause) return undefined;
  const target = cause.resources[0]?.name ?? cause.stack ?? 'the stack';
  return `${cause.name} on ${target}, ${minutes(onset - cause.time)} min before onset`;
}

export function correlate(input: CorrelateInput): CorrelateOutput {
  const cfg = input.config ?? DEFAULT_CORRELATOR_CONFIG;
  const byId = new Map<string, Insight>(input.ongoing.map((i) => [i.id, { ...i }]));
  const members = new Map<string, Map<string, Anomaly>>();
  for (const ins of input.ongoing) {
    const m = new Map<string, Anomaly>();
    for (const id of ins.anomalyIds) {
      const a = input.known.get(id);
      if (a) m.set(id, a);
    }
    members.set(ins.id, m);
  }
  const touched = new Map<string, Set<MessageType>>();
  const mark = (id: string, t: MessageType) => {
    const s = touched.get(id) ?? new Set<MessageType>();
    s.add(t);
    touched.set(id, s);
  };
  const outAnomalies: Anomaly[] = [];

  const latestActivity = (insightId: string): number => {
    let t = 0;
    for (const a of members.get(insightId)?.values() ?? []) t = Math.max(t, a.lastAnomalousAt);
    return t;
  };

  const sorted = [...input.changed].sort((a, b) => a.timeRange.start - b.timeRange.start || a.id.localeCompare(b.id));
  for (const anomaly of sorted) {
    let insightId = anomaly.insightId;
    if (!insightId || !byId.has(insightId)) {
      if (insightId && !byId.has(insightId)) {
        // Its insight is already closed: the anomaly keeps its association; nothing to reopen.
        outAnomalies.push(anomaly);
        continue;
      }
      const key = collectionKey(anomaly.collection);
      const candidate = [...byId.values()].find(
        (i) => i.type === 'REACTIVE' && i.status === 'ONGOING' && collectionKey(i.collection) === key && anomaly.timeRange.start - latestActivity(i.id) <= cfg.groupWindowMs,
      );
      if (candidate) {
        insightId = candidate.id;
        candidate.anomalyIds = [...candidate.anomalyIds, anomaly.id];
        mark(insightId, 'NEW_ASSOCIATION');
      } else {
        insightId = stableId('ins', key, anomaly.timeRange.start, anomaly.seriesKey);
        const created: Insight = {
          id: insightId,
          name: describe(anomaly),
          type: 'REACTIVE',
          severity: anomaly.severity,
          status: 'ONGOING',
          timeRange: { start: anomaly.timeRange.start },
          collection: anomaly.collection,
          anomalyIds: [anomaly.id],
          relevantEventIds: [],
          recommendations: [],
          createdAt: input.now,
          updatedAt: input.now,
          version: 0,
        };
        byId.set(insightId, created);
        members.set(insightId, new Map());
        mark(insightId, 'NEW_INSIGHT');
      }
    }
    const withInsight: Anomaly = { ...anomaly, insightId };
    members.get(insightId)?.set(anomaly.id, withInsight);
    outAnomalies.push(withInsight);
  }

  // Severity, events and hypothesis for touched insights; closure for all ongoing ones.
  for (const ins of byId.values()) {
    const list = [...(members.get(ins.id)?.values() ?? [])];
    if (list.length === 0) continue;
    const sev = maxSeverity(list);
    if (SEVERITY_RANK[sev] > SEVERITY_RANK[ins.severity]) {
      ins.severity = sev;
      if (!touched.get(ins.id)?.has('NEW_INSIGHT')) mark(ins.id, 'SEVERITY_UPGRADED');
    }
    if (touched.has(ins.id)) {
      const evs = relevantEvents(ins.timeRange.start, list, input.events, cfg.eventLookbackMs);
      ins.relevantEventIds = evs.map((e) => e.id);
      ins.rootCause = hypothesis(ins.timeRange.start, evs);
    }
    const last = Math.max(...list.map((a) => a.lastAnomalousAt));
    if (list.every((a) => a.status === 'CLOSED') && input.now - last >= cfg.quietMs) {
      ins.status = 'CLOSED';
      ins.timeRange = { start: ins.timeRange.start, end: Math.max(...list.map((a) => a.timeRange.end ?? a.lastAnomalousAt)) };
      mark(ins.id, 'CLOSED_INSIGHT');
    }
  }

  const insights: Insight[] = [];
  const notifications: InsightNotification[] = [];
  for (const [id, types] of touched) {
    const ins = byId.get(id);
    if (!ins) continue;
    const updated: Insight = { ...ins, updatedAt: input.now, version: ins.version + 1 };
    insights.push(updated);
    const list = [...(members.get(id)?.values() ?? [])];
    for (const t of types) {
      notifications.push({ id: stableId('ntf', id, t, updated.version), messageType: t, insight: updated, anomalies: list });
    }
  }
  return { insights, anomalies: outAnomalies, notifications };
}
