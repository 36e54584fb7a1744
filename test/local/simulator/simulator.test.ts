import { describe, expect, it } from 'vitest';
import { seriesKey } from '../../../src/core';
import { parseBundle, type ScenarioBundle } from '../../../src/local/scenario/bundle';
import {
  demoScenario,
  exhaustionTime,
  incidentFreeScenario,
  incidentScenario,
  INCIDENT_KINDS,
  shippedSuiteEntries,
  simulateShop,
} from '../../../src/local/simulator';

const DAY = 86_400_000;
const HOUR = 3_600_000;
const P = 300_000;

function values(b: ScenarioBundle, resourceId: string, metric: string, namespace?: string): Array<number | null> {
  const s = b.series.find((x) => x.resourceId === resourceId && x.metricName === metric && (namespace === undefined || x.namespace === namespace));
  if (!s) throw new Error(`no series ${resourceId} ${metric}`);
  return s.values;
}

function mean(xs: ReadonlyArray<number | null>): number {
  const v = xs.filter((x): x is number => x !== null);
  return v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
}

/** Values inside [from, to) of a bundle series. */
function window(b: ScenarioBundle, xs: ReadonlyArray<number | null>, from: number, to: number): Array<number | null> {
  return xs.slice(Math.max(0, Math.floor((from - b.start) / P)), Math.max(0, Math.floor((to - b.start) / P)));
}

