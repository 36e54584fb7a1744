/**
 * What the stack costs beside the cycles' own calls: its fixed parts (KMS key, alarms,
 * dashboard, custom metrics) and the services every invocation touches (logs, X-Ray), the API,
 * the table's storage and backups, the change events it stores, and the ListMetrics calls of
 * coverage discovery. Every line is priced from a quantity and a unit price.
 */
import type { Resource } from '../../core';
import { METRIC_CATALOG, catalogKey } from '../coverage/metric-catalog';
import { LIST_METRICS_PAGE_SIZE } from '../coverage/account-catalog';
import type { MonthlyCalls, PipelineShape } from './model';
import { HOURS_PER_MONTH, type Prices } from './prices';
import { stackInventory, type StackSettings } from './stack';

/** One line of the bill: `quantity` units at `unitUsd` each. */
export interface CostLine {
  readonly service: string;
  readonly quantity: number;
  readonly unit: string;
  /** Price of one unit (USD). */
  readonly unitUsd: number;
  readonly usd: number;
  /** `fixed`: the same whatever is covered; `usage`: grows with the coverage or the traffic. */
  readonly kind: 'fixed' | 'usage';
}

export const line = (service: string, quantity: number, unit: string, unitUsd: number, kind: CostLine['kind'] = 'usage'): CostLine => ({
  service,
  quantity,
  unit,
  unitUsd,
  usd: quantity * unitUsd,
  kind,
});

/** The stack's own usage, beyond the cycles: what is assumed rather than counted. */
export interface PlatformShape {
  /** How coverage is discovered (account coverage lists metrics every hour). @default 'account' */
  readonly coverage: 'account' | 'stacks' | 'tags';
  /** A member account's own coverage mode, by account id (default: `coverage`). */
  readonly accountCoverage?: Readonly<Record<string, PlatformShape['coverage']>>;
  /** Bytes each invocation logs: platform start/report lines, the function's lines, EMF. @default 4,000 */
  readonly logBytesPerInvocation: number;
  /** API requests a month (people opening the web UI, scripts). @default 3,000 */
  readonly apiRequestsPerMonth: number;
  /** Access-log bytes per API request. @default 600 */
  readonly accessLogBytesPerRequest: number;
  /** Warm durations (ms) of a notifier invocation (256 MB) and an API request (512 MB). */
  readonly notifierMs: number;
  readonly apiMs: number;
  /** Size of one stored change event. @default 1 KB */
  readonly eventItemKb: number;
  /** `retentionDays`: how long change events and closed insights are kept. @default 90 */
  readonly retentionDays: number;
}

export const DEFAULT_PLATFORM_SHAPE: PlatformShape = {
  coverage: 'account',
  logBytesPerInvocation: 4_000,
  apiRequestsPerMonth: 3_000,
  accessLogBytesPerRequest: 600,
  notifierMs: 300,
  apiMs: 150,
  eventItemKb: 1,
  retentionDays: 90,
};

const pages = (n: number) => Math.max(1, Math.ceil(n / LIST_METRICS_PAGE_SIZE));

/**
 * ListMetrics calls of one coverage refresh (hourly): account coverage lists each covered
 * type's discovery metric and optional metrics; every coverage resolves the CloudWatch agent's
 * series (account-catalog.ts).
 */
export function listMetricsCallsPerRefresh(resources: readonly Resource[], coverage: PlatformShape['coverage']): number {
  let calls = 0;
  if (coverage === 'account') {
    const perKey = new Map<string, number>();
    for (const r of resources) perKey.set(catalogKey(r.type, r.id), (perKey.get(catalogKey(r.type, r.id)) ?? 0) + 1);
    for (const [key, spec] of Object.entries(METRIC_CATALOG)) {
      const n = perKey.get(key) ?? 0;
      calls += pages(n) * (1 + spec.metrics.filter((m) => m.optional).length);
    }
  }
  const agent = new Map<string, number>();
  for (const r of resources) for (const s of r.series) if (s.namespace === 'CWAgent') agent.set(s.metricName, (agent.get(s.metricName) ?? 0) + 1);
  for (const n of agent.values()) calls += pages(n);
  return calls;
}

/**
 * ListMetrics calls of one refresh over an organisation: discovery runs in each account-region
 * with that account's coverage mode. Resources without an account are the central account's.
 */
export function listMetricsCallsPerRefreshByAccount(resources: readonly Resource[], platform: Pick<PlatformShape, 'coverage' | 'accountCoverage'>): number {
  const groups = new Map<string, { accountId?: string; resources: Resource[] }>();
  for (const r of resources) {
    const key = r.accountId ? `${r.accountId}/${r.region ?? ''}` : '';
    const g = groups.get(key) ?? { ...(r.accountId ? { accountId: r.accountId } : {}), resources: [] };
    g.resources.push(r);
    groups.set(key, g);
  }
  let calls = 0;
  for (const g of groups.values()) calls += listMetricsCallsPerRefresh(g.resources, (g.accountId && platform.accountCoverage?.[g.accountId]) || platform.coverage);
  return calls;
}

