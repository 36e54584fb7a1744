/**
 * Phase 2, the analyzer: for one shard, reads each series from the point after the last one
 * consumed, feeds the points through the detector and the anomaly tracker, and returns the
 * anomalies that changed and the new per-series states. It reads but never writes: the caller
 * decides how to commit (in memory for runCycle, pending items + conditional states in AWS).
 */
import { collectionOf, seriesMeta } from '../metrics';
import type { Anomaly, Resource } from '../model';
import type { MetricRequest, MetricSource, StateStore } from '../ports';
import { toAnomaly, trackPoint } from './anomaly-tracker';
import { isSeriesState, type ResolvedOptions, type SeriesState } from './options';
import { seriesEntries } from './plan';
import { gradualRecovery, trackGradual, watchesGradually } from './gradual';
import { isRoutine, noticesDeparture, recordOnset } from './routine';
import { markLoad, noteTraffic, trafficExpected, trafficFirst, type ResourceLoad } from './resource-load';
import { isTrafficSeries } from '../correlate/load';
import { sensitivityFor, thresholdAt } from './sensitivity';

export interface ShardResult {
  /** Anomalies opened, extended or closed, in their latest form (no insight id yet). */
  readonly changed: Anomaly[];
  /** New state of every series that consumed at least one point. */
  readonly states: Map<string, SeriesState>;
  /** Series in the shard. */
  readonly series: number;
  /** Points consumed. */
  readonly points: number;
  /** Series the read filter left for a later cycle (the adaptive cadence). */
  readonly deferred: number;
}

export async function analyzeShard(
  ports: { readonly metrics: MetricSource; readonly state: StateStore },
  item: { readonly now: number; readonly resources: readonly Resource[] },
  options: ResolvedOptions,
): Promise<ShardResult> {
  const detector = options.detector;
  const now = item.now;
  const entries = seriesEntries(item.resources);
  if (entries.length === 0) return { changed: [], states: new Map(), series: 0, points: 0, deferred: 0 };

  const stored = await ports.state.getStates(entries.map((e) => e.key));
  const read = options.readFilter ? entries.filter((e) => options.readFilter!(e.series, ownState(stored.get(e.key), detector.name), now)) : entries;
  const requests: MetricRequest[] = read.map((e) => {
    const st = stored.get(e.key);
    const start = isSeriesState(st) && st.detectorName === detector.name ? st.lastT + 1 : now - options.warmStartMs;
    return { series: e.series, start };
  });
  const observations = await ports.metrics.fetch(requests, now);
  const pointsByKey = new Map(observations.map((o) => [o.seriesKey, o.points]));

  const changed: Anomaly[] = [];
  const states = new Map<string, SeriesState>();
  let points = 0;
  // Each resource's traffic, read before its counts (resource-load.ts).
  const load: ResourceLoad = new Map();
  for (const e of trafficFirst(entries)) {
    const pts = [...(pointsByKey.get(e.key) ?? [])].filter((p) => p.t < now).sort((a, b) => a.t - b.t);
    const prev = stored.get(e.key);
    let st: SeriesState;
    let learnUntil: number;
    if (isSeriesState(prev) && prev.detectorName === detector.name) {
      st = prev;
      learnUntil = now - options.maxCatchUpMs;
    } else {
      st = { version: 1, detectorName: detector.name, detector: detector.init(seriesMeta(e.series)), lastT: -1 };
      learnUntil = now - options.firstSightScoreMs;
    }
    const fresh = pts.filter((p) => p.t > st.lastT);
    if (fresh.length === 0) continue;
    const learn = fresh.filter((p) => p.t < learnUntil);
    const score = fresh.filter((p) => p.t >= learnUntil);
    const ctx = { series: e.series, seriesKey: e.key, resource: e.resource, collection: collectionOf(e.resource, options.accountId), now };
    const trackerCfg = { threshold: thresholdAt(detector.threshold, sensitivityFor(options.sensitivity, e.resource, e.series)), closeAfterPoints: options.closeAfterPoints, newNormalAfterMs: options.newNormalAfterMs };
    if (learn.length) learnHistory(detector, st, learn, trackerCfg.threshold);
    const gradually = watchesGradually(e.series);
    const traffic = isTrafficSeries(e.series);
    if (gradually) for (const p of learn) st.gradual = trackGradual(st.gradual, p.t, p.v, false, trackerCfg, ctx).state;
    let changedHere = false;
    // The latest version of each gradual anomaly this cycle touched (it is judged hourly).
    const gradualChanged = new Map<string, Anomaly>();
    for (const p of score) {
      if (gradually) {
        const g = trackGradual(st.gradual, p.t, p.v, true, trackerCfg, ctx, st.open?.direction === 'ABOVE' ? st.open.start : undefined);
        st.gradual = g.state;
        if (g.changed) gradualChanged.set(g.changed.id, g.changed);
        if (g.recovery) st.recovery = g.recovery;
      }
      const out = detector.update(st.detector, p.t, p.v);
      st.detector = out.state;
      const wasOpen = st.open;
      // While a slow degradation is open, its end is judged against its reference (gradual.ts).
      const during = st.recovery ? undefined : gradualRecovery(st.gradual, p.t);
      const tr = trackPoint(st.open, p.t, p.v, out.result, trackerCfg, ctx, st.recovery ?? during);
      const opened = tr.open !== undefined && tr.open !== wasOpen;
      // A departure that began at this time of day on earlier days is routine (routine.ts).
      if (opened) tr.open!.routine = isRoutine(st.onsets, p.t);
      if (opened || noticesDeparture(out.result, p.v, trackerCfg.threshold)) st.onsets = recordOnset(st.onsets, p.t);
      const latest = tr.open?.evidence.at(-1);
      if (traffic) noteTraffic(load, e.resource.id, p.t, p.v, trafficExpected(tr.open?.evidence, p.t, out.result.expected));
      else if (latest?.t === p.t) markLoad(load, e.resource.id, e.series, latest);
      if (tr.closed) changed.push(tr.closed);
      st.open = tr.open;
      if (tr.recovery && tr.recovery !== during) st.recovery = tr.recovery;
      else delete st.recovery;
      changedHere ||= tr.changed && tr.open !== undefined;
    }
    if (st.open && changedHere) changed.push(toAnomaly(st.open, ctx));
    changed.push(...gradualChanged.values());
    st.lastT = fresh[fresh.length - 1]!.t;
    const active = fresh.findLast((p) => p.v !== 0);
    if (active) st.lastActiveT = active.t;
    points += fresh.length;
    states.set(e.key, st);
  }
  return { changed, states, series: entries.length, points, deferred: entries.length - read.length };
}

/**
 * Learns history (points too old to report): the detector's warm start, point by point, noting
 * where the series departed from its band (the onsets routine.ts compares against, noted at
 * the same bar as live).
 */
function learnHistory(detector: ResolvedOptions['detector'], st: SeriesState, learn: ReadonlyArray<{ readonly t: number; readonly v: number }>, threshold: number): void {
  let detectorState = st.detector;
  for (const p of learn) {
    const { state, result } = detector.update(detectorState, p.t, p.v);
    detectorState = state;
    if (noticesDeparture(result, p.v, threshold)) st.onsets = recordOnset(st.onsets, p.t);
  }
  // What warm start adds beyond the updates (history is context: live detection starts afresh).
  st.detector = detector.warmStart(detectorState, []);
}

/** The stored state if this detector owns it. */
function ownState(x: unknown, detectorName: string): SeriesState | undefined {
  return isSeriesState(x) && x.detectorName === detectorName ? x : undefined;
}