describe('simulateShop', () => {
  const quiet = simulateShop({ name: 'q', seed: 11, start: Date.UTC(2026, 0, 5), end: Date.UTC(2026, 0, 19) });

  it('models the shop: 13 resources in three stacks, 57 series incl. CloudWatch agent memory and disk', () => {
    expect(quiet.resources).toHaveLength(13);
    expect(new Set(quiet.resources.map((r) => r.stack))).toEqual(new Set(['shop-api', 'shop-orders', 'shop-data']));
    expect(new Set(quiet.resources.map((r) => r.type))).toEqual(
      new Set(['AWS::ApiGateway::RestApi', 'AWS::Lambda::Function', 'AWS::DynamoDB::Table', 'AWS::SQS::Queue', 'AWS::RDS::DBInstance', 'AWS::EC2::Instance']),
    );
    expect(quiet.series).toHaveLength(57);
    expect(new Set(quiet.series.map((s) => seriesKey(s))).size).toBe(57);
    const agent = quiet.series.filter((s) => s.namespace === 'CWAgent').map((s) => s.metricName);
    expect(agent.sort()).toEqual(['disk_used_percent', 'disk_used_percent', 'mem_used_percent', 'mem_used_percent']);
    for (const s of quiet.series) expect(s.values).toHaveLength((quiet.end - quiet.start) / P);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const again = simulateShop({ name: 'q', seed: 11, start: Date.UTC(2026, 0, 5), end: Date.UTC(2026, 0, 19) });
    expect(again).toEqual(quiet);
    const other = simulateShop({ name: 'q', seed: 12, start: Date.UTC(2026, 0, 5), end: Date.UTC(2026, 0, 19) });
    expect(values(other, 'shop-api', 'Count')).not.toEqual(values(quiet, 'shop-api', 'Count'));
  });

  it('keeps values in their domain: percentages in [0, 100], counts whole and non-negative', () => {
    const bad: string[] = [];
    for (const s of quiet.series) {
      const vs = s.values.filter((v): v is number => v !== null);
      const ok =
        s.kind === 'percent'
          ? (v: number) => v >= 0 && v <= 100
          : s.stat === 'Sum' && s.kind === 'count' && s.namespace !== 'AWS/DynamoDB'
            ? (v: number) => Number.isInteger(v) && v >= 0
            : s.kind === 'latency'
              ? (v: number) => v > 0
              : (v: number) => v >= 0;
      const wrong = vs.find((v) => !ok(v));
      if (wrong !== undefined) bad.push(`${s.resourceId} ${s.metricName}: ${wrong}`);
    }
    expect(bad).toEqual([]);
  });

  it('has a daily cycle (quiet nights, busy evenings) and busier weekends', () => {
    const count = values(quiet, 'shop-api', 'Count');
    const atHour = (h: number) => mean(count.filter((_, i) => Math.floor(((quiet.start + i * P) % DAY) / HOUR) === h));
    expect(atHour(20)).toBeGreaterThan(5 * atHour(3));
    const byWeekday = (wd: number[]) => mean(count.filter((_, i) => wd.includes((Math.floor((quiet.start + i * P) / DAY) + 4) % 7)));
    expect(byWeekday([0, 6])).toBeGreaterThan(1.1 * byWeekday([1, 2, 3]));
  });

  it('adds realistic noise: Poisson-like counts, right-skewed latencies', () => {
    // Night counts at a near-constant level vary at least as much as Poisson (variance ≈ mean).
    const errors = values(quiet, 'checkout', 'Errors').filter((v): v is number => v !== null);
    expect(new Set(errors).size).toBeGreaterThan(2);
    const inv = values(quiet, 'catalog', 'Invocations');
    const diffs = inv.slice(1).map((v, i) => (v ?? 0) - (inv[i] ?? 0));
    expect(diffs.filter((d) => d === 0).length).toBeLessThan(diffs.length / 20);
    const dur = values(quiet, 'catalog', 'Duration').filter((v): v is number => v !== null);
    const sorted = [...dur].sort((a, b) => a - b);
    const med = sorted[Math.floor(sorted.length / 2)]!;
    expect(sorted[sorted.length - 1]! - med).toBeGreaterThan(med - sorted[0]!);
  });

  it('emits routine change events in working hours, classed like the normalisers class them', () => {
    expect(quiet.events.length).toBeGreaterThan(10);
    for (const e of quiet.events) {
      expect(e.time).toBeGreaterThanOrEqual(quiet.start);
      expect(e.time).toBeLessThan(quiet.end);
      if (e.dataSource === 'CODE_DEPLOY') {
        expect(e.id).toMatch(/^d-[A-Z0-9]{9}$/);
        expect(e.name).toBe(`Deployment ${e.id}`);
        expect(e.class).toBe('DEPLOYMENT');
      }
      if (e.name === 'UpdateFunctionConfiguration') expect(e.class).toBe('CONFIG_CHANGE');
      if (e.source === 'iam.amazonaws.com') expect(e.class).toBe('SECURITY_CHANGE');
    }
    expect(new Set(quiet.events.map((e) => e.id)).size).toBe(quiet.events.length);
    expect(quiet.labels).toEqual([]);
  });

  it('round-trips through JSON and the bundle schema unchanged', () => {
    const b = incidentScenario('bad-deployment', 1);
    expect(parseBundle(JSON.parse(JSON.stringify(b)))).toEqual(b);
  });
});

