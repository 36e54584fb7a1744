import { describe, expect, it } from 'vitest';
import { toAnomaly, trackPoint, type OpenAnomaly, type Recovery, type TrackerContext } from '../../../src/core/pipeline/anomaly-tracker';
import { describeAnomaly } from '../../../src/core/recommend/text';
import { insightDescription } from '../../../src/core/correlate/describe';
import type { DetectionResult } from '../../../src/core/detect/types';
import type { Anomaly, Series } from '../../../src/core';

const PERIOD = 300;
const series: Series = { namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: { ApiName: 'shop-api' }, stat: 'Sum', periodSeconds: PERIOD, unit: 'Count', kind: 'count' };
const ctx: TrackerContext = {
  series,
  seriesKey: 'api-5xx',
  resource: { id: 'shop-api', type: 'AWS::ApiGateway::RestApi', name: 'shop-api', series: [series], tags: {} } as unknown as TrackerContext['resource'],
  collection: { type: 'STACK', name: 'shop' },
  now: 0,
};
const cfg = { threshold: 0.9, closeAfterPoints: 3, newNormalAfterMs: 12 * 3_600_000 };

/** A detector result around `expected` with a band of ±`half`, flagged when `score` is high. */
function res(v: number, expected: number, half: number, score?: number): DetectionResult {
  const lower = expected - half;
  const upper = expected + half;
  const direction = v > upper ? 'ABOVE' : v < lower ? 'BELOW' : 'NONE';
  return { score: score ?? (direction === 'NONE' ? 0.1 : 0.99), expected, lower, upper, direction };
}

interface Step {
  v: number;
  r: DetectionResult;
}

/** Feeds points one period apart, as the analyze phase does; returns every anomaly it reported. */
function run(steps: readonly Step[]): { opened: OpenAnomaly[]; closed: Anomaly[]; open: OpenAnomaly | undefined } {
  let open: OpenAnomaly | undefined;
  let recovery: Recovery | undefined;
  const opened: OpenAnomaly[] = [];
  const closed: Anomaly[] = [];
  steps.forEach((s, i) => {
    const before = open;
    const tr = trackPoint(open, i * PERIOD * 1000, s.v, s.r, cfg, ctx, recovery);
    if (tr.closed) closed.push(tr.closed);
    open = tr.open;
    recovery = tr.recovery;
    if (open && open !== before) opened.push({ ...open });
  });
  return { opened, closed, open };
}

