import { describe, expect, it } from 'vitest';
import { analyzeShard, correlate, resolveOptions, seriesKey, type Anomaly, type EvidencePoint, type MetricRequest, type Resource, type Series } from '../../../src/core';
import type { Detector } from '../../../src/core/detect/types';
import { markLoad, noteTraffic, trafficExpected, trafficFirst, type ResourceLoad } from '../../../src/core/pipeline/resource-load';

const MIN = 60_000;
const T0 = Date.UTC(2026, 0, 5, 10, 0);
const series = (metricName: string): Series => ({ namespace: 'AWS/ApiGateway', metricName, dimensions: { ApiName: 'shop' }, stat: 'Sum', periodSeconds: 300, kind: 'count' });
const count = series('Count');
const faults = series('5XXError');
const latency: Series = { ...series('Latency'), stat: 'Average', kind: 'latency' };

describe('resource load helpers', () => {
  it('orders traffic first, keeps rises only, and marks load-proportional points only', () => {
    const entries = [{ series: faults }, { series: latency }, { series: count }];
    expect(trafficFirst(entries).map((e) => e.series.metricName)).toEqual(['Count', '5XXError', 'Latency']);
    const load: ResourceLoad = new Map();
    noteTraffic(load, 'api', T0, 300, 100);
    noteTraffic(load, 'api', T0 + 5 * MIN, 50, 100);
    expect(load.get('api')).toEqual(new Map([[T0, 3]]));
    const point: EvidencePoint = { t: T0, v: 30, expected: 10, lower: 8, upper: 12, score: 0.9 };
    markLoad(load, 'api', faults, point);
    expect(point.load).toBe(3);
    const slow: EvidencePoint = { t: T0, v: 30, expected: 10, lower: 8, upper: 12, score: 0.9 };
    markLoad(load, 'api', latency, slow);
    expect(slow.load).toBeUndefined();
    expect(trafficExpected([{ ...point, expected: 120 }], T0, 300)).toBe(120);
    expect(trafficExpected([{ ...point, expected: 120 }], T0 + 5 * MIN, 300)).toBe(300);
  });
});

describe('a count read against its own resource traffic', () => {
  // Requests triple for an hour from T0 + 1 h; the 5XX count triples with them (a flat error rate).
  const surge = (t: number) => t >= T0 + 60 * MIN && t < T0 + 120 * MIN;
  const values: Record<string, (t: number) => number> = { Count: (t) => (surge(t) ? 3000 : 1000), '5XXError': (t) => (surge(t) ? 30 : 10) };
  const resource: Resource = { id: 'shop', type: 'AWS::ApiGateway::RestApi', name: 'shop', stack: 'api', tags: {}, series: [faults, count] };
  /** Expects the usual level; flags the 5XX count above its band, never the traffic (a seasonal peak the detector expects less of). */
  const detector: Detector<{ version: number }> = {
    name: 'fake',
    threshold: 0.47,
    init: () => ({ version: 1 }),
    warmStart: (s) => s,
    update: (s, t, v) => {
      const usual = v >= 1000 ? 1000 : 10;
      const flagged = usual === 10 && v > 12;
      return { state: s, result: { score: flagged ? 0.9 : 0.05, expected: usual, lower: usual * 0.8, upper: usual * 1.2, direction: flagged ? 'ABOVE' : 'NONE' } };
    },
  };

  it('notes the traffic on the evidence, so the count opens nothing even with no traffic anomaly in sight', async () => {
    const keyOf = new Map([faults, count].map((s) => [seriesKey(s), s.metricName]));
    const ports = {
      metrics: {
        fetch: async (reqs: readonly MetricRequest[], end: number) =>
          reqs.map((r) => {
            const key = seriesKey(r.series);
            const points = [];
            for (let t = T0; t < end; t += 5 * MIN) if (t >= r.start) points.push({ t, v: values[keyOf.get(key)!]!(t) });
            return { seriesKey: key, points };
          }),
      },
      state: { getStates: async () => new Map<string, unknown>(), putStates: async () => undefined },
    };
    const out = await analyzeShard(ports, { now: T0 + 100 * MIN, resources: [resource] }, resolveOptions({ detector, firstSightScoreMs: 3 * 60 * MIN }));
    const fault = out.changed.find((a) => a.series.metricName === '5XXError') as Anomaly;
    expect(fault.evidence.map((p) => p.load)).toEqual(fault.evidence.map(() => 3));
    const run = (changed: Anomaly[]) => correlate({ now: T0 + 100 * MIN, changed, ongoing: [], known: new Map(), events: [] });
    expect(run([fault]).insights).toHaveLength(0);
    // The same count without the noted traffic opens an insight.
    expect(run([{ ...fault, evidence: fault.evidence.map(({ load: _l, ...p }) => p) }]).insights).toHaveLength(1);
  });
});