describe('incident kinds', () => {
  const inWindow = (b: ScenarioBundle, resourceId: string, metric: string) => {
    const l = b.labels[0]!;
    const xs = values(b, resourceId, metric);
    return { before: mean(window(b, xs, l.start - 3 * HOUR, l.start)), during: mean(window(b, xs, l.start, Math.min(l.end, b.end))), xs, l };
  };

  it('labels every kind, with the cause event before onset when there is one', () => {
    for (const kind of INCIDENT_KINDS) {
      const b = incidentScenario(kind, 1);
      expect(b.labels).toHaveLength(1);
      const l = b.labels[0]!;
      expect(l.kind).toBe(kind);
      expect(l.expect).toBe(kind === 'harmless-spike' ? 'HARMLESS' : ['memory-leak', 'disk-filling', 'rds-storage'].includes(kind) ? 'PROACTIVE' : 'REACTIVE');
      expect(l.start).toBeGreaterThan(b.start + (b.replay?.historyMs ?? 0));
      if (l.causeEventId) {
        const cause = b.events.find((e) => e.id === l.causeEventId);
        expect(cause).toBeDefined();
        expect(cause!.time).toBeLessThanOrEqual(l.start);
        expect(cause!.time).toBeGreaterThan(l.start - 15 * 60_000);
      }
      expect(l.description).toBeTruthy();
    }
  });

  it('bad deployment: the function errors and the API returns 5XX until the rollback', () => {
    const b = incidentScenario('bad-deployment', 3, { variant: 'codedeploy', target: 'checkout' });
    const e = inWindow(b, 'checkout', 'Errors');
    expect(e.during).toBeGreaterThan(10 * Math.max(1, e.before));
    const api = inWindow(b, 'shop-api', '5XXError');
    expect(api.during).toBeGreaterThan(10 * Math.max(1, api.before));
    const cause = b.events.find((x) => x.id === e.l.causeEventId)!;
    expect(cause.dataSource).toBe('CODE_DEPLOY');
    expect(cause.resources).toContainEqual({ type: 'AWS::Lambda::Function', name: 'checkout' });
    expect(b.events.some((x) => x.time > e.l.start && x.time <= e.l.end && x.user === 'oncall')).toBe(true);
  });

  it('latency regression: p90 duration rises and the API latency follows', () => {
    const b = incidentScenario('latency-regression', 2, { target: 'catalog' });
    const d = inWindow(b, 'catalog', 'Duration');
    expect(d.during).toBeGreaterThan(1.4 * d.before);
    const api = inWindow(b, 'shop-api', 'Latency');
    expect(api.during).toBeGreaterThan(1.2 * api.before);
  });

  it('DynamoDB throttling: write throttles on orders, checkout errors and slows', () => {
    for (const variant of ['capacity-lowered', 'backfill']) {
      const b = incidentScenario('dynamodb-throttling', 1, { variant });
      const t = inWindow(b, 'orders', 'WriteThrottleEvents');
      expect(t.before).toBe(0);
      expect(t.during).toBeGreaterThan(100);
      expect(inWindow(b, 'checkout', 'Errors').during).toBeGreaterThan(20);
    }
  });

  it('Lambda concurrency exhaustion: throttles while ConcurrentExecutions sits at the limit', () => {
    const b = incidentScenario('lambda-concurrency', 1, { variant: 'traffic-surge' });
    const t = inWindow(b, 'checkout', 'Throttles');
    expect(t.before).toBe(0);
    expect(t.during).toBeGreaterThan(100);
    const c = window(b, values(b, 'checkout', 'ConcurrentExecutions'), t.l.start, t.l.end).filter((v): v is number => v !== null);
    expect(Math.max(...c)).toBe(10);
    expect(c.filter((v) => v >= 9).length).toBeGreaterThan(0.9 * c.length);
  });

  it('queue backlog: the oldest message ages to many minutes and visible messages pile up', () => {
    for (const variant of ['db-contention', 'mapping-disabled']) {
      const b = incidentScenario('queue-backlog', 2, { variant });
      const age = inWindow(b, 'orders-queue', 'ApproximateAgeOfOldestMessage');
      expect(Math.max(...(window(b, age.xs, age.l.start, age.l.end) as number[]))).toBeGreaterThan(1800);
      expect(age.before).toBeLessThan(200);
      expect(inWindow(b, 'orders-queue', 'ApproximateNumberOfMessagesVisible').during).toBeGreaterThan(1000);
    }
  });

  it('config change: an IAM policy change breaks checkout’s queue writes (SECURITY_CHANGE cause)', () => {
    const b = incidentScenario('config-change', 1, { variant: 'iam-policy' });
    const l = b.labels[0]!;
    expect(b.events.find((e) => e.id === l.causeEventId)).toMatchObject({ name: 'PutRolePolicy', class: 'SECURITY_CHANGE', stack: 'shop-api' });
    expect(inWindow(b, 'orders-queue', 'NumberOfMessagesSent').during).toBeLessThan(0.1 * inWindow(b, 'orders-queue', 'NumberOfMessagesSent').before);
    expect(inWindow(b, 'shop-api', '5XXError').during).toBeGreaterThan(100);
  });

  it('proactive kinds: the capacity metric trends to its limit, exhaustion days after the scenario ends', () => {
    const cases: Array<[Parameters<typeof incidentScenario>[0], string, string]> = [
      ['memory-leak', 'mem_used_percent', 'up'],
      ['disk-filling', 'disk_used_percent', 'up'],
      ['rds-storage', 'FreeStorageSpace', 'down'],
    ];
    for (const [kind, metric, dir] of cases) {
      const b = incidentScenario(kind, 2);
      const l = b.labels[0]!;
      const xs = values(b, l.resourceId, metric);
      const first = mean(window(b, xs, l.start, l.start + DAY));
      const last = mean(window(b, xs, b.end - DAY, b.end));
      if (dir === 'up') expect(last - first).toBeGreaterThan(8);
      else expect(first - last).toBeGreaterThan(15 * 1024 ** 3);
      expect(l.exhaustionAt).toBeGreaterThan(b.end);
      expect(l.exhaustionAt!).toBeLessThan(l.start + 20 * DAY);
    }
  });

  it('exhaustionTime extrapolates the least-squares line to the limit', () => {
    // 10 + 1 per period: reaches 100 after 90 periods.
    const xs = Array.from({ length: 50 }, (_, i) => 10 + i);
    expect(exhaustionTime(xs, 0, 0, { seriesKey: 'x', limit: 100, direction: 'up' })).toBe(90 * P);
    expect(exhaustionTime(xs, 0, 0, { seriesKey: 'x', limit: 0, direction: 'down' })).toBeUndefined();
  });

  it('harmless spike: a short traffic burst with nothing failing', () => {
    const b = incidentScenario('harmless-spike', 1, { variant: 'crawler' });
    const l = b.labels[0]!;
    expect(l.end - l.start).toBeLessThanOrEqual(10 * 60_000);
    expect(inWindow(b, 'shop-api', 'Count').during).toBeGreaterThan(1.6 * inWindow(b, 'shop-api', 'Count').before);
    expect(inWindow(b, 'shop-api', '5XXError').during).toBeLessThan(30);
  });
});