describe('anomaly tracker: direction against the baseline frozen at onset', () => {
  it('a recovery whose forecast was dragged along by the incident opens no anomaly', () => {
    // 5XXError runs near 10 (band 0–20); an incident takes it to 3,400; the detector's forecast
    // follows it up, so the anomaly closes while the value is still high; then the value falls back.
    const steps: Step[] = [];
    for (let i = 0; i < 5; i++) steps.push({ v: 10, r: res(10, 10, 10) });
    steps.push({ v: 3400, r: res(3400, 10, 10) });
    steps.push({ v: 3400, r: res(3400, 400, 300) });
    for (let i = 0; i < 4; i++) steps.push({ v: 3400, r: res(3400, 3300, 300) }); // forecast caught up: closes
    // Falling back: far below the dragged forecast, and then inside a forecast that re-learns slowly.
    steps.push({ v: 800, r: res(800, 3300, 300) });
    steps.push({ v: 60, r: res(60, 2500, 300) });
    steps.push({ v: 10, r: res(10, 1500, 300) });
    steps.push({ v: 12, r: res(12, 900, 300) });
    steps.push({ v: 10, r: res(10, 500, 300) });
    // The detector's band lags: 10 is still "above" a band that re-centred too low.
    steps.push({ v: 10, r: res(10, 2, 3) });
    for (let i = 0; i < 5; i++) steps.push({ v: 10, r: res(10, 10, 10) });
    const { opened, closed } = run(steps);
    expect(opened).toHaveLength(1);
    expect(closed).toHaveLength(1);
    expect(closed[0]!.direction).toBe('ABOVE');
    expect(closed[0]!.observed).toBe(3400);
    // Reported against the baseline at onset, not the forecast at the peak.
    expect(closed[0]!.expected).toBe(10);
    expect(closed[0]!.upper).toBe(20);
  });

  it('a point falling toward the baseline never turns an open anomaly into a drop', () => {
    // A wide band at onset, a narrow one around the dragged forecast: the fall looks like a bigger
    // deviation than the rise, but it is a move back toward normal.
    const steps: Step[] = [{ v: 10, r: res(10, 10, 1000) }, { v: 3400, r: res(3400, 10, 1000) }, { v: 3000, r: res(3000, 3400, 100) }, { v: 2000, r: res(2000, 3400, 100) }];
    const { open } = run(steps);
    expect(open?.direction).toBe('ABOVE');
    expect(open?.peak.v).toBe(3400);
    // Still elevated against the frozen baseline: the anomaly stays open.
    expect(open?.lastAnomalousAt).toBe(3 * PERIOD * 1000);
  });

  it('a value back inside the frozen baseline closes the anomaly even though the dragged forecast calls it low', () => {
    const steps: Step[] = [{ v: 10, r: res(10, 10, 10) }, { v: 3400, r: res(3400, 10, 10) }];
    for (let i = 0; i < 3; i++) steps.push({ v: 10, r: res(10, 3000, 300) });
    const { opened, closed } = run(steps);
    expect(opened).toHaveLength(1);
    expect(closed).toHaveLength(1);
    expect(closed[0]!.timeRange.end).toBe(2 * PERIOD * 1000);
  });

  it('opens only for a value outside the band on the side the detector names', () => {
    // A high score while the value sits inside the band (say, accumulated evidence) opens nothing.
    const inside: DetectionResult = { score: 0.99, expected: 10, lower: 0, upper: 20, direction: 'ABOVE' };
    expect(run([{ v: 15, r: inside }]).opened).toHaveLength(0);
    expect(run([{ v: 25, r: res(25, 10, 10) }]).opened).toHaveLength(1);
  });

  it('a new departure after the recovery still opens', () => {
    const steps: Step[] = [{ v: 10, r: res(10, 10, 10) }, { v: 3400, r: res(3400, 10, 10) }];
    for (let i = 0; i < 3; i++) steps.push({ v: 3400, r: res(3400, 3300, 300) });
    steps.push({ v: 10, r: res(10, 3000, 300) });
    steps.push({ v: 10, r: res(10, 1000, 300) });
    steps.push({ v: 10, r: res(10, 700, 300) }); // three normal points: closed
    steps.push({ v: 5000, r: res(5000, 500, 300) }); // rises again: a new anomaly
    const { opened, closed } = run(steps);
    expect(closed).toHaveLength(1);
    expect(opened).toHaveLength(2);
    expect(opened[1]!.direction).toBe('ABOVE');
    expect(opened[1]!.baseline).toEqual({ expected: 10, lower: 0, upper: 20, seasonal: 0 });
  });
});

describe('anomaly tracker: lifetime follows the values', () => {
  const HOUR_POINTS = 3_600 / PERIOD;

  it('stays open while the value stays outside the frozen baseline, though the detector stops flagging', () => {
    // Latency-like: 100 ± 20 normally, 2x for 170 minutes; the detector flags the first 3 points only.
    const steps: Step[] = [{ v: 100, r: res(100, 100, 20) }];
    for (let i = 0; i < 34; i++) steps.push({ v: 200, r: res(200, i < 3 ? 100 : 190, 20, i < 3 ? 0.99 : 0.1) });
    for (let i = 0; i < 6; i++) steps.push({ v: 100, r: res(100, 180, 20, 0.1) });
    const { opened, closed, open } = run(steps);
    expect(opened).toHaveLength(1);
    expect(open).toBeUndefined();
    expect(closed).toHaveLength(1);
    const a = closed[0]!;
    expect(a.closeReason).toBe('RECOVERED');
    // Open from the first elevated point through the last one, ending one period after it.
    expect(a.timeRange.start).toBe(1 * PERIOD * 1000);
    expect(a.timeRange.end).toBe(35 * PERIOD * 1000);
    expect(a.expected).toBe(100);
  });

  it('a shift lasting past newNormalAfterMs closes as NEW_NORMAL, and neither staying there nor going back opens anything', () => {
    const steps: Step[] = [{ v: 100, r: res(100, 100, 20) }];
    const long = 13 * HOUR_POINTS;
    for (let i = 0; i < long; i++) steps.push({ v: 300, r: res(300, i < 3 ? 100 : 290, 20, i < 3 ? 0.99 : 0.1) });
    for (let i = 0; i < 5; i++) steps.push({ v: 100, r: res(100, 290, 20) }); // back to the old level: flagged low by the detector
    const { opened, closed, open } = run(steps);
    expect(opened).toHaveLength(1);
    expect(open).toBeUndefined();
    expect(closed).toHaveLength(1);
    expect(closed[0]!.closeReason).toBe('NEW_NORMAL');
    expect(closed[0]!.timeRange.end! - closed[0]!.timeRange.start).toBe(cfg.newNormalAfterMs);
  });

  it('the frozen baseline keeps the daily rhythm: a value back on the pattern closes the anomaly', () => {
    // The pattern part climbs by 50 over the incident; the level stays 100 (band ±20).
    const pattern = (i: number) => Math.min(50, i * 5);
    const r = (v: number, i: number, score: number): DetectionResult => ({ ...res(v, 100 + pattern(i), 20, score), seasonal: pattern(i) });
    const steps: Step[] = [{ v: 100, r: r(100, 0, 0.1) }, { v: 200, r: r(200, 1, 0.99) }];
    for (let i = 2; i < 8; i++) steps.push({ v: 200, r: r(200, i, 0.1) });
    // 160 is outside the onset band (80–120) but inside the band moved with the pattern (130–170).
    for (let i = 8; i < 12; i++) steps.push({ v: 160, r: r(160, i, 0.1) });
    const { closed } = run(steps);
    expect(closed).toHaveLength(1);
    expect(closed[0]!.timeRange.end).toBe(8 * PERIOD * 1000);
  });
});

