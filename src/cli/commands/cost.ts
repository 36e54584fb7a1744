/**
 * `opsight cost [--resources lambda=1,dynamodb=1,ec2=1 | --region R [--profile P] (--stack S ... | --tag K=V | --account)]
 *               [--config FILE [--account-resources ID:KIND=N,... ...]]
 *               [--golden-minutes 5] [--capacity-minutes 60] [--quiet-minutes 15] [--mode single|distributed]
 *               [--dashboard] [--throttle-alarms] [--json]`
 * prints Opsight's modelled monthly AWS bill beside DevOps Guru's list price for the same
 * resources. With no coverage flag it prices the example of docs/cost.md (one Lambda
 * function, one DynamoDB table, one EC2 instance with the CloudWatch agent). A configuration
 * with an organisation adds a table of what each account adds (cost-organization.ts).
 */
import type { Resource } from '../../core';
import { catalogFor } from '../../aws/coverage';
import { DEFAULT_CADENCE, type Cadence } from '../../aws/coverage/cadence';
import { estimateMonthlyCost, estimateOrganizationCost, RESOURCE_ALIASES, syntheticCoverage, type CostEstimate } from '../../aws/cost';
import type { OpsightConfig } from '../../core/config';
import { readJson } from './bench-nab';
import { configFromJson, formatOrganizationCost, organizationCoverages, parseAccountResources } from './cost-organization';
import { command, listValues, parseCommand, parseInteger, regionFrom, UsageError } from '../args';
import type { CliIo } from '../io';
import { AWS_ENV, AWS_FLAGS, checkCredentials, COVERAGE_FLAGS, coverageFrom, scanClients, type ScanDeps } from './scan';

export const EXAMPLE_RESOURCES = 'lambda=1,dynamodb=1,ec2=1';

export const COST = command({
  name: 'cost',
  synopsis:
    '[--resources lambda=1,dynamodb=1,ec2=1 | --region R [--profile P] (--stack S ... | --tag K=V | --account)] [--config FILE [--account-resources ID:KIND=N,...]] [--golden-minutes 5] [--capacity-minutes 60] [--quiet-minutes 15] [--mode single|distributed] [--dashboard] [--throttle-alarms] [--json]',
  summary: "Opsight's modelled monthly AWS bill beside DevOps Guru's list price for the same resources",
  flags: {
    resources: { type: 'string', multiple: true, arg: 'KIND=N,...', help: `resource counts to price (default ${EXAMPLE_RESOURCES}; kinds: ${Object.keys(RESOURCE_ALIASES).join(', ')})` },
    ...AWS_FLAGS,
    ...COVERAGE_FLAGS,
    config: { type: 'string', arg: 'FILE', help: 'Opsight configuration (JSON, or a cdk.json with it under context.opsight): its cadence, pipeline and monitoring are priced; with an organization, a table per account' },
    'account-resources': {
      type: 'string',
      multiple: true,
      arg: 'ID:KIND=N,...',
      help: `resource counts of a member account, in each of its regions (default ${EXAMPLE_RESOURCES}); needs --config with an organization`,
    },
    'golden-minutes': { type: 'string', arg: 'MIN', help: 'golden-signal cadence in minutes, 1 to 60 (default 5)' },
    'capacity-minutes': { type: 'string', arg: 'MIN', help: 'capacity cadence in minutes, 5 to 1440 (default 60)' },
    'quiet-minutes': { type: 'string', arg: 'MIN', help: 'quiet golden-signal cadence in minutes, 1 to 60 (default 15; the golden cadence turns it off)' },
    mode: { type: 'string', arg: 'single|distributed', help: 'pipeline shape priced (default single)' },
    dashboard: { type: 'boolean', help: 'price the optional CloudWatch dashboard (monitoring.dashboard)' },
    'throttle-alarms': { type: 'boolean', help: 'price the optional throttle alarms (monitoring.throttleAlarms)' },
    json: { type: 'boolean', help: 'print the estimate as JSON (every line with its quantity and unit price)' },
  },
  env: AWS_ENV,
});

/** `lambda=2,ec2=1` → counts per alias. */
export function parseResourceCounts(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z0-9]+)=(\d+)$/.exec(part);
    if (!m) throw new UsageError(`--resources: expected KIND=COUNT pairs like ${EXAMPLE_RESOURCES}, got "${part}"`, 'resources');
    if (!RESOURCE_ALIASES[m[1]!]) throw new UsageError(`--resources: unknown kind "${m[1]}"; expected one of ${Object.keys(RESOURCE_ALIASES).join(', ')}`, 'resources');
    out[m[1]!] = (out[m[1]!] ?? 0) + Number(m[2]);
  }
  if (Object.keys(out).length === 0) throw new UsageError('--resources: give at least one KIND=COUNT', 'resources');
  return out;
}

const usd = (x: number) => `$${x < 10 ? x.toFixed(4) : x.toFixed(2)}`;
const qty = (x: number) => (x >= 1000 ? Math.round(x).toLocaleString('en-US') : x < 1 && x > 0 ? x.toPrecision(2) : x.toFixed(x % 1 ? 1 : 0));
/** A unit price, per million units below a cent. */
const unitPrice = (x: number) => (x === 0 ? 'free' : x >= 0.01 ? `$${x.toFixed(2)}` : `$${(x * 1e6).toPrecision(3).replace(/\.?0+$/, '')} / M`);

const row = (service: string, quantity: string, unit: string, price: string, total: string) =>
  `${service.padEnd(34)}${quantity.padStart(12)}  ${unit.padEnd(36)}${price.padStart(12)}${total.padStart(10)}`;

