import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchMetricSource, planBatches, retentionMs, validPeriodFor } from '../../../src/aws/collect';
import { VirtualTimer } from '../../../src/aws/throttle';
import { seriesKey, type MetricRequest, type Series, UpstreamError } from '../../../src/core';

const cw = mockClient(CloudWatchClient);
const client = new CloudWatchClient({ region: 'us-east-1' });
const MIN = 60_000;
const DAY = 86_400_000;
const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);

function series(i: number, metricName = 'Errors'): Series {
  return { namespace: 'AWS/Lambda', metricName, dimensions: { FunctionName: `fn-${i}` }, stat: 'Sum', periodSeconds: 300, kind: 'count' };
}
const req = (i: number, start: number, metricName?: string): MetricRequest => ({ series: series(i, metricName), start });

/** A result with one point per 5 minutes over the call's window, value = query index. */
function fullResults(input: GetMetricDataCommandInput): MetricDataResult[] {
  const start = input.StartTime!.getTime();
  const end = input.EndTime!.getTime();
  return (input.MetricDataQueries ?? []).map((q, j) => {
    const ts: Date[] = [];
    for (let t = start; t < end; t += 5 * MIN) ts.push(new Date(t));
    return { Id: q.Id, StatusCode: 'Complete', Timestamps: ts, Values: ts.map(() => j) };
  });
}

beforeEach(() => cw.reset());

describe('CloudWatchMetricSource', () => {
  it('reads only complete, settled buckets and aligns the window to the period', async () => {
    const calls: GetMetricDataCommandInput[] = [];
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      calls.push(input);
      return { MetricDataResults: fullResults(input) };
    });
    const src = new CloudWatchMetricSource(client, { timer: new VirtualTimer() });
    // now = 12:03: the 12:00 bucket is incomplete, and with the 60 s settle delay 11:55 is the last read.
    const obs = await src.fetch([req(1, NOW - 30 * MIN + 1)], NOW + 3 * MIN);
    expect(calls[0]!.StartTime!.getTime()).toBe(NOW - 30 * MIN);
    expect(calls[0]!.EndTime!.getTime()).toBe(NOW);
    expect(obs[0]!.points.map((p) => (p.t - NOW) / MIN)).toEqual([-25, -20, -15, -10, -5]);
  });

  it('splits 1,200 series into calls of at most 500 queries and 100,800 datapoints', async () => {
    const sizes: number[] = [];
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      sizes.push(input.MetricDataQueries!.length);
      return { MetricDataResults: [] };
    });
    const src = new CloudWatchMetricSource(client, { timer: new VirtualTimer() });
    await src.fetch(Array.from({ length: 1200 }, (_, i) => req(i, NOW - 10 * MIN)), NOW);
    expect(sizes).toEqual([500, 500, 200]);
    // A 3-day warm start is 864 points a series: at most floor(100800 / 864) = 116 queries a call.
    sizes.length = 0;
    await src.fetch(Array.from({ length: 300 }, (_, i) => req(i, NOW - 3 * DAY)), NOW);
    expect(sizes).toEqual([116, 116, 68]);
    expect(src.stats.metricsRequested).toBe(1500);
  });

  it('follows NextToken across pages and merges the points of each query', async () => {
    const pages = ['p2', 'p3', undefined];
    let call = 0;
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      const n = call++;
      expect(input.NextToken).toBe(n === 0 ? undefined : pages[n - 1]);
      const t = NOW - (30 - n * 5) * MIN;
      return {
        MetricDataResults: [
          { Id: 'm0', StatusCode: n < 2 ? 'PartialData' : 'Complete', Timestamps: [new Date(t)], Values: [n] },
          { Id: 'm1', StatusCode: 'Complete', Timestamps: n === 0 ? [new Date(t)] : [], Values: n === 0 ? [9] : [] },
        ],
        NextToken: pages[n],
      };
    });
    const src = new CloudWatchMetricSource(client, { timer: new VirtualTimer() });
    const obs = await src.fetch([req(0, NOW - 30 * MIN), req(1, NOW - 30 * MIN)], NOW + 2 * MIN);
    expect(call).toBe(3);
    const byKey = new Map(obs.map((o) => [o.seriesKey, o.points]));
    expect(byKey.get(seriesKey(series(0)))!.map((p) => p.v)).toEqual([0, 1, 2]);
    expect(byKey.get(seriesKey(series(1)))!.map((p) => p.v)).toEqual([9]);
  });

  it('retries an InternalError query once, then withholds its points so the next cycle reads them again', async () => {
    let call = 0;
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      call++;
      const ids = input.MetricDataQueries!.map((q) => q.Id!);
      return {
        MetricDataResults: ids.map((Id) => ({ Id, StatusCode: 'InternalError', Timestamps: [new Date(NOW - 10 * MIN)], Values: [1] })),
      };
    });
    const issues: string[] = [];
    const src = new CloudWatchMetricSource(client, { timer: new VirtualTimer(), onIssue: (i) => issues.push(i.status) });
    const obs = await src.fetch([req(0, NOW - 30 * MIN)], NOW + 2 * MIN);
    expect(call).toBe(2);
    expect(obs[0]!.points).toEqual([]);
    expect(issues).toEqual(['InternalError']);
    expect(src.stats.withheld).toBe(1);
  });

  it('keeps the points of a query that succeeds on the follow-up call', async () => {
    let call = 0;
    cw.on(GetMetricDataCommand).callsFake(() => {
      call++;
      return { MetricDataResults: [{ Id: 'm0', StatusCode: call === 1 ? 'InternalError' : 'Complete', Timestamps: [new Date(NOW - 10 * MIN)], Values: [7] }] };
    });
    const src = new CloudWatchMetricSource(client, { timer: new VirtualTimer() });
    const obs = await src.fetch([req(0, NOW - 30 * MIN)], NOW + 2 * MIN);
    expect(obs[0]!.points).toEqual([{ t: NOW - 10 * MIN, v: 7 }]);
  });

  it('rejects malformed responses with a clear error', async () => {
    const src = new CloudWatchMetricSource(client, { timer: new VirtualTimer() });
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'm0', Timestamps: [new Date(NOW - 10 * MIN), new Date(NOW - 5 * MIN)], Values: [1] }] });
    await expect(src.fetch([req(0, NOW - 30 * MIN)], NOW + 2 * MIN)).rejects.toThrow(/2 timestamps but 1 values/);
    cw.reset();
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [{ Id: 'zz', Timestamps: [], Values: [] }] });
    await expect(src.fetch([req(0, NOW - 30 * MIN)], NOW + 2 * MIN)).rejects.toBeInstanceOf(UpstreamError);
    cw.reset();
    cw.on(GetMetricDataCommand).resolves({ MetricDataResults: [], NextToken: 'same' });
    await expect(src.fetch([req(0, NOW - 30 * MIN)], NOW + 2 * MIN)).rejects.toThrow(/same NextToken twice/);
  });

  it('stays under its call rate: never more than `tps` calls in any one-second window', async () => {
    const timer = new VirtualTimer(NOW);
    const times: number[] = [];
    cw.on(GetMetricDataCommand).callsFake(() => {
      times.push(timer.now());
      return { MetricDataResults: [] };
    });
    const src = new CloudWatchMetricSource(client, { timer, tps: 50, concurrency: 8 });
    // 3-day windows: 116 queries a call, so 13,920 series make 120 calls.
    const reqs = Array.from({ length: 116 * 120 }, (_, i) => req(i, NOW - 3 * DAY));
    await src.fetch(reqs, NOW);
    expect(times).toHaveLength(120);
    for (let i = 0; i < times.length; i++) {
      const inWindow = times.filter((t) => t >= times[i]! && t < times[i]! + 1000).length;
      expect(inWindow).toBeLessThanOrEqual(50);
    }
    expect(times[times.length - 1]! - times[0]!).toBeGreaterThanOrEqual(((120 - 1) / 50) * 1000 - 1);
  });
});

