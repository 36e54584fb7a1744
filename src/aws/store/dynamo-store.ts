/**
 * The DynamoDB store: InsightStore, StateStore, ConfigStore, CycleStore, NotificationOutbox and
 * DeliveryLedger on one table (layout and access patterns in table.ts and docs/aws.md "Store"),
 * one file per port over shared paging (shared.ts). This class puts the six together for
 * callers that need several. Used unchanged in AWS and locally on the embedded engine. Every
 * request path is a Query, GetItem or BatchGetItem (never a Scan); every write is idempotent
 * or conditional.
 */
import type {
  Anomaly,
  CollectionSummary,
  InsightSummaries,
  ConfigStore,
  CycleRecord,
  CycleStore,
  ClaimResult,
  DeliveryLedger,
  Feedback,
  Insight,
  InsightNotification,
  InsightQuery,
  InsightStore,
  NotificationOutbox,
  OpsEvent,
  Page,
  ResourceCollection,
  StateStore,
} from '../../core';
import { DynamoConfigStore } from './config-store';
import { DynamoCycleStore } from './cycle-store';
import { DynamoDeliveryLedger } from './delivery-ledger';
import { DynamoInsightStore } from './insight-store';
import { DynamoNotificationOutbox } from './notification-outbox';
import { StoreContext, type DynamoStoreOptions } from './shared';
import { DynamoStateStore } from './state-store';

export { MAX_STATE_BYTES } from './state-store';
export type { DynamoStoreOptions } from './shared';

export class DynamoStore implements InsightStore, InsightSummaries, StateStore, ConfigStore, CycleStore, NotificationOutbox, DeliveryLedger {
  readonly insights: DynamoInsightStore;
  readonly states: DynamoStateStore;
  readonly config: DynamoConfigStore;
  readonly cycles: DynamoCycleStore;
  readonly outbox: DynamoNotificationOutbox;
  readonly ledger: DynamoDeliveryLedger;

  constructor(options: DynamoStoreOptions) {
    const ctx = new StoreContext(options);
    this.outbox = new DynamoNotificationOutbox(ctx);
    this.insights = new DynamoInsightStore(ctx, this.outbox);
    this.states = new DynamoStateStore(ctx);
    this.config = new DynamoConfigStore(ctx);
    this.cycles = new DynamoCycleStore(ctx, this.states);
    this.ledger = new DynamoDeliveryLedger(ctx);
  }

  // ---- InsightStore -------------------------------------------------------------------------

  getInsight(id: string): Promise<Insight | undefined> {
    return this.insights.getInsight(id);
  }

  listOngoingInsights(): Promise<Insight[]> {
    return this.insights.listOngoingInsights();
  }

  listInsights(query: InsightQuery): Promise<Page<Insight>> {
    return this.insights.listInsights(query);
  }

  saveInsight(insight: Insight): Promise<void> {
    return this.insights.saveInsight(insight);
  }

  /** Keeps the OpsItem created for an insight on it, without changing its version. */
  setOpsItemId(insightId: string, opsItemId: string): Promise<void> {
    return this.insights.setOpsItemId(insightId, opsItemId);
  }

  listCollections(): Promise<ResourceCollection[]> {
    return this.insights.listCollections();
  }

  listCollectionSummaries(now: number): Promise<CollectionSummary[]> {
    return this.insights.listCollectionSummaries(now);
  }

  revision(): Promise<number> {
    return this.insights.revision();
  }

  putFeedback(feedback: Feedback): Promise<void> {
    return this.insights.putFeedback(feedback);
  }

  listFeedback(insightId: string): Promise<Feedback[]> {
    return this.insights.listFeedback(insightId);
  }

  putAnomalies(anomalies: readonly Anomaly[]): Promise<void> {
    return this.insights.putAnomalies(anomalies);
  }

  getAnomalies(ids: readonly string[]): Promise<Anomaly[]> {
    return this.insights.getAnomalies(ids);
  }

  listAnomaliesForInsight(insightId: string, page?: { readonly limit?: number; readonly nextToken?: string }): Promise<Page<Anomaly>> {
    return this.insights.listAnomaliesForInsight(insightId, page);
  }

  putEvents(events: readonly OpsEvent[]): Promise<void> {
    return this.insights.putEvents(events);
  }

  listEvents(start: number, end: number): Promise<OpsEvent[]> {
    return this.insights.listEvents(start, end);
  }

  // ---- NotificationOutbox -------------------------------------------------------------------

  saveInsightWithNotifications(insight: Insight, notifications: readonly InsightNotification[]): Promise<void> {
    return this.outbox.saveInsightWithNotifications(insight, notifications);
  }

  // ---- ConfigStore --------------------------------------------------------------------------

  getConfig(name: string): Promise<{ value: unknown; updatedAt: number } | undefined> {
    return this.config.getConfig(name);
  }

  putConfig(name: string, value: unknown, updatedAt: number): Promise<void> {
    return this.config.putConfig(name, value, updatedAt);
  }

  // ---- StateStore ---------------------------------------------------------------------------

  getStates(keys: readonly string[]): Promise<Map<string, unknown>> {
    return this.states.getStates(keys);
  }

  putStates(entries: ReadonlyMap<string, unknown>): Promise<void> {
    return this.states.putStates(entries);
  }

  // ---- CycleStore ---------------------------------------------------------------------------

  putStatesForCycle(entries: ReadonlyMap<string, unknown>, cycleNow: number): Promise<string[]> {
    return this.cycles.putStatesForCycle(entries, cycleNow);
  }

  planCycle(record: CycleRecord): Promise<CycleRecord> {
    return this.cycles.planCycle(record);
  }

  getCycle(cycleId: string): Promise<CycleRecord | undefined> {
    return this.cycles.getCycle(cycleId);
  }

  putPendingAnomalies(cycleId: string, anomalies: readonly Anomaly[]): Promise<void> {
    return this.cycles.putPendingAnomalies(cycleId, anomalies);
  }

  listPendingAnomalies(cycleId: string): Promise<Anomaly[]> {
    return this.cycles.listPendingAnomalies(cycleId);
  }

  completeShard(cycleId: string, shard: number): Promise<CycleRecord> {
    return this.cycles.completeShard(cycleId, shard);
  }

  markCorrelated(cycleId: string, at: number): Promise<boolean> {
    return this.cycles.markCorrelated(cycleId, at);
  }

  // ---- DeliveryLedger -----------------------------------------------------------------------

  claim(id: string, target: string, now: number, leaseMs: number): Promise<ClaimResult> {
    return this.ledger.claim(id, target, now, leaseMs);
  }

  markDelivered(id: string, target: string, now: number): Promise<void> {
    return this.ledger.markDelivered(id, target, now);
  }

  release(id: string, target: string): Promise<void> {
    return this.ledger.release(id, target);
  }

  /** Delivery record of one notification to one target (audit, tests). */
  getDelivery(id: string, target: string): Promise<{ deliveredAt?: number; attempts: number } | undefined> {
    return this.ledger.getDelivery(id, target);
  }
}
