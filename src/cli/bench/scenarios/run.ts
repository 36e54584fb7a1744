/**
 * Runs one scenario bundle through the full pipeline (runCycle over the replayed bundle) on a
 * fresh in-memory embedded store, and keeps what the scoring needs: every insight with the
 * resources and open times of its anomalies, every forecast a proactive insight published (the
 * store is watched while the replay runs), and the bundle's change events. The outcome is plain
 * data (it crosses threads).
 */
import { collectionOf, loadAllInsights, type Insight, type InsightStore, type OpsEvent, type ResourceCollection, type StateStore } from '../../../core';
import { startEmbeddedStore } from '../../../local/embedded-dynamo';
import { MemoryNotifier } from '../../../local/notifier';
import { replayScenario } from '../../../local/replay-run';
import type { Label, ScenarioBundle } from '../../../local/scenario/bundle';

export const DEFAULT_HISTORY_MS = 86_400_000;
export const DEFAULT_STEP_MS = 300_000;

export interface AnomalyOutcome {
  readonly resourceId: string;
  readonly metric: string;
  readonly start: number;
  readonly reportedAt: number;
  /** When it closed; absent while open. */
  readonly end?: number;
  /** Time of its latest anomalous point (how long an open anomaly has been open). */
  readonly lastAnomalousAt?: number;
}

/** One forecast a proactive insight published (each stored version that carries a prediction). */
export interface PredictionOutcome {
  /** When it was published (the cycle's time). */
  readonly at: number;
  /** Central predicted exhaustion time. */
  readonly predictedAt: number;
  readonly earliest?: number;
  readonly latest?: number;
}

/** A change event, as much of it as the scoring needs (which records belong to one change). */
export interface EventOutcome {
  readonly id: string;
  readonly time: number;
  readonly name: string;
  readonly dataSource: OpsEvent['dataSource'];
  readonly class: OpsEvent['class'];
  readonly resources: readonly string[];
  readonly stack?: string;
}

export interface InsightOutcome {
  readonly id: string;
  readonly name: string;
  readonly type: Insight['type'];
  readonly collection: ResourceCollection;
  readonly start: number;
  readonly end?: number;
  readonly createdAt: number;
  readonly relevantEventIds: readonly string[];
  readonly rootCause?: string;
  /** The root-cause hypothesis is stated as a likely cause (not merely "possibly related"). */
  readonly confidentCause?: boolean;
  readonly anomalyCount: number;
  /** The anomalies found in the store (an insight may list ids the store no longer has). */
  readonly anomalies: readonly AnomalyOutcome[];
  readonly predictionEnd?: number;
  /** Proactive insights: every prediction published, oldest first. */
  readonly predictions?: readonly PredictionOutcome[];
  /** Its log anomalies, in the insight's order (log group, template, kind). */
  readonly logAnomalies?: ReadonlyArray<{ readonly logGroup: string; readonly template: string; readonly kind: string }>;
}

export interface ScenarioOutcome {
  readonly name: string;
  /** Scenario family (the bundle's `family`), for per-family figures. */
  readonly family?: string;
  readonly start: number;
  readonly end: number;
  /** First cycle time and cycle cadence used. */
  readonly historyMs: number;
  readonly stepMs: number;
  readonly cycles: number;
  readonly labels: readonly Label[];
  /** The bundle's change events (to group the records of one change). */
  readonly events?: readonly EventOutcome[];
  /** Collection of every resource, by id (how insights are grouped). */
  readonly collections: Readonly<Record<string, ResourceCollection>>;
  /** Shortest series period of every resource, in ms. */
  readonly periodMs: Readonly<Record<string, number>>;
  readonly resourceCount: number;
  readonly insights: readonly InsightOutcome[];
  /** Wall-clock time of the run, ms. */
  readonly elapsedMs: number;
}

export interface RunOptions {
  /** Cycle cadence; overrides the bundle's replay hint. */
  readonly stepMs?: number;
}

const PREDICTED_AROUND = /around (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}) UTC/;

/**
 * The central predicted exhaustion time of a proactive insight version: the time its root-cause
 * text gives ("… runs out (100 %) around 2026-01-12 14:00 UTC", to the minute), else the middle
 * of its prediction range, else the range's start.
 */
export function predictedTimeOf(insight: Pick<Insight, 'rootCause' | 'predictionTimeRange' | 'forecast'>): number | undefined {
  if (insight.forecast) return insight.forecast.predictedAt;
  const m = insight.rootCause ? PREDICTED_AROUND.exec(insight.rootCause) : null;
  if (m) {
    const t = Date.parse(`${m[1]}T${m[2]}:00Z`);
    if (Number.isFinite(t)) return t;
  }
  const r = insight.predictionTimeRange;
  if (!r) return undefined;
  return r.end !== undefined ? Math.round((r.start + r.end) / 2) : r.start;
}