describe('period and age rules', () => {
  it('keeps 1-minute data 15 days, 5-minute 63 days, 1-hour 455 days', () => {
    expect(retentionMs(60)).toBe(15 * DAY);
    expect(retentionMs(300)).toBe(63 * DAY);
    expect(retentionMs(3600)).toBe(455 * DAY);
  });

  it('chooses a valid period for the age of the start time', () => {
    expect(validPeriodFor(NOW - 2 * 3_600_000, NOW, 60)).toBe(60);
    expect(validPeriodFor(NOW - 20 * DAY, NOW, 60)).toBe(300);
    expect(validPeriodFor(NOW - 70 * DAY, NOW, 300)).toBe(3600);
    expect(() => validPeriodFor(NOW - 500 * DAY, NOW, 300)).toThrow(/455 days/);
  });

  it('clamps a start older than the period keeps to what CloudWatch has', async () => {
    const calls: GetMetricDataCommandInput[] = [];
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      calls.push(input);
      return { MetricDataResults: [] };
    });
    const src = new CloudWatchMetricSource(client, { timer: new VirtualTimer() });
    await src.fetch([{ series: { ...series(0), periodSeconds: 60 }, start: NOW - 40 * DAY }], NOW);
    expect(NOW - calls[0]!.StartTime!.getTime()).toBe(15 * DAY);
  });

  it('plans batches by period and end', () => {
    const items = [
      { start: 0, end: 3_600_000, period: 300 },
      { start: 0, end: 3_600_000, period: 60 },
      { start: 1, end: 3_600_000, period: 300 },
    ];
    expect(planBatches(items).map((b) => b.length)).toEqual([2, 1]);
  });
});
