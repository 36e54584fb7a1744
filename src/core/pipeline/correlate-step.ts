/**
 * Phase 3, the correlator step: gathers what the correlator needs from the store (events,
 * ongoing insights, their anomalies), calls `correlate`, and saves the outcome so that a
 * crash at any point leaves a state that re-running the step completes without duplicates:
 *
 * 1. the anomalies with their insight ids first (idempotent overwrite),
 * 2. then the insights, each conditional on its version, with the notifications of the change
 *    recorded in the same write when the store is an outbox.
 *
 * On a re-run, an anomaly stored with the id of an insight that was never saved (the crash
 * fell between 1 and 2) is detached again, so the insight is re-created with the same
 * deterministic id; an anomaly listed by an ongoing insight keeps that insight.
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
  // An insight id found only on a stored anomaly must name a stored insight.
  const ongoingIds = new Set(ongoing.map((i) => i.id));
  const toCheck = [...new Set([...elsewhere.values()].map((a) => a.insightId).filter((id): id is string => !!id && !ongoingIds.has(id)))];
  const exists = new Set<string>();
  for (const id of toCheck) if (await store.getInsight(id)) exists.add(id);
  const changed = input.changed.map((a) => {
    const stored = elsewhere.get(a.id)?.insightId;
    const insightId = known.get(a.id)?.insightId ?? listedBy.get(a.id) ?? (stored && (ongoingIds.has(stored) || exists.has(stored)) ? stored : undefined);
    const { insightId: _drop, ...rest } = a;
    return insightId ? { ...rest, insightId } : rest;
  });

  // A dependency naming the account Opsight runs in matches its records, which carry no account id.
  const central = options.accountId;
  const config = cfg.accounts && !cfg.accounts.centralAccountId && central ? { ...cfg, accounts: { ...cfg.accounts, centralAccountId: central } } : cfg;
  const result = correlate({ now, changed, ongoing, known, events, config });

  const byInsight = new Map<string, InsightNotification[]>();
  for (const n of result.notifications) byInsight.set(n.insight.id, [...(byInsight.get(n.insight.id) ?? []), n]);
  if (result.anomalies.length) await store.putAnomalies(result.anomalies);
  for (const insight of result.insights) await saveOne(store, insight, byInsight.get(insight.id) ?? [], outbox);
  return result;
}

async function saveOne(store: InsightStore, insight: Insight, notifications: readonly InsightNotification[], outbox?: NotificationOutbox): Promise<void> {
  if (outbox && notifications.length) await outbox.saveInsightWithNotifications(insight, notifications);
  else await store.saveInsight(insight);
}