/** The fixed lines: what the stack costs with nothing covered. */
export function fixedLines(settings: Partial<StackSettings>, shape: PipelineShape, p: Prices): CostLine[] {
  const inv = stackInventory(settings);
  // Metrics are billed by the hour they are published in: insight metrics only in hours with an
  // insight transition (at most one hour per notification), trouble metrics not in a healthy month.
  const insightHours = Math.min(shape.notificationsPerMonth, HOURS_PER_MONTH) / HOURS_PER_MONTH;
  const metricMonths = inv.cycleMetrics.length + (shape.cloudTrailEventsPerCycle > 0 ? inv.changeMetrics.length : 0) + inv.insightMetrics.length * insightHours;
  return [
    line('KMS key (SNS topics)', inv.kmsKeys, 'key-months', p.kmsKeyPerMonth, 'fixed'),
    line('CloudWatch alarms', inv.alarms, 'alarm-months', p.alarmPerMonth, 'fixed'),
    line('CloudWatch dashboard', inv.dashboards, 'dashboard-months', p.dashboardPerMonth, 'fixed'),
    line('CloudWatch custom metrics', metricMonths, 'metric-months', p.customMetricPerMonth, 'fixed'),
  ];
}

/** Invocations and GB-seconds of the functions outside the cycle (notifier, API). */
export function sideInvocations(shape: PipelineShape, platform: PlatformShape): { invocations: number; gbSeconds: number } {
  const notifier = shape.notificationsPerMonth;
  const api = platform.apiRequestsPerMonth;
  return { invocations: notifier + api, gbSeconds: notifier * (256 / 1024) * (platform.notifierMs / 1000) + api * (512 / 1024) * (platform.apiMs / 1000) };
}

/** The usage lines beside the cycles' calls. */
export function platformLines(resources: readonly Resource[], calls: MonthlyCalls, shape: PipelineShape, platform: PlatformShape, p: Prices): CostLine[] {
  const inv = stackInventory({ mode: shape.mode });
  const side = sideInvocations(shape, platform);
  const invocations = calls.lambdaInvocations + side.invocations;
  const logGb = (invocations * platform.logBytesPerInvocation + platform.apiRequestsPerMonth * platform.accessLogBytesPerRequest) / 1e9;
  // Stored at steady state: a retention period's worth of ingestion (uncompressed: an upper bound).
  const storedLogGb =
    (invocations * platform.logBytesPerInvocation * inv.functionLogRetentionDays + platform.apiRequestsPerMonth * platform.accessLogBytesPerRequest * inv.accessLogRetentionDays) / 30.4 / 1e9;
  const eventsPerMonth = shape.cloudTrailEventsPerCycle * shape.accountRegions * calls.cycles;
  const series = resources.reduce((n, r) => n + r.series.length, 0);
  const tableGb = (series * shape.dynamo.stateItemKb + (eventsPerMonth / 30.4) * platform.retentionDays * platform.eventItemKb) / 1e6;
  return [
    line('CloudWatch ListMetrics', listMetricsCallsPerRefreshByAccount(resources, platform) * HOURS_PER_MONTH, 'requests (hourly coverage refresh)', p.cloudWatchApiPerRequest),
    line('CloudWatch Logs ingestion', logGb, 'GB', p.logsIngestPerGb),
    line('CloudWatch Logs storage', storedLogGb, `GB-months (${inv.functionLogRetentionDays}-day retention)`, p.logsStoragePerGbMonth),
    line('X-Ray traces', invocations, 'traces (every invocation sampled)', p.xrayPerTrace),
    line('API Gateway (REST)', platform.apiRequestsPerMonth, 'requests', p.apiGatewayRestPerRequest),
    line('DynamoDB writes (change events)', eventsPerMonth * Math.ceil(platform.eventItemKb), 'write request units', p.dynamoPerWriteUnit),
    line('DynamoDB storage', tableGb, 'GB-months', p.dynamoStoragePerGbMonth),
    line('DynamoDB point-in-time recovery', tableGb, 'GB-months', p.dynamoPitrPerGbMonth),
    line('KMS requests', 2 * shape.notificationsPerMonth, 'requests (SNS data keys)', p.kmsPerRequest),
    line('CloudWatch Logs FilterLogEvents (log evidence)', calls.logReadCalls, 'calls (upper bound)', p.cloudWatchApiPerRequest),
    line('Log evidence compute (Lambda)', calls.logGbSeconds, 'GB-seconds', p.lambdaArmPerGbSecond),
    line('DynamoDB writes (log evidence)', calls.logStateWriteUnits, 'write request units', p.dynamoPerWriteUnit),
  ];
}
