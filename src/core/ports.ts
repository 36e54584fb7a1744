/**
 * Ports: the interfaces through which the pure core reaches the outside world.
 * src/aws implements them with AWS SDK clients; src/local with embedded equivalents.
 */
import type {
  Anomaly,
  Feedback,
  Insight,
  InsightNotification,
  Observation,
  OpsEvent,
  Resource,
  ResourceCollection,
  Series,
  Severity,
  Status,
} from './model';
import type { LogSource } from './logs/port';

/** The source of time. Tests and replays use a controllable clock. */
export interface Clock {
  /** Epoch milliseconds. */
  now(): number;
}

/** One series to fetch from `start` (inclusive) to the request's `end` (exclusive). */
export interface MetricRequest {
  readonly series: Series;
  readonly start: number;
}

/** Reads metric data points. */
export interface MetricSource {
  fetch(requests: readonly MetricRequest[], end: number): Promise<Observation[]>;
}

/** A time window `[start, end)`, epoch ms. */
export interface TimeWindow {
  readonly start: number;
  readonly end: number;
}

/** What a source read of a window, and the parts it left for a later read. */
export interface EventRead {
  readonly events: OpsEvent[];
  /** Sub-windows not read (e.g. a page budget was spent); empty when the window was read whole. */
  readonly unread: TimeWindow[];
}

/** Reads change events (CloudTrail, CodeDeploy) in `[start, end)`. */
export interface EventSource {
  fetch(start: number, end: number, resources: readonly Resource[]): Promise<OpsEvent[]>;
  /** Like `fetch`, but reports what it left unread instead of leaving it silently (optional). */
  read?(start: number, end: number, resources: readonly Resource[]): Promise<EventRead>;
}

/** Lists the resources inside the coverage boundary, each with the series to watch. */
export interface ResourceCatalog {
  list(): Promise<Resource[]>;
}

/** Filters for listing insights. All optional; results are newest first. */
export interface InsightQuery {
  readonly status?: Status;
  readonly type?: Insight['type'];
  readonly severity?: Severity;
  /** Collection name (stack, tag value or account). */
  readonly collection?: string;
  /** Only insights of this member account; null: only those of the account Opsight runs in (without an account id). */
  readonly accountId?: string | null;
  /** Only insights whose time range overlaps [from, to]. */
  readonly from?: number;
  readonly to?: number;
  /** Only insights starting at or after this time (a key range of the store, so cheap). */
  readonly startFrom?: number;
  readonly limit?: number;
  readonly nextToken?: string;
}

export interface Page<T> {
  readonly items: T[];
  readonly nextToken?: string;
}

/** Persists insights, anomalies, events and feedback. */
export interface InsightStore {
  getInsight(id: string): Promise<Insight | undefined>;
  listInsights(query: InsightQuery): Promise<Page<Insight>>;
  /** Insights with status ONGOING (what the correlator works on). */
  listOngoingInsights(): Promise<Insight[]>;
  /**
   * Writes an insight if the stored version equals `insight.version - 1` (or it does not
   * exist and `insight.version === 1`); otherwise throws ConflictError.
   */
  saveInsight(insight: Insight): Promise<void>;
  putAnomalies(anomalies: readonly Anomaly[]): Promise<void>;
  getAnomalies(ids: readonly string[]): Promise<Anomaly[]>;
  putEvents(events: readonly OpsEvent[]): Promise<void>;
  listEvents(start: number, end: number): Promise<OpsEvent[]>;
  putFeedback(feedback: Feedback): Promise<void>;
  listCollections(): Promise<ResourceCollection[]>;
  /** Anomalies attached to one insight, oldest first (paged). */
  listAnomaliesForInsight(insightId: string, page?: { readonly limit?: number; readonly nextToken?: string }): Promise<Page<Anomaly>>;
  /** Every feedback given on one insight, oldest first. */
  listFeedback(insightId: string): Promise<Feedback[]>;
}

/** What the health views need of one insight, kept by the store beside its collection. */
export interface InsightDigest {
  readonly id: string;
  readonly type: Insight['type'];
  readonly severity: Severity;
  readonly status: Status;
  readonly timeRange: { readonly start: number; readonly end?: number };
  readonly version: number;
}

/** A resource collection with the digests of its insights (those still stored). */
export interface CollectionSummary {
  readonly collection: ResourceCollection;
  readonly insights: readonly InsightDigest[];
}

/**
 * Summaries a store maintains as insights are saved, so account and collection health are
 * answered without reading every insight. Optional: without it the API reads the insights.
 */
