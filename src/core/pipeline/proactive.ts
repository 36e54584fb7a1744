/**
 * Proactive insights: for every capacity-bound series (see forecast/capacity.ts), keep an
 * hourly summary, forecast when its limit is reached, and open, update or close a PROACTIVE
 * insight with hysteresis. Runs once per cycle after detection; does its own (hourly) reads
 * of the capacity series, so it is independent of the detectors and of the shard layout.
 *
 * `planProactive` is pure (state + points in, states + insights + notifications out);
 * `updateProactive` does the I/O around it: load states, fetch the new points of the series
 * due for a refresh, save insights (conditional on their version), then anomalies, then
 * notify, then save the states. Re-running a cycle is a no-op: a series is refreshed at most
 * once per `refreshMs`, and points already summarised are ignored.
 */
import { scopeOf } from '../accounts/scope';
import { ConflictError } from '../errors';
import {
  addPoints,
  capacitySpecOf,
  completeBuckets,
  DEFAULT_FORECAST_CONFIG,
  DEFAULT_TRACK_CONFIG,
  emptySummary,
  forecastLimit,
  IDLE,
  isHourlySummary,
  isSteady,
  keepsInsight,
  normaliseValue,
  opensInsight,
  resolveLimit,
  stepTrack,
  type CapacityKind,
  type CapacitySpec,
  type Forecast,
  type ForecastConfig,
  type HourlySummary,
  type LimitOptions,
  type Track,
  type TrackConfig,
} from '../forecast';
import { stableId } from '../ids';
import { collectionOf } from '../metrics';
import { SEVERITY_RANK, seriesKey, type Anomaly, type Insight, type InsightForecast, type InsightNotification, type MessageType, type Point, type Prediction, type Resource, type Series, type Severity, type TimeRange } from '../model';
import type { InsightStore, MetricRequest, MetricSource, NotificationOutbox, Notifier, StateStore } from '../ports';
import { formatLead, formatTime, formatValue } from '../recommend/text';
import { recommend, type ForecastFact } from '../recommend';

const HOUR = 3_600_000;
const DAY = 86_400_000;
/** Default of `steadyShare`. */
const STEADY_SHARE = 0.05;

export interface ProactiveOptions extends LimitOptions {
  readonly forecast?: Partial<ForecastConfig>;
  readonly track?: Partial<TrackConfig>;
  /** Read and re-forecast a series at most this often. @default 1 hour */
  readonly refreshMs?: number;
  /** History read at first sight of a capacity series (two weeks show a weekly clean-up twice). @default 14 days */
  readonly historyMs?: number;
  /** Length of the hourly summary kept per series. @default 14 days */
  readonly summaryMs?: number;
  /** Open only when consecutive hourly forecasts agree within this share of the time left. @default 0.05 */
  readonly steadyShare?: number;
  /** Re-save an open insight when its predicted time moves by more than this. @default 12 hours */
  readonly republishMs?: number;
  /** Account id for the ACCOUNT collection. */
  readonly accountId?: string;
}

/** Added to CycleOptions by runCycle: `proactive: false` turns forecasts off. */
export interface ProactiveCycleOptions {
  readonly proactive?: ProactiveOptions | false;
}

/** Stored per capacity series under `proactiveStateKey(seriesKey)`. */
export interface ProactiveState {
  readonly version: 1;
  readonly kind: CapacityKind;
  summary: HourlySummary;
  /** Cycle time of the last refresh. */
  lastRefresh: number;
  /** Latest value of the companion series holding the limit (DynamoDB provisioned capacity). */
  companion?: { lastT: number; value: number };
  track: Track;
  /** Bucket time (`Forecast.asOf`) of the last evaluation. */
  lastEval: number;
  insightId?: string;
  anomalyId?: string;
  /** What the open insight currently says; `reached` once its limit has been reached (the prediction then stays). */
  published?: { predictedAt: number; severity: Severity; reached?: boolean };
  /** The previous evaluation's central predicted time, for the steadiness test. */
  lastPredictedAt?: number;
}

export function proactiveStateKey(key: string): string {
  return `proactive|${key}`;
}

export function isProactiveState(x: unknown): x is ProactiveState {
  const s = x as ProactiveState;
  return typeof x === 'object' && x !== null && s.version === 1 && typeof s.kind === 'string' && isHourlySummary(s.summary) && typeof s.lastRefresh === 'number';
}

