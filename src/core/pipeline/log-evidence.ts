/**
 * The log-evidence step, after correlation: for every open reactive insight it reads the log
 * groups of the insight's resources (and of the rest of its collection) from a baseline window
 * before onset to now, mines templates incrementally (the miner state is stored per insight,
 * so each cycle reads only what is new), and stores the unusual templates on the insight as
 * `logAnomalies`, with the log-based recommendations they support. Reads stop at a per-insight
 * line and byte budget and `windowMinutes` after onset.
 */
import { ConflictError } from '../errors';
import { collectionKey, collectionOf } from '../metrics';
import type { Insight, InsightNotification, Resource } from '../model';
import type { InsightStore, StateStore } from '../ports';
import { DEFAULT_LOGS_CONFIG, type LogsConfig } from '../logs/config';
import { TemplateMiner, isMinerState, type MinerState } from '../logs/miner';
import type { LogGroupRef, LogSource } from '../logs/port';
import { compareLogAnomalies, reportWindow, type LogWindow } from '../logs/report';
import { MAX_LOG_ANOMALIES, type LogAnomaly } from '../logs/schema';
import { recommend } from '../recommend/recommend';
import { LOG_RULES } from '../recommend/log-rules';

const MIN = 60_000;
/** Logs are read in slices this long, each with its share of the budget, so a budget spreads over the range. */
const SLICE_MS = 30 * MIN;
/** Reads start this long before onset: the first log lines of a problem often precede the metric. */
const ONSET_MARGIN_MS = 5 * MIN;
/** Counting period of the miners. */
const PERIOD_MS = 5 * MIN;
/** Most recommendations on an insight (as the correlator keeps). */
const MAX_RECOMMENDATIONS = 5;

/** What is stored per insight between cycles. */
export interface InsightLogState {
  readonly version: 1;
  /** Logs were read up to here (exclusive). */
  readTo: number;
  lines: number;
  bytes: number;
  /** The budget ran out on some read. */
  truncated: boolean;
  groups: Record<string, { readonly resourceId: string; miner: MinerState }>;
}

export interface LogEvidencePorts {
  readonly insights: InsightStore;
  readonly state: StateStore;
  readonly logs: LogSource;
}

export interface LogEvidenceReport {
  /** Insights whose log evidence changed (as saved). */
  readonly insights: Insight[];
  readonly lines: number;
  readonly bytes: number;
  /** Insights whose budget ran out. */
  readonly truncated: readonly string[];
}

export const logStateKey = (insightId: string): string => `logs|${insightId}`;

function isLogState(x: unknown): x is InsightLogState {
  return typeof x === 'object' && x !== null && (x as InsightLogState).version === 1 && typeof (x as InsightLogState).readTo === 'number';
}

/**
 * The resources whose logs explain an insight: its anomalies' resources first, then the rest of
 * its collection. A resource not in `resources` (the caller has no catalog) is described by its
 * anomaly, which is enough to name its log groups.
 */
async function resourcesOf(store: InsightStore, insight: Insight, resources: readonly Resource[]): Promise<Resource[]> {
  const byId = new Map(resources.map((r) => [r.id, r]));
  const direct = new Map<string, Resource>();
  for (const a of await store.getAnomalies(insight.anomalyIds)) {
    if (!direct.has(a.resourceId)) direct.set(a.resourceId, byId.get(a.resourceId) ?? { id: a.resourceId, type: a.resourceType, name: a.resourceName, tags: {}, series: [] });
  }
  const key = collectionKey(insight.collection);
  const rest = resources.filter((r) => !direct.has(r.id) && collectionKey(collectionOf(r)) === key);
  return [...direct.values(), ...rest];
}

