/**
 * `opsight cost [--resources lambda=1,dynamodb=1,ec2=1 | --region R [--profile P] (--stack S ... | --tag K=V | --account)]
 *               [--golden-minutes 5] [--capacity-minutes 60] [--mode single|distributed]`
 * prints Opsight's modelled monthly AWS bill beside DevOps Guru's list price for the same
 * resources. With no coverage flag it prices the example of docs/cost.md (one Lambda
 * function, one DynamoDB table, one EC2 instance with the CloudWatch agent).
 */
import { ValidationError, type Resource } from '../../core';
import { catalogFor } from '../../aws/coverage';
import { DEFAULT_CADENCE, type Cadence } from '../../aws/coverage/cadence';
import { estimateMonthlyCost, RESOURCE_ALIASES, syntheticCoverage, type CostEstimate } from '../../aws/cost';
import type { CliIo } from '../io';
import { checkFlags, coverageFromFlags, flagValues, scanClients, type ScanDeps } from './scan';

const KNOWN = new Set(['resources', 'region', 'profile', 'stack', 'tag', 'account', 'golden-minutes', 'capacity-minutes', 'mode']);
export const EXAMPLE_RESOURCES = 'lambda=1,dynamodb=1,ec2=1';

/** `lambda=2,ec2=1` → counts per alias. */
export function parseResourceCounts(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const part of text.split(',').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([a-z0-9]+)=(\d+)$/.exec(part);
    if (!m) throw new ValidationError(`--resources: expected KIND=COUNT pairs like ${EXAMPLE_RESOURCES}, got "${part}"`, 'resources');
    if (!RESOURCE_ALIASES[m[1]!]) throw new ValidationError(`--resources: unknown kind "${m[1]}"; expected one of ${Object.keys(RESOURCE_ALIASES).join(', ')}`, 'resources');
    out[m[1]!] = (out[m[1]!] ?? 0) + Number(m[2]);
  }
  if (Object.keys(out).length === 0) throw new ValidationError('--resources: give at least one KIND=COUNT', 'resources');
  return out;
}

function intFlag(argv: readonly string[], name: string, fallback: number, min: number, max: number): number {
  const raw = flagValues(argv, name)[0];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) throw new ValidationError(`--${name}: expected an integer from ${min} to ${max}, got "${raw}"`, name);
  return n;
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
  checkFlags(argv, KNOWN, 'cost');
  const cadence: Cadence = {
    goldenSignalsMinutes: intFlag(argv, 'golden-minutes', DEFAULT_CADENCE.goldenSignalsMinutes, 1, 60),
    capacityMinutes: intFlag(argv, 'capacity-minutes', DEFAULT_CADENCE.capacityMinutes, 5, 1440),
  };
  const mode = flagValues(argv, 'mode')[0] ?? 'single';
  if (mode !== 'single' && mode !== 'distributed') throw new ValidationError(`--mode: expected single or distributed, got "${mode}"`, 'mode');
  const wantsAws = ['stack', 'tag', 'account'].some((f) => argv.some((a) => a === `--${f}` || a.startsWith(`--${f}=`)));
  let resources: Resource[];
  if (wantsAws) {
    if (argv.some((a) => a.startsWith('--resources'))) throw new ValidationError('--resources cannot be combined with --stack, --tag or --account', 'resources');
    const coverage = coverageFromFlags(argv);
    const region = flagValues(argv, 'region')[0] ?? (deps.env ?? process.env).AWS_REGION;
    if (!region && !deps.clients) throw new ValidationError('--region is required with --stack, --tag or --account', 'region');
    const clients = deps.clients ?? scanClients(region!, flagValues(argv, 'profile')[0]);
    resources = await catalogFor(clients, coverage).list();
  } else {
    const given = flagValues(argv, 'resources');
    resources = syntheticCoverage(parseResourceCounts(given.length ? given.join(',') : EXAMPLE_RESOURCES));
  }
  const estimate = estimateMonthlyCost(resources, cadence, { shape: { mode } });
  for (const line of formatCost(estimate, mode)) io.out(line);
  return estimate;
}