/** A capacity series with what the planner needs about it. */
export interface CapacityEntry {
  readonly key: string;
  readonly series: Series;
  readonly resource: Resource;
  readonly spec: CapacitySpec;
  /** The series holding the limit, when the spec has one (same resource, same dimensions). */
  readonly companion?: Series;
}

/** The capacity-bound series among the resources' series. O(series). */
export function capacityEntries(resources: readonly Resource[]): CapacityEntry[] {
  const out: CapacityEntry[] = [];
  const seen = new Set<string>();
  for (const resource of resources) {
    for (const series of resource.series) {
      const spec = capacitySpecOf(series);
      const key = seriesKey(series);
      if (!spec || seen.has(key)) continue;
      seen.add(key);
      let companion: Series | undefined;
      if (spec.companionMetric) {
        const dims = JSON.stringify(Object.entries(series.dimensions).sort());
        companion = resource.series.find((s) => s.namespace === series.namespace && s.metricName === spec.companionMetric && JSON.stringify(Object.entries(s.dimensions).sort()) === dims);
        if (!companion) continue; // on-demand table: no provisioned limit to run into
      }
      out.push({ key, series, resource, spec, ...(companion ? { companion } : {}) });
    }
  }
  return out;
}

export interface PlanProactiveInput {
  readonly now: number;
  /** Entries refreshed this cycle, with their stored state (if any) and new points. */
  readonly refreshed: ReadonlyArray<{
    readonly entry: CapacityEntry;
    readonly state?: ProactiveState;
    readonly points: readonly Point[];
    readonly companionPoints?: readonly Point[];
  }>;
  /** Stored insights (by id) that the refreshed states reference. */
  readonly insights: ReadonlyMap<string, Insight>;
  readonly options?: ProactiveOptions;
}

export interface PlanProactiveOutput {
  readonly states: Map<string, ProactiveState>;
  /** Insights created or changed, `version` incremented. */
  readonly insights: Insight[];
  readonly anomalies: Anomaly[];
  readonly notifications: InsightNotification[];
  /** The latest forecast of each refreshed series (undefined when there was not enough data). */
  readonly forecasts: Map<string, Forecast | undefined>;
}

function forecastConfig(o: ProactiveOptions = {}): ForecastConfig {
  return { ...DEFAULT_FORECAST_CONFIG, ...o.forecast };
}

/** Severity from the time left: ≤ 3 days HIGH, ≤ 7 days MEDIUM, else LOW. */
export function proactiveSeverity(leadMs: number): Severity {
  if (leadMs <= 3 * DAY) return 'HIGH';
  if (leadMs <= 7 * DAY) return 'MEDIUM';
  return 'LOW';
}

/** Standard normal CDF (Abramowitz & Stegun 26.2.17, |error| < 7.5e-8). O(1). */
function normalCdf(z: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(z));
  const d = 0.3989422804014327 * Math.exp((-z * z) / 2);
  const tail = d * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return z >= 0 ? 1 - tail : tail;
}

