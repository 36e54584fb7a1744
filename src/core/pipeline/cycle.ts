/**
 * The cycle driver: one pass of pull → detect → correlate → store → notify, written once
 * against the ports and reused by the Lambdas, the CLI and the tests.
 */
import { correlate, DEFAULT_CORRELATOR_CONFIG, type CorrelatorConfig } from '../correlate';
import { defaultDetector } from '../detect';
import type { Detector } from '../detect/types';
import { collectionOf, seriesMeta } from '../metrics';
import { seriesKey, type Anomaly, type Insight, type OpsEvent, type Resource, type Series } from '../model';
import type { CyclePorts, MetricRequest } from '../ports';
import { toAnomaly, trackPoint, type OpenAnomaly } from './anomaly-tracker';

/** Stored per series between cycles. */
export interface SeriesState {
  readonly version: 1;
  /** Name of the detector that owns `detector`; a different detector starts afresh. */
  detectorName: string;
  detector: { readonly version: number };
  /** Timestamp of the last point consumed. */
  lastT: number;
  open?: OpenAnomaly;
}

/** Stored once: when the last cycle ended. */
export interface CycleMarker {
  readonly version: 1;
  lastCycleEnd: number;
}

export const CYCLE_STATE_KEY = '__cycle__';

export interface CycleOptions {
  /** Detector for every series. @default defaultDetector */
  readonly detector?: Detector<{ readonly version: number }>;
  /** History fetched at first sight of a series, used to warm-start it. @default 3 days */
  readonly warmStartMs?: number;
  /** At first sight, points this recent are scored rather than only learned from. @default 1 hour */
  readonly firstSightScoreMs?: number;
  /** Points skipped beyond this age after a long outage (they are learned, not scored). @default 1 day */
  readonly maxCatchUpMs?: number;
  /** Normal points in a row that close an anomaly. @default 3 */
  readonly closeAfterPoints?: number;
  readonly correlator?: CorrelatorConfig;
  /** Account id used for the ACCOUNT collection. @default 'account' */
  readonly accountId?: string;
}

