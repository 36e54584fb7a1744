import { describe, expect, it } from 'vitest';
import { parseBundle, type ScenarioBundle } from '../../../src/local/scenario/bundle';
import { BENCHMARK_FAMILIES, benchmarkEntries, benchmarkScenario, shippedSuiteEntries, simulateShop, suiteEntries } from '../../../src/local/simulator';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const P = 300_000;

function series(b: ScenarioBundle, resourceId: string, metric: string): Array<number | null> {
  const s = b.series.find((x) => x.resourceId === resourceId && x.metricName === metric);
  if (!s) throw new Error(`no series ${resourceId} ${metric}`);
  return s.values;
}

function at(b: ScenarioBundle, values: ReadonlyArray<number | null>, t: number): number | null {
  return values[Math.floor((t - b.start) / P)] ?? null;
}

function sum(b: ScenarioBundle, values: ReadonlyArray<number | null>, from: number, to: number): number {
  let s = 0;
  for (let t = from; t < to; t += P) s += at(b, values, t) ?? 0;
  return s;
}

const scoredStart = (b: ScenarioBundle) => b.start + (b.replay?.historyMs ?? 0);

describe('benchmark suite', () => {
  it('has at least 100 scenarios in at least 20 families over several seeds, each labelled with its family', () => {
    const entries = benchmarkEntries();
    expect(entries.length).toBeGreaterThanOrEqual(100);
    const families = new Set(entries.map((e) => e.family));
    expect(families.size).toBeGreaterThanOrEqual(20);
    for (const f of families) expect(entries.filter((e) => e.family === f).length).toBeGreaterThanOrEqual(3);
    expect(new Set(entries.map((e) => e.name)).size).toBe(entries.length);
    expect(suiteEntries('benchmark').map((e) => e.name)).toEqual(entries.map((e) => e.name));
    // The earlier suite is unchanged.
    expect(shippedSuiteEntries()).toHaveLength(34);
    expect(BENCHMARK_FAMILIES.map((f) => f.name)).toEqual([...families]);
  });

  it('builds valid, deterministic bundles that carry their family and survive a JSON round trip', () => {
    const b = benchmarkScenario('canary-rollout', 2);
    expect(benchmarkScenario('canary-rollout', 2)).toEqual(b);
    expect(b.family).toBe('canary-rollout');
    expect(parseBundle(JSON.parse(JSON.stringify(b)))).toEqual(b);
    expect(benchmarkScenario('canary-rollout', 3).series[0]!.values).not.toEqual(b.series[0]!.values);
  });

  it('writes CodeDeploy rollouts with their UpdateAlias records, and labels name every record of the causing change', () => {
    const b = benchmarkScenario('canary-rollout', 1);
    const label = b.labels[0]!;
    const records = label.causeEventIds!.map((id) => b.events.find((e) => e.id === id)!);
    expect(records.map((e) => e.name)).toEqual([expect.stringMatching(/^Deployment d-/), 'UpdateAlias', 'UpdateAlias']);
    expect(records[0]!.dataSource).toBe('CODE_DEPLOY');
    expect(records.slice(1).every((e) => e.dataSource === 'CLOUD_TRAIL' && e.class === 'DEPLOYMENT')).toBe(true);
    // Routine CodeDeploy rollouts of functions leave their UpdateAlias records too.
    const deployments = b.events.filter((e) => e.dataSource === 'CODE_DEPLOY' && e.resources.some((r) => r.type === 'AWS::Lambda::Function'));
    for (const d of deployments.filter((d) => d.time < b.end - 15 * 60_000)) {
      const aliases = b.events.filter((e) => e.name === 'UpdateAlias' && e.time > d.time && e.time - d.time <= 10 * 60_000 && e.resources[0]!.name === d.resources[0]!.name);
      expect(aliases.length).toBeGreaterThanOrEqual(1);
    }
    // A pipeline's UpdateFunctionCode is followed by PublishVersion and UpdateAlias.
    const noisy = benchmarkScenario('change-noise', 1);
    const pipeline = noisy.events.filter((e) => e.name === 'UpdateFunctionCode' && e.user === 'ci-pipeline');
    expect(pipeline.length).toBeGreaterThan(0);
    for (const e of pipeline) expect(noisy.events.some((x) => x.name === 'PublishVersion' && x.time > e.time && x.time - e.time < 60_000)).toBe(true);
    // IAM changes outside any stack are part of the change noise.
    expect(noisy.events.some((e) => e.source === 'iam.amazonaws.com' && e.stack === undefined)).toBe(true);
  });

  it('an IAM change without a stack causes the iam-without-stack incidents', () => {
    const b = benchmarkScenario('iam-without-stack', 1);
    const cause = b.events.find((e) => e.id === b.labels[0]!.causeEventId)!;
    expect(cause).toMatchObject({ source: 'iam.amazonaws.com', class: 'SECURITY_CHANGE' });
    expect(cause.stack).toBeUndefined();
    expect(cause.time).toBeLessThan(b.labels[0]!.start);
  });

  it('a decoy rollout on an unrelated resource comes closer to the onset than the cause', () => {
    const b = benchmarkScenario('decoy-rollout', 1);
    const label = b.labels[0]!;
    const cause = b.events.find((e) => e.id === label.causeEventId)!;
    const decoys = b.events.filter((e) => e.class === 'DEPLOYMENT' && e.time > cause.time && e.time < label.start && !e.resources.some((r) => r.name === label.resourceId));
    expect(decoys.length).toBeGreaterThan(0);
  });

  it('a marketing surge raises error counts while the error rate stays flat', () => {
    const b = benchmarkScenario('marketing-surge', 1);
    const label = b.labels[0]!;
    expect(label.expect).toBe('HARMLESS');
    const inv = series(b, 'catalog', 'Invocations');
    const err = series(b, 'catalog', 'Errors');
    const hour = label.start + HOUR;
    const dayBefore = hour - DAY;
    const during = { inv: sum(b, inv, hour - HOUR / 2, hour + HOUR / 2), err: sum(b, err, hour - HOUR / 2, hour + HOUR / 2) };
    const before = { inv: sum(b, inv, dayBefore - HOUR / 2, dayBefore + HOUR / 2), err: sum(b, err, dayBefore - 4 * HOUR, dayBefore + 4 * HOUR) };
    expect(during.inv).toBeGreaterThan(1.6 * before.inv);
    const beforeRate = before.err / sum(b, inv, dayBefore - 4 * HOUR, dayBefore + 4 * HOUR);
    expect(during.err / during.inv).toBeLessThan(3 * beforeRate + 0.002);
  });

  it('runs the nightly batch job at the same time every night, history included', () => {
    const b = benchmarkScenario('nightly-batch', 1);
    const sent = series(b, 'orders-queue', 'NumberOfMessagesSent');
    const nights = Array.from({ length: Math.floor((b.end - b.start) / DAY) }, (_, d) => Math.floor(b.start / DAY) * DAY + (d + 1) * DAY);
    const peaks = nights.map((night) => {
      let best = 0;
      let when = 0;
      for (let t = night; t < night + 4 * HOUR; t += P) {
        const v = at(b, sent, t) ?? 0;
        if (v > best) [best, when] = [v, t - night];
      }
      return { best, when };
    });
    expect(peaks.every((p) => p.best > 1000)).toBe(true);
    const times = peaks.map((p) => p.when);
    expect(Math.max(...times) - Math.min(...times)).toBeLessThanOrEqual(HOUR);
  });

  it('disks in a sawtooth: weekly clean-ups, one that fills (forecast label in reach) and one that never does', () => {
    const filling = benchmarkScenario('disk-sawtooth', 1);
    const label = filling.labels[0]!;
    expect(label.expect).toBe('PROACTIVE');
    expect(label.exhaustionAt! - scoredStart(filling)).toBeGreaterThanOrEqual(2 * DAY);
    expect(label.exhaustionAt! - scoredStart(filling)).toBeLessThanOrEqual(10 * DAY);
    const disk = series(filling, label.resourceId, 'disk_used_percent');
    // Each Sunday 03:00 the clean-up drops the level at once.
    const sundays = [];
    for (let d = Math.ceil(filling.start / DAY) * DAY; d < filling.end; d += DAY) if ((Math.floor(d / DAY) + 4) % 7 === 0) sundays.push(d + 3 * HOUR);
    expect(sundays.length).toBeGreaterThan(0);
    for (const t of sundays) expect(at(filling, disk, t - P)! - at(filling, disk, t)!).toBeGreaterThan(5);

    const never = benchmarkScenario('disk-cleanups', 1);
    const values = series(never, never.labels[0]!.resourceId, 'disk_used_percent').filter((v): v is number => v !== null);
    expect(Math.max(...values)).toBeLessThan(95);
    expect(never.labels[0]!.expect).toBe('HARMLESS');
  });

  it('slow degradation: latency creeps to about three times its level over days', () => {
    const b = benchmarkScenario('latency-creep', 1);
    const label = b.labels[0]!;
    const d = series(b, label.resourceId, 'Duration');
    const mean = (from: number) => {
      const xs = [];
      for (let t = from; t < from + 2 * HOUR; t += P) xs.push(at(b, d, t) ?? NaN);
      return xs.filter(Number.isFinite).reduce((a, x) => a + x, 0) / xs.filter(Number.isFinite).length;
    };
    expect(mean(label.end - 2 * HOUR) / mean(label.end - 2 * HOUR - 3 * DAY)).toBeGreaterThan(2.2);
  });

  it('sparse traffic, gaps and heavy tails', () => {
    const sparse = benchmarkScenario('sparse-traffic', 1);
    const errors = series(sparse, 'checkout', 'Errors').filter((v): v is number => v !== null);
    expect(errors.filter((v) => v === 0).length / errors.length).toBeGreaterThan(0.9);
    const gaps = benchmarkScenario('data-gaps', 1);
    expect(gaps.series.filter((s) => s.namespace === 'CWAgent' || s.namespace === 'AWS/RDS').some((s) => s.values.slice(Math.floor((scoredStart(gaps) - gaps.start) / P)).includes(null))).toBe(true);

    // Heavy tails change latencies and error counts only, from their own random stream.
    const opts = { name: 't', seed: 3, start: Date.UTC(2026, 1, 3), end: Date.UTC(2026, 1, 5) };
    const plain = simulateShop(opts);
    const tailed = simulateShop({ ...opts, heavyTails: true });
    expect(series(tailed, 'shop-api', 'Count')).toEqual(series(plain, 'shop-api', 'Count'));
    const ratios = series(tailed, 'catalog', 'Duration').map((v, i) => (v ?? 0) / (series(plain, 'catalog', 'Duration')[i] ?? 1));
    expect(ratios.filter((r) => r > 1.15).length).toBeGreaterThan(0);
    expect(ratios.filter((r) => r > 1.15).length / ratios.length).toBeLessThan(0.05);
  });

  it('concurrent incidents: two labels in one stack, apart in time', () => {
    const b = benchmarkScenario('concurrent-incidents', 1);
    expect(b.labels).toHaveLength(2);
    const stacks = b.labels.map((l) => b.resources.find((r) => r.id === l.resourceId)!.stack);
    expect(stacks[0]).toBe(stacks[1]);
    expect(b.labels[1]!.start - b.labels[0]!.start).toBeGreaterThanOrEqual(15 * 60_000);
  });

  it('weekly seasonality: an office workload, quiet at the weekend, with a week of history', () => {
    const b = benchmarkScenario('weekly-seasonality', 1);
    expect(b.replay!.historyMs).toBeGreaterThanOrEqual(7 * DAY);
    const count = series(b, 'shop-api', 'Count');
    const byDay = (wd: number) => {
      const xs = count.filter((v, i) => v !== null && (Math.floor((b.start + i * P) / DAY) + 4) % 7 === wd) as number[];
      return xs.reduce((a, v) => a + v, 0) / xs.length;
    };
    expect(byDay(0)).toBeLessThan(0.6 * byDay(3));
  });
});
