/**
 * `opsight scan --region R [--profile P] [--stack S ... | --tag K=V | --account] [--since 3d]`:
 * runs the pipeline locally against a real account, read-only (CloudWatch, CloudTrail,
 * CodeDeploy, CloudFormation and tagging reads only), into the embedded store. Cycles step
 * hourly over the `--since` window, the first one warm-starting every detector on the history
 * before it; then a summary. `opsight start` serves the API over the same data folder.
 */
import { resolve } from 'node:path';
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient } from '@aws-sdk/client-codedeploy';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { fromIni } from '@aws-sdk/credential-providers';
import { loadAllInsights, runCycle, ValidationError, type Insight, type Resource, type ResourceCatalog } from '../../core';
import { CloudTrailEventSource, CloudWatchMetricSource, CodeDeployEventSource, CombinedEventSource } from '../../aws/collect';
import { catalogFor, type CoverageSpec, type SkippedResource } from '../../aws/coverage';
import { SDK_RETRY, realTimer, type Timer } from '../../aws/throttle';
import { startEmbeddedStore } from '../../local/embedded-dynamo';
import { MemoryNotifier } from '../../local/notifier';
import { progressBar, type CliIo } from '../io';
import { summarise } from './start';

export interface ScanClients {
  readonly cloudwatch: CloudWatchClient;
  readonly cloudtrail: CloudTrailClient;
  readonly cloudformation: CloudFormationClient;
  readonly tagging: ResourceGroupsTaggingAPIClient;
  readonly codedeploy: CodeDeployClient;
}

export interface ScanDeps {
  /** Clients to use instead of building them from --region/--profile (tests pass mocked ones). */
  readonly clients?: ScanClients;
  readonly now?: () => number;
  readonly env?: NodeJS.ProcessEnv;
  readonly timer?: Timer;
}

export interface ScanOptions {
  readonly region: string;
  readonly profile?: string;
  readonly coverage: CoverageSpec;
  readonly sinceMs: number;
  readonly stepMs: number;
  readonly dataDir: string;
}

const KNOWN_FLAGS = new Set(['region', 'profile', 'stack', 'tag', 'account', 'since', 'step', 'data']);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Every value given for `--name` (repeated or comma-separated), in order. */
export function flagValues(argv: readonly string[], name: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    let v: string | undefined;
    if (a === `--${name}`) {
      const next = argv[i + 1];
      if (next === undefined || next.startsWith('--')) throw new ValidationError(`--${name} needs a value`, name);
      v = next;
      i++;
    } else if (a.startsWith(`--${name}=`)) v = a.slice(name.length + 3);
    if (v !== undefined) out.push(...v.split(',').map((x) => x.trim()).filter(Boolean));
  }
  return out;
}

/** Rejects flags the command does not know, naming them. */
export function checkFlags(argv: readonly string[], known: ReadonlySet<string>, command: string): void {
  for (const a of argv) {
    if (!a.startsWith('--')) continue;
    const name = a.slice(2).split('=')[0]!;
    if (!known.has(name)) throw new ValidationError(`${command}: unknown flag --${name}; expected one of ${[...known].map((k) => `--${k}`).join(', ')}`, name);
  }
}

/** `90m`, `12h`, `3d` → milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)([mhd])$/.exec(text.trim());
  if (!m) throw new ValidationError(`--${flag}: expected a duration like 90m, 12h or 3d, got "${text}"`, flag);
  const n = Number(m[1]);
  return n * (m[2] === 'm' ? MINUTE : m[2] === 'h' ? HOUR : DAY);
}

/** The coverage named by --stack / --tag / --account (exactly one). */
export function coverageFromFlags(argv: readonly string[]): CoverageSpec {
  const stacks = flagValues(argv, 'stack');
  const tags = argv.some((a) => a === '--tag' || a.startsWith('--tag=')) ? flagValues(argv, 'tag') : [];
  const account = argv.includes('--account');
  const chosen = [stacks.length > 0, tags.length > 0, account].filter(Boolean).length;
  if (chosen !== 1) throw new ValidationError('choose exactly one coverage: --stack NAME (repeatable), --tag KEY=VALUE or --account', 'stack');
  if (stacks.length) {
    for (const s of stacks) {
      if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(s)) throw new ValidationError(`--stack: "${s}" is not a CloudFormation stack name`, 'stack');
    }
    return { mode: 'stacks', stacks };
  }
  if (tags.length) {
    const keys = new Set<string>();
    const values: string[] = [];
    for (const t of tags) {
      const eq = t.indexOf('=');
      const key = eq < 0 ? t : t.slice(0, eq);
      if (!/^(devops-guru-|opsight-)/.test(key)) throw new ValidationError(`--tag: the key must start with "opsight-" or DevOps Guru's "devops-guru-", got "${key}"`, 'tag');
      keys.add(key);
      if (eq >= 0 && t.slice(eq + 1)) values.push(t.slice(eq + 1));
    }
    if (keys.size !== 1) throw new ValidationError('--tag: give one tag key (several values are fine: --tag k=a --tag k=b)', 'tag');
    return { mode: 'tags', tagKey: [...keys][0]!, tagValues: values };
  }
  return { mode: 'account' };
}

