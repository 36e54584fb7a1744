import { describe, expect, it } from 'vitest';
import { runScaleCycle } from '../../../src/cli/bench/scale/run';
import { SimBucket, SimClock } from '../../../src/cli/bench/scale/sim';
import { simulateCycle, type CycleWork, type ShardWork } from '../../../src/cli/bench/scale/timeline';
import { stackSettings } from '../../../src/cli/commands/bench-scale';

describe('simulated time', () => {
  it('wakes sleepers in time order and reports the simulated duration', async () => {
    const clock = new SimClock();
    const order: string[] = [];
    const took = await clock.run(async () => {
      await Promise.all([
        clock.sleep(300).then(() => order.push(`b@${clock.now()}`)),
        clock.sleep(100).then(async () => {
          order.push(`a@${clock.now()}`);
          await clock.sleep(500);
          order.push(`c@${clock.now()}`);
        }),
      ]);
    });
    expect(order).toEqual(['a@100', 'b@300', 'c@600']);
    expect(took).toBe(600);
  });

  it('paces callers of a bucket and throttles a quota', async () => {
    const clock = new SimClock();
    const bucket = new SimBucket(clock, 10, 5);
    const took = await clock.run(async () => {
      await Promise.all(Array.from({ length: 25 }, () => bucket.take()));
    });
    // 5 at once, then 10 a second.
    expect(took).toBeGreaterThanOrEqual(2_000);
    expect(took).toBeLessThan(2_100);
    const quota = new SimBucket(new SimClock(), 3);
    expect([1, 2, 3, 4].map(() => quota.tryTake())).toEqual([true, true, true, false]);
  });
});

describe('a distributed cycle in simulated time', () => {
  const shard: ShardWork = { series: 500, stateReads: 500, getMetricDataCalls: 1, datapoints: 500, stateWrites: 500, writeUnits: 500, cpuMs: 50 };
  const work: CycleWork = { shards: Array.from({ length: 40 }, () => shard), plannerCpuMs: 100, correlatorCpuMs: 20, lookupEventsCalls: 1 };

  it('keeps the state writes under what the table absorbs when they are paced, and is throttled when they are not', async () => {
    const paced = await simulateCycle(work, stackSettings(10, true));
    const unpaced = await simulateCycle(work, stackSettings(10, false));
    expect(paced.throttles.stateWrites).toBe(0);
    // Each analyzer may burst a second's worth of its share: within the 4,000 a new table absorbs.
    expect(paced.peakWriteUnitsPerSecond).toBeLessThanOrEqual(4_000);
    expect(unpaced.throttles.stateWrites).toBeGreaterThan(0);
    expect(paced.stateWrites).toBe(40 * 500);
    expect(paced.peakConcurrency).toBeLessThanOrEqual(11);
  });

  it('bounds the analyzers at once; the table write budget bounds the cycle whatever their number', async () => {
    const five = await simulateCycle(work, stackSettings(5, true));
    const twenty = await simulateCycle(work, stackSettings(20, true));
    expect(five.peakConcurrency).toBeLessThanOrEqual(6);
    expect(twenty.peakConcurrency).toBeLessThanOrEqual(21);
    // 20,000 writes at 2,000 a second, less the first second's burst.
    for (const r of [five, twenty]) expect(r.wallMs).toBeGreaterThan(9_000);
    expect(Math.abs(twenty.wallMs - five.wallMs)).toBeLessThan(1_000);
    // Without pacing the table throttles them, and the back-off leaves the cycle no faster.
    const unpaced = await simulateCycle(work, stackSettings(20, false));
    expect(unpaced.throttles.stateWrites).toBeGreaterThan(0);
    expect(unpaced.wallMs).toBeGreaterThan(0.9 * twenty.wallMs);
    expect(five.throttles.getMetricData).toBe(0);
  });

  it('throttles GetMetricData when the analyzers together exceed the account quota', async () => {
    const greedy = { ...stackSettings(20, true), analyzerTps: 100 };
    const many = { ...work, shards: Array.from({ length: 40 }, () => ({ ...shard, getMetricDataCalls: 20, cpuMs: 1 })) };
    expect((await simulateCycle(many, greedy)).throttles.getMetricData).toBeGreaterThan(0);
    expect((await simulateCycle(many, stackSettings(20, true))).throttles.getMetricData).toBe(0);
  });
});

