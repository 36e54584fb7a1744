/**
 * The domain model, mirroring Amazon DevOps Guru's vocabulary. Every type is inferred from
 * a zod schema so data crossing a boundary (store, API, scenario files) is validated once.
 */
import { z } from 'zod';
import { LogAnomalySchema, MAX_LOG_ANOMALIES } from './logs/schema';

/** Epoch milliseconds. */
export const EpochMs = z.number().int().nonnegative();

export const MetricKindSchema = z.enum(['percent', 'count', 'latency', 'bytes', 'generic']);

/** A CloudWatch metric series: what is measured, aggregated how, at what period. */
export const SeriesSchema = z.object({
  namespace: z.string().min(1),
  metricName: z.string().min(1),
  dimensions: z.record(z.string(), z.string()).default({}),
  stat: z.string().min(1),
  periodSeconds: z.number().int().positive(),
  unit: z.string().optional(),
  kind: MetricKindSchema.default('generic'),
  /** Member account and region the series is read in; absent = the account Opsight runs in. */
  accountId: z.string().optional(),
  region: z.string().optional(),
});
export type Series = z.infer<typeof SeriesSchema>;

/**
 * Canonical, order-independent key of a series: `ns|metric|k=v,k=v|stat|period`, followed by
 * `|@account/region` for a series of a member account (the same function name in two accounts
 * or regions is two series).
 */
export function seriesKey(s: Pick<Series, 'namespace' | 'metricName' | 'dimensions' | 'stat' | 'periodSeconds' | 'accountId' | 'region'>): string {
  const dims = Object.keys(s.dimensions)
    .sort()
    .map((k) => `${k}=${s.dimensions[k]}`)
    .join(',');
  const base = `${s.namespace}|${s.metricName}|${dims}|${s.stat}|${s.periodSeconds}`;
  return s.accountId ? `${base}|@${scopeKey(s.accountId, s.region)}` : base;
}

/** `account/region` (or the account alone): how a member account's scope is written in keys. */
export function scopeKey(accountId: string, region?: string): string {
  return region ? `${accountId}/${region}` : accountId;
}

/**
 * A resource's id within Opsight: the physical id in the account Opsight runs in, prefixed by
 * `account/region:` for a member account (physical ids repeat across accounts and regions).
 */
export function scopedResourceId(physicalId: string, accountId?: string, region?: string): string {
  return accountId ? `${scopeKey(accountId, region)}:${physicalId}` : physicalId;
}

/** Where a record lives: its member account and region, both absent for the account Opsight runs in. */
const AccountScope = {
  /** 12-digit id of the member account; absent = the account Opsight runs in. */
  accountId: z.string().regex(/^\d{12}$/).optional(),
  region: z.string().optional(),
};

/** A single timestamped value. */
export const PointSchema = z.object({ t: EpochMs, v: z.number().finite() });
export type Point = z.infer<typeof PointSchema>;

/** A batch of points for one series, as returned by a MetricSource. */
export const ObservationSchema = z.object({
  seriesKey: z.string().min(1),
  points: z.array(PointSchema),
});
export type Observation = z.infer<typeof ObservationSchema>;

/** How resources are grouped into insights. */
export const ResourceCollectionSchema = z.object({
  type: z.enum(['STACK', 'TAG', 'ACCOUNT']),
  /** Stack name, tag value, or account id. */
  name: z.string().min(1),
  /** The tag key, for TAG collections. */
  tagKey: z.string().optional(),
  /** The member account the collection is in (absent = the account Opsight runs in): stacks and tags of one name in two accounts are two collections. */
  accountId: z.string().optional(),
});
export type ResourceCollection = z.infer<typeof ResourceCollectionSchema>;

/** An AWS resource inside the coverage boundary, with the series Opsight watches on it. */
export const ResourceSchema = z.object({
  id: z.string().min(1),
  /** CloudFormation type, e.g. `AWS::Lambda::Function`. */
  type: z.string().min(1),
  name: z.string().min(1),
  arn: z.string().optional(),
  stack: z.string().optional(),
  tags: z.record(z.string(), z.string()).default({}),
  series: z.array(SeriesSchema).default([]),
  ...AccountScope,
});
export type Resource = z.infer<typeof ResourceSchema>;

export const SeveritySchema = z.enum(['LOW', 'MEDIUM', 'HIGH']);
export type Severity = z.infer<typeof SeveritySchema>;
export const SEVERITY_RANK: Record<Severity, number> = { LOW: 1, MEDIUM: 2, HIGH: 3 };

export const StatusSchema = z.enum(['ONGOING', 'CLOSED']);
export type Status = z.infer<typeof StatusSchema>;

export const DirectionSchema = z.enum(['ABOVE', 'BELOW', 'NONE']);

/** A time interval; `end` absent while ongoing. */
export const TimeRangeSchema = z.object({ start: EpochMs, end: EpochMs.optional() });
export type TimeRange = z.infer<typeof TimeRangeSchema>;