export function scanOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ScanOptions {
  checkFlags(argv, KNOWN_FLAGS, 'scan');
  const region = flagValues(argv, 'region')[0] ?? env.AWS_REGION;
  if (!region) throw new ValidationError('--region is required (e.g. --region eu-west-1)', 'region');
  if (!/^[a-z]{2}(-[a-z]+)+-\d$/.test(region)) throw new ValidationError(`--region: "${region}" is not an AWS region name`, 'region');
  const profile = flagValues(argv, 'profile')[0];
  const sinceMs = parseDuration(flagValues(argv, 'since')[0] ?? '3d', 'since');
  if (sinceMs < 2 * HOUR) throw new ValidationError('--since: at least 2h (the first hour warms up the detectors)', 'since');
  if (sinceMs > 63 * DAY) throw new ValidationError('--since: at most 63d (CloudWatch keeps 5-minute data for 63 days)', 'since');
  const stepMs = parseDuration(flagValues(argv, 'step')[0] ?? '1h', 'step');
  if (stepMs < 5 * MINUTE || stepMs > sinceMs / 2) throw new ValidationError('--step: from 5m to half of --since', 'step');
  const dataDir = resolve(flagValues(argv, 'data')[0] ?? env.OPSIGHT_DATA_DIR ?? '.opsight/data');
  return { region, ...(profile ? { profile } : {}), coverage: coverageFromFlags(argv), sinceMs, stepMs, dataDir };
}

/** Read-only clients for the region, with the profile's credentials when given, the SDK's standard retries (SDK_RETRY). */
export function scanClients(region: string, profile?: string): ScanClients {
  const common = { region, ...SDK_RETRY, ...(profile ? { credentials: fromIni({ profile }) } : {}) };
  return {
    cloudwatch: new CloudWatchClient(common),
    cloudtrail: new CloudTrailClient(common),
    cloudformation: new CloudFormationClient(common),
    tagging: new ResourceGroupsTaggingAPIClient(common),
    codedeploy: new CodeDeployClient(common),
  };
}

export interface ScanResult {
  readonly resources: number;
  readonly series: number;
  readonly cycles: number;
  readonly points: number;
  readonly events: number;
  readonly insights: Insight[];
  readonly metricsRequested: number;
}

export async function scan(argv: readonly string[], io: CliIo, deps: ScanDeps = {}): Promise<ScanResult> {
  const env = deps.env ?? process.env;
  const opts = scanOptions(argv, env);
  const clients = deps.clients ?? scanClients(opts.region, opts.profile);
  const timer = deps.timer ?? realTimer;
  const now = Math.floor((deps.now ?? Date.now)() / MINUTE) * MINUTE;

  const skipped: SkippedResource[] = [];
  const resources = await catalogFor(clients, opts.coverage, { onSkipped: (s) => skipped.push(s) }).list();
  const series = resources.reduce((n, r) => n + r.series.length, 0);
  for (const s of skipped) io.err(`skipped ${s.type} ${s.id}: ${s.reason}`);
  if (resources.length === 0) {
    io.out('No covered resources found: nothing to scan.');
    return { resources: 0, series: 0, cycles: 0, points: 0, events: 0, insights: [], metricsRequested: 0 };
  }
  // The coverage is read once; every cycle sees the same resources.
  const catalog: ResourceCatalog = { list: async (): Promise<Resource[]> => resources };
  const metrics = new CloudWatchMetricSource(clients.cloudwatch, { timer, onIssue: (i) => io.err(`metrics: ${i.message}`) });
  const events = new CombinedEventSource([new CloudTrailEventSource(clients.cloudtrail, { timer }), new CodeDeployEventSource(clients.codedeploy, { timer })]);

  const warmMs = Math.min(DAY, Math.max(HOUR, Math.floor(opts.sinceMs / 3)));
  const first = now - opts.sinceMs + warmMs;
  const times: number[] = [];
  for (let t = first; t < now; t += opts.stepMs) times.push(t);
  times.push(now);
  io.err(`Scanning ${opts.region}: ${resources.length} resources, ${series} series, ${times.length} cycles (about ${series * times.length} metrics requested, $${((series * times.length) / 1000 * 0.01).toFixed(2)} of GetMetricData)`);
  io.err(`Data in ${opts.dataDir}`);

  const embedded = await startEmbeddedStore({ path: opts.dataDir });
  try {
    const ports = { metrics, events, catalog, insights: embedded.store, state: embedded.store, notifier: new MemoryNotifier() };
    const bar = progressBar(io, 'cycles');
    let points = 0;
    let eventCount = 0;
    for (const [i, t] of times.entries()) {
      const report = await runCycle(ports, t, { warmStartMs: warmMs });
      points += report.points;
      eventCount += report.events;
      bar(i + 1, times.length);
    }
    const insights = await loadAllInsights(embedded.store);
    // Marks the folder as a scan, so `opsight start --data DIR` serves it instead of a simulation.
    await embedded.store.putConfig('scenario', { name: `scan of ${opts.region}`, kind: 'scan', coverage: opts.coverage }, now);
    io.out(`Scanned ${resources.length} resources (${series} series) over ${Math.round(opts.sinceMs / HOUR)} h: ${points} points, ${eventCount} change events, ${metrics.stats.metricsRequested} metrics requested in ${metrics.stats.calls} GetMetricData calls.`);
    for (const line of summarise(insights)) io.out(line);
    io.out(`Browse them: opsight start --data ${opts.dataDir}`);
    return { resources: resources.length, series, cycles: times.length, points, events: eventCount, insights, metricsRequested: metrics.stats.metricsRequested };
  } finally {
    await embedded.close();
  }
}
