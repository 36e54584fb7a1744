/**
 * MetricSource over CloudWatch GetMetricData: up to 500 queries a call, NextToken paging.
 */
import { GetMetricDataCommand, type CloudWatchClient, type MetricDataQuery } from '@aws-sdk/client-cloudwatch';
import { seriesKey, type MetricRequest, type MetricSource, type Observation, type Point } from '../../core';

/** GetMetricData accepts at most 500 queries per call. */
export const MAX_QUERIES_PER_CALL = 500;

export class CloudWatchMetricSource implements MetricSource {
  constructor(private readonly client: CloudWatchClient) {}

  async fetch(requests: readonly MetricRequest[], end: number): Promise<Observation[]> {
    const points = new Map<string, Point[]>();
    for (const r of requests) points.set(seriesKey(r.series), []);
    // Requests sharing a start time go in one batch (GetMetricData has one time range per call).
    const byStart = new Map<number, MetricRequest[]>();
    for (const r of requests) {
      const period = r.series.periodSeconds * 1000;
      const start = Math.floor(r.start / period) * period;
      byStart.set(start, [...(byStart.get(start) ?? []), r]);
    }
    for (const [start, group] of byStart) {
      for (let i = 0; i < group.length; i += MAX_QUERIES_PER_CALL) {
        const batch = group.slice(i, i + MAX_QUERIES_PER_CALL);
        const queries: MetricDataQuery[] = batch.map((r, j) => ({
          Id: `m${j}`,
          ReturnData: true,
          MetricStat: {
            Metric: {
              Namespace: r.series.namespace,
              MetricName: r.series.metricName,
              Dimensions: Object.entries(r.series.dimensions).map(([Name, Value]) => ({ Name, Value })),
            },
            Period: r.series.periodSeconds,
            Stat: r.series.stat,
          },
        }));
        let token: string | undefined;
        do {
          const out = await this.client.send(
            new GetMetricDataCommand({ MetricDataQueries: queries, StartTime: new Date(start), EndTime: new Date(end), NextToken: token, ScanBy: 'TimestampAscending' }),
          );
          for (const res of out.MetricDataResults ?? []) {
            const idx = Number(res.Id?.slice(1));
            const req = batch[idx];
            if (!req) continue;
            const list = points.get(seriesKey(req.series))!;
            const ts = res.Timestamps ?? [];
            const vs = res.Values ?? [];
            for (let k = 0; k < Math.min(ts.length, vs.length); k++) {
              const t = ts[k]!.getTime();
              const v = vs[k]!;
              if (t >= req.start && Number.isFinite(v)) list.push({ t, v });
            }
          }
          token = out.NextToken;
        } while (token);
      }
    }
    return [...points].map(([key, pts]) => ({ seriesKey: key, points: pts.sort((a, b) => a.t - b.t) }));
  }
}
