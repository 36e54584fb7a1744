import { describe, expect, it } from 'vitest';
import { ConflictError } from '../../../src/core/errors';
import { seriesKey, type Anomaly, type Insight, type InsightNotification, type Observation, type Point, type Resource, type Series } from '../../../src/core/model';
import type { InsightStore, MetricRequest } from '../../../src/core/ports';
import { capacityEntries, planProactive, proactiveSeverity, updateProactive, type ProactiveState } from '../../../src/core/pipeline/proactive';
import { isSteady, type Forecast } from '../../../src/core/forecast';
import { DAY, HOUR, hourOfDay, sample, seeded, T0 } from './helpers';

const PERIOD = 300_000;
const disk: Series = { namespace: 'CWAgent', metricName: 'disk_used_percent', dimensions: { InstanceId: 'i-1', path: '/' }, stat: 'Average', periodSeconds: 300, kind: 'percent', unit: 'Percent' };
const mem: Series = { namespace: 'CWAgent', metricName: 'mem_used_percent', dimensions: { InstanceId: 'i-1' }, stat: 'Average', periodSeconds: 300, kind: 'percent', unit: 'Percent' };
const instance: Resource = { id: 'i-1', type: 'AWS::EC2::Instance', name: 'search-1', stack: 'data', tags: {}, series: [disk, mem] };

const ONSET = T0 + 3 * DAY + 10 * HOUR;
/** Disk: 45 % plus logs that grow 2 points a day and are rotated at midnight; from ONSET rotation stops and 6 points a day pile up. */
function diskAt(t: number, rnd: { normal(): number }): number {
  if (t < ONSET) return 45 + 2 * (hourOfDay(t) / 24) + 0.05 * rnd.normal();
  const sinceMidnightBeforeOnset = hourOfDay(ONSET) / 24;
  return 45 + 2 * sinceMidnightBeforeOnset + (8 * (t - ONSET)) / DAY + 0.05 * rnd.normal();
}
/** Memory: a daily cycle of ±6 points around 50 % with weekday/weekend levels, no leak. */
function memAt(t: number, rnd: { normal(): number }): number {
  const weekend = [0, 6].includes(new Date(t).getUTCDay()) ? -3 : 0;
  return 50 + weekend + 6 * Math.sin((2 * Math.PI * (hourOfDay(t) - 8)) / 24) + 0.5 * rnd.normal();
}

/** Replays hourly cycles through the pure planner, carrying states and stored insights like a store would. */
function replay(values: (t: number) => number, series: Series, from: number, to: number, historyMs = 3 * DAY) {
  const all = sample(T0, to, PERIOD, values);
  const entry = capacityEntries([{ ...instance, series: [series] }])[0]!;
  let state: ProactiveState | undefined;
  const insights = new Map<string, Insight>();
  const notifications: InsightNotification[] = [];
  const anomalies = new Map<string, Anomaly>();
  for (let now = from; now <= to; now += HOUR) {
    const since = state ? state.summary.lastT : now - historyMs;
    const points = all.filter((p) => p.t > since && p.t < now);
    const out = planProactive({ now, refreshed: [{ entry, ...(state ? { state } : {}), points }], insights });
    state = out.states.get(entry.key);
    for (const i of out.insights) insights.set(i.id, i);
    for (const a of out.anomalies) anomalies.set(a.id, a);
    notifications.push(...out.notifications);
  }
  return { insights: [...insights.values()], notifications, anomalies: [...anomalies.values()], state: state! };
}

