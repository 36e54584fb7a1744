/** GET /insights/{id}/anomalies/{anomalyId}/series: the metric around an anomaly, through a MetricSource. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api';
import { seriesKey, type MetricRequest, type MetricSource, type Observation, type Point, type Series } from '../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/local/embedded-dynamo';
import { T0, anomaly, history, insight } from './fixtures';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** a1 of r1: onset T0 + 10 h, end 20 min later (fixtures). */
const ONSET = T0 + 10 * HOUR;
const END = ONSET + 20 * MIN;

type ErrorBody = { error: { code: string; message: string; field?: string } };
type SeriesBody = { series: Series; from: number; to: number; points: Point[] };

/** A 5-minute series over the whole fixture week (value = minutes since T0 mod 100), recording what it was asked. */
class FakeMetrics implements MetricSource {
  readonly calls: Array<{ requests: readonly MetricRequest[]; end: number }> = [];
  fail = false;

  async fetch(requests: readonly MetricRequest[], end: number): Promise<Observation[]> {
    this.calls.push({ requests, end });
    if (this.fail) throw new Error('GetMetricData: AccessDenied');
    return requests.map((r) => {
      const points: Point[] = [];
      const step = r.series.periodSeconds * 1000;
      for (let t = Math.ceil(r.start / step) * step; t < end && t < T0 + 8 * DAY; t += step) if (t >= T0) points.push({ t, v: ((t - T0) / MIN) % 100 });
      return { seriesKey: seriesKey(r.series), points };
    });
  }
}

