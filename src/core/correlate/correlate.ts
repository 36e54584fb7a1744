/**
 * The correlator: turns the anomalies that changed in a cycle into reactive insights.
 *
 * 1. Membership. An anomaly already in an ongoing insight (by its `insightId`, or listed in
 *    the insight's `anomalyIds`) stays there. Any other anomaly
 *    joins an ongoing reactive insight of the same resource collection (stack, tag value,
 *    account) whose activity it overlaps, give or take `groupWindowMs`. The rest are
 *    clustered per collection (single linkage: active periods less than `groupWindowMs`
 *    apart); a cluster opens a new insight only if it holds a notable anomaly
 *    (`significance.ts`), otherwise its anomalies stay unattached and are reconsidered
 *    when they change again.
 * 2. Explanation. For every insight that changed: the causal anomaly (`causality.ts`), the
 *    type of each member, the severity (`severity.ts`, never lowered), the name and
 *    description from the causal anomaly, the ranked relevant events and the root-cause
 *    hypothesis (`../events/rank.ts`).
 * 3. Lifecycle. An insight closes when all its anomalies are closed and none was anomalous
 *    for `quietMs`. Transitions produce NEW_INSIGHT, NEW_ASSOCIATION, SEVERITY_UPGRADED and
 *    CLOSED_INSIGHT notifications with deterministic ids.
 *
 * Member accounts: collections are per account, so only the join across collections (a seed
 * whose onset matches an insight elsewhere) could reach into another account; it does only
 * where a configured dependency names the two (`cfg.accounts`), and only the changes of an
 * insight's accounts, and of accounts linked to them, are ranked. An insight carries its
 * causal anomaly's account and region.
 *
 * Ids are deterministic: an insight's id hashes its collection and the onset and series of
 * the notable anomaly that opened it, so re-running a cycle (or completing one that crashed
 * after storing anomalies) recreates the same insight rather than a duplicate. Pure.
 */
import { describeEvent, isLikelyCause, rankEvents, relevantEventIds, rootCauseHypothesis, type RankedEvent, type ResourceRef } from '../events/rank';
import { stableId } from '../ids';
import { mayCorrelate, withScopeOf, type AccountLinks, type LinkSide } from '../accounts/scope';
import { recommend } from '../recommend/recommend';
import { collectionKey } from '../metrics';
import { MAX_LISTED_ANOMALIES, SEVERITY_RANK, type Anomaly, type Insight, type InsightNotification, type MessageType, type OpsEvent, type Resource } from '../model';
import { assignTypes, chooseCausal, insightOnset } from './causality';
import { resolveConfig, type CorrelatorConfig, type ResolvedCorrelatorConfig } from './config';
import { insightDescription, insightName, originSummary } from './describe';
import { insightSeverity, maxSeverity } from './severity';
import { tierOf } from './topology';
import { lastDeviatingAt, notableIds } from './significance';

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
  /** The covered resources, so events naming a resource by ARN match it. Optional. */
  readonly resources?: readonly Resource[];
}

export interface CorrelateOutput {
  /** Insights created or changed, each with `version` incremented. */
  readonly insights: Insight[];
  /** Anomalies whose stored form must change: every changed anomaly (with `insightId` when attached) and members whose type changed. */
  readonly anomalies: Anomaly[];
  readonly notifications: InsightNotification[];
}

/** Active interval of an anomaly: onset to the latest point that was anomalous or still outside the band. */
function activeEnd(a: Anomaly): number {
  return lastDeviatingAt(a);
}

function byOnset(a: Anomaly, b: Anomaly): number {
  return a.timeRange.start - b.timeRange.start || a.id.localeCompare(b.id);
}

interface Working {
  insight: Insight;
  members: Map<string, Anomaly>;
  isNew: boolean;
  messages: Set<MessageType>;
  /** Membership or a member changed in this cycle. */
  touched: boolean;
  /** Ids of the anomalies that joined in this cycle (members before keep their insight id). */
  joined: Set<string>;
}

function span(members: Iterable<Anomaly>): { start: number; end: number } {
  let start = Infinity;
  let end = -Infinity;
  for (const a of members) {
    start = Math.min(start, a.timeRange.start);
    end = Math.max(end, activeEnd(a));
  }
  return { start, end };
}