/** One observed point with what was expected there. */
export const EvidencePointSchema = z.object({
  t: EpochMs,
  v: z.number(),
  expected: z.number(),
  lower: z.number(),
  upper: z.number(),
  score: z.number().min(0).max(1),
  /**
   * For a count that grows with the load (errors, throttles, concurrency, queue depth): the
   * traffic of its own resource at this time ÷ the traffic expected, when above 1 (absent
   * otherwise and in older items). Counts are read against it (correlate/load.ts).
   */
  load: z.number().positive().optional(),
});
export type EvidencePoint = z.infer<typeof EvidencePointSchema>;

/** A period during which one series behaved unusually. */
export const AnomalySchema = z.object({
  id: z.string().min(1),
  seriesKey: z.string().min(1),
  series: SeriesSchema,
  resourceId: z.string().min(1),
  resourceType: z.string().min(1),
  resourceName: z.string().min(1),
  collection: ResourceCollectionSchema,
  severity: SeveritySchema,
  status: StatusSchema,
  timeRange: TimeRangeSchema,
  /** When Opsight first reported it (first cycle that saw it). */
  reportedAt: EpochMs,
  /** Time of the latest anomalous point. */
  lastAnomalousAt: EpochMs,
  direction: DirectionSchema,
  /** Peak observed value and the band expected at that time. */
  observed: z.number(),
  expected: z.number(),
  lower: z.number(),
  upper: z.number(),
  score: z.number().min(0).max(1),
  evidence: z.array(EvidencePointSchema).max(64),
  /**
   * Why a closed anomaly closed: the metric came back inside its baseline (RECOVERED), or the
   * shift lasted so long that it became the new normal (NEW_NORMAL). Absent while open.
   */
  closeReason: z.enum(['RECOVERED', 'NEW_NORMAL']).optional(),
  /** It began at the time of day its series departed on at least two earlier days: a routine job, which opens no insight on its own. */
  routine: z.boolean().optional(),
  /** A slow degradation: its level over hours against the same hours of earlier days, not one point against the detector's band. */
  gradual: z.boolean().optional(),
  /** CAUSAL anomalies can open an insight; CONTEXTUAL ones explain one. */
  type: z.enum(['CAUSAL', 'CONTEXTUAL']),
  causalAnomalyId: z.string().optional(),
  insightId: z.string().optional(),
  ...AccountScope,
  /** Proactive anomalies: the forecast behind them (limit in the series' unit, times in epoch ms). */
  forecast: z
    .object({ limit: z.number(), perDay: z.number(), predictedAt: EpochMs.optional(), earliest: EpochMs.optional(), latest: EpochMs.optional(), asOf: EpochMs })
    .optional(),
});
export type Anomaly = z.infer<typeof AnomalySchema>;

export const EventClassSchema = z.enum(['INFRASTRUCTURE', 'DEPLOYMENT', 'SECURITY_CHANGE', 'CONFIG_CHANGE', 'SCHEMA_CHANGE']);
export type EventClass = z.infer<typeof EventClassSchema>;

/** A change in the account: a CloudTrail management event or a CodeDeploy deployment. */
export const EventSchema = z.object({
  id: z.string().min(1),
  time: EpochMs,
  /** Event source, e.g. `lambda.amazonaws.com`. */
  source: z.string().min(1),
  name: z.string().min(1),
  dataSource: z.enum(['CLOUD_TRAIL', 'CODE_DEPLOY']),
  class: EventClassSchema,
  resources: z.array(z.object({ type: z.string().optional(), name: z.string().min(1) })).default([]),
  stack: z.string().optional(),
  user: z.string().optional(),
  status: z.string().optional(),
  ...AccountScope,
});
export type OpsEvent = z.infer<typeof EventSchema>;

/** Advice attached to an insight. */
export const RecommendationSchema = z.object({
  name: z.string().min(1),
  description: z.string().min(1),
  reason: z.string().min(1),
  link: z.string().url(),
  relatedAnomalies: z.array(z.string()).default([]),
  relatedEvents: z.array(z.string()).default([]),
});
export type Recommendation = z.infer<typeof RecommendationSchema>;

export const FeedbackValueSchema = z.enum([
  'VALID_COLLECTION',
  'RECOMMENDATION_USEFUL',
  'ALERT_TOO_SENSITIVE',
  'DATA_NOISY_ANOMALY',
  'DATA_INCORRECT',
]);
export type FeedbackValue = z.infer<typeof FeedbackValueSchema>;

export const FeedbackSchema = z.object({
  insightId: z.string().min(1),
  value: FeedbackValueSchema,
  at: EpochMs,
});
export type Feedback = z.infer<typeof FeedbackSchema>;

/** One forecast a proactive insight published: when it was made and when the limit is reached. */
export const PredictionSchema = z.object({
  /** When the forecast was made (the cycle's time). */
  madeAt: EpochMs,
  /** Central estimate of the time the limit is reached. */
  predictedAt: EpochMs,
  /** Prediction range: the earliest and (when within the search) the latest plausible time. */
  earliest: EpochMs,
  latest: EpochMs.optional(),
});
export type Prediction = z.infer<typeof PredictionSchema>;

