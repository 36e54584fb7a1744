/**
 * Opsight's budgets of the account's shared quotas, divided statically between the functions
 * that draw on them, so that Σ (instances at once × per-instance rate) ≤ budget ≤ quota:
 *
 * - GetMetricData: 80 % of the 50 TPS account quota (the rest is left to the account's other
 *   callers and to the API's anomaly charts); the planner's forecasts take a fixed share, the
 *   analyzers split the remainder.
 * - Per-series state writes: half of the 4,000 writes per second a new on-demand table absorbs
 *   at once (an on-demand table serves up to twice its previous peak without throttling; a
 *   new one starts from 4,000). A 100,000-series cycle writes 100,000 states, which unpaced
 *   analyzers would land in a few seconds.
 *
 * The stack (lib/pipeline.ts) passes each function its rates; `test/lib/pacing.test.ts` checks
 * the arithmetic on the synthesized template and `npm run bench:scale` runs a cycle under it.
 *
 * The GetMetricData quota is per account and region, so with member accounts the same budget
 * holds in every (account, region) the pipeline reads: each function keeps one bucket per scope
 * at its rate (src/aws/accounts/clients.ts), and the sum above holds scope by scope
 * (`bench scale --accounts` runs it). State writes all land on the central table and keep one
 * budget whatever the number of accounts.
 */
import { AWS_QUOTAS } from './throttle';

export interface PacingBudget {
  /** The account's GetMetricData quota (TPS). */
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
  /** State writes per second Opsight allows itself on its table. */
  readonly stateWriteBudget: number;
  /** Distributed mode: each analyzer's state writes per second. */
  readonly analyzerStateWrites: number;
}

export function pacingBudget(options: { readonly analyzerConcurrency?: number } = {}): PacingBudget {
  const quotaTps = AWS_QUOTAS.getMetricDataTps;
  const budgetTps = Math.floor(quotaTps * 0.8);
  const plannerTps = 10;
  // SQS event sources accept a maximum concurrency of 2 to 1000.
  const analyzerConcurrency = Math.max(2, Math.floor(options.analyzerConcurrency ?? 5));
  const stateWriteBudget = AWS_QUOTAS.onDemandInitialWritesPerSecond / 2;
  return {
    quotaTps,
    budgetTps,
    cycleTps: budgetTps,
    plannerTps,
    analyzerConcurrency,
    analyzerTps: (budgetTps - plannerTps) / analyzerConcurrency,
    stateWriteBudget,
    analyzerStateWrites: Math.floor(stateWriteBudget / analyzerConcurrency),
  };
}