export interface InsightSummaries {
  /** Every known collection with its insights' digests, as of `now` (insights past retention left out). */
  listCollectionSummaries(now: number): Promise<CollectionSummary[]>;
  /** A number that grows with every write that can change the health views or DORA metrics (insights, events). */
  revision(): Promise<number>;
}

/** Per-series detector state plus cycle bookkeeping. Values are plain JSON. */
export interface StateStore {
  getStates(keys: readonly string[]): Promise<Map<string, unknown>>;
  putStates(entries: ReadonlyMap<string, unknown>): Promise<void>;
}

/**
 * Small named configuration documents stored beside the insights (e.g. `coverage`, which the
 * API reads and updates). Values are plain JSON; `updatedAt` is epoch ms of the last write.
 */
export interface ConfigStore {
  getConfig(name: string): Promise<{ value: unknown; updatedAt: number } | undefined>;
  putConfig(name: string, value: unknown, updatedAt: number): Promise<void>;
}

/** A distributed cycle as planned: what the analyzers and the correlator agree on. */
export interface CycleRecord {
  /** Deterministic from `now`, so a re-delivered schedule plans the same cycle. */
  readonly cycleId: string;
  /** Cycle time (exclusive end of the data it reads). */
  readonly now: number;
  /** End of the previous cycle (start of this cycle's change-event window). */
  readonly previousEnd: number;
  /** Number of work items (shards) the series were split into. */
  readonly shards: number;
  /** Shards reported done so far. */
  readonly doneShards?: number;
  /** When the correlator finished this cycle. */
  readonly correlatedAt?: number;
}

/**
 * Bookkeeping of the distributed pipeline (planner, analyzers, correlator). Every method is
 * idempotent so that at-least-once delivery never duplicates work.
 */
export interface CycleStore {
  /** Records a planned cycle if absent; returns the stored record (the existing one on redelivery). */
  planCycle(record: CycleRecord): Promise<CycleRecord>;
  getCycle(cycleId: string): Promise<CycleRecord | undefined>;
  /** Stores a shard's changed anomalies under the cycle (idempotent overwrite by anomaly id). */
  putPendingAnomalies(cycleId: string, anomalies: readonly Anomaly[]): Promise<void>;
  /** Every anomaly changed in the cycle, by any shard. */
  listPendingAnomalies(cycleId: string): Promise<Anomaly[]>;
  /**
   * Writes series states unless a state written by this or a later cycle is already stored
   * (a concurrent duplicate of the same work item); returns the keys it skipped.
   */
  putStatesForCycle(entries: ReadonlyMap<string, unknown>, cycleNow: number): Promise<string[]>;
  /** Marks one shard done (idempotent); returns the cycle with its count of distinct done shards. */
  completeShard(cycleId: string, shard: number): Promise<CycleRecord>;
  /** Marks the cycle correlated; false when it already was. */
  markCorrelated(cycleId: string, at: number): Promise<boolean>;
}

/**
 * The outbox of insight notifications: recorded atomically with the insight change that caused
 * them, delivered later (from the table's stream), once per target.
 */
export interface NotificationOutbox {
  /** Saves the insight (as `InsightStore.saveInsight`) and, in the same atomic write, its notifications. */
  saveInsightWithNotifications(insight: Insight, notifications: readonly InsightNotification[]): Promise<void>;
}

/**
 * What a claim found: `claimed` (the caller holds the lease and must deliver), `delivered`
 * (recorded as delivered: nothing to do) or `held` (another worker's unexpired lease: it may
 * still deliver, or it may have died, so the caller must fail and retry after the lease).
 */
export type ClaimResult = 'claimed' | 'delivered' | 'held';

/** Remembers which notification went to which target, so redelivery never sends twice. */
export interface DeliveryLedger {
  /**
   * Takes a lease on delivering notification `id` to `target` until `now + leaseMs`, unless it
   * was delivered already or another worker holds an unexpired lease.
   */
  claim(id: string, target: string, now: number, leaseMs: number): Promise<ClaimResult>;
  /** Records the delivery (after the target accepted the message). */
  markDelivered(id: string, target: string, now: number): Promise<void>;
  /** Gives a lease back after a failed delivery so a retry can take it at once. */
  release(id: string, target: string): Promise<void>;
}

/** Delivers insight transitions (SNS, OpsCenter, EventBridge, console). */
export interface Notifier {
  notify(notifications: readonly InsightNotification[]): Promise<void>;
}

/** Everything a cycle needs. */
export interface CyclePorts {
  readonly metrics: MetricSource;
  readonly events: EventSource;
  readonly catalog: ResourceCatalog;
  readonly insights: InsightStore;
  readonly state: StateStore;
  readonly notifier: Notifier;
  /** Log events of covered resources, read around open reactive insights (optional). */
  readonly logs?: LogSource;
}