describe('proactive insights (pure planner)', () => {
  const rnd = seeded(21);
  const values = new Map<number, number>();
  const diskValue = (t: number) => values.get(t) ?? (values.set(t, diskAt(t, rnd)), values.get(t)!);
  // True exhaustion: 45 + 2·(10/24) + 8·d = 100 → d ≈ 6.77 days after onset.
  const exhaustion = ONSET + ((100 - 45 - 2 * (hourOfDay(ONSET) / 24)) / 8) * DAY;

  it('opens one PROACTIVE insight days before the disk fills, with a prediction range around the true time', () => {
    const r = replay(diskValue, disk, T0 + 3 * DAY, ONSET + 3 * DAY);
    expect(r.notifications.filter((n) => n.messageType === 'NEW_INSIGHT')).toHaveLength(1);
    expect(r.insights).toHaveLength(1);
    const ins = r.insights[0]!;
    expect(ins.type).toBe('PROACTIVE');
    expect(ins.status).toBe('ONGOING');
    expect(ins.collection).toEqual({ type: 'STACK', name: 'data' });
    expect(ins.createdAt - ONSET).toBeLessThan(36 * HOUR);
    expect(exhaustion - ins.createdAt).toBeGreaterThan(3 * DAY);
    expect(ins.predictionTimeRange!.start).toBeLessThanOrEqual(exhaustion + 12 * HOUR);
    expect(ins.predictionTimeRange!.end ?? Infinity).toBeGreaterThanOrEqual(exhaustion - 12 * HOUR);
    expect(ins.name).toMatch(/^Disk space on search-1 predicted to run out in [\d.]+ days$/);
    expect(ins.rootCause).toMatch(/^disk_used_percent on search-1 rises [\d.]+ % a day; at this rate disk space runs out \(100 %\) around /);
    // The forecast behind it travels with the anomaly, so the dashboard can draw it.
    const withForecast = r.anomalies.find((x) => x.id === ins.anomalyIds[0])!;
    expect(withForecast.forecast!.limit).toBe(100);
    expect(withForecast.forecast!.predictedAt).toBeGreaterThanOrEqual(ins.predictionTimeRange!.start);
    expect(withForecast.forecast!.predictedAt).toBeLessThanOrEqual(ins.predictionTimeRange!.end ?? Infinity);
    expect(ins.recommendations[0]!.name).toBe('Increase the EBS volume size');
    expect(ins.recommendations[0]!.reason).toMatch(/disk_used_percent on search-1 is at [\d.]+ % and rising [\d.]+ % a day; forecast to reach 100 %/);
    const anomaly = r.anomalies.find((a) => a.id === ins.anomalyIds[0])!;
    expect(anomaly).toMatchObject({ type: 'CAUSAL', direction: 'ABOVE', resourceId: 'i-1', insightId: ins.id, status: 'ONGOING' });
    expect(ins.recommendations[0]!.relatedAnomalies).toEqual([anomaly.id]);
  });

  it('is deterministic: the same history gives the same ids and insights', () => {
    const a = replay(diskValue, disk, T0 + 3 * DAY, ONSET + 2 * DAY);
    const b = replay(diskValue, disk, T0 + 3 * DAY, ONSET + 2 * DAY);
    expect(a.insights).toEqual(b.insights);
    expect(a.notifications.map((n) => n.id)).toEqual(b.notifications.map((n) => n.id));
  });

  it('closes the insight once the disk is cleaned up, and upgrades severity as the date nears', () => {
    const cleanup = ONSET + 3 * DAY;
    const f = (t: number) => (t < cleanup ? diskValue(t) : 40 + 2 * (hourOfDay(t) / 24));
    const r = replay(f, disk, T0 + 3 * DAY, cleanup + 36 * HOUR);
    const types = r.notifications.map((n) => n.messageType);
    expect(types.filter((t) => t === 'NEW_INSIGHT')).toHaveLength(1);
    expect(types).toContain('SEVERITY_UPGRADED');
    expect(types[types.length - 1]).toBe('CLOSED_INSIGHT');
    // Each published version is named with its own forecast's lead, which shrinks as the date nears.
    const published = r.notifications.filter((n) => n.messageType !== 'CLOSED_INSIGHT');
    const leads = published.map((n) => Number(/run out in ([\d.]+) days$/.exec(n.insight.name)?.[1]));
    expect(leads.every(Number.isFinite)).toBe(true);
    expect(new Set(leads).size).toBeGreaterThan(1);
    expect(leads[leads.length - 1]).toBeLessThan(leads[0]!);
    const closedAt = r.notifications[r.notifications.length - 1]!.insight.timeRange.end!;
    // Half a day of failing keep tests after the clean-up is recognised (see DEFAULT_TRACK_CONFIG).
    expect(closedAt - cleanup).toBeLessThanOrEqual(24 * HOUR);
    expect(r.anomalies[0]!.status).toBe('CLOSED');
    expect(r.state.insightId).toBeUndefined();
  });

  it('opens nothing on a healthy daily and weekly memory cycle over two weeks', () => {
    const r2 = seeded(4);
    const r = replay((t) => memAt(t, r2), mem, T0 + 3 * DAY, T0 + 17 * DAY);
    expect(r.insights).toEqual([]);
    expect(r.state.summary.sum.length).toBeLessThanOrEqual(14 * 24);
  });

  describe('a disk in a sawtooth (weekly clean-ups that free less than a week of growth)', () => {
    // 40 % at T0 (a Monday), 4 points a day; every Sunday at 03:00 a job frees 15 points.
    const sundays = [T0 + 6 * DAY, T0 + 13 * DAY, T0 + 20 * DAY, T0 + 27 * DAY].map((d) => d + 3 * HOUR);
    const sawRnd = seeded(9);
    const sawValues = new Map<number, number>();
    const sawAt = (t: number) => {
      if (!sawValues.has(t)) sawValues.set(t, 40 + (4 * (t - T0)) / DAY - 15 * sundays.filter((s) => s <= t).length + 0.05 * sawRnd.normal());
      return sawValues.get(t)!;
    };
    const firstFull = (from: number) => {
      let t = from;
      while (40 + (4 * (t - T0)) / DAY - 15 * sundays.filter((s) => s <= t).length < 100) t += PERIOD;
      return t;
    };
    const from = T0 + 15 * DAY;

    it('forecasts from the envelope, not from the line of the current tooth', () => {
      const r = replay(sawAt, disk, from, from + 12 * HOUR, 14 * DAY);
      expect(r.insights).toHaveLength(1);
      const first = r.insights[0]!.forecast!.first;
      const truth = firstFull(first.madeAt);
      // The current tooth alone (4 points a day from today's level) would say days earlier.
      const toothOnly = first.madeAt + ((100 - sawAt(first.madeAt)) / 4) * DAY;
      expect(truth - toothOnly).toBeGreaterThan(2 * DAY);
      expect(Math.abs(first.predictedAt - truth) / (truth - first.madeAt)).toBeLessThan(0.1);
      expect(first.earliest).toBeLessThanOrEqual(truth);
      expect(first.latest ?? Infinity).toBeGreaterThanOrEqual(truth);
      expect(r.insights[0]!.rootCause).toMatch(/clean-up/);
    });

    it('keeps one insight through the next clean-up, with its first prediction kept', () => {
      const r = replay(sawAt, disk, from, sundays[2]! + 2 * DAY, 14 * DAY);
      expect(r.notifications.filter((n) => n.messageType === 'NEW_INSIGHT')).toHaveLength(1);
      expect(r.insights).toHaveLength(1);
      const ins = r.insights[0]!;
      expect(ins.status).toBe('ONGOING');
      expect(ins.forecast!.first.madeAt).toBe(ins.createdAt);
      expect(ins.forecast!.latest.madeAt).toBeGreaterThanOrEqual(ins.forecast!.first.madeAt);
      expect(ins.forecast!.predictedAt).toBe(ins.forecast!.latest.predictedAt);
      expect(ins.predictionTimeRange).toEqual({ start: ins.forecast!.latest.earliest, ...(ins.forecast!.latest.latest !== undefined ? { end: ins.forecast!.latest.latest } : {}) });
      expect(ins.forecast).toMatchObject({ resourceId: 'i-1', metricName: 'disk_used_percent', direction: 'ABOVE', limit: 100, unit: 'Percent' });
    });

    it('opens nothing when each clean-up frees a week of growth', () => {
      const healthy = (t: number) => 40 + (4 * (t - T0)) / DAY - 28 * sundays.filter((s) => s <= t).length + 0.05 * sawRnd.normal();
      const r = replay(healthy, disk, from, from + 10 * DAY, 14 * DAY);
      expect(r.insights).toEqual([]);
    });
  });

  it('opens only on a forecast that holds steady from one hour to the next', () => {
    const now = T0 + 10 * DAY;
    const f = { predictedAt: now + 10 * DAY } as Forecast;
    expect(isSteady(f, now + 10.4 * DAY, now, 0.05)).toBe(true);
    expect(isSteady(f, now + 10.6 * DAY, now, 0.05)).toBe(false);
    expect(isSteady(f, undefined, now, 0.05)).toBe(false);
    expect(isSteady({} as Forecast, now, now, 0.05)).toBe(false);
  });

  it('grades severity by the time left', () => {
    expect(proactiveSeverity(2 * DAY)).toBe('HIGH');
    expect(proactiveSeverity(5 * DAY)).toBe('MEDIUM');
    expect(proactiveSeverity(10 * DAY)).toBe('LOW');
  });
});

