import { describe, expect, it } from 'vitest';
import { decodeOnsets, isRoutine, noticesDeparture, recordOnset, ROUTINE_TOLERANCE_MS } from '../../../src/core/pipeline/routine';
import { analyzeShard, correlate, resolveOptions, seriesKey, type Anomaly, type MetricRequest, type Resource, type Series } from '../../../src/core';
import type { Detector } from '../../../src/core/detect/types';
import { lambdaDuration, T0 } from '../correlate/fixtures';

const DAY = 86_400_000;
const MIN = 60_000;

describe('routine departures', () => {
  it('a departure at the time of day of departures on two earlier days is routine; on one, or at another time, it is not', () => {
    const t = T0 + 3 * DAY;
    expect(isRoutine([T0 + DAY + 10 * MIN, T0 + 2 * DAY - 20 * MIN], t)).toBe(true);
    expect(isRoutine([T0 + 2 * DAY], t)).toBe(false);
    expect(isRoutine([T0 + DAY + 3 * 60 * MIN, T0 + 2 * DAY + 3 * 60 * MIN], t)).toBe(false);
    expect(isRoutine([T0 + 2 * DAY + ROUTINE_TOLERANCE_MS + MIN, T0 + DAY], t)).toBe(false);
    expect(isRoutine(undefined, t)).toBe(false);
  });

  it('records one onset per departure and keeps a bounded list, compactly', () => {
    let onsets: number[] = [];
    onsets = recordOnset(onsets, T0);
    onsets = recordOnset(onsets, T0 + 20 * MIN); // the same departure
    expect(decodeOnsets(onsets)).toEqual([T0]);
    for (let d = 1; d <= 30; d++) onsets = recordOnset(onsets, T0 + d * DAY);
    const all = decodeOnsets(onsets);
    expect(all).toHaveLength(16);
    expect(all[all.length - 1]).toBe(T0 + 30 * DAY);
    // Minutes between onsets after the first: a day is 1,440.
    expect(onsets.slice(1)).toEqual(new Array(15).fill(1440));
    expect(isRoutine(onsets, T0 + 31 * DAY)).toBe(true);
  });

  it('reads onsets stored as epoch milliseconds before the compact form', () => {
    const legacy = [T0 + DAY, T0 + 2 * DAY];
    expect(decodeOnsets(legacy)).toEqual(legacy);
    expect(isRoutine(legacy, T0 + 3 * DAY)).toBe(true);
    expect(decodeOnsets(recordOnset(legacy, T0 + 3 * DAY))).toEqual([T0 + DAY, T0 + 2 * DAY, T0 + 3 * DAY]);
  });

  it('a routine anomaly opens no insight on its own, however long', () => {
    const routine = { ...lambdaDuration(T0, { periods: 8 }), routine: true };
    expect(correlate({ now: T0 + 60 * MIN, changed: [routine], ongoing: [], known: new Map(), events: [] }).insights).toHaveLength(0);
    const same = lambdaDuration(T0, { periods: 8 });
    expect(correlate({ now: T0 + 60 * MIN, changed: [same], ongoing: [], known: new Map(), events: [] }).insights).toHaveLength(1);
  });
});

describe('routine departures noted while learning', () => {
  const HOUR = 60 * MIN;
  const series: Series = { namespace: 'AWS/SQS', metricName: 'ApproximateNumberOfMessagesVisible', dimensions: { QueueName: 'jobs' }, stat: 'Maximum', periodSeconds: 300, kind: 'count' };
  const resource: Resource = { id: 'jobs', type: 'AWS::SQS::Queue', name: 'jobs', stack: 'shop', tags: {}, series: [series] };
  const key = seriesKey(series);
  // A job every night 02:00–03:00 lifts the queue from 1 to 20.
  const points = Array.from({ length: 4 * 288 }, (_, i) => {
    const t = T0 + i * 5 * MIN;
    const h = ((t - T0) % DAY) / HOUR;
    return { t, v: h >= 2 && h < 3 ? 20 : 1 };
  });
  const live = T0 + 3 * DAY;
  /** A detector that scores the job `historyScore` on the nights it learns from and 0.9 after. */
  const detector = (historyScore: number): Detector<{ version: number }> => ({
    name: 'fake',
    threshold: 0.47,
    init: () => ({ version: 1 }),
    warmStart: (s) => s,
    update: (s, t, v) => ({ state: s, result: v > 2 ? { score: t < live ? historyScore : 0.9, expected: 1, lower: 0, upper: 2, direction: 'ABOVE' } : { score: 0.05, expected: 1, lower: 0, upper: 2, direction: 'NONE' } }),
  });

  async function liveJobAnomaly(historyScore: number): Promise<Anomaly | undefined> {
    const states = new Map<string, unknown>();
    const ports = {
      metrics: { fetch: async (reqs: readonly MetricRequest[], end: number) => reqs.map((r) => ({ seriesKey: key, points: points.filter((p) => p.t >= r.start && p.t < end) })) },
      state: { getStates: async () => new Map(states), putStates: async (m: ReadonlyMap<string, unknown>) => void m.forEach((v, k) => states.set(k, v)) },
    };
    const options = resolveOptions({ detector: detector(historyScore) });
    const changed: Anomaly[] = [];
    for (const now of [live + HOUR, live + 3 * HOUR]) {
      const out = await analyzeShard(ports, { now, resources: [resource] }, options);
      out.states.forEach((v, k) => states.set(k, v));
      changed.push(...out.changed);
    }
    return changed.find((a) => a.timeRange.start === live + 2 * HOUR);
  }

  it('a job that stayed just under the reporting bar on the learnt nights is routine when it crosses it', async () => {
    const a = await liveJobAnomaly(0.35);
    expect(a?.direction).toBe('ABOVE');
    expect(a?.routine).toBe(true);
  });

  it('nights scored below the noticing bar teach nothing: the first reported night is not routine', async () => {
    const a = await liveJobAnomaly(0.2);
    expect(a?.direction).toBe('ABOVE');
    expect(a?.routine).toBeFalsy();
  });

  it('notes a departure at twice the reporting sensitivity, and only outside the band', () => {
    const out = { expected: 1, lower: 0, upper: 2, direction: 'ABOVE' as const };
    expect(noticesDeparture({ ...out, score: 0.3 }, 5, 0.47)).toBe(true);
    expect(noticesDeparture({ ...out, score: 0.25 }, 5, 0.47)).toBe(false);
    expect(noticesDeparture({ ...out, score: 0.3 }, 1.5, 0.47)).toBe(false);
    expect(noticesDeparture({ ...out, direction: 'BELOW', score: 0.9 }, -1, 0.47)).toBe(true);
  });
});
