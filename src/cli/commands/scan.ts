/**
 * `opsight scan --region R [--profile P] (--stack S ... | --tag K=V | --account) [--since 3d]`:
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
import { loadAllInsights, runCycle, UpstreamError, type Insight, type Resource, type ResourceCatalog } from '../../core';
import { CloudTrailEventSource, CloudWatchMetricSource, CodeDeployEventSource, CombinedEventSource } from '../../aws/collect';
import { catalogFor, type CoverageSpec, type SkippedResource } from '../../aws/coverage';
import { SDK_RETRY, realTimer, type Timer } from '../../aws/throttle';
import { startEmbeddedStore } from '../../local/embedded-dynamo';
import { MemoryNotifier } from '../../local/notifier';
import { command, listValues, parseCommand, parseDuration, regionFrom, UsageError, type FlagSpecs } from '../args';
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

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The flags naming an AWS account and region, shared by scan, cost and dashboard. */
export const AWS_FLAGS = {
  region: { type: 'string', arg: 'R', help: 'AWS region, e.g. eu-west-1 (default: AWS_REGION, else AWS_DEFAULT_REGION)' },
  profile: { type: 'string', arg: 'P', help: 'named profile of your AWS config (default: AWS_PROFILE, else the default credential chain)' },
} as const satisfies FlagSpecs;

/** The flags choosing what is covered (exactly one of them), shared by scan and cost. */
export const COVERAGE_FLAGS = {
  stack: { type: 'string', multiple: true, arg: 'NAME', help: 'a CloudFormation stack to cover (comma-separated names too)' },
  tag: { type: 'string', multiple: true, arg: 'KEY=VALUE', help: 'resources tagged KEY (opsight-* or devops-guru-*), with VALUE if given' },
  account: { type: 'boolean', help: 'every supported resource of the account in the region' },
} as const satisfies FlagSpecs;

export const AWS_ENV = [
  { name: 'AWS_REGION', help: 'region when --region is not given (then AWS_DEFAULT_REGION)' },
  { name: 'AWS_PROFILE', help: 'profile when --profile is not given; credentials also come from AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, SSO or an instance role' },
] as const;

export const SCAN = command({
  name: 'scan',
  synopsis: '--region R [--profile P] (--stack S ... | --tag K=V | --account) [--since 3d] [--step 1h] [--data DIR]',
  summary: 'run the pipeline read-only against an AWS account into the embedded store; opsight start then serves it',
  flags: {
    ...AWS_FLAGS,
    ...COVERAGE_FLAGS,
    since: { type: 'string', arg: 'DURATION', help: 'how far back to analyse, 2h to 63d (default 3d)' },
    step: { type: 'string', arg: 'DURATION', help: 'time between cycles, 5m to half of --since (default 1h)' },
    data: { type: 'string', arg: 'DIR', help: 'folder of the embedded store (default: OPSIGHT_DATA_DIR, else .opsight/data)' },
  },
  env: [...AWS_ENV, { name: 'OPSIGHT_DATA_DIR', help: 'folder of the embedded store (default .opsight/data)' }],
});

/** The coverage named by --stack / --tag / --account (exactly one). */
export function coverageFrom(flags: { stack?: string[]; tag?: string[]; account?: boolean }): CoverageSpec {
  const stacks = listValues(flags.stack);
  const tags = listValues(flags.tag);
  const chosen = [stacks.length > 0, tags.length > 0, flags.account === true].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError('choose exactly one coverage: --stack NAME (repeatable), --tag KEY=VALUE or --account', 'stack');
  if (stacks.length) {
    for (const s of stacks) {
      if (!/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(s)) throw new UsageError(`--stack: "${s}" is not a CloudFormation stack name`, 'stack');
    }
    return { mode: 'stacks', stacks };
  }
  if (tags.length) {
    const keys = new Set<string>();
    const values: string[] = [];
    for (const t of tags) {
      const eq = t.indexOf('=');
      const key = eq < 0 ? t : t.slice(0, eq);
      if (!/^(devops-guru-|opsight-)/.test(key)) throw new UsageError(`--tag: the key must start with "opsight-" or DevOps Guru's "devops-guru-", got "${key}"`, 'tag');
      keys.add(key);
      if (eq >= 0 && t.slice(eq + 1)) values.push(t.slice(eq + 1));
    }
    if (keys.size !== 1) throw new UsageError('--tag: give one tag key (several values are fine: --tag k=a --tag k=b)', 'tag');
    return { mode: 'tags', tagKey: [...keys][0]!, tagValues: values };
  }
  return { mode: 'account' };
}

export function scanOptions(argv: readonly string[], env: NodeJS.ProcessEnv): ScanOptions {
  const flags = parseCommand(SCAN, argv);
  const region = regionFrom(flags.region, env);
  if (!region) throw new UsageError('--region is required (e.g. --region eu-west-1), or set AWS_REGION', 'region');
  const profile = flags.profile ?? (env.AWS_PROFILE || undefined);
  const sinceMs = parseDuration(flags.since ?? '3d', 'since');
  if (sinceMs < 2 * HOUR) throw new UsageError('--since: at least 2h (the first hour warms up the detectors)', 'since');
  if (sinceMs > 63 * DAY) throw new UsageError('--since: at most 63d (CloudWatch keeps 5-minute data for 63 days)', 'since');
  const stepMs = parseDuration(flags.step ?? '1h', 'step');
  if (stepMs < 5 * MINUTE || stepMs > sinceMs / 2) throw new UsageError('--step: from 5m to half of --since', 'step');
  const dataDir = resolve(flags.data ?? (env.OPSIGHT_DATA_DIR || '.opsight/data'));
  return { region, ...(profile ? { profile } : {}), coverage: coverageFrom(flags), sinceMs, stepMs, dataDir };
}

/** Missing or unusable credentials, in one line that says how to provide them. */
export function credentialsError(cause: unknown, profile?: string): UpstreamError {
  const why = (cause instanceof Error ? cause.message : String(cause)).split('\n')[0]!.replace(/\.$/, '');
  return new UpstreamError(
    `No AWS credentials${profile ? ` for profile ${profile}` : ''}: ${why}. Configure them (aws configure or aws sso login, --profile or AWS_PROFILE, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY).`,
    { cause },
  );
}

/**
 * Resolves the clients' credentials before any work, so missing or broken credentials are one
 * clear line instead of a failure deep in the first AWS call.
 */
export async function checkCredentials(clients: ScanClients, profile?: string): Promise<void> {
  try {
    await clients.cloudformation.config.credentials();
  } catch (cause) {
    throw credentialsError(cause, profile);
  }
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
  if (!deps.clients) await checkCredentials(clients, opts.profile);
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