/** The forecast behind a proactive insight, as facts: which series, which limit, first and latest prediction. */
export const InsightForecastSchema = z.object({
  resourceId: z.string().min(1),
  seriesKey: z.string().min(1),
  metricName: z.string().min(1),
  /** ABOVE: the series rises to a ceiling; BELOW: it falls to a floor. */
  direction: z.enum(['ABOVE', 'BELOW']),
  limit: z.number(),
  /** CloudWatch unit of the series and the limit, when known. */
  unit: z.string().optional(),
  /** The latest central estimate (same as `latest.predictedAt`). */
  predictedAt: EpochMs,
  /** The prediction the insight opened with; never overwritten. */
  first: PredictionSchema,
  /** The latest published prediction. */
  latest: PredictionSchema,
});
export type InsightForecast = z.infer<typeof InsightForecastSchema>;

/** Most anomaly ids an insight lists, so that its item stays far below DynamoDB's 400 KB limit. */
export const MAX_LISTED_ANOMALIES = 200;

/** A correlated, explained problem: reactive (now) or proactive (predicted). */
export const InsightSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** What happened, in a few sentences (from the causal anomaly and its context). */
  description: z.string().optional(),
  type: z.enum(['REACTIVE', 'PROACTIVE']),
  severity: SeveritySchema,
  status: StatusSchema,
  timeRange: TimeRangeSchema,
  /** Proactive insights: the latest prediction range (earliest to latest plausible time the limit is reached). */
  predictionTimeRange: TimeRangeSchema.optional(),
  /** Proactive insights: the forecast as fields (absent on insights stored before it existed). */
  forecast: InsightForecastSchema.optional(),
  collection: ResourceCollectionSchema,
  /** The member anomalies' ids: every member up to MAX_LISTED_ANOMALIES, past that the causal one, the open ones, then the latest. */
  anomalyIds: z.array(z.string()),
  /** How many anomalies the insight has had in all (absent on insights stored before it existed: then `anomalyIds.length`). */
  anomalyCount: z.number().int().nonnegative().optional(),
  relevantEventIds: z.array(z.string()).default([]),
  recommendations: z.array(RecommendationSchema).default([]),
  rootCause: z.string().optional(),
  /**
   * The candidate changes behind a reactive insight, best first (at most five): the records of
   * each change, what it was in words, its score in [0, 1], how it touches the insight and
   * whether it is stated as the likely cause.
   */
  causes: z
    .array(
      z.object({
        eventIds: z.array(z.string()).min(1),
        description: z.string().min(1),
        score: z.number().min(0).max(1),
        scope: z.enum(['RESOURCE', 'RELATED_RESOURCE', 'STACK', 'ACCOUNT']),
        minutesBeforeOnset: z.number(),
        likely: z.boolean(),
      }),
    )
    .max(5)
    .optional(),
  /** Unusual log events in the log groups of the insight's resources (reactive insights; see docs/logs.md). */
  logAnomalies: z.array(LogAnomalySchema).max(MAX_LOG_ANOMALIES).optional(),
  opsItemId: z.string().optional(),
  feedback: FeedbackValueSchema.optional(),
  /** The member account of the insight's resources (absent = the account Opsight runs in); an insight spans two accounts only through a configured dependency, then this is its causal anomaly's. */
  ...AccountScope,
  createdAt: EpochMs,
  updatedAt: EpochMs,
  /** Optimistic-concurrency version; incremented by every stored change. */
  version: z.number().int().nonnegative(),
});
export type Insight = z.infer<typeof InsightSchema>;

/** Account or collection health. */
export const HealthSchema = z.object({
  openReactive: z.number().int().nonnegative(),
  openProactive: z.number().int().nonnegative(),
  /** Mean time to recovery over closed reactive insights, in minutes; null when none closed. */
  mttrMinutes: z.number().nonnegative().nullable(),
  collections: z.array(
    z.object({
      collection: ResourceCollectionSchema,
      openReactive: z.number().int().nonnegative(),
      openProactive: z.number().int().nonnegative(),
      mttrMinutes: z.number().nonnegative().nullable(),
    }),
  ),
});
export type Health = z.infer<typeof HealthSchema>;

export const MessageTypeSchema = z.enum([
  'NEW_INSIGHT',
  'CLOSED_INSIGHT',
  'NEW_ASSOCIATION',
  'SEVERITY_UPGRADED',
  'NEW_RECOMMENDATION',
]);
export type MessageType = z.infer<typeof MessageTypeSchema>;

/** A transition of an insight, delivered by a Notifier. */
export interface InsightNotification {
  readonly messageType: MessageType;
  readonly insight: Insight;
  readonly anomalies: readonly Anomaly[];
  /** Deterministic id so redelivery can be de-duplicated downstream. */
  readonly id: string;
  /** The insight before this change, when the deliverer knows it (messages say what changed). */
  readonly previous?: { readonly severity: Severity; readonly status: Status };
}
