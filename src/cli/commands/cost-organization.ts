/**
 * `opsight cost --config FILE [--account-resources ID:KIND=N,... ...]`: with an organisation in
 * the configuration, the bill of the whole organisation and a table of what each account adds.
 */
import { parseConfig, type OpsightConfig } from '../../core/config';
import type { Organization } from '../../core/accounts/config';
import type { Cadence } from '../../aws/coverage/cadence';
import { inMemberAccount, syntheticCoverage, type AccountCoverage, type OrganizationCostEstimate } from '../../aws/cost';
import { UsageError } from '../args';

/** The `opsight` configuration inside a file: the object itself, or a cdk.json holding it under `context.opsight`. */
export function configFromJson(json: unknown, file: string): OpsightConfig {
  const context = (json as { context?: { opsight?: unknown } } | null)?.context;
  const raw = context && typeof context === 'object' && 'opsight' in context ? context.opsight : json;
  const config = typeof raw === 'string' ? (JSON.parse(raw) as unknown) : raw;
  try {
    return parseConfig(config);
  } catch (e) {
    throw new UsageError(`--config: ${file}: ${(e as Error).message}`, 'config');
  }
}

/** `111122223333:lambda=4,dynamodb=1` → the account and its counts (parsed by `parseCounts`). */
export function parseAccountResources(values: readonly string[], parseCounts: (text: string) => Record<string, number>): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const v of values) {
    const m = /^(\d{12}):(.+)$/.exec(v.trim());
    if (!m) throw new UsageError(`--account-resources: expected ACCOUNT:KIND=N,... like 111122223333:lambda=4,dynamodb=1, got "${v}"`, 'account-resources');
    if (out.has(m[1]!)) throw new UsageError(`--account-resources: account ${m[1]} is given twice`, 'account-resources');
    out.set(m[1]!, parseCounts(m[2]!));
  }
  return out;
}

/**
 * The accounts priced: the central one (when the organisation includes it) with `central`
 * resources, and each named member account in each of its regions with its
 * `--account-resources` counts (else `fallback`, the example coverage). Accounts found only
 * through organisational units are priced when `--account-resources` names them.
 */
export function organizationCoverages(
  org: Organization,
  centralCoverage: OpsightConfig['coverage']['mode'],
  central: AccountCoverage['resources'],
  counts: ReadonlyMap<string, Record<string, number>>,
  fallback: Record<string, number>,
): AccountCoverage[] {
  const named = new Map(org.accounts.map((a) => [a.id, a]));
  for (const id of counts.keys()) {
    if (!named.has(id) && org.organizationalUnits.length === 0) {
      throw new UsageError(`--account-resources: account ${id} is not in organization.accounts and no organisational unit is configured`, 'account-resources');
    }
  }
  const defaultRegions = org.regions ?? ['central region'];
  const out: AccountCoverage[] = org.includeCentralAccount ? [{ regions: ['central region'], coverage: centralCoverage, resources: central }] : [];
  const ids = [...org.accounts.map((a) => a.id), ...[...counts.keys()].filter((id) => !named.has(id))];
  for (const id of ids) {
    const account = named.get(id);
    const regions = account?.regions ?? defaultRegions;
    const perRegion = syntheticCoverage(counts.get(id) ?? fallback);
    out.push({
      accountId: id,
      ...(account?.alias ? { alias: account.alias } : {}),
      regions,
      coverage: account?.coverage.mode ?? 'account',
      resources: regions.flatMap((r) => inMemberAccount(perRegion, id, r)),
    });
  }
  return out;
}

const usd = (x: number) => `$${Math.abs(x) < 10 ? x.toFixed(4) : x.toFixed(2)}`;
const count = (x: number) => Math.round(x).toLocaleString('en-US');

const row = (cells: readonly string[]) =>
  `${cells[0]!.padEnd(14)}${cells[1]!.padEnd(16)}${cells[2]!.padStart(8)}${cells[3]!.padStart(11)}${cells[4]!.padStart(8)}${cells[5]!.padStart(20)}${cells[6]!.padStart(14)}${cells[7]!.padStart(16)}${cells[8]!.padStart(14)}`.trimEnd();

/** The per-account table, then the shared line and the total. */
export function formatOrganizationCost(e: OrganizationCostEstimate, cadence: Cadence): string[] {
  const lines = [
    `Per account: what covering each account adds to the monthly bill (USD a month; golden signals every ${cadence.goldenSignalsMinutes} min)`,
    '',
    row(['account', 'alias', 'regions', 'resources', 'series', 'metrics/month', 'Opsight', 'of which reads', 'DevOps Guru']),
  ];
  for (const a of e.accounts) {
    lines.push(row([a.accountId ?? 'central', a.alias ?? '-', String(a.regions), count(a.resources), count(a.series), count(a.metricsRequested), usd(a.usd), a.accountId ? usd(a.memberReadsUsd) : '-', usd(a.devOpsGuruUsd)]));
  }
  const devOpsGuru = e.accounts.reduce((s, a) => s + a.devOpsGuruUsd, 0);
  lines.push(row(['shared', 'fixed, per cycle', '', '', '', '', usd(e.sharedUsd), '', '']));
  lines.push(row(['total', '', '', count(e.total.resources), '', count(e.total.calls.metricsRequested), usd(e.total.totalUsd), '', usd(devOpsGuru)]));
  lines.push('');
  lines.push("Reads (GetMetricData, ListMetrics, LookupEvents, CodeDeploy) go through each member account's role: they are requests in that account and appear on its bill.");
  lines.push('Everything else (Lambda, DynamoDB, SQS, logs, the fixed parts) is billed to the central account. A consolidated bill adds both.');
  return lines;
}
