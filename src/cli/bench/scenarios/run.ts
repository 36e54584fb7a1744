/**
 * Runs one scenario bundle through the full pipeline (runCycle over the replayed bundle) on a
 * fresh in-memory embedded store, and keeps what the scoring needs: every insight with the
 * resources and report times of its anomalies. The outcome is plain data (it crosses threads).
 */
import { collectionOf, loadAllInsights, type Insight, type ResourceCollection } from '../../../core';
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
  readonly anomalyCount: number;
  /** The anomalies found in the store (an insight may list ids the store no longer has). */
  readonly anomalies: readonly AnomalyOutcome[];
  readonly predictionEnd?: number;
}

export interface ScenarioOutcome {
  readonly name: string;
  readonly start: number;
  readonly end: number;
  /** First cycle time and cycle cadence used. */
  readonly historyMs: number;
  readonly stepMs: number;
  readonly cycles: number;
  readonly labels: readonly Label[];
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

export async function runScenario(bundle: ScenarioBundle, options: RunOptions = {}): Promise<ScenarioOutcome> {
  const t0 = performance.now();
  const historyMs = bundle.replay?.historyMs ?? DEFAULT_HISTORY_MS;
  const stepMs = options.stepMs ?? bundle.replay?.stepMs ?? DEFAULT_STEP_MS;
  const embedded = await startEmbeddedStore();
  try {
    const reports = await replayScenario(bundle, embedded.store, new MemoryNotifier(), { historyMs, stepMs });
    const insights = await loadAllInsights(embedded.store);
    const anomalies = await embedded.store.getAnomalies([...new Set(insights.flatMap((i) => i.anomalyIds))]);
    const byId = new Map(anomalies.map((a) => [a.id, a]));
    const collections: Record<string, ResourceCollection> = {};
    for (const r of bundle.resources) collections[r.id] = collectionOf(r);
    const periodMs: Record<string, number> = {};
    for (const s of bundle.series) periodMs[s.resourceId] = Math.min(periodMs[s.resourceId] ?? Infinity, s.periodSeconds * 1000);
    return {
      name: bundle.name,
      start: bundle.start,
      end: bundle.end,
      historyMs,
      stepMs,
      cycles: reports.length,
      labels: bundle.labels,
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
          ...(i.rootCause ? { rootCause: i.rootCause } : {}),
          anomalyCount: i.anomalyIds.length,
          anomalies: i.anomalyIds.flatMap((id) => {
            const a = byId.get(id);
            return a ? [{ resourceId: a.resourceId, metric: a.series.metricName, start: a.timeRange.start, reportedAt: a.reportedAt }] : [];
          }),
          ...(i.predictionTimeRange?.end !== undefined ? { predictionEnd: i.predictionTimeRange.end } : {}),
        }))
        .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id)),
      elapsedMs: performance.now() - t0,
    };
  } finally {
    await embedded.close();
  }
}
