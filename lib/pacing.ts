/**
 * The account's GetMetricData quota (50 TPS per account and region) shared by every Opsight
 * function that reads metrics. Opsight keeps to a budget of 80 % of the quota, leaving the rest
 * to the account's other callers (consoles, dashboards, other tools) and to the API's anomaly
 * charts, and divides it statically: each function's token bucket paces it at its share, and the
 * analyzers' event source caps how many run at once, so
 *
 *   Σ (instances at once × per-instance TPS) ≤ budget ≤ quota.
 *
 * The arithmetic is written out in docs/operations.md; `test/lib/pacing.test.ts` checks it on
 * the synthesized template.
 */
import { AWS_QUOTAS } from '../src/aws/throttle';

/** Environment variable carrying a function's GetMetricData calls per second. */
export const METRIC_DATA_TPS_ENV = 'GET_METRIC_DATA_TPS';

export interface MetricDataBudget {
  /** The account quota (TPS). */
  readonly quotaTps: number;
  /** Opsight's share of it (TPS). */
  readonly budgetTps: number;
  /** Single mode: the cycle function (one scheduled instance). */
  readonly cycleTps: number;
  /** Distributed mode: the planner's capacity-forecast reads (one scheduled instance). */
  readonly plannerTps: number;
  /** Distributed mode: analyzers running at once (the SQS event source's maximum concurrency). */
  readonly analyzerConcurrency: number;
  /** Distributed mode: each analyzer's rate, `(budget - planner) / analyzerConcurrency`. */
  readonly analyzerTps: number;
}

export function metricDataBudget(options: { readonly analyzerConcurrency?: number } = {}): MetricDataBudget {
  const quotaTps = AWS_QUOTAS.getMetricDataTps;
  const budgetTps = Math.floor(quotaTps * 0.8);
  const plannerTps = 10;
  // SQS event sources accept a maximum concurrency of 2 to 1000.
  const analyzerConcurrency = Math.max(2, Math.floor(options.analyzerConcurrency ?? 5));
  return { quotaTps, budgetTps, cycleTps: budgetTps, plannerTps, analyzerConcurrency, analyzerTps: (budgetTps - plannerTps) / analyzerConcurrency };
}