/** In-memory ports that count calls. */
function fakePorts(resource: Resource, values: Map<string, Point[]>) {
  const states = new Map<string, unknown>();
  const insights = new Map<string, Insight>();
  const anomalies = new Map<string, Anomaly>();
  const delivered: InsightNotification[] = [];
  const calls = { fetch: 0, save: 0, putStates: 0 };
  const store: Pick<InsightStore, 'getInsight' | 'saveInsight' | 'putAnomalies'> = {
    async getInsight(id) {
      return insights.get(id);
    },
    async saveInsight(i) {
      calls.save++;
      const prev = insights.get(i.id);
      if ((prev?.version ?? 0) !== i.version - 1) throw new ConflictError(`stale ${i.id}`);
      insights.set(i.id, i);
    },
    async putAnomalies(list) {
      for (const a of list) anomalies.set(a.id, a);
    },
  };
  return {
    ports: {
      metrics: {
        async fetch(reqs: readonly MetricRequest[], end: number): Promise<Observation[]> {
          calls.fetch++;
          return reqs.map((r) => ({ seriesKey: seriesKey(r.series), points: (values.get(seriesKey(r.series)) ?? []).filter((p) => p.t >= r.start && p.t < end) }));
        },
      },
      state: {
        async getStates(keys: readonly string[]) {
          return new Map(keys.filter((k) => states.has(k)).map((k) => [k, structuredClone(states.get(k))]));
        },
        async putStates(entries: ReadonlyMap<string, unknown>) {
          calls.putStates++;
          for (const [k, v] of entries) states.set(k, structuredClone(v));
        },
      },
      insights: store as InsightStore,
      notifier: { async notify(n: readonly InsightNotification[]) { delivered.push(...n); } },
    },
    resource,
    insights,
    anomalies,
    delivered,
    calls,
  };
}