/** Single-linkage clusters of anomalies (sorted by onset) whose active intervals are within `gap`. */
function clusters(list: readonly Anomaly[], gap: number): Anomaly[][] {
  const out: Anomaly[][] = [];
  let current: Anomaly[] = [];
  let reach = -Infinity;
  for (const a of [...list].sort(byOnset)) {
    if (current.length && a.timeRange.start - reach > gap) {
      out.push(current);
      current = [];
      reach = -Infinity;
    }
    current.push(a);
    reach = Math.max(reach, activeEnd(a));
  }
  if (current.length) out.push(current);
  return out;
}

function refOf(a: Anomaly, arns: ReadonlyMap<string, string>): ResourceRef {
  const arn = arns.get(a.resourceId);
  return { id: a.resourceId, name: a.resourceName, type: a.resourceType, ...(arn ? { arn } : {}), ...(a.accountId ? { accountId: a.accountId } : {}) };
}

/** An anomaly's account and stack, as account dependencies name them. */
function sideOf(a: Anomaly): LinkSide {
  return { accountId: a.accountId, stack: a.collection.type === 'STACK' ? a.collection.name : undefined };
}

/** The events that may explain an insight: those of its members' accounts, and of accounts a dependency links to one of them. */
function eventsFor(members: readonly Anomaly[], events: readonly OpsEvent[], links: AccountLinks): readonly OpsEvent[] {
  if (!members.some((m) => m.accountId) && !events.some((e) => e.accountId)) return events;
  return events.filter((e) => members.some((m) => mayCorrelate({ accountId: e.accountId, stack: e.stack }, sideOf(m), links)));
}

/** Recomputes everything an insight derives from its members; returns the members whose type changed. */
function explain(w: Working, events: readonly OpsEvent[], cfg: ResolvedCorrelatorConfig, arns: ReadonlyMap<string, string>): Anomaly[] {
  const list = [...w.members.values()].sort(byOnset);
  const causal = chooseCausal(list, cfg);
  if (!causal) return [];
  const typed = assignTypes(list, causal);
  const retyped: Anomaly[] = [];
  for (const a of typed) {
    const before = w.members.get(a.id);
    if (before && (before.type !== a.type || before.causalAnomalyId !== a.causalAnomalyId)) retyped.push(a);
    w.members.set(a.id, a);
  }
  const ins = w.insight;
  const sev = maxSeverity(ins.severity, insightSeverity(typed, cfg));
  if (!w.isNew && SEVERITY_RANK[sev] > SEVERITY_RANK[ins.severity]) w.messages.add('SEVERITY_UPGRADED');
  const start = insightOnset(typed, causal, cfg);
  const origin = refOf(causal, arns);
  const seen = new Set<string>();
  const resources: ResourceRef[] = [];
  for (const a of typed) {
    if (seen.has(a.resourceId)) continue;
    seen.add(a.resourceId);
    resources.push(refOf(a, arns));
  }
  const ranked = rankEvents({ onset: start, origin, resources, collection: ins.collection }, eventsFor(typed, events, cfg.accounts), {
    lookbackMs: cfg.eventLookbackMs,
    afterOnsetMs: causal.series.periodSeconds * 1000,
  });
  // A gradual degradation's onset is known to the hour: no change is named its likely cause.
  const sharpOnset = causal.gradual !== true;
  const rootCause = rootCauseHypothesis(ranked, originSummary(causal, typed), sharpOnset);
  w.insight = withScopeOf({
    ...ins,
    // An insight spanning collections (or accounts, through a dependency) belongs where its problem originates.
    collection: causal.collection,
    name: insightName(causal),
    description: insightDescription(causal, typed),
    severity: sev,
    timeRange: ins.timeRange.end === undefined ? { start } : { start, end: ins.timeRange.end },
    ...listed(ins, typed, causal, w.joined),
    relevantEventIds: relevantEventIds(ranked),
    ...(rootCause ? { rootCause } : {}),
    causes: causesOf(ranked, sharpOnset),
  }, causal);
  return retyped;
}