describe('anomaly text says rose or fell only outside the band', () => {
  const a: Anomaly = {
    id: 'anm-1',
    seriesKey: 'api-5xx',
    series,
    resourceId: 'shop-api',
    resourceType: 'AWS::ApiGateway::RestApi',
    resourceName: 'shop-api',
    collection: { type: 'STACK', name: 'shop' },
    severity: 'HIGH',
    status: 'ONGOING',
    timeRange: { start: Date.UTC(2026, 10, 19, 14, 5) },
    reportedAt: Date.UTC(2026, 10, 19, 14, 5),
    lastAnomalousAt: Date.UTC(2026, 10, 19, 14, 5),
    direction: 'ABOVE',
    observed: 3400,
    expected: 10,
    lower: 0,
    upper: 20,
    score: 1,
    evidence: [],
    type: 'CAUSAL',
  };

  it('outside the band: rose to / increased to', () => {
    expect(describeAnomaly(a)).toContain('5XXError rose to 3,400 on shop-api (expected 0–20)');
    expect(insightDescription(a, [a])).toContain('increased to 3,400 where about 10 was expected');
  });

  it('inside the band: stayed elevated / stayed low, never rose or fell', () => {
    const inside = { ...a, observed: 10, expected: 8, lower: 0, upper: 20 };
    expect(describeAnomaly(inside)).toContain('5XXError stayed elevated at 10 on shop-api');
    expect(describeAnomaly(inside)).not.toMatch(/rose to/);
    expect(insightDescription(inside, [inside])).toContain('stayed elevated at 10 where about 8 was expected');
    expect(describeAnomaly({ ...inside, direction: 'BELOW' })).toContain('stayed low at 10');
  });
});

describe('anomaly tracker: a dead-letter queue', () => {
  it('its anomaly lasts while the depth grows, not while the messages wait for a redrive', () => {
    const dlqSeries: Series = { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: 'orders-dlq' }, stat: 'Maximum', periodSeconds: PERIOD, unit: 'Count', kind: 'count' };
    const dlqCtx: TrackerContext = { ...ctx, series: dlqSeries, seriesKey: 'dlq', resource: { ...ctx.resource, id: 'orders-dlq', name: 'orders-dlq', type: 'AWS::SQS::Queue' } };
    let open: OpenAnomaly | undefined;
    let recovery: Recovery | undefined;
    const closed: Anomaly[] = [];
    const depths = [0, 5, 12, 20, 20, 20, 20, 20, 20, 20];
    depths.forEach((v, i) => {
      const tr = trackPoint(open, i * PERIOD * 1000, v, res(v, 0, 1, i === 0 ? 0.1 : 0.99), cfg, dlqCtx, recovery);
      open = tr.open;
      recovery = tr.recovery;
      if (tr.closed) closed.push(tr.closed);
    });
    expect(open).toBeUndefined();
    expect(closed).toHaveLength(1);
    // Grew from the second to the fourth point; closed one period after the last growth.
    expect(closed[0]!.timeRange).toEqual({ start: 1 * PERIOD * 1000, end: 4 * PERIOD * 1000 });
  });
});

describe('anomaly identity', () => {
  it("carries its resource's member account and region, and none for the account Opsight runs in", () => {
    const steps = [...Array.from({ length: 4 }, () => ({ v: 10, r: res(10, 10, 1) })), { v: 40, r: res(40, 10, 1) }];
    const { open } = run(steps);
    expect(open).toBeDefined();
    expect(toAnomaly(open!, ctx)).not.toHaveProperty('accountId');
    const member = { ...ctx, resource: { ...ctx.resource, accountId: '111122223333', region: 'eu-west-1' } };
    expect(toAnomaly(open!, member)).toMatchObject({ accountId: '111122223333', region: 'eu-west-1' });
  });
});