describe('updateProactive (I/O around the planner)', () => {
  const rnd = seeded(9);
  const pts = sample(T0, ONSET + 3 * DAY, PERIOD, (t) => diskAt(t, rnd));
  const resource: Resource = { ...instance, series: [disk] };

  it('reads each capacity series at most once per hour and re-running a cycle is a no-op', async () => {
    const f = fakePorts(resource, new Map([[seriesKey(disk), pts]]));
    const now = T0 + 3 * DAY;
    const first = await updateProactive(f.ports, now, [resource]);
    expect(first).toMatchObject({ series: 1, refreshed: 1 });
    expect(f.calls.fetch).toBe(1);
    const again = await updateProactive(f.ports, now, [resource]);
    expect(again).toMatchObject({ series: 1, refreshed: 0, insightsChanged: 0, notifications: 0 });
    expect(f.calls.fetch).toBe(1);
    await updateProactive(f.ports, now + 5 * 60_000, [resource]);
    expect(f.calls.fetch).toBe(1);
    await updateProactive(f.ports, now + HOUR, [resource]);
    expect(f.calls.fetch).toBe(2);
  });

  it('saves, notifies and stays consistent over a replay, even when a cycle is repeated', async () => {
    const f = fakePorts(resource, new Map([[seriesKey(disk), pts]]));
    for (let now = T0 + 3 * DAY; now <= ONSET + 2 * DAY; now += HOUR) {
      await updateProactive(f.ports, now, [resource]);
      await updateProactive(f.ports, now, [resource]);
    }
    const list = [...f.insights.values()];
    expect(list).toHaveLength(1);
    expect(list[0]!.type).toBe('PROACTIVE');
    expect(f.delivered.filter((n) => n.messageType === 'NEW_INSIGHT')).toHaveLength(1);
    expect(f.anomalies.get(list[0]!.anomalyIds[0]!)?.insightId).toBe(list[0]!.id);
  });

  it('skips DynamoDB tables without provisioned capacity and reads the provisioned series with the consumed one', async () => {
    const consumed: Series = { namespace: 'AWS/DynamoDB', metricName: 'ConsumedWriteCapacityUnits', dimensions: { TableName: 'orders' }, stat: 'Sum', periodSeconds: 300, kind: 'count' };
    const provisioned: Series = { ...consumed, metricName: 'ProvisionedWriteCapacityUnits', stat: 'Average' };
    const onDemand: Resource = { id: 'carts', type: 'AWS::DynamoDB::Table', name: 'carts', tags: {}, series: [{ ...consumed, dimensions: { TableName: 'carts' } }] };
    const table: Resource = { id: 'orders', type: 'AWS::DynamoDB::Table', name: 'orders', tags: {}, series: [consumed, provisioned] };
    expect(capacityEntries([onDemand, table]).map((e) => e.resource.id)).toEqual(['orders']);
    // Consumed grows from 20 to 95 WCU/s over 4 days against 100 provisioned: the limit is near.
    const c = sample(T0, T0 + 5 * DAY, PERIOD, (t) => 300 * (20 + (75 * (t - T0)) / (4 * DAY)));
    const p = sample(T0, T0 + 5 * DAY, PERIOD, () => 100);
    const f = fakePorts(table, new Map([[seriesKey(consumed), c], [seriesKey(provisioned), p]]));
    for (let now = T0 + 3 * DAY; now <= T0 + 3 * DAY + 3 * HOUR; now += HOUR) await updateProactive(f.ports, now, [table]);
    const ins = [...f.insights.values()];
    expect(ins).toHaveLength(1);
    // 20 → 95 WCU/s in 4 days reaches 100 at 4.27 days, about 29 h after the third hourly cycle.
    expect(ins[0]!.name).toMatch(/^Provisioned write capacity on orders predicted to run out in (2[4-9]|3[0-4]) h$/);
    expect(ins[0]!.severity).toBe('HIGH');
    expect(ins[0]!.recommendations[0]!.name).toBe('Raise the provisioned capacity before it is exhausted');
  });

  it('forecasts an SQS backlog outliving the retention period once the consumer stops', async () => {
    const age: Series = { namespace: 'AWS/SQS', metricName: 'ApproximateAgeOfOldestMessage', dimensions: { QueueName: 'orders' }, stat: 'Maximum', periodSeconds: 300, kind: 'generic', unit: 'Seconds' };
    const queue: Resource = { id: 'orders', type: 'AWS::SQS::Queue', name: 'orders', tags: {}, series: [age] };
    const stop = T0 + 3 * DAY + 6 * HOUR;
    // A healthy queue's oldest message is 0–5 minutes old; after the consumer stops it ages one second per second.
    const v = sample(T0, T0 + 8 * DAY, PERIOD, (t) => (t < stop ? ((t / PERIOD) % 4) * 75 : (t - stop) / 1000));
    const f = fakePorts(queue, new Map([[seriesKey(age), v]]));
    let opened: Insight | undefined;
    for (let now = T0 + 3 * DAY; now <= stop + 3 * DAY && !opened; now += HOUR) {
      await updateProactive(f.ports, now, [queue]);
      opened = [...f.insights.values()][0];
    }
    expect(opened).toBeDefined();
    const retentionReached = stop + 4 * DAY;
    expect(opened!.createdAt - stop).toBeLessThanOrEqual(30 * HOUR);
    expect(retentionReached - opened!.createdAt).toBeGreaterThan(2.5 * DAY);
    // It opens once hourly forecasts agree, and the first prediction's range holds the true time.
    const first = opened!.forecast!.first;
    expect(first.earliest).toBeLessThanOrEqual(retentionReached);
    expect(first.latest ?? Infinity).toBeGreaterThanOrEqual(retentionReached);
    expect(Math.abs(first.predictedAt - retentionReached) / (retentionReached - first.madeAt)).toBeLessThan(0.2);
    for (let now = opened!.createdAt + HOUR; now <= stop + 30 * HOUR; now += HOUR) await updateProactive(f.ports, now, [queue]);
    const settled = f.insights.get(opened!.id)!;
    expect(settled.version).toBeGreaterThan(1);
    expect(settled.predictionTimeRange!.start).toBeLessThanOrEqual(retentionReached + 3 * HOUR);
    expect(settled.predictionTimeRange!.end ?? Infinity).toBeGreaterThanOrEqual(retentionReached - 3 * HOUR);
    // Under three days left by now: HIGH, reached through upgrades only (never a second NEW_INSIGHT).
    expect(settled.severity).toBe('HIGH');
    const types = f.delivered.map((n) => n.messageType);
    expect(types[0]).toBe('NEW_INSIGHT');
    expect(types.slice(1).every((t) => t === 'SEVERITY_UPGRADED')).toBe(true);
    expect(types.length).toBeGreaterThan(1);
    expect(settled.recommendations.map((r) => r.name)).toContain('Drain the queue before messages expire');
    expect(settled.recommendations[0]!.reason).toMatch(/ApproximateAgeOfOldestMessage on orders is at [\d.]+ h and rising 2[34](\.\d)? h a day; forecast to reach 4 days around [\d-]+ [\d:]+ UTC( \(between [\d-]+ [\d:]+ UTC and [\d-]+ [\d:]+ UTC\))?\.$/);
  });
});
