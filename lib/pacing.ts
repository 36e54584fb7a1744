/**
 * The account quotas Opsight's functions share (GetMetricData TPS, the table's writes), as
 * budgets divided statically between them: src/aws/pacing.ts holds the arithmetic, written out
 * in docs/operations.md; `test/lib/pacing.test.ts` checks it on the synthesized template.
 */
import { pacingBudget, type PacingBudget } from '../src/aws/pacing';

/** Environment variable carrying a function's GetMetricData calls per second. */
export const METRIC_DATA_TPS_ENV = 'GET_METRIC_DATA_TPS';
/** Environment variable carrying a function's per-series state writes per second. */
export const STATE_WRITES_ENV = 'STATE_WRITES_PER_SECOND';

export type MetricDataBudget = PacingBudget;

/** The budgets for the stack (the name the stack and its tests use). */
export function metricDataBudget(options: { readonly analyzerConcurrency?: number } = {}): MetricDataBudget {
  return pacingBudget(options);
}
