/**
 * `opsight cost [--resources lambda=1,dynamodb=1,ec2=1 | --region R [--profile P] (--stack S ... | --tag K=V | --account)]
 *               [--golden-minutes 5] [--capacity-minutes 60] [--mode single|distributed]`
 * prints Opsight's modelled monthly AWS bill beside DevOps Guru's list price for the same
 * resources. With no coverage flag it prices the example of docs/cost.md (one Lambda
 * function, one DynamoDB table, one EC2 instance with the CloudWatch agent).
 */
import type { Resource } from '../../core';
import { catalogFor } from '../../aws/coverage';
import { DEFAULT_CADENCE, type Cadence } from '../../aws/coverage/cadence';
import { estimateMonthlyCost, RESOURCE_ALIASES, syntheticCoverage, type CostEstimate } from '../../aws/cost';
import { command, listValues, parseCommand, parseInteger, regionFrom, UsageError } from '../args';
import type { CliIo } from '../io';
import { AWS_ENV, AWS_FLAGS, checkCredentials, COVERAGE_FLAGS, coverageFrom, scanClients, type ScanDeps } from './scan';

export const EXAMPLE_RESOURCES = 'lambda=1,dynamodb=1,ec2=1';

export const COST = command({
  name: 'cost',
  synopsis: '[--resources lambda=1,dynamodb=1,ec2=1 | --region R [--profile P] (--stack S ... | --tag K=V | --account)] [--golden-minutes 5] [--capacity-minutes 60] [--mode single|distributed]',
  summary: "Opsight's modelled monthly AWS bill beside DevOps Guru's list price for the same resources",
  flags: {
    resources: { type: 'string', multiple: true, arg: 'KIND=N,...', help: `resource counts to price (default ${EXAMPLE_RESOURCES}; kinds: ${Object.keys(RESOURCE_ALIASES).join(', ')})` },
    ...AWS_FLAGS,
    ...COVERAGE_FLAGS,
    'golden-minutes': { type: 'string', arg: 'MIN', help: 'golden-signal cadence in minutes, 1 to 60 (default 5)' },
    'capacity-minutes': { type: 'string', arg: 'MIN', help: 'capacity cadence in minutes, 5 to 1440 (default 60)' },
    mode: { type: 'string', arg: 'single|distributed', help: 'pipeline shape priced (default single)' },
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
const qty = (x: number) => (x >= 1000 ? Math.round(x).toLocaleString('en-US') : x.toFixed(x % 1 ? 1 : 0));

/** The side-by-side table. */
export function formatCost(e: CostEstimate, mode: string): string[] {
  const lines = [
    `Coverage: ${e.resources} resources, ${e.series.golden} golden-signal series every ${e.cadence.goldenSignalsMinutes} min, ${e.series.capacity} capacity series every ${e.cadence.capacityMinutes} min (${mode} pipeline)`,
    '',
    `${'Opsight, monthly AWS bill'.padEnd(30)}${'quantity'.padStart(14)}  ${'unit'.padEnd(32)}${'USD'.padStart(10)}`,
  ];
  for (const l of e.lines) lines.push(`${l.service.padEnd(30)}${qty(l.quantity).padStart(14)}  ${l.unit.padEnd(32)}${usd(l.usd).padStart(10)}`);
  lines.push(`${'Opsight total'.padEnd(78)}${usd(e.totalUsd).padStart(10)}`);
  lines.push('');
  lines.push(
    `${'DevOps Guru list price'.padEnd(30)}${`${e.devOpsGuru.groupA} A + ${e.devOpsGuru.groupB} B`.padStart(14)}  ${'resources × 730 h ($0.0028 / $0.0042)'.padEnd(32)}${usd(e.devOpsGuru.usd).padStart(10)}`,
  );
  lines.push('');
  lines.push(`Opsight / DevOps Guru = ${e.ratio.toFixed(3)} (${e.ratio > 0 ? `1/${(1 / e.ratio).toFixed(1)}` : 'n/a'})`);
  return lines;
}

export async function cost(argv: readonly string[], io: CliIo, deps: ScanDeps = {}): Promise<CostEstimate> {
  const flags = parseCommand(COST, argv);
  const env = deps.env ?? process.env;
  const cadence: Cadence = {
    goldenSignalsMinutes: parseInteger(flags['golden-minutes'], 'golden-minutes', DEFAULT_CADENCE.goldenSignalsMinutes, 1, 60),
    capacityMinutes: parseInteger(flags['capacity-minutes'], 'capacity-minutes', DEFAULT_CADENCE.capacityMinutes, 5, 1440),
  };
  const mode = flags.mode ?? 'single';
  if (mode !== 'single' && mode !== 'distributed') throw new UsageError(`--mode: expected single or distributed, got "${mode}"`, 'mode');
  const wantsAws = flags.stack !== undefined || flags.tag !== undefined || flags.account === true;
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
  const estimate = estimateMonthlyCost(resources, cadence, { shape: { mode } });
  for (const line of formatCost(estimate, mode)) io.out(line);
  return estimate;
}