/**
 * The ids an insight lists and its member count: every member while there are at most
 * MAX_LISTED_ANOMALIES; past that the causal anomaly, the open ones, then the latest to start.
 * Members left off the list keep the insight's id on their own record.
 */
function listed(ins: Insight, members: readonly Anomaly[], causal: Anomaly, joined: ReadonlySet<string>): Pick<Insight, 'anomalyIds' | 'anomalyCount'> {
  const before = new Set(ins.anomalyIds);
  const added = members.filter((a) => !before.has(a.id));
  const count = (ins.anomalyCount ?? ins.anomalyIds.length) + added.filter((a) => joined.has(a.id)).length;
  const all = [...ins.anomalyIds, ...added.map((a) => a.id)];
  if (all.length <= MAX_LISTED_ANOMALIES) return { anomalyIds: all, anomalyCount: count };
  const byId = new Map(members.map((a) => [a.id, a]));
  const rank = (id: string): number => (id === causal.id ? 0 : byId.get(id)?.status === 'ONGOING' ? 1 : 2);
  const startOf = (id: string): number => byId.get(id)?.timeRange.start ?? -Infinity;
  const kept = new Set([...all].sort((x, y) => rank(x) - rank(y) || startOf(y) - startOf(x)).slice(0, MAX_LISTED_ANOMALIES));
  return { anomalyIds: all.filter((id) => kept.has(id)), anomalyCount: count };
}

/** The candidate changes as the insight carries them (at most five). */
function causesOf(ranked: readonly RankedEvent[], sharpOnset: boolean): NonNullable<Insight['causes']> {
  return ranked.slice(0, 5).map((r) => ({
    eventIds: r.records.map((e) => e.id),
    description: describeEvent(r),
    score: Math.round(Math.min(1, r.score) * 1000) / 1000,
    scope: r.scope,
    minutesBeforeOnset: Math.round(r.minutesBeforeOnset * 10) / 10,
    likely: isLikelyCause(r, sharpOnset),
  }));
}

function sameInsight(a: Insight, b: Insight): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * Whether `a` may be the start of an independent incident rather than a symptom of insight `w`:
 * it starts more than `onsetSlackPeriods` periods after the insight's onset, on another compute
 * resource than the insight's causal anomaly, itself on compute (a second function failing a
 * while after the first). Such an anomaly does not join `w`: it opens its own insight once
 * notable, and stays unattached until then. Symptoms of one incident spread across tiers (callers
 * see errors, queues fill), reach the data stores and queues the services share, or stay on the
 * resources already involved; two services that start failing apart are two incidents.
 */
function isNewOrigin(a: Anomaly, w: Working, cfg: ResolvedCorrelatorConfig): boolean {
  const members = [...w.members.values()];
  const causal = members.find((m) => m.type === 'CAUSAL' && !m.causalAnomalyId) ?? members[0];
  if (!causal || a.resourceId === causal.resourceId || tierOf(a.resourceType) !== 'COMPUTE' || tierOf(causal.resourceType) !== 'COMPUTE') return false;
  if (members.some((m) => m.resourceId === a.resourceId)) return false;
  const onset = Math.min(...members.map((m) => m.timeRange.start));
  return a.timeRange.start - onset > cfg.onsetSlackPeriods * a.series.periodSeconds * 1000;
}

/**
 * An open reactive insight of another collection whose problem started with `seed`: one incident
 * seen in two stacks (a table throttles in one, the functions writing to it fail in another) is
 * one insight; stacks of two accounts only where a dependency names them (`cfg.accounts`).
 * Without a call graph, the evidence that the two call each other is the call direction: a member of the insight on another tier (edge, compute, data) started within
 * `onsetSlackPeriods` periods of the seed. Failures on the same tier of two stacks at once (two
 * teams' functions) stay apart. The nearest onset wins.
 */
