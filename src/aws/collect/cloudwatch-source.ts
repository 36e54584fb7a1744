/**
 * MetricSource over CloudWatch GetMetricData.
 *
 * - Batches: at most 500 queries and at most 100,800 datapoints per call (the batch size
 *   shrinks when the time window is long, e.g. a 3-day warm start), NextToken paging.
 * - Windows: the start is aligned down to the period and clamped to what CloudWatch keeps at
 *   that period (1-minute data 15 days, 5-minute 63 days, 1-hour 455 days); the end is aligned
 *   down to the period after a settle delay, so only complete buckets are read and a partial
 *   bucket is never consumed as if it were final.
 * - Per-result status: `PartialData` keeps paging with NextToken; `InternalError` and
 *   `Forbidden` are retried once in a follow-up call, then the series is marked failed for this
 *   cycle: its points are withheld (so its detector does not move past the gap) and the next
 *   cycle fetches it again from the same point.
 * - Quotas: calls go through a token bucket (default 25 TPS, half the 50 TPS account quota; the
 *   stack gives each function its share of the account budget, docs/operations.md) and at most
 *   `concurrency` in flight. The bucket only paces: throttling errors that still happen are
 *   retried by the SDK client's retry strategy, the one retry layer.
 */
import { GetMetricDataCommand, type CloudWatchClient, type GetMetricDataCommandOutput, type MetricDataQuery, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { UpstreamError, seriesKey, type MetricRequest, type MetricSource, type Observation, type Point } from '../../core';
import { TokenBucket, mapLimit, realTimer, type Timer } from '../throttle';

/** GetMetricData accepts at most 500 queries per call. */
export const MAX_QUERIES_PER_CALL = 500;
/** GetMetricData returns at most 100,800 datapoints per call. */
export const MAX_DATAPOINTS_PER_CALL = 100_800;

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long CloudWatch keeps data at a period (seconds). */
export function retentionMs(periodSeconds: number): number {
  if (periodSeconds < 60) return 3 * HOUR;
  if (periodSeconds < 300) return 15 * DAY;
  if (periodSeconds < 3600) return 63 * DAY;
  return 455 * DAY;
}

/**
 * The smallest valid period, at least `desiredSeconds`, for data starting at `startMs` when
 * asked at `nowMs`: data older than 3 hours needs ≥ 60 s, older than 15 days a multiple of
 * 300 s, older than 63 days a multiple of 3600 s. Throws past 455 days (nothing is kept).
 */
export function validPeriodFor(startMs: number, nowMs: number, desiredSeconds: number): number {
  const age = nowMs - startMs;
  const roundUp = (v: number, m: number) => Math.ceil(v / m) * m;
  if (age > 455 * DAY) throw new RangeError(`CloudWatch keeps no data older than 455 days (asked for ${Math.round(age / DAY)} days)`);
  if (age > 63 * DAY) return roundUp(Math.max(desiredSeconds, 3600), 3600);
  if (age > 15 * DAY) return roundUp(Math.max(desiredSeconds, 300), 300);
  if (age > 3 * HOUR) return roundUp(Math.max(desiredSeconds, 60), 60);
  return desiredSeconds;
}

export interface CloudWatchSourceOptions {
  readonly timer?: Timer;
  /** Calls per second this process may make. @default 25 */
  readonly tps?: number;
  /** A bucket shared with other sources of the process; overrides `tps`. */
  readonly bucket?: TokenBucket;
  /** Calls in flight at once. @default 4 */
  readonly concurrency?: number;
  /** Only buckets that ended at least this long ago are read (CloudWatch ingestion delay). @default 60 s */
  readonly settleMs?: number;
  /** Reports series withheld this cycle and partial results. */
  readonly onIssue?: (issue: MetricIssue) => void;
}

export interface MetricIssue {
  readonly seriesKey: string;
  readonly status: 'PartialData' | 'InternalError' | 'Forbidden';
  readonly message: string;
}

/** Counters since the source was created (the cost model's call counts are checked against them). */
export interface MetricSourceStats {
  calls: number;
  /** Queries summed over calls: what GetMetricData bills ($0.01 per 1,000). */
  metricsRequested: number;
  datapoints: number;
  withheld: number;
}

interface Planned {
  readonly key: string;
  readonly req: MetricRequest;
  readonly start: number;
  readonly end: number;
  readonly period: number;
}

/**
 * Splits planned queries (same period and end) into calls of at most 500 queries and at most
 * 100,800 datapoints, oldest start first. Exposed for the cost model. O(n log n).
 */
export function planBatches<T extends { start: number; end: number; period: number }>(items: readonly T[]): T[][] {
  const groups = new Map<string, T[]>();
  for (const it of items) {
    const k = `${it.period}|${it.end}`;
    groups.set(k, [...(groups.get(k) ?? []), it]);
  }
  const batches: T[][] = [];
  for (const group of groups.values()) {
    const sorted = [...group].sort((a, b) => a.start - b.start);
    let i = 0;
    while (i < sorted.length) {
      const first = sorted[i]!;
      const points = Math.max(1, Math.ceil((first.end - first.start) / (first.period * 1000)));
      const cap = Math.max(1, Math.min(MAX_QUERIES_PER_CALL, Math.floor(MAX_DATAPOINTS_PER_CALL / points)));
      batches.push(sorted.slice(i, i + cap));
      i += cap;
    }
  }
  return batches;
}

/**
 * The window `[start, end)` a request is read over at cycle time `end`: start aligned down to
 * the period and clamped to the period's retention, end aligned down after `settleMs`.
 * Undefined when no complete bucket is new. O(1).
 */
export function readWindow(req: MetricRequest, end: number, settleMs = 60_000): { start: number; end: number } | undefined {
  const p = req.series.periodSeconds * 1000;
  const oldest = end - retentionMs(req.series.periodSeconds);
  const start = Math.floor(Math.max(req.start, oldest) / p) * p;
  const stop = Math.floor((end - settleMs) / p) * p;
  return stop > start ? { start, end: stop } : undefined;
}

export class CloudWatchMetricSource implements MetricSource {
  readonly stats: MetricSourceStats = { calls: 0, metricsRequested: 0, datapoints: 0, withheld: 0 };
  private readonly timer: Timer;
  private readonly bucket: TokenBucket;
  private readonly concurrency: number;
  private readonly settleMs: number;

  constructor(
    private readonly client: CloudWatchClient,
    private readonly options: CloudWatchSourceOptions = {},
  ) {
    this.timer = options.timer ?? realTimer;
    this.bucket = options.bucket ?? new TokenBucket({ ratePerSecond: options.tps ?? 25, burst: 1, timer: this.timer });
    this.concurrency = options.concurrency ?? 4;
    this.settleMs = options.settleMs ?? 60_000;
  }

  /** The window a request is read over, or undefined when no complete bucket is new. */
  window(req: MetricRequest, end: number): { start: number; end: number } | undefined {
    return readWindow(req, end, this.settleMs);
  }

  async fetch(requests: readonly MetricRequest[], end: number): Promise<Observation[]> {
    const points = new Map<string, Point[]>();
    const planned: Planned[] = [];
    for (const req of requests) {
      const key = seriesKey(req.series);
      if (points.has(key)) continue;
      points.set(key, []);
      const w = this.window(req, end);
      if (w) planned.push({ key, req, start: w.start, end: w.end, period: req.series.periodSeconds });
    }
    const failed = new Set<string>();
    await mapLimit(planBatches(planned), this.concurrency, async (batch) => {
      const bad = await this.runBatch(batch, points);
      if (bad.length === 0) return;
      // One follow-up call for the queries that failed; still failing = withheld this cycle.
      const again = await this.runBatch(bad, points, true);
      for (const p of again) failed.add(p.key);
    });
    for (const key of failed) {
      points.set(key, []);
      this.stats.withheld++;
    }
    return [...points].map(([seriesKey, pts]) => ({ seriesKey, points: pts.sort((a, b) => a.t - b.t) }));
  }

  /** Runs one batch with paging; returns the queries whose final status was an error. */
  private async runBatch(batch: readonly Planned[], points: Map<string, Point[]>, last = false): Promise<Planned[]> {
    const byId = new Map<string, Planned>();
    const queries: MetricDataQuery[] = batch.map((p, j) => {
      const id = `m${j}`;
      byId.set(id, p);
      return {
        Id: id,
        ReturnData: true,
        MetricStat: {
          Metric: {
            Namespace: p.req.series.namespace,
            MetricName: p.req.series.metricName,
            Dimensions: Object.keys(p.req.series.dimensions)
              .sort()
              .map((Name) => ({ Name, Value: p.req.series.dimensions[Name]! })),
          },
          Period: p.period,
          Stat: p.req.series.stat,
        },
      };
    });
    const start = Math.min(...batch.map((p) => p.start));
    const end = batch[0]!.end;
    const status = new Map<string, string>();
    const collected = new Map<string, Point[]>();
    let token: string | undefined;
    const seen = new Set<string>();
    do {
      await this.bucket.take();
      const out: GetMetricDataCommandOutput = await this.client.send(
        new GetMetricDataCommand({
          MetricDataQueries: queries,
          StartTime: new Date(start),
          EndTime: new Date(end),
          ScanBy: 'TimestampAscending',
          ...(token ? { NextToken: token } : {}),
        }),
      );
      this.stats.calls++;
      this.stats.metricsRequested += queries.length;
      if (out.MetricDataResults !== undefined && !Array.isArray(out.MetricDataResults)) {
        throw new UpstreamError('GetMetricData returned MetricDataResults that is not a list');
      }
      for (const res of out.MetricDataResults ?? []) this.collect(res, byId, collected, status);
      token = out.NextToken || undefined;
      if (token && seen.has(token)) throw new UpstreamError('GetMetricData returned the same NextToken twice');
      if (token) seen.add(token);
    } while (token);

    const bad: Planned[] = [];
    for (const [id, p] of byId) {
      const st = status.get(id) ?? 'Complete';
      if (st === 'InternalError' || st === 'Forbidden') {
        bad.push(p);
        if (last) this.options.onIssue?.({ seriesKey: p.key, status: st, message: `GetMetricData answered ${st} for ${p.key}; its points are withheld until the next cycle` });
        continue;
      }
      if (st === 'PartialData') {
        this.options.onIssue?.({ seriesKey: p.key, status: 'PartialData', message: `GetMetricData answered PartialData without a NextToken for ${p.key}` });
      }
      const list = points.get(p.key)!;
      for (const pt of collected.get(id) ?? []) if (pt.t >= p.req.start && pt.t < p.end) list.push(pt);
    }
    return bad;
  }

  private collect(res: MetricDataResult, byId: Map<string, Planned>, collected: Map<string, Point[]>, status: Map<string, string>): void {
    const id = res.Id;
    const p = id === undefined ? undefined : byId.get(id);
    if (!id || !p) throw new UpstreamError(`GetMetricData returned a result for an unknown query id "${String(id)}"`);
    const ts = res.Timestamps ?? [];
    const vs = res.Values ?? [];
    if (!Array.isArray(ts) || !Array.isArray(vs) || ts.length !== vs.length) {
      throw new UpstreamError(
        `GetMetricData returned ${Array.isArray(ts) ? ts.length : 'no list of'} timestamps but ${Array.isArray(vs) ? vs.length : 'no list of'} values for ${p.key}`,
      );
    }
    // The status of the latest page wins: PartialData followed by Complete is complete.
    status.set(id, res.StatusCode ?? 'Complete');
    const list = collected.get(id) ?? [];
    for (let k = 0; k < ts.length; k++) {
      const tRaw = ts[k];
      const t = tRaw instanceof Date ? tRaw.getTime() : Number.NaN;
      if (!Number.isFinite(t)) throw new UpstreamError(`GetMetricData returned a timestamp that is not a date for ${p.key}`);
      const v = vs[k]!;
      if (typeof v === 'number' && Number.isFinite(v)) list.push({ t, v });
    }
    this.stats.datapoints += ts.length;
    collected.set(id, list);
  }
}