/** Wraps a store so that every saved proactive insight version with a prediction is recorded. */
function watchPredictions<S extends InsightStore & StateStore>(store: S, out: Map<string, PredictionOutcome[]>): S {
  return new Proxy(store, {
    get(target, prop) {
      if (prop === 'saveInsight') {
        return async (insight: Insight) => {
          await target.saveInsight(insight);
          const predictedAt = insight.type === 'PROACTIVE' && insight.status === 'ONGOING' ? predictedTimeOf(insight) : undefined;
          if (predictedAt === undefined || !insight.predictionTimeRange) return;
          const list = out.get(insight.id) ?? [];
          list.push({
            at: insight.updatedAt,
            predictedAt,
            earliest: insight.predictionTimeRange.start,
            ...(insight.predictionTimeRange.end !== undefined ? { latest: insight.predictionTimeRange.end } : {}),
          });
          out.set(insight.id, list);
        };
      }
      const v: unknown = Reflect.get(target, prop, target);
      return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v;
    },
  });
}

export async function runScenario(bundle: ScenarioBundle, options: RunOptions = {}): Promise<ScenarioOutcome> {
  const t0 = performance.now();
  const historyMs = bundle.replay?.historyMs ?? DEFAULT_HISTORY_MS;
  const stepMs = options.stepMs ?? bundle.replay?.stepMs ?? DEFAULT_STEP_MS;
  const embedded = await startEmbeddedStore();
  try {
    const predictions = new Map<string, PredictionOutcome[]>();
    const store = watchPredictions(embedded.store, predictions);
    const reports = await replayScenario(bundle, store, new MemoryNotifier(), { historyMs, stepMs });
    const insights = await loadAllInsights(embedded.store);
    const anomalies = await embedded.store.getAnomalies([...new Set(insights.flatMap((i) => i.anomalyIds))]);
    const byId = new Map(anomalies.map((a) => [a.id, a]));
    const collections: Record<string, ResourceCollection> = {};
    for (const r of bundle.resources) collections[r.id] = collectionOf(r);
    const periodMs: Record<string, number> = {};
    for (const s of bundle.series) periodMs[s.resourceId] = Math.min(periodMs[s.resourceId] ?? Infinity, s.periodSeconds * 1000);
    return {
      name: bundle.name,
      ...(bundle.family !== undefined ? { family: bundle.family } : {}),
      start: bundle.start,
      end: bundle.end,
      historyMs,
      stepMs,
      cycles: reports.length,
      labels: bundle.labels,
      events: bundle.events.map((e) => ({
        id: e.id,
        time: e.time,
        name: e.name,
        dataSource: e.dataSource,
        class: e.class,
        resources: e.resources.map((r) => r.name),
        ...(e.stack !== undefined ? { stack: e.stack } : {}),
      })),
      collections,
      periodMs,
      resourceCount: bundle.resources.length,
      insights: insights
        .map((i) => ({
          id: i.id,
          name: i.name,
          type: i.type,
          collection: i.collection,
          start: i.timeRange.start,
          ...(i.timeRange.end !== undefined ? { end: i.timeRange.end } : {}),
          createdAt: i.createdAt,
          relevantEventIds: i.relevantEventIds,
          ...(i.rootCause ? { rootCause: i.rootCause, confidentCause: i.rootCause.startsWith('Likely cause') } : {}),
          anomalyCount: i.anomalyIds.length,
          anomalies: i.anomalyIds.flatMap((id) => {
            const a = byId.get(id);
            return a
              ? [{ resourceId: a.resourceId, metric: a.series.metricName, start: a.timeRange.start, reportedAt: a.reportedAt, ...(a.timeRange.end !== undefined ? { end: a.timeRange.end } : {}), lastAnomalousAt: a.lastAnomalousAt }]
              : [];
          }),
          ...(i.predictionTimeRange?.end !== undefined ? { predictionEnd: i.predictionTimeRange.end } : {}),
          ...(i.type === 'PROACTIVE' ? { predictions: predictions.get(i.id) ?? [] } : {}),
          ...(i.logAnomalies?.length ? { logAnomalies: i.logAnomalies.map((l) => ({ logGroup: l.logGroup, template: l.template, kind: l.kind })) } : {}),
        }))
        .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)),
      elapsedMs: performance.now() - t0,
    };
  } finally {
    await embedded.close();
  }
}
