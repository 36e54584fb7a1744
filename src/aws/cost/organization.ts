/**
 * What an organisation-wide coverage costs, and what each account adds to it. One central
 * stack runs every cycle, so the fixed parts and the per-cycle bookkeeping are paid once; each
 * account adds its reads (GetMetricData per metric, LookupEvents and CodeDeploy per
 * account-region, hourly ListMetrics), the compute and state writes of its series, and its
 * change events. An account's figure is its marginal cost: the organisation's bill with it
 * minus the bill without it; what no account adds alone is the shared line.
 */
import type { Resource } from '../../core';
import type { Cadence } from '../coverage/cadence';
import { devOpsGuruMonthly, estimateMonthlyCost, type CostEstimate, type MonthlyCostOptions } from './bill';

/** One account's coverage, as priced. */
export interface AccountCoverage {
  /** Absent: the central account (the one Opsight runs in). */
  readonly accountId?: string;
  readonly alias?: string;
  /** Regions analysed in the account. */
  readonly regions: readonly string[];
  readonly coverage: 'account' | 'stacks' | 'tags';
  /** Its resources in every region, each carrying `accountId` and `region` for a member account. */
  readonly resources: readonly Resource[];
}

export interface AccountCostRow {
  readonly accountId?: string;
  readonly alias?: string;
  readonly regions: number;
  readonly resources: number;
  readonly series: number;
  /** GetMetricData metrics this account's series request in a month. */
  readonly metricsRequested: number;
  /** What covering this account adds to the monthly bill (USD). */
  readonly usd: number;
  /**
   * The part of `usd` that is reads through the member role (GetMetricData, ListMetrics,
   * LookupEvents, CodeDeploy, FilterLogEvents): requests made in the member account with its
   * role's session, so they appear on that account's bill; the rest is the central account's.
   */
  readonly memberReadsUsd: number;
  /** DevOps Guru's list price for the same resources (USD a month). */
  readonly devOpsGuruUsd: number;
}

export interface OrganizationCostEstimate {
  /** The whole organisation's bill, line by line (as for one account). */
  readonly total: CostEstimate;
  readonly accounts: readonly AccountCostRow[];
  /** What no account adds alone: the fixed parts and the per-cycle work (USD a month). */
  readonly sharedUsd: number;
}

/** The lines of the bill that are reads in the covered account (priced per request or metric). */
export const READ_LINES: ReadonlySet<string> = new Set([
  'CloudWatch GetMetricData',
  'CloudWatch ListMetrics',
  'CloudTrail LookupEvents',
  'CodeDeploy API',
  'CloudWatch Logs FilterLogEvents (log evidence)',
]);

const readsUsd = (e: CostEstimate) => e.lines.filter((l) => READ_LINES.has(l.service)).reduce((s, l) => s + l.usd, 0);

/** The bill of `accounts` together: one estimate over every resource and account-region. */
function estimateTogether(accounts: readonly AccountCoverage[], cadence: Cadence, options: MonthlyCostOptions): CostEstimate {
  const accountCoverage: Record<string, AccountCoverage['coverage']> = {};
  for (const a of accounts) if (a.accountId) accountCoverage[a.accountId] = a.coverage;
  const central = accounts.find((a) => !a.accountId);
  return estimateMonthlyCost(
    accounts.flatMap((a) => a.resources),
    cadence,
    {
      ...options,
      shape: { ...options.shape, accountRegions: accounts.reduce((n, a) => n + a.regions.length, 0) },
      platform: { ...options.platform, coverage: central?.coverage ?? options.platform?.coverage ?? 'account', accountCoverage },
    },
  );
}

/**
 * Prices an organisation: the total, and each account's marginal cost. O(accounts × series
 * log series): one estimate with every account and one without each (without the only
 * account, the stack with nothing covered).
 */
export function estimateOrganizationCost(accounts: readonly AccountCoverage[], cadence: Cadence, options: MonthlyCostOptions = {}): OrganizationCostEstimate {
  const total = estimateTogether(accounts, cadence, options);
  const rows = accounts.map((a, i): AccountCostRow => {
    const without = estimateTogether(accounts.filter((_, j) => j !== i), cadence, options);
    return {
      ...(a.accountId ? { accountId: a.accountId } : {}),
      ...(a.alias ? { alias: a.alias } : {}),
      regions: a.regions.length,
      resources: a.resources.length,
      series: a.resources.reduce((n, r) => n + r.series.length, 0),
      metricsRequested: total.calls.metricsRequested - without.calls.metricsRequested,
      usd: total.totalUsd - without.totalUsd,
      memberReadsUsd: a.accountId ? readsUsd(total) - readsUsd(without) : 0,
      devOpsGuruUsd: devOpsGuruMonthly(a.resources, options.prices).usd,
    };
  });
  return { total, accounts: rows, sharedUsd: total.totalUsd - rows.reduce((s, r) => s + r.usd, 0) };
}
