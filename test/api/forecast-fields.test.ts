import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api';
import type { Insight } from '../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/local/embedded-dynamo';
import { insight, T0 } from './fixtures';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A proactive insight whose forecast moved from 6 to 4.5 days out: the first prediction is kept beside the latest. */
const proactive = insight('pin-1', {
  type: 'PROACTIVE',
  status: 'ONGOING',
  name: 'Disk space on search-1 predicted to run out in 4.5 days',
  timeRange: { start: T0 },
  predictionTimeRange: { start: T0 + 4 * DAY, end: T0 + 5.5 * DAY },
  forecast: {
    resourceId: 'i-1',
    seriesKey: 'CWAgent|disk_used_percent|InstanceId=i-1,path=/|Average|300',
    metricName: 'disk_used_percent',
    direction: 'ABOVE',
    limit: 100,
    unit: 'Percent',
    predictedAt: T0 + 5 * DAY,
    first: { madeAt: T0, predictedAt: T0 + 6 * DAY, earliest: T0 + 5 * DAY, latest: T0 + 7 * DAY },
    latest: { madeAt: T0 + DAY, predictedAt: T0 + 5 * DAY, earliest: T0 + 4 * DAY, latest: T0 + 5.5 * DAY },
  },
});

describe('forecast fields through the API', () => {
  let emb: EmbeddedStore;
  let app: ReturnType<typeof createApi>;
  beforeAll(async () => {
    emb = await startEmbeddedStore();
    await emb.store.saveInsight(proactive);
    app = createApi({ store: emb.store, clock: { now: () => T0 + 2 * DAY } });
  });
  afterAll(async () => {
    await emb.close();
  });

  it('GET /insights/{id} and GET /insights carry the first and latest prediction as fields', async () => {
    const one = (await (await app.request('/insights/pin-1')).json()) as { insight: Insight };
    expect(one.insight.forecast).toEqual(proactive.forecast);
    expect(one.insight.predictionTimeRange).toEqual({ start: T0 + 4 * DAY, end: T0 + 5.5 * DAY });
    const list = (await (await app.request('/insights?type=PROACTIVE')).json()) as { insights: Insight[] };
    expect(list.insights.find((i) => i.id === 'pin-1')?.forecast?.first.predictedAt).toBe(T0 + 6 * DAY);
  });

  it('documents the forecast in the OpenAPI document', async () => {
    const doc = (await (await app.request('/openapi.json')).json()) as { components: { schemas: Record<string, { properties?: Record<string, unknown> }> } };
    const json = JSON.stringify(doc.components.schemas.Insight);
    for (const field of ['forecast', 'predictedAt', 'first', 'latest', 'madeAt', 'earliest', 'limit', 'direction']) expect(json).toContain(`"${field}"`);
  });

  it('still reads an insight stored before forecasts had fields', async () => {
    const { forecast: _f, ...old } = proactive;
    await emb.store.saveInsight({ ...old, id: 'pin-old' });
    const r = await app.request('/insights/pin-old');
    expect(r.status).toBe(200);
    expect(((await r.json()) as { insight: Insight }).insight.forecast).toBeUndefined();
  });
});