describe('GET /insights/{id}/anomalies/{anomalyId}/series', () => {
  let emb: EmbeddedStore;
  const metrics = new FakeMetrics();
  const errors: unknown[] = [];
  let app: ReturnType<typeof createApi>;
  let bare: ReturnType<typeof createApi>;
  const h = history();
  // An ongoing anomaly (no end) and one lasting three days, on insight r3.
  const ongoing = { ...anomaly('a3', 'r3', T0 + 6 * DAY + 20 * HOUR), status: 'ONGOING' as const, timeRange: { start: T0 + 6 * DAY + 20 * HOUR }, lastAnomalousAt: T0 + 6 * DAY + 21 * HOUR };
  const long = { ...anomaly('a4', 'r3', T0 + DAY), timeRange: { start: T0 + DAY, end: T0 + 4 * DAY }, lastAnomalousAt: T0 + 4 * DAY };

  beforeAll(async () => {
    emb = await startEmbeddedStore();
    for (const i of h.insights) await emb.store.saveInsight(i.id === 'r3' ? { ...i, anomalyIds: ['a3', 'a4'] } : i);
    await emb.store.saveInsight(insight('r9', { anomalyIds: ['a1'] }));
    await emb.store.putAnomalies([...h.anomalies, ongoing, long]);
    app = createApi({ store: emb.store, metrics, clock: { now: () => T0 + 7 * DAY }, onError: (e) => errors.push(e) });
    bare = createApi({ store: emb.store, clock: { now: () => T0 + 7 * DAY } });
  });
  afterAll(async () => {
    await emb.close();
  });

  const get = async (a: ReturnType<typeof createApi>, path: string) => {
    const res = await a.request(path);
    return { status: res.status, body: (await res.json()) as SeriesBody & ErrorBody };
  };
  const expect400 = async (path: string, field: string) => {
    const { status, body } = await get(app, path);
    expect({ status, code: body.error.code, field: body.error.field }).toEqual({ status: 400, code: 'BadRequest', field });
    expect(body.error.message).toContain(field);
  };

  it('by default returns the series from 3 h before onset to 1 h after the end', async () => {
    const before = metrics.calls.length;
    const { status, body } = await get(app, '/insights/r1/anomalies/a1/series');
    expect(status).toBe(200);
    expect(body.series).toEqual(h.anomalies[0]!.series);
    expect({ from: body.from, to: body.to }).toEqual({ from: ONSET - 3 * HOUR, to: END + HOUR });
    // Every 5-minute point of [onset − 3 h, end + 1 h), oldest first.
    expect(body.points.length).toBe((3 * HOUR + 20 * MIN + HOUR) / (5 * MIN));
    expect(body.points[0]).toEqual({ t: ONSET - 3 * HOUR, v: ((10 * HOUR - 3 * HOUR) / MIN) % 100 });
    expect(body.points.at(-1)!.t).toBe(END + HOUR - 5 * MIN);
    expect(body.points.every((p, i) => i === 0 || p.t > body.points[i - 1]!.t)).toBe(true);
    // One request to the metric source, for the anomaly's own series.
    expect(metrics.calls.length).toBe(before + 1);
    const call = metrics.calls.at(-1)!;
    expect(call.requests).toEqual([{ series: h.anomalies[0]!.series, start: ONSET - 3 * HOUR }]);
    expect(call.end).toBe(END + HOUR);
  });

  it('uses the latest anomalous point for an ongoing anomaly, and clamps a long default window to 2 days', async () => {
    const a = await get(app, '/insights/r3/anomalies/a3/series');
    expect(a.status).toBe(200);
    expect({ from: a.body.from, to: a.body.to }).toEqual({ from: ongoing.timeRange.start - 3 * HOUR, to: ongoing.lastAnomalousAt + HOUR });
    const b = await get(app, '/insights/r3/anomalies/a4/series');
    expect(b.status).toBe(200);
    expect({ from: b.body.from, to: b.body.to }).toEqual({ from: T0 + DAY - 3 * HOUR, to: T0 + 3 * DAY - 3 * HOUR });
    expect(b.body.points.length).toBe((2 * DAY) / (5 * MIN));
  });

  it('accepts from and to as epoch ms or ISO-8601, either alone', async () => {
    const from = ONSET - HOUR;
    const to = ONSET + HOUR;
    const ms = await get(app, `/insights/r1/anomalies/a1/series?from=${from}&to=${to}`);
    expect(ms.status).toBe(200);
    expect({ from: ms.body.from, to: ms.body.to, n: ms.body.points.length }).toEqual({ from, to, n: 24 });
    expect(ms.body.points.every((p) => p.t >= from && p.t < to)).toBe(true);
    const iso = await get(app, `/insights/r1/anomalies/a1/series?from=${new Date(from).toISOString()}&to=${new Date(to).toISOString()}`);
    expect(iso.body).toEqual(ms.body);
    const onlyFrom = await get(app, `/insights/r1/anomalies/a1/series?from=${from}`);
    expect({ from: onlyFrom.body.from, to: onlyFrom.body.to }).toEqual({ from, to: END + HOUR });
    const onlyTo = await get(app, `/insights/r1/anomalies/a1/series?to=${to}`);
    expect({ from: onlyTo.body.from, to: onlyTo.body.to }).toEqual({ from: ONSET - 3 * HOUR, to });
  });

  it('answers an empty window of a series without data with no points', async () => {
    const { status, body } = await get(app, `/insights/r1/anomalies/a1/series?from=${T0 - DAY}&to=${T0}`);
    expect(status).toBe(200);
    expect(body.points).toEqual([]);
  });

  it('answers bad from/to with 400 naming the field', async () => {
    await expect400(`/insights/r1/anomalies/a1/series?from=${ONSET}&to=${ONSET}`, 'to');
    await expect400(`/insights/r1/anomalies/a1/series?from=${ONSET}&to=${ONSET - HOUR}`, 'to');
    await expect400(`/insights/r1/anomalies/a1/series?from=${ONSET}&to=${ONSET + 2 * DAY + 1}`, 'to');
    // Only `from` given: the default end is before it, or too far after it.
    await expect400(`/insights/r1/anomalies/a1/series?from=${END + 2 * HOUR}`, 'from');
    await expect400(`/insights/r1/anomalies/a1/series?from=${ONSET - 3 * DAY}`, 'from');
    await expect400('/insights/r1/anomalies/a1/series?from=yesterday', 'from');
    await expect400('/insights/r1/anomalies/a1/series?to=-5', 'to');
    // A window of exactly 2 days is fine.
    expect((await get(app, `/insights/r1/anomalies/a1/series?from=${ONSET}&to=${ONSET + 2 * DAY}`)).status).toBe(200);
  });

  it('answers 404 for an unknown insight, and for an anomaly that is not on the insight', async () => {
    const calls = metrics.calls.length;
    for (const path of ['/insights/nope/anomalies/a1/series', '/insights/r1/anomalies/nope/series', '/insights/r2/anomalies/a1/series', '/insights/r1/anomalies/a3/series']) {
      const { status, body } = await get(app, path);
      expect({ path, status, code: body.error.code }).toEqual({ path, status: 404, code: 'NotFound' });
    }
    expect((await get(app, '/insights/nope/anomalies/a1/series')).body.error.message).toContain('nope');
    expect((await get(app, '/insights/r2/anomalies/a1/series')).body.error.message).toContain('a1');
    // a1 is listed by r9 but belongs to r1: still served under r9, which names it.
    expect((await get(app, '/insights/r9/anomalies/a1/series')).status).toBe(200);
    expect(metrics.calls.length).toBe(calls + 1);
  });

  it('answers 404 with a clear message when no metric source is configured', async () => {
    const { status, body } = await get(bare, '/insights/r1/anomalies/a1/series');
    expect({ status, code: body.error.code, message: body.error.message }).toEqual({ status: 404, code: 'NotFound', message: 'metric history is not available here' });
    // Unknown ids are still named as such.
    expect((await get(bare, '/insights/nope/anomalies/a1/series')).body.error.message).toContain('No insight');
  });

  it('answers a failing metric source with a 500 without details, reporting the error', async () => {
    metrics.fail = true;
    try {
      const { status, body } = await get(app, '/insights/r1/anomalies/a1/series');
      expect({ status, body }).toEqual({ status: 500, body: { error: { code: 'InternalError', message: 'Internal error' } } });
      expect(String(errors.at(-1))).toContain('AccessDenied');
    } finally {
      metrics.fail = false;
    }
  });
});
