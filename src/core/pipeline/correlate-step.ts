/**
 * Phase 3, the correlator step: gathers what the correlator needs from the store (events,
 * ongoing insights, their anomalies), calls `correlate`, and saves the outcome so that a
 * crash at any point leaves a state that re-running the step completes without duplicates:
 *
 * 1. insights first, each conditional on its version (with its notifications in the same
 *    transaction when an outbox is given),
 * 2. then the anomalies with their insight ids.
 *
 * On a re-run, an anomaly listed by an ongoing insight but not yet stored with its insight id
 * is re-attached from the insight's `anomalyIds`, so it never opens a second insight.
 */
import { correlate, type CorrelateOutput } from '../correlate';
import type { Anomaly, Insight, InsightNotification } from '../model';
import type { InsightStore, NotificationOutbox } from '../ports';
import type { ResolvedOptions } from './options';

export interface CorrelateCycleInput {
  readonly now: number;
  /** End of the previous cycle: events from here (minus the look-back) are considered. */
  readonly previousEnd: number;
  /** Anomalies changed in this cycle, in their latest form. */
  readonly changed: readonly Anomaly[];
}

export async function correlateCycle(
  store: InsightStore,
  input: CorrelateCycleInput,
  options: ResolvedOptions,
  outbox?: NotificationOutbox,
): Promise<CorrelateOutput> {
  const { now } = input;
  const cfg = options.correlator;
  const eventStart = Math.min(input.previousEnd, ...input.changed.map((a) => a.timeRange.start)) - cfg.eventLookbackMs;
  const [events, ongoing] = await Promise.all([store.listEvents(eventStart, now), store.listOngoingInsights()]);

  const known = new Map<string, Anomaly>();
  for (const a of await store.getAnomalies([...new Set(ongoing.flatMap((i) => i.anomalyIds))])) known.set(a.id, a);
  const listedBy = new Map<string, string>();
  for (const i of ongoing) for (const id of i.anomalyIds) listedBy.set(id, i.id);

  // Anomalies already attached to an insight keep their insight id.
  const unknownIds = input.changed.filter((a) => !known.has(a.id) && !listedBy.has(a.id)).map((a) => a.id);
  const elsewhere = new Map((await store.getAnomalies(unknownIds)).map((a) => [a.id, a]));
  const changed = input.changed.map((a) => {
    const insightId = known.get(a.id)?.insightId ?? listedBy.get(a.id) ?? elsewhere.get(a.id)?.insightId;
    return insightId ? { ...a, insightId } : a;
  });

  const result = correlate({ now, changed, ongoing, known, events, config: cfg });

  const byInsight = new Map<string, InsightNotification[]>();
  for (const n of result.notifications) byInsight.set(n.insight.id, [...(byInsight.get(n.insight.id) ?? []), n]);
  for (const insight of result.insights) await saveOne(store, insight, byInsight.get(insight.id) ?? [], outbox);
  if (result.anomalies.length) await store.putAnomalies(result.anomalies);
  return result;
}

async function saveOne(store: InsightStore, insight: Insight, notifications: readonly InsightNotification[], outbox?: NotificationOutbox): Promise<void> {
  if (outbox && notifications.length) await outbox.saveInsightWithNotifications(insight, notifications);
  else await store.saveInsight(insight);
}