describe('the real cycle behind bench scale', () => {
  it('runs plan, analyze and correlate over the coverage and records each shard', async () => {
    const run = await runScaleCycle({ goldenSeries: 600, hourly: false, maxSeriesPerShard: 250 });
    const s = run.work.shards;
    expect(run.seriesInCycle).toBe(600);
    expect(s).toHaveLength(3);
    // Steady state: one GetMetricData call per shard and one state write per series; the window
    // starts at the period of the last point consumed, so each series gets that point again.
    expect(s.map((x) => x.getMetricDataCalls)).toEqual([1, 1, 1]);
    expect(s.reduce((n, x) => n + x.datapoints, 0)).toBe(2 * 600);
    expect(s.reduce((n, x) => n + x.stateWrites, 0)).toBe(600);
    expect(s.every((x) => x.cpuMs > 0)).toBe(true);
    // Deflated states fit in one write unit.
    expect(run.stateBytes.max).toBeLessThanOrEqual(1024);
    const hourly = await runScaleCycle({ goldenSeries: 600, hourly: true, maxSeriesPerShard: 500 });
    expect(hourly.seriesInCycle).toBe(1000);
  });
});

describe('member accounts in bench scale', () => {
  it('reads every member account with its own role and counts its GetMetricData calls', async () => {
    const run = await runScaleCycle({ goldenSeries: 300, hourly: false, maxSeriesPerShard: 500, accounts: 3 });
    expect(run.seriesInCycle).toBe(900);
    expect(run.work.scopes).toBe(3);
    const byScope = new Map<number, number>();
    for (const shard of run.work.shards) {
      expect(shard.scopeCalls!.reduce((n, x) => n + x.calls, 0)).toBe(shard.getMetricDataCalls);
      for (const x of shard.scopeCalls!) byScope.set(x.scope, (byScope.get(x.scope) ?? 0) + x.calls);
    }
    // 900 series in two shards of at most 500: the account split by the shard boundary is read twice.
    expect([...byScope.keys()].sort()).toEqual([0, 1, 2]);
    expect([...byScope.values()].reduce((n, c) => n + c, 0)).toBe(4);
  });

  it('gives each account its own GetMetricData quota: many accounts at once are not throttled where one account would be', async () => {
    const settings = { ...stackSettings(20, true), analyzerTps: 10 };
    const shard = (scope: number): ShardWork => ({ series: 500, stateReads: 500, getMetricDataCalls: 20, datapoints: 500, stateWrites: 0, writeUnits: 0, cpuMs: 1, scopeCalls: [{ scope, calls: 20 }] });
    const oneAccount: CycleWork = { shards: Array.from({ length: 40 }, () => shard(0)), plannerCpuMs: 1, correlatorCpuMs: 1, lookupEventsCalls: 1, scopes: 1 };
    const manyAccounts: CycleWork = { ...oneAccount, shards: Array.from({ length: 40 }, (_, i) => shard(i)), scopes: 40 };
    const one = await simulateCycle(oneAccount, settings);
    const many = await simulateCycle(manyAccounts, settings);
    expect(one.throttles.getMetricData).toBeGreaterThan(0);
    expect(many.throttles.getMetricData).toBe(0);
    expect(many.wallMs).toBeLessThan(one.wallMs);
    // Every account's change events are read at once, each under its own 2 TPS.
    expect(many.throttles.lookupEvents).toBe(0);
  });
});

describe('bench scale --accounts', () => {
  it('rejects a malformed account list in one line naming the flag', async () => {
    const { parseAccountCounts } = await import('../../../src/cli/commands/bench-scale-accounts');
    expect(parseAccountCounts('1, 10,50')).toEqual([1, 10, 50]);
    for (const bad of ['', '0', 'ten', '1,,2', '501']) expect(() => parseAccountCounts(bad)).toThrow(/^--accounts: expected account counts from 1 to 500/);
  });
});
