import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { CloudWatchMetricSource } from '../../../src/aws/collect';
import { DEFAULT_CADENCE, dueResources, seriesFor } from '../../../src/aws/coverage';
import { estimateCycleCalls, estimateMonthlyCost, syntheticCoverage, devOpsGuruMonthly } from '../../../src/aws/cost';
import { VirtualTimer } from '../../../src/aws/throttle';
import { formatCost } from '../../../src/cli/commands/cost';
import { shardSeries, type Resource } from '../../../src/core';

const cadence = { goldenSignalsMinutes: 5, capacityMinutes: 60 };
const MIN = 60_000;

describe('cost model', () => {
  const MID_SIZE = { lambda: 200, dynamodb: 50, ec2: 40, rds: 10, sqs: 20, apigateway: 10 };

  it('prices every line as quantity × unit price, the stack\'s fixed parts included', () => {
    const e = estimateMonthlyCost(syntheticCoverage({ lambda: 1, dynamodb: 1, ec2: 1 }), DEFAULT_CADENCE);
    console.log(formatCost(e, 'single').join('\n'));
    // DevOps Guru: (2 × $0.0028 + 1 × $0.0042) × 730 h.
    expect(e.devOpsGuru.usd).toBeCloseTo(7.154, 6);
    expect(e.devOpsGuru).toMatchObject({ groupA: 2, groupB: 1, resourceHours: 3 * 730 });
    expect(e.series).toEqual({ golden: 6, capacity: 9 });
    for (const l of e.lines) expect(l.usd).toBeCloseTo(l.quantity * l.unitUsd, 12);
    const byName = new Map(e.lines.map((l) => [l.service, l]));
    // Single mode: 3 functions' errors, 5 queues, dropped change events, cycle duration.
    expect(byName.get('CloudWatch alarms')).toMatchObject({ quantity: 10, usd: 1, kind: 'fixed' });
    expect(byName.get('KMS key (SNS topics)')).toMatchObject({ quantity: 1, usd: 1, kind: 'fixed' });
    expect(byName.get('CloudWatch dashboard')!.usd).toBe(0);
    // SeriesAnalyzed, PointsAnalyzed, CycleLatency and ChangeEvents every hour; insight counts in the hours they change.
    expect(byName.get('CloudWatch custom metrics')!.quantity).toBeCloseTo(4 + 2 * (60 / 730), 9);
    expect(e.fixedUsd).toBeCloseTo(e.lines.filter((l) => l.kind === 'fixed').reduce((s, l) => s + l.usd, 0), 12);
    expect(e.totalUsd).toBeCloseTo(e.lines.reduce((s, l) => s + l.usd, 0), 10);
    // Quiet golden count series (all of them here but one in ten) are read every 15 minutes.
    expect(e.calls.metricsRequested).toBeLessThan(6 * 8760 + 9 * 730);
  });

  it('targets: the mid-size account costs at most 0.08 of DevOps Guru, and Opsight breaks even by 5 resources', () => {
    const mid = estimateMonthlyCost(syntheticCoverage(MID_SIZE), DEFAULT_CADENCE);
    console.log(formatCost(mid, 'single').join('\n'));
    expect(mid.devOpsGuru.usd).toBeCloseTo(725.62, 2);
    expect(mid.ratio).toBeLessThanOrEqual(0.08);
    for (const kind of ['lambda', 'dynamodb', 'sqs', 'ec2']) {
      const breakEven = [1, 2, 3, 4, 5, 6, 7, 8].find((n) => estimateMonthlyCost(syntheticCoverage({ [kind]: n }), DEFAULT_CADENCE).ratio < 1);
      expect(breakEven, kind).toBeDefined();
      expect(breakEven!, kind).toBeLessThanOrEqual(5);
    }
  });

  it('states what each cheaper-by-design choice is worth', () => {
    const coverage = syntheticCoverage(MID_SIZE);
    const base = estimateMonthlyCost(coverage, DEFAULT_CADENCE);
    const everyCycle = estimateMonthlyCost(coverage, { ...DEFAULT_CADENCE, quietGoldenMinutes: 5 });
    // Without the adaptive cadence every golden series is read every 5 minutes.
    expect(everyCycle.calls.metricsRequested).toBe(800 * 8760 + 790 * 730);
    expect(everyCycle.totalUsd - base.totalUsd).toBeGreaterThan(25);
    const dashboard = estimateMonthlyCost(coverage, DEFAULT_CADENCE, { stack: { dashboard: true } });
    expect(dashboard.totalUsd - base.totalUsd).toBeCloseTo(3, 9);
    const throttles = estimateMonthlyCost(coverage, DEFAULT_CADENCE, { stack: { throttleAlarms: true } });
    expect(throttles.totalUsd - base.totalUsd).toBeCloseTo(0.3, 9);
  });

  it('shows what the distributed pipeline adds: idle SQS polling dominates a small coverage', () => {
    const coverage = syntheticCoverage({ lambda: 1, dynamodb: 1, ec2: 1 });
    const single = estimateMonthlyCost(coverage, cadence);
    const distributed = estimateMonthlyCost(coverage, cadence, { shape: { mode: 'distributed' } });
    console.log(formatCost(distributed, 'distributed').join('\n'));
    const sqs = distributed.lines.find((l) => l.service === 'SQS')!;
    expect(sqs.quantity).toBeGreaterThan(2 * 657_000);
    expect(distributed.totalUsd - single.totalUsd).toBeGreaterThan(sqs.usd * 0.9);
  });

  it('a slower golden cadence lowers the bill in proportion to the golden fetches', () => {
    const coverage = syntheticCoverage({ lambda: 10 });
    const five = estimateMonthlyCost(coverage, cadence).calls.metricsRequested;
    const ten = estimateMonthlyCost(coverage, { goldenSignalsMinutes: 10, capacityMinutes: 60 }).calls.metricsRequested;
    expect(five).toBe(10 * (3 * 8760 + 2 * 730));
    expect(ten).toBe(10 * (3 * 4380 + 2 * 730));
  });

  it('prices DevOps Guru by group', () => {
    const r = (type: string, id: string) => ({ type, id });
    const dg = devOpsGuruMonthly([r('AWS::RDS::DBInstance', 'db'), r('AWS::SQS::Queue', 'q'), r('AWS::S3::Bucket', 'b')]);
    expect(dg).toMatchObject({ groupA: 1, groupB: 1, unpriced: 1 });
  });

  it('per-cycle counts equal the GetMetricData calls and metrics counted through a mocked client', async () => {
    const cw = mockClient(CloudWatchClient);
    let calls = 0;
    let metrics = 0;
    cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput) => {
      calls++;
      metrics += input.MetricDataQueries!.length;
      return { MetricDataResults: [] };
    });
    // 400 Lambda functions (2,000 series): several shards and several calls per shard.
    const coverage: Resource[] = Array.from({ length: 400 }, (_, i) => ({ id: `f${i}`, type: 'AWS::Lambda::Function', name: `f${i}`, tags: {}, series: seriesFor('AWS::Lambda::Function', `f${i}`) }));
    const maxSeriesPerShard = 300;
    for (const at of [Date.UTC(2026, 0, 1, 12, 0), Date.UTC(2026, 0, 1, 12, 5)]) {
      for (const firstCycle of [true, false]) {
        calls = 0;
        metrics = 0;
        const model = estimateCycleCalls(coverage, cadence, { at, firstCycle, shape: { mode: 'distributed', maxSeriesPerShard } });
        // What the pipeline does: the planner shards the due series, each analyzer fetches its shard.
        const due = dueResources(coverage, at, cadence).filter((r) => r.series.length);
        const items = shardSeries(due, { cycleId: 'c', now: at }, { maxSeries: maxSeriesPerShard, maxBytes: 200_000 });
        for (const item of items) {
          const src = new CloudWatchMetricSource(new CloudWatchClient({ region: 'us-east-1' }), { timer: new VirtualTimer(at) });
          const start = (tierMs: number) => (firstCycle ? at - 3 * 86_400_000 : at - tierMs - 60_000);
          const reqs = item.resources.flatMap((r) => r.series.map((s) => ({ series: s, start: start(['Errors', 'Throttles', 'Duration'].includes(s.metricName) ? 5 * MIN : 60 * MIN) })));
          await src.fetch(reqs, at);
        }
        expect({ calls, metrics, shards: items.length }).toEqual({ calls: model.detectionReads.calls, metrics: model.detectionReads.metricsRequested, shards: model.shards });
      }
    }
    cw.restore();
  });
});
