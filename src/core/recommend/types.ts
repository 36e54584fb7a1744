/**
 * Types of the recommendation catalog. A rule looks at one insight, its anomalies and its
 * relevant events, decides whether it applies, and if so produces a Recommendation whose
 * reason cites the evidence it matched.
 */
import type { Anomaly, Insight, OpsEvent, Recommendation } from '../model';

/** Services the catalog covers; every rule belongs to one. */
export const SERVICES = ['Lambda', 'API Gateway', 'DynamoDB', 'SQS', 'Kinesis', 'RDS', 'EC2', 'ECS', 'ELB', 'IAM'] as const;
export type Service = (typeof SERVICES)[number];

/** What a forecast said about one proactive anomaly, for reasons that cite numbers. */
export interface ForecastFact {
  /** The limit the series is heading for, in the metric's unit. */
  readonly limit: number;
  /** The series' current level (latest hourly value). */
  readonly current: number;
  /** Trend in metric units per day (negative when falling towards a floor). */
  readonly perDay: number;
  /** Central estimate of when the limit is reached (epoch ms). */
  readonly predictedAt: number;
  /** Earliest and latest plausible times (prediction interval); `latest` absent when unbounded. */
  readonly earliest: number;
  readonly latest?: number;
}

/** What a rule looks at. */
export interface RecommendContext {
  readonly insight: Insight;
  /** The insight's anomalies (any order). */
  readonly anomalies: readonly Anomaly[];
  /** The insight's relevant events (any order). */
  readonly events: readonly OpsEvent[];
  /** Forecast facts by anomaly id, for proactive insights. */
  readonly forecasts?: ReadonlyMap<string, ForecastFact>;
}

/** The evidence a rule matched: what its reason cites and its related ids list. */
export interface Evidence {
  readonly anomalies: readonly Anomaly[];
  readonly events: readonly OpsEvent[];
}

export interface RecommendationRule {
  /** Stable, unique, kebab-case, prefixed by the service (e.g. `lambda-throttles-concurrency`). */
  readonly id: string;
  /** Short title, shown as the recommendation's name. */
  readonly name: string;
  readonly service: Service;
  /** Documentation page behind the advice (https://docs.aws.amazon.com/...). */
  readonly link: string;
  /** Base rank in [0, 1]: how specific and actionable the advice is when it applies. */
  readonly weight: number;
  /** Ids of more generic rules this one makes redundant when both apply. */
  readonly supersedes: readonly string[];
  /** Whether the rule applies to this insight. */
  matches(ctx: RecommendContext): boolean;
  /** The evidence behind a match, or undefined when the rule does not apply. */
  evidence(ctx: RecommendContext): Evidence | undefined;
  /** The recommendation for a matching context. Throws if the rule does not apply. */
  recommend(ctx: RecommendContext): Recommendation;
}