/** Reads [from, to) of one group in slices, each with an even share of what is left of the budget. */
async function readGroup(logs: LogSource, group: string, from: number, to: number, budget: { lines: number; bytes: number }, miner: TemplateMiner): Promise<{ lines: number; bytes: number; truncated: boolean }> {
  let [lines, bytes, truncated] = [0, 0, false];
  const slices = Math.max(1, Math.ceil((to - from) / SLICE_MS));
  for (let k = 0; k < slices; k++) {
    const left = slices - k;
    const share = { maxLines: Math.floor((budget.lines - lines) / left), maxBytes: Math.floor((budget.bytes - bytes) / left) };
    if (share.maxLines <= 0 || share.maxBytes <= 0) return { lines, bytes, truncated: true };
    const read = await logs.read(group, from + k * SLICE_MS, Math.min(to, from + (k + 1) * SLICE_MS), share);
    for (const [t, m] of read.events) miner.add(t, m);
    lines += read.events.length;
    bytes += read.bytes;
    truncated ||= read.truncated;
  }
  return { lines, bytes, truncated };
}

/** Adds the log-based recommendations an insight's log anomalies support, before the others. */
function withLogRecommendations(insight: Insight, anomalies: Parameters<typeof recommend>[0]['anomalies']): Insight['recommendations'] {
  const fromLogs = recommend({ insight, anomalies, events: [] }, { catalog: LOG_RULES });
  const names = new Set(fromLogs.map((r) => r.name));
  return [...fromLogs, ...insight.recommendations.filter((r) => !names.has(r.name))].slice(0, Math.max(MAX_RECOMMENDATIONS, insight.recommendations.length));
}

/** Reads each group from where the state left it (a new group from the baseline on), mines it and reports its window. */
async function mineGroups(logs: LogSource, refs: readonly LogGroupRef[], state: InsightLogState, window: LogWindow, cfg: LogsConfig): Promise<{ found: LogAnomaly[]; lines: number; bytes: number }> {
  let [lines, bytes] = [0, 0];
  const found: LogAnomaly[] = [];
  for (const [i, ref] of refs.entries()) {
    const known = state.groups[ref.logGroup];
    const maxPeriods = Math.ceil((window.windowEnd - window.baselineStart) / PERIOD_MS) + 1;
    const miner = new TemplateMiner({ periodMs: PERIOD_MS, maxPeriods }, known && isMinerState(known.miner) ? known.miner : undefined);
    const left = refs.length - i;
    const budget = { lines: Math.floor((cfg.maxLinesPerInsight - state.lines - lines) / left), bytes: Math.floor((cfg.maxBytesPerInsight - state.bytes - bytes) / left) };
    const read = await readGroup(logs, ref.logGroup, known ? state.readTo : window.baselineStart, window.windowEnd, budget, miner);
    [lines, bytes] = [lines + read.lines, bytes + read.bytes];
    state.truncated ||= read.truncated;
    state.groups[ref.logGroup] = { resourceId: ref.resourceId, miner: miner.toState() };
    const tagged = (a: LogAnomaly): LogAnomaly => ({ ...a, resourceId: ref.resourceId });
    found.push(...reportWindow(miner, ref.logGroup, window).map(tagged));
    if (cfg.anomalyDetectors && logs.detectorAnomalies) found.push(...(await logs.detectorAnomalies(ref.logGroup, window.windowStart, window.windowEnd)).map(tagged));
  }
  return { found, lines, bytes };
}