/** The side-by-side table: fixed lines, then usage lines, then DevOps Guru. */
export function formatCost(e: CostEstimate, mode: string): string[] {
  const lines = [
    `Coverage: ${e.resources} resources, ${e.series.golden} golden-signal series every ${e.cadence.goldenSignalsMinutes} min (quiet ones every ${Math.max(e.cadence.quietGoldenMinutes ?? 0, e.cadence.goldenSignalsMinutes)} min), ${e.series.capacity} capacity series every ${e.cadence.capacityMinutes} min (${mode} pipeline)`,
    '',
    row('Opsight, monthly AWS bill', 'quantity', 'unit', 'unit price', 'USD'),
  ];
  for (const kind of ['fixed', 'usage'] as const) {
    for (const l of e.lines.filter((x) => x.kind === kind)) lines.push(row(l.service, qty(l.quantity), l.unit, unitPrice(l.unitUsd), usd(l.usd)));
    if (kind === 'fixed') lines.push(`${'  fixed (whatever is covered)'.padEnd(106)}${usd(e.fixedUsd).padStart(10)}`);
  }
  lines.push(`${'Opsight total'.padEnd(106)}${usd(e.totalUsd).padStart(10)}`);
  lines.push('');
  const dg = e.devOpsGuru;
  lines.push(row('DevOps Guru list price', qty(dg.resourceHours), `resource-hours (${dg.groupA} A, ${dg.groupB} B)`, '$0.0028/$0.0042', usd(dg.usd)));
  lines.push('');
  lines.push(`Opsight / DevOps Guru = ${e.ratio.toFixed(3)} (${e.ratio > 0 ? `1/${(1 / e.ratio).toFixed(1)}` : 'n/a'})`);
  return lines;
}

export async function cost(argv: readonly string[], io: CliIo, deps: ScanDeps = {}): Promise<CostEstimate> {
  const flags = parseCommand(COST, argv);
  const env = deps.env ?? process.env;
  const config: OpsightConfig | undefined = flags.config === undefined ? undefined : configFromJson(await readJson('config', flags.config), flags.config);
  const base = config?.cadence ?? DEFAULT_CADENCE;
  const cadence: Cadence = {
    goldenSignalsMinutes: parseInteger(flags['golden-minutes'], 'golden-minutes', base.goldenSignalsMinutes, 1, 60),
    capacityMinutes: parseInteger(flags['capacity-minutes'], 'capacity-minutes', base.capacityMinutes, 5, 1440),
    quietGoldenMinutes: parseInteger(flags['quiet-minutes'], 'quiet-minutes', base.quietGoldenMinutes ?? DEFAULT_CADENCE.quietGoldenMinutes!, 1, 60),
  };
  const mode = flags.mode ?? config?.pipeline.mode ?? 'single';
  if (mode !== 'single' && mode !== 'distributed') throw new UsageError(`--mode: expected single or distributed, got "${mode}"`, 'mode');
  const wantsAws = flags.stack !== undefined || flags.tag !== undefined || flags.account === true;
  const stack = { dashboard: flags.dashboard === true || config?.monitoring.dashboard === true, throttleAlarms: flags['throttle-alarms'] === true || config?.monitoring.throttleAlarms === true };
  const accountResources = flags['account-resources'] ?? [];
  if (accountResources.length && !config?.organization) throw new UsageError('--account-resources needs --config with an organization', 'account-resources');
  if (config?.organization) {
    if (wantsAws) throw new UsageError('--config with an organization prices made-up coverages (--resources, --account-resources); --stack, --tag and --account read one account', 'config');
    const given = listValues(flags.resources);
    const counts = parseAccountResources(accountResources, parseResourceCounts);
    const central = syntheticCoverage(parseResourceCounts(given.length ? given.join(',') : EXAMPLE_RESOURCES));
    const accounts = organizationCoverages(config.organization, config.coverage.mode, central, counts, parseResourceCounts(EXAMPLE_RESOURCES));
    const org = estimateOrganizationCost(accounts, cadence, { shape: { mode }, stack });
    if (flags.json) io.out(JSON.stringify({ mode, ...org.total, accounts: org.accounts, sharedUsd: org.sharedUsd }, null, 2));
    else for (const line of [...formatCost(org.total, mode), '', ...formatOrganizationCost(org, cadence)]) io.out(line);
    return org.total;
  }
  let resources: Resource[];
  if (wantsAws) {
    if (flags.resources !== undefined) throw new UsageError('--resources cannot be combined with --stack, --tag or --account', 'resources');
    const coverage = coverageFrom(flags);
    const region = regionFrom(flags.region, env);
    if (!region && !deps.clients) throw new UsageError('--region is required with --stack, --tag or --account (or set AWS_REGION)', 'region');
    const profile = flags.profile ?? (env.AWS_PROFILE || undefined);
    const clients = deps.clients ?? scanClients(region!, profile);
    if (!deps.clients) await checkCredentials(clients, profile);
    resources = await catalogFor(clients, coverage).list();
  } else {
    if (flags.region !== undefined || flags.profile !== undefined) throw new UsageError('--region and --profile go with --stack, --tag or --account', 'region');
    const given = listValues(flags.resources);
    resources = syntheticCoverage(parseResourceCounts(given.length ? given.join(',') : EXAMPLE_RESOURCES));
  }
  const estimate = estimateMonthlyCost(resources, cadence, {
    shape: { mode },
    platform: { coverage: wantsAws ? coverageFrom(flags).mode : 'account' },
    stack,
  });
  if (flags.json) io.out(JSON.stringify({ mode, ...estimate }, null, 2));
  else for (const line of formatCost(estimate, mode)) io.out(line);
  return estimate;
}
