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

/** Reads change events (CloudTrail, CodeDeploy) in `[start, end)`. */
export interface EventSource {
  fetch(start: number, end: number, resources: readonly Resource[]): Promise<OpsEvent[]>;
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
  /** Only insights whose time range overlaps [from, to]. */
  readonly from?: number;
  readonly to?: number;
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
}

/** Per-series detector state plus cycle bookkeeping. Values are plain JSON. */
export interface StateStore {
  getStates(keys: readonly string[]): Promise<Map<string, unknown>>;
  putStates(entries: ReadonlyMap<string, unknown>): Promise<void>;
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
}