export interface CycleReport {
  readonly now: number;
  readonly resources: number;
  readonly series: number;
  readonly points: number;
  readonly anomaliesChanged: number;
  readonly events: number;
  readonly insightsChanged: number;
  readonly notifications: number;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

function isSeriesState(x: unknown): x is SeriesState {
  return typeof x === 'object' && x !== null && (x as SeriesState).version === 1 && typeof (x as SeriesState).lastT === 'number';
}

export async function runCycle(ports: CyclePorts, now: number, options: CycleOptions = {}): Promise<CycleReport> {
  const detector = options.detector ?? defaultDetector;
  const warmStartMs = options.warmStartMs ?? 3 * DAY;
  const firstSightScoreMs = options.firstSightScoreMs ?? HOUR;
  const maxCatchUpMs = options.maxCatchUpMs ?? DAY;
  const trackerCfg = { threshold: detector.threshold, closeAfterPoints: options.closeAfterPoints ?? 3 };
  const correlatorCfg = options.correlator ?? DEFAULT_CORRELATOR_CONFIG;

  const resources = await ports.catalog.list();
  const entries: Array<{ key: string; series: Series; resource: Resource }> = [];
  const seen = new Set<string>();
  for (const resource of resources) {
    for (const series of resource.series) {
      const key = seriesKey(series);
      if (seen.has(key)) continue;
      seen.add(key);
      entries.push({ key, series, resource });
    }
  }

  const stored = await ports.state.getStates([...entries.map((e) => e.key), CYCLE_STATE_KEY]);
  const markerRaw = stored.get(CYCLE_STATE_KEY) as CycleMarker | undefined;
  const previousEnd = markerRaw?.lastCycleEnd ?? now - warmStartMs;

  const requests: MetricRequest[] = entries.map((e) => {
    const st = stored.get(e.key);
    const start = isSeriesState(st) && st.detectorName === detector.name ? st.lastT + 1 : now - warmStartMs;
    return { series: e.series, start };
  });
  const observations = await ports.metrics.fetch(requests, now);
  const pointsByKey = new Map(observations.map((o) => [o.seriesKey, o.points]));

  const changed: Anomaly[] = [];
  const newStates = new Map<string, unknown>();
  let points = 0;
  for (const e of entries) {
    const pts = [...(pointsByKey.get(e.key) ?? [])].filter((p) => p.t < now).sort((a, b) => a.t - b.t);
    const prev = stored.get(e.key);
    let st: SeriesState;
    let learnUntil: number;
    if (isSeriesState(prev) && prev.detectorName === detector.name) {
      st = prev;
      learnUntil = now - maxCatchUpMs;
    } else {
      st = { version: 1, detectorName: detector.name, detector: detector.init(seriesMeta(e.series)), lastT: -1 };
      learnUntil = now - firstSightScoreMs;
    }
    const fresh = pts.filter((p) => p.t > st.lastT);
    if (fresh.length === 0) continue;
    const learn = fresh.filter((p) => p.t < learnUntil);
    const score = fresh.filter((p) => p.t >= learnUntil);
    if (learn.length) st.detector = detector.warmStart(st.detector, learn);
    const ctx = { series: e.series, seriesKey: e.key, resource: e.resource, collection: collectionOf(e.resource, options.accountId), now };
    let changedHere = false;
    for (const p of score) {
      const out = detector.update(st.detector, p.t, p.v);
      st.detector = out.state;
      const tr = trackPoint(st.open, p.t, p.v, out.result, trackerCfg, ctx);
      if (tr.closed) changed.push(tr.closed);
      st.open = tr.open;
      changedHere ||= tr.changed && tr.open !== undefined;
    }
    if (st.open && changedHere) changed.push(toAnomaly(st.open, ctx));
    st.lastT = fresh[fresh.length - 1]!.t;
    points += fresh.length;
    newStates.set(e.key, st);
  }

  // Events since the last cycle, plus the look-back the correlator needs before each onset.
  const eventStart = Math.min(previousEnd, ...changed.map((a) => a.timeRange.start)) - correlatorCfg.eventLookbackMs;
  const newEvents = await ports.events.fetch(previousEnd, now, resources);
  if (newEvents.length) await ports.insights.putEvents(newEvents);
  const events: OpsEvent[] = await ports.insights.listEvents(eventStart, now);

  const ongoing: Insight[] = await ports.insights.listOngoingInsights();
  const known = new Map<string, Anomaly>();
  for (const a of await ports.insights.getAnomalies([...new Set(ongoing.flatMap((i) => i.anomalyIds))])) known.set(a.id, a);
  // Anomalies already attached to an insight keep their insight id.
  const attached = changed.map((a) => {
    const k = known.get(a.id);
    return k?.insightId ? { ...a, insightId: k.insightId } : a;
  });
  const stillOpenElsewhere = await ports.insights.getAnomalies(attached.filter((a) => !known.has(a.id)).map((a) => a.id));
  const prior = new Map(stillOpenElsewhere.map((a) => [a.id, a]));
  const changedWithIds = attached.map((a) => (prior.get(a.id)?.insightId ? { ...a, insightId: prior.get(a.id)!.insightId } : a));

  const result = correlate({ now, changed: changedWithIds, ongoing, known, events, config: correlatorCfg });

  // Store anomalies first, then insights (conditional), then state, then notify: a crash at any
  // point leaves a state that the next run of the same cycle completes without duplicates.
  if (result.anomalies.length) await ports.insights.putAnomalies(result.anomalies);
  for (const insight of result.insights) await ports.insights.saveInsight(insight);
  if (result.notifications.length) await ports.notifier.notify(result.notifications);
  newStates.set(CYCLE_STATE_KEY, { version: 1, lastCycleEnd: now } satisfies CycleMarker);
  await ports.state.putStates(newStates);

  return {
    now,
    resources: resources.length,
    series: entries.length,
    points,
    anomaliesChanged: result.anomalies.length,
    events: newEvents.length,
    insightsChanged: result.insights.length,
    notifications: result.notifications.length,
  };
}