describe('suites', () => {
  it('ships at least 30 labelled scenarios over all ten kinds, plus incident-free ones', () => {
    const entries = shippedSuiteEntries();
    const labelled = entries.filter((e) => e.kind !== 'incident-free');
    expect(labelled.length).toBeGreaterThanOrEqual(30);
    expect(new Set(labelled.map((e) => e.kind))).toEqual(new Set(INCIDENT_KINDS));
    expect(entries.filter((e) => e.kind === 'incident-free').length).toBeGreaterThanOrEqual(3);
    expect(new Set(entries.map((e) => e.name)).size).toBe(entries.length);
  });

  it('incident-free scenarios have no labels and a week after the history', () => {
    const b = incidentFreeScenario(1);
    expect(b.labels).toEqual([]);
    expect(b.end - b.start - (b.replay?.historyMs ?? 0)).toBe(7 * DAY);
  });

  it('demo: 14 days of ~60 series with 6-8 incidents of different kinds, generated in well under 2 s', () => {
    const t0 = performance.now();
    const b = demoScenario();
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(2000);
    expect(b.end - b.start).toBe(14 * DAY);
    expect(b.series.length).toBeGreaterThanOrEqual(50);
    expect(b.labels.length).toBeGreaterThanOrEqual(6);
    expect(b.labels.length).toBeLessThanOrEqual(8);
    expect(new Set(b.labels.map((l) => l.kind)).size).toBe(b.labels.length);
    expect(b.labels.some((l) => l.expect === 'PROACTIVE')).toBe(true);
    expect(demoScenario({ seed: 7 })).toEqual(b);
    const shifted = demoScenario({ start: Date.UTC(2027, 2, 1, 13, 7) });
    expect(shifted.start).toBe(Date.UTC(2027, 2, 1));
  });
});
