/**
 * The cost model against a simulated run: two days of 5-minute cycles of the real collection
 * path (cadence tiers, shards, the analyzer with the adaptive read filter, the CloudWatch
 * source) on a mocked CloudWatch client whose quiet series report zeros and busy ones do not.
 * The GetMetricData calls, the metrics requested and the state writes counted over the two
 * days must equal the model's month scaled to two days (cycle kinds repeat every hour).
 */
import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { CloudWatchMetricSource } from '../../../src/aws/collect';
import { estimateMonthlyCalls, quietSeries, syntheticCoverage, type PipelineShapeOverrides } from '../../../src/aws/cost';
import { DEFAULT_CADENCE, adaptiveReadFilter, dueResources, type Cadence } from '../../../src/aws/coverage';
import { VirtualTimer } from '../../../src/aws/throttle';
import { analyzeShard, resolveOptions, seriesKey, shardSeries, type StateStore } from '../../../src/core';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5);

class CountingStates implements StateStore {
  readonly map = new Map<string, unknown>();
  writes = 0;
  async getStates(keys: readonly string[]): Promise<Map<string, unknown>> {
    return new Map(keys.filter((k) => this.map.has(k)).map((k) => [k, structuredClone(this.map.get(k))]));
  }
  async putStates(entries: ReadonlyMap<string, unknown>): Promise<void> {
    for (const [k, v] of entries) this.map.set(k, structuredClone(v));
    this.writes += entries.size;
  }
}

const cw = mockClient(CloudWatchClient);
afterEach(() => cw.reset());

/** Runs `hours` of cycles after a warm-up cycle; returns what was counted after the warm-up. */
async function simulate(cadence: Cadence, quiet: ReadonlySet<string>, hours: number) {
  const coverage = syntheticCoverage({ lambda: 2, dynamodb: 1, ec2: 1, sqs: 1 });
  const keyOf = new Map(coverage.flatMap((r) => r.series.map((s) => [`${s.namespace}|${s.metricName}|${JSON.stringify(s.dimensions)}`, seriesKey(s)] as const)));
  const counted = { calls: 0, metrics: 0 };
  cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
    counted.calls++;
    counted.metrics += input.MetricDataQueries!.length;
    const start = input.StartTime!.getTime();
    const end = input.EndTime!.getTime();
    const results: MetricDataResult[] = input.MetricDataQueries!.map((q) => {
      const m = q.MetricStat!;
      const dims = Object.fromEntries((m.Metric!.Dimensions ?? []).map((d) => [d.Name!, d.Value!]));
      const key = keyOf.get(`${m.Metric!.Namespace}|${m.Metric!.MetricName}|${JSON.stringify(dims)}`)!;
      const Timestamps: Date[] = [];
      const Values: number[] = [];
      for (let t = Math.ceil(start / (5 * MIN)) * 5 * MIN; t < end; t += 5 * MIN) {
        Timestamps.push(new Date(t));
        // Quiet series report zeros; the others a steady nonzero level.
        Values.push(quiet.has(key) ? 0 : 10 + ((t / (5 * MIN)) % 3));
      }
      return { Id: q.Id, StatusCode: 'Complete', Timestamps, Values };
    });
    return { MetricDataResults: results };
  });
  const states = new CountingStates();
  const options = resolveOptions({ readFilter: adaptiveReadFilter(cadence) });
  const cycles = (hours * 60) / cadence.goldenSignalsMinutes;
  for (let k = 0; k <= cycles; k++) {
    if (k === 1) {
      counted.calls = 0;
      counted.metrics = 0;
      states.writes = 0;
    }
    const now = T0 + k * cadence.goldenSignalsMinutes * MIN;
    const due = dueResources(coverage, now, cadence).filter((r) => r.series.length);
    for (const item of shardSeries(due, { cycleId: `c${k}`, now }, { maxSeries: 500, maxBytes: 200_000 })) {
      const source = new CloudWatchMetricSource(new CloudWatchClient({ region: 'us-east-1' }), { timer: new VirtualTimer(now) });
      const result = await analyzeShard({ metrics: source, state: states }, item, options);
      await states.putStates(result.states);
    }
  }
  return { coverage, counted: { ...counted, writes: states.writes } };
}

describe('cost model against a simulated run', () => {
  const shape: PipelineShapeOverrides = { busyCountShare: 0.5, forecasts: false, dynamo: { fixedWritesPerCycle: 0, fixedWritesPerShard: 0 } };

  it.each([
    ['adaptive cadence (quiet golden series every 15 minutes)', DEFAULT_CADENCE],
    ['adaptive cadence off', { ...DEFAULT_CADENCE, quietGoldenMinutes: 5 }],
  ])('%s: GetMetricData calls, metrics requested and state writes of two days equal the model', async (_name, cadence) => {
    const coverage = syntheticCoverage({ lambda: 2, dynamodb: 1, ec2: 1, sqs: 1 });
    const quiet = quietSeries(coverage, cadence, 0.5);
    const hours = 48;
    const { counted } = await simulate(cadence, quiet, hours);
    const month = estimateMonthlyCalls(coverage, cadence, shape);
    const twoDays = (x: number) => Math.round((x * hours) / 730);
    expect(counted).toEqual({ calls: twoDays(month.getMetricDataCalls), metrics: twoDays(month.metricsRequested), writes: twoDays(month.dynamoWriteUnits) });
    if (cadence.quietGoldenMinutes === 15) expect(quiet.size).toBeGreaterThan(0);
  });
});