function sameOnsetElsewhere(work: ReadonlyMap<string, Working>, key: string, seed: Anomaly, cfg: ResolvedCorrelatorConfig): Working | undefined {
  const slack = cfg.onsetSlackPeriods * seed.series.periodSeconds * 1000;
  const tier = tierOf(seed.resourceType);
  let best: Working | undefined;
  let bestGap = Infinity;
  for (const w of work.values()) {
    if (w.insight.type !== 'REACTIVE' || w.insight.status !== 'ONGOING') continue;
    if (w.insight.collection.type !== seed.collection.type || collectionKey(w.insight.collection) === key) continue;
    for (const a of w.members.values()) {
      if (tierOf(a.resourceType) === tier || !mayCorrelate(sideOf(a), sideOf(seed), cfg.accounts)) continue;
      const gap = Math.abs(a.timeRange.start - seed.timeRange.start);
      if (gap <= slack && gap < bestGap) {
        best = w;
        bestGap = gap;
      }
    }
  }
  return best;
}

export function correlate(input: CorrelateInput): CorrelateOutput {
  const cfg = resolveConfig(input.config);
  const arns = new Map<string, string>();
  for (const r of input.resources ?? []) if (r.arn) arns.set(r.id, r.arn);

  const work = new Map<string, Working>();
  for (const ins of input.ongoing) {
    const members = new Map<string, Anomaly>();
    for (const id of ins.anomalyIds) {
      const a = input.known.get(id);
      if (a) members.set(id, a);
    }
    work.set(ins.id, { insight: { ...ins }, members, isNew: false, messages: new Set(), touched: false, joined: new Set() });
  }

  // 1. Membership.
  const listedBy = new Map<string, Working>();
  for (const w of work.values()) for (const id of w.insight.anomalyIds) listedBy.set(id, w);
  const unattached: Anomaly[] = [];
  for (const a of [...input.changed].sort(byOnset)) {
    const w = (a.insightId ? work.get(a.insightId) : undefined) ?? listedBy.get(a.id);
    if (w) {
      w.members.set(a.id, { ...a, insightId: w.insight.id });
      w.touched = true;
    } else {
      unattached.push(a);
    }
  }
  const leftover: Anomaly[] = [];
  for (const a of unattached) {
    const key = collectionKey(a.collection);
    let best: Working | undefined;
    let bestEnd = -Infinity;
    for (const w of work.values()) {
      if (w.insight.type !== 'REACTIVE' || w.insight.status !== 'ONGOING' || collectionKey(w.insight.collection) !== key) continue;
      if (w.members.size === 0 || isNewOrigin(a, w, cfg)) continue;
      const s = span(w.members.values());
      const overlaps = a.timeRange.start <= s.end + cfg.groupWindowMs && activeEnd(a) >= s.start - cfg.groupWindowMs;
      if (overlaps && s.end > bestEnd) {
        best = w;
        bestEnd = s.end;
      }
    }
    if (best) {
      best.members.set(a.id, { ...a, insightId: best.insight.id });
      best.joined.add(a.id);
      best.touched = true;
      if (!best.isNew) best.messages.add('NEW_ASSOCIATION');
    } else {
      leftover.push(a);
    }
  }
  // Load is read across the account (callers often live in another stack than what they call).
  const loadPool = [...new Map([...input.changed, ...[...work.values()].flatMap((w) => [...w.members.values()])].map((a) => [a.id, a])).values()];
  const byCollection = new Map<string, Anomaly[]>();
  for (const a of leftover) {
    const key = collectionKey(a.collection);
    byCollection.set(key, [...(byCollection.get(key) ?? []), a]);
  }
  const unattachedOut: Anomaly[] = [];
  for (const [key, list] of [...byCollection].sort(([x], [y]) => x.localeCompare(y))) {
    for (const group of clusters(list, cfg.groupWindowMs)) {
      const ids = notableIds(group, cfg, loadPool);
      const seed = group.filter((a) => ids.has(a.id)).sort(byOnset)[0];
      if (!seed) {
        for (const a of group) {
          const { insightId: _stale, ...rest } = a;
          unattachedOut.push(rest);
        }
        continue;
      }
      const partner = sameOnsetElsewhere(work, key, seed, cfg);
      if (partner) {
        for (const a of group) {
          partner.members.set(a.id, { ...a, insightId: partner.insight.id });
          partner.joined.add(a.id);
        }
        partner.touched = true;
        if (!partner.isNew) partner.messages.add('NEW_ASSOCIATION');
        continue;
      }
      const id = stableId('ins', key, seed.seriesKey, seed.timeRange.start);
      const existing = work.get(id);
      if (existing) {
        for (const a of group) {
          existing.members.set(a.id, { ...a, insightId: id });
          existing.joined.add(a.id);
        }
        existing.touched = true;
        if (!existing.isNew) existing.messages.add('NEW_ASSOCIATION');
        continue;
      }
      const created: Insight = {
        id,
        name: 'pending',
        type: 'REACTIVE',
        severity: 'LOW',
        status: 'ONGOING',
        timeRange: { start: group[0]!.timeRange.start },
        collection: seed.collection,
        anomalyIds: [],
        relevantEventIds: [],
        recommendations: [],
        createdAt: input.now,
        updatedAt: input.now,
        version: 0,
      };
      const members = new Map(group.map((a) => [a.id, { ...a, insightId: id }]));
      work.set(id, { insight: created, members, isNew: true, messages: new Set(['NEW_INSIGHT']), touched: true, joined: new Set(members.keys()) });
    }
  }

  // 2. Explanation, and 3. lifecycle.
  const changedIds = new Set(input.changed.map((a) => a.id));
  const outAnomalies = new Map<string, Anomaly>();
  const insights: Insight[] = [];
  const notifications: InsightNotification[] = [];
  for (const w of work.values()) {
    const before = w.insight;
    if (w.touched) {
      for (const a of explain(w, input.events, cfg, arns)) outAnomalies.set(a.id, a);
    }
    const list = [...w.members.values()];
    if (list.length === 0 && w.insight.type === 'REACTIVE' && input.now - w.insight.updatedAt >= cfg.quietMs) {
      // None of its anomalies can be read any more (expired or lost): it cannot stay open forever.
      w.insight = { ...w.insight, status: 'CLOSED', timeRange: { start: w.insight.timeRange.start, end: Math.max(w.insight.timeRange.start, w.insight.updatedAt) } };
      w.messages.add('CLOSED_INSIGHT');
    }
    if (list.length && list.every((a) => a.status === 'CLOSED')) {
      const last = Math.max(...list.map(lastDeviatingAt));
      if (input.now - last >= cfg.quietMs) {
        const end = Math.max(...list.map((a) => Math.max(a.timeRange.end ?? a.lastAnomalousAt, lastDeviatingAt(a))));
        w.insight = { ...w.insight, status: 'CLOSED', timeRange: { start: w.insight.timeRange.start, end } };
        w.messages.add('CLOSED_INSIGHT');
      }
    }
    for (const a of list) if (changedIds.has(a.id)) outAnomalies.set(a.id, a);
    if (w.touched && list.length) {
      // Advice from the catalog, on the insight's anomalies and relevant events.
      const relevant = new Set(w.insight.relevantEventIds);
      const recs = recommend({ insight: w.insight, anomalies: list.map((a) => outAnomalies.get(a.id) ?? a), events: input.events.filter((e) => relevant.has(e.id)) });
      const had = new Set(w.insight.recommendations.map((r) => r.name));
      if (!w.isNew && recs.some((r) => !had.has(r.name))) w.messages.add('NEW_RECOMMENDATION');
      w.insight = { ...w.insight, recommendations: recs };
    }
    if (!w.isNew && w.messages.size === 0 && sameInsight(before, w.insight)) continue;
    const updated: Insight = { ...w.insight, updatedAt: input.now, version: w.insight.version + 1 };
    insights.push(updated);
    const members = [...w.members.values()].sort(byOnset);
    for (const t of ['NEW_INSIGHT', 'NEW_ASSOCIATION', 'SEVERITY_UPGRADED', 'NEW_RECOMMENDATION', 'CLOSED_INSIGHT'] as const) {
      if (w.messages.has(t)) notifications.push({ id: stableId('ntf', updated.id, t, updated.version), messageType: t, insight: updated, anomalies: members });
    }
  }
  for (const a of unattachedOut) outAnomalies.set(a.id, a);
  return { insights, anomalies: [...outAnomalies.values()], notifications };
}