/** One insight: read what is new, report, and return the changed insight (or undefined). */
async function evidenceFor(ports: LogEvidencePorts, insight: Insight, now: number, resources: readonly Resource[], cfg: LogsConfig, stored: unknown): Promise<{ insight?: Insight; state?: InsightLogState; lines: number; bytes: number }> {
  const windowStart = insight.timeRange.start - ONSET_MARGIN_MS;
  const baselineStart = windowStart - cfg.baselineMinutes * MIN;
  const windowCap = insight.timeRange.start + cfg.windowMinutes * MIN;
  // A closed insight is read to its end (it may have opened and closed within one cycle).
  const readEnd = Math.min(now, windowCap, insight.timeRange.end ?? Infinity);
  const state: InsightLogState = isLogState(stored) ? stored : { version: 1, readTo: baselineStart, lines: 0, bytes: 0, truncated: false, groups: {} };
  // Done (read to the end of the window), or read recently enough.
  if (state.readTo >= readEnd || (isLogState(stored) && readEnd < windowCap && now - state.readTo < cfg.refreshMinutes * MIN)) return { lines: 0, bytes: 0 };

  const refs = (await ports.logs.groupsFor(await resourcesOf(ports.insights, insight, resources))).slice(0, cfg.maxLogGroups);
  const { found, lines, bytes } = await mineGroups(ports.logs, refs, state, { baselineStart, windowStart, windowEnd: readEnd }, cfg);
  Object.assign(state, { readTo: readEnd, lines: state.lines + lines, bytes: state.bytes + bytes });
  const logAnomalies = found.sort(compareLogAnomalies).slice(0, MAX_LOG_ANOMALIES);
  if (JSON.stringify(logAnomalies) === JSON.stringify(insight.logAnomalies ?? [])) return { state, lines, bytes };
  const withLogs: Insight = { ...insight, logAnomalies };
  const anomalies = await ports.insights.getAnomalies(insight.anomalyIds);
  const updated: Insight = { ...withLogs, recommendations: withLogRecommendations(withLogs, anomalies), updatedAt: now, version: insight.version + 1 };
  return { insight: updated, state, lines, bytes };
}

/**
 * Attaches log evidence to every open reactive insight, and to the reactive insights this cycle
 * changed (`changed`: one may have opened and closed within the cycle). `resources` are the
 * covered resources (the cycle's plan lists them). An insight changed concurrently is left for
 * the next cycle.
 */
export async function attachLogEvidence(
  ports: LogEvidencePorts,
  now: number,
  resources: readonly Resource[],
  config: LogsConfig = DEFAULT_LOGS_CONFIG,
  changedThisCycle: readonly Insight[] = [],
): Promise<LogEvidenceReport> {
  if (!config.enabled) return { insights: [], lines: 0, bytes: 0, truncated: [] };
  const byId = new Map((await ports.insights.listOngoingInsights()).map((i) => [i.id, i]));
  for (const i of changedThisCycle) if ((byId.get(i.id)?.version ?? -1) < i.version) byId.set(i.id, i);
  const open = [...byId.values()].filter((i) => i.type === 'REACTIVE');
  if (open.length === 0) return { insights: [], lines: 0, bytes: 0, truncated: [] };
  const stored = await ports.state.getStates(open.map((i) => logStateKey(i.id)));
  const changed: Insight[] = [];
  const states = new Map<string, unknown>();
  const truncated: string[] = [];
  let [lines, bytes] = [0, 0];
  for (const insight of open) {
    const r = await evidenceFor(ports, insight, now, resources, config, stored.get(logStateKey(insight.id)));
    [lines, bytes] = [lines + r.lines, bytes + r.bytes];
    if (r.insight) {
      try {
        await ports.insights.saveInsight(r.insight);
        changed.push(r.insight);
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        // Changed by another writer since it was listed: the same range is read again next cycle.
        continue;
      }
    }
    if (r.state) {
      states.set(logStateKey(insight.id), r.state);
      if (r.state.truncated) truncated.push(insight.id);
    }
  }
  if (states.size) await ports.state.putStates(states);
  return { insights: changed, lines, bytes, truncated };
}

/** The notifications with each insight replaced by its version carrying log evidence. */
export function withEvidence(notifications: readonly InsightNotification[], updated: readonly Insight[]): InsightNotification[] {
  const latest = new Map(updated.map((i) => [i.id, i]));
  return notifications.map((n) => {
    const insight = latest.get(n.insight.id);
    return insight ? { ...n, insight } : n;
  });
}