function fact(f: Forecast): ForecastFact {
  return {
    limit: f.limit,
    current: f.current,
    perDay: f.perDay,
    predictedAt: f.predictedAt ?? f.asOf,
    earliest: f.earliest ?? f.predictedAt ?? f.asOf,
    ...(f.latest !== undefined ? { latest: f.latest } : {}),
  };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

function buildAnomaly(entry: CapacityEntry, f: Forecast, id: string, insightId: string, openedAt: number, now: number, severity: Severity, accountId?: string): Anomaly {
  const last = f.recent[f.recent.length - 1];
  return {
    id,
    seriesKey: entry.key,
    series: entry.series,
    resourceId: entry.resource.id,
    resourceType: entry.resource.type,
    resourceName: entry.resource.name,
    collection: collectionOf(entry.resource, accountId),
    severity,
    status: 'ONGOING',
    timeRange: { start: openedAt },
    reportedAt: now,
    lastAnomalousAt: f.asOf,
    direction: f.direction,
    observed: f.current,
    expected: last?.expected ?? f.current,
    lower: last?.lower ?? f.current,
    upper: last?.upper ?? f.current,
    score: Math.min(1, Math.max(0, normalCdf(f.adverseZ))),
    evidence: f.recent.slice(-24).map((p) => ({ ...p, score: 0 })),
    type: 'CAUSAL',
    insightId,
    ...scopeOf(entry.resource),
    forecast: {
      limit: f.limit,
      perDay: f.perDay,
      asOf: f.asOf,
      ...(f.predictedAt !== undefined ? { predictedAt: f.predictedAt } : {}),
      ...(f.earliest !== undefined ? { earliest: f.earliest } : {}),
      ...(f.latest !== undefined ? { latest: f.latest } : {}),
    },
  };
}

function insightName(entry: CapacityEntry, leadMs: number): string {
  return `${capitalise(entry.spec.what)} on ${entry.resource.name} predicted to run out in ${formatLead(leadMs)}`;
}

function rootCause(entry: CapacityEntry, f: Forecast): string {
  const v = (x: number) => formatValue(x, entry.series);
  const verb = f.direction === 'ABOVE' ? 'rises' : 'falls';
  const when = f.predictedAt !== undefined ? `around ${formatTime(f.predictedAt)}` : 'later';
  const cleanups = f.cleanups ? ` between clean-ups (${f.cleanups.measured ? 'one every' : 'one seen, taken to recur every'} ${formatLead(f.cleanups.periodMs)} frees ${v(f.cleanups.freed)})` : '';
  return `${entry.series.metricName} on ${entry.resource.name} ${verb} ${v(Math.abs(f.perDay))} a day${cleanups}; at this rate ${entry.spec.what} runs out (${v(f.limit)}) ${when}.`;
}

function prediction(f: Forecast, madeAt: number): Prediction {
  const predictedAt = f.predictedAt ?? madeAt;
  return { madeAt, predictedAt, earliest: Math.min(f.earliest ?? predictedAt, predictedAt), ...(f.latest !== undefined ? { latest: Math.max(f.latest, predictedAt) } : {}) };
}

/** The insight's forecast fields after publishing `f` at `now`: the first prediction is kept. */
function forecastFields(entry: CapacityEntry, f: Forecast, now: number, previous?: InsightForecast): InsightForecast {
  const latest = prediction(f, now);
  return {
    resourceId: entry.resource.id,
    seriesKey: entry.key,
    metricName: entry.series.metricName,
    direction: f.direction,
    limit: f.limit,
    ...(entry.series.unit !== undefined ? { unit: entry.series.unit } : {}),
    predictedAt: latest.predictedAt,
    first: previous?.first ?? latest,
    latest,
  };
}

function rangeOf(p: Prediction): TimeRange {
  return { start: p.earliest, ...(p.latest !== undefined ? { end: p.latest } : {}) };
}

/** The pure core: advances every refreshed series and derives insight changes. Deterministic. */
export function planProactive(input: PlanProactiveInput): PlanProactiveOutput {
  const { now } = input;
  const options = input.options ?? {};
  const cfg = forecastConfig(options);
  const trackCfg = { ...DEFAULT_TRACK_CONFIG, ...options.track };
  const summaryBuckets = Math.max(48, Math.round((options.summaryMs ?? 14 * DAY) / HOUR));
  const republishMs = options.republishMs ?? 12 * HOUR;
  const states = new Map<string, ProactiveState>();
  const insights: Insight[] = [];
  const anomalies: Anomaly[] = [];
  const notifications: InsightNotification[] = [];
  const forecasts = new Map<string, Forecast | undefined>();

  for (const r of input.refreshed) {
    const { entry } = r;
    const prev = r.state && r.state.kind === entry.spec.kind ? r.state : undefined;
    const extreme = entry.spec.direction === 'ABOVE' ? 'max' : 'min';
    const normalised = r.points.map((p) => ({ t: p.t, v: normaliseValue(entry.spec, entry.series, p.v) }));
    let state: ProactiveState = prev
      ? { ...prev, summary: addPoints({ ...prev.summary, maxBuckets: Math.max(prev.summary.maxBuckets, summaryBuckets) }, normalised), lastRefresh: now }
      : { version: 1, kind: entry.spec.kind, summary: addPoints(emptySummary(extreme, { maxBuckets: summaryBuckets }), normalised), lastRefresh: now, track: IDLE, lastEval: -1 };
    const lastCompanion = [...(r.companionPoints ?? [])].filter((p) => p.t > (state.companion?.lastT ?? -1)).sort((a, b) => a.t - b.t).pop();
    if (lastCompanion) state = { ...state, companion: { lastT: lastCompanion.t, value: lastCompanion.v } };

    const limit = resolveLimit(entry.spec, entry.series, entry.resource, options, state.companion?.value);
    const buckets = completeBuckets(state.summary);
    const asOf = buckets.length ? buckets[buckets.length - 1]!.index * state.summary.bucketMs : -1;
    if (limit === undefined || asOf <= state.lastEval) {
      states.set(entry.key, state);
      continue;
    }
    const f = forecastLimit(state.summary, entry.spec, limit, cfg);
    forecasts.set(entry.key, f);
    const opens = isSteady(f, state.lastPredictedAt, now, options.steadyShare ?? STEADY_SHARE) && opensInsight(f, now, cfg);
    const keeps = keepsInsight(f, now, cfg);
    const step = stepTrack(state.track, asOf, opens, keeps, trackCfg);
    const { lastPredictedAt: _previous, ...rest } = state;
    state = { ...rest, track: step.track, lastEval: asOf, ...(f?.predictedAt !== undefined ? { lastPredictedAt: f.predictedAt } : {}) };

    const stored = state.insightId ? input.insights.get(state.insightId) : undefined;
    const messages: MessageType[] = [];
    let insight: Insight | undefined;
    let anomaly: Anomaly | undefined;

    if (step.transition === 'OPENED' && f) {
      const openedAt = step.track.openedAt ?? asOf;
      const insightId = stableId('pin', entry.key, openedAt);
      const anomalyId = stableId('pan', entry.key, openedAt);
      const predictedAt = f.predictedAt ?? now;
      const severity = proactiveSeverity(predictedAt - now);
      anomaly = buildAnomaly(entry, f, anomalyId, insightId, openedAt, now, severity, options.accountId);
      const forecast = forecastFields(entry, f, now);
      const draft: Insight = {
        id: insightId,
        name: insightName(entry, predictedAt - now),
        type: 'PROACTIVE',
        severity,
        status: 'ONGOING',
        timeRange: { start: openedAt },
        predictionTimeRange: rangeOf(forecast.latest),
        forecast,
        collection: anomaly.collection,
        ...scopeOf(anomaly),
        anomalyIds: [anomalyId],
        relevantEventIds: [],
        recommendations: [],
        rootCause: rootCause(entry, f),
        createdAt: now,
        updatedAt: now,
        version: 0,
      };
      insight = { ...draft, recommendations: recommend({ insight: draft, anomalies: [anomaly], events: [], forecasts: new Map([[anomalyId, fact(f)]]) }) };
      messages.push('NEW_INSIGHT');
      state = { ...state, insightId, anomalyId, published: { predictedAt, severity, ...(f.reached ? { reached: true } : {}) } };
    } else if (step.transition === 'HELD' && stored && stored.status === 'ONGOING' && f && f.predictedAt !== undefined && state.anomalyId) {
      const severity = proactiveSeverity(f.predictedAt - now);
      const upgraded = SEVERITY_RANK[severity] > SEVERITY_RANK[stored.severity];
      // Once the limit has been reached the prediction has come true: it stays as published.
      const reached = state.published?.reached === true || f.reached;
      const moved = !state.published || (!reached && Math.abs(f.predictedAt - state.published.predictedAt) > republishMs);
      if (upgraded || moved) {
        const sev = upgraded ? severity : stored.severity;
        anomaly = buildAnomaly(entry, f, state.anomalyId, stored.id, stored.timeRange.start, now, sev, options.accountId);
        const forecastsById = new Map([[state.anomalyId, fact(f)]]);
        const forecast = forecastFields(entry, f, now, stored.forecast);
        const next: Insight = {
          ...stored,
          // The lead in the name is the latest forecast's.
          name: insightName(entry, f.predictedAt - now),
          severity: sev,
          predictionTimeRange: rangeOf(forecast.latest),
          forecast,
          rootCause: rootCause(entry, f),
        };
        insight = { ...next, recommendations: recommend({ insight: next, anomalies: [anomaly], events: [], forecasts: forecastsById }) };
        if (upgraded) messages.push('SEVERITY_UPGRADED');
        state = { ...state, published: { predictedAt: f.predictedAt, severity: sev } };
      }
      if (f.reached && state.published) state = { ...state, published: { ...state.published, reached: true } };
    } else if (step.transition === 'CLOSED' && stored && stored.status === 'ONGOING') {
      insight = { ...stored, status: 'CLOSED', timeRange: { start: stored.timeRange.start, end: now } };
      const { insightId: _i, anomalyId: _a, published: _p, ...rest } = state;
      if (state.anomalyId) {
        anomaly = f
          ? { ...buildAnomaly(entry, f, state.anomalyId, stored.id, stored.timeRange.start, now, stored.severity, options.accountId), status: 'CLOSED', timeRange: { start: stored.timeRange.start, end: now } }
          : undefined;
      }
      messages.push('CLOSED_INSIGHT');
      state = rest;
    } else if (step.transition === 'CLOSED') {
      const { insightId: _i, anomalyId: _a, published: _p, ...rest } = state;
      state = rest;
    }

    if (insight) {
      const updated: Insight = { ...insight, updatedAt: now, version: insight.version + 1 };
      insights.push(updated);
      const members = anomaly ? [anomaly] : [];
      for (const t of messages) notifications.push({ id: stableId('ntf', updated.id, t, updated.version), messageType: t, insight: updated, anomalies: members });
    }
    if (anomaly) anomalies.push(anomaly);
    states.set(entry.key, state);
  }
  return { states, insights, anomalies, notifications, forecasts };
}

export interface ProactivePorts {
  readonly metrics: MetricSource;
  readonly state: StateStore;
  readonly insights: InsightStore;
  /** Where notifications go: an outbox (saved atomically with their insight) or a notifier. */
  readonly outbox?: NotificationOutbox;
  readonly notifier?: Notifier;
}

export interface ProactiveReport {
  /** Capacity series in coverage. */
  readonly series: number;
  /** Series refreshed this cycle. */
  readonly refreshed: number;
  readonly insightsChanged: number;
  readonly notifications: number;
}

/**
 * One proactive pass at `now` over the covered resources: I/O around `planProactive`.
 * Notifications go to `outbox` with their insight when given, else to `notifier`.
 */
export async function updateProactive(ports: ProactivePorts, now: number, resources: readonly Resource[], options: ProactiveOptions = {}): Promise<ProactiveReport> {
  const entries = capacityEntries(resources);
  if (entries.length === 0) return { series: 0, refreshed: 0, insightsChanged: 0, notifications: 0 };
  const refreshMs = options.refreshMs ?? HOUR;
  const historyMs = options.historyMs ?? 14 * DAY;
  const stored = await ports.state.getStates(entries.map((e) => proactiveStateKey(e.key)));
  const due = entries
    .map((entry) => {
      const raw = stored.get(proactiveStateKey(entry.key));
      return { entry, state: isProactiveState(raw) ? raw : undefined };
    })
    .filter((d) => !d.state || now - d.state.lastRefresh >= refreshMs);
  if (due.length === 0) return { series: entries.length, refreshed: 0, insightsChanged: 0, notifications: 0 };

  const requests: MetricRequest[] = [];
  for (const d of due) {
    requests.push({ series: d.entry.series, start: d.state ? d.state.summary.lastT + 1 : now - historyMs });
    if (d.entry.companion) requests.push({ series: d.entry.companion, start: d.state?.companion ? d.state.companion.lastT + 1 : now - historyMs });
  }
  const observations = await ports.metrics.fetch(requests, now);
  const byKey = new Map(observations.map((o) => [o.seriesKey, o.points.filter((p) => p.t < now)]));
  const ids = [...new Set(due.map((d) => d.state?.insightId).filter((x): x is string => x !== undefined))];
  const known = new Map<string, Insight>();
  for (const ins of await Promise.all(ids.map((id) => ports.insights.getInsight(id)))) if (ins) known.set(ins.id, ins);

  const out = planProactive({
    now,
    refreshed: due.map((d) => ({
      entry: d.entry,
      ...(d.state ? { state: d.state } : {}),
      points: byKey.get(d.entry.key) ?? [],
      ...(d.entry.companion ? { companionPoints: byKey.get(seriesKey(d.entry.companion)) ?? [] } : {}),
    })),
    insights: known,
    options,
  });

  const sent: InsightNotification[] = [];
  for (const insight of out.insights) {
    const mine = out.notifications.filter((n) => n.insight.id === insight.id);
    if (insight.version === 1 && (await ports.insights.getInsight(insight.id))) {
      // A previous run of this cycle saved it and crashed before saving its state.
      sent.push(...mine);
      continue;
    }
    try {
      if (ports.outbox && mine.length) await ports.outbox.saveInsightWithNotifications(insight, mine);
      else {
        await ports.insights.saveInsight(insight);
        sent.push(...mine);
      }
    } catch (err) {
      // Someone else (the API, feedback) changed it meanwhile: the next refresh retries.
      if (!(err instanceof ConflictError)) throw err;
    }
  }
  if (out.anomalies.length) await ports.insights.putAnomalies(out.anomalies);
  if (sent.length && ports.notifier && !ports.outbox) await ports.notifier.notify(sent);
  const states = new Map<string, unknown>();
  for (const [k, s] of out.states) states.set(proactiveStateKey(k), s);
  await ports.state.putStates(states);
  return { series: entries.length, refreshed: due.length, insightsChanged: out.insights.length, notifications: out.notifications.length };
}
