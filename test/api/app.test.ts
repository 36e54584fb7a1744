import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api';
import type { Insight } from '../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/local/embedded-dynamo';

const T0 = Date.UTC(2026, 0, 1);

function insight(id: string, i: number): Insight {
  return {
    id,
    name: `n${i}`,
    type: 'REACTIVE',
    severity: 'MEDIUM',
    status: 'ONGOING',
    timeRange: { start: T0 + i },
    collection: { type: 'STACK', name: i % 2 ? 'a' : 'b' },
    anomalyIds: [],
    relevantEventIds: [],
    recommendations: [],
    createdAt: T0,
    updatedAt: T0,
    version: 1,
  };
}

describe('REST API', () => {
  let emb: EmbeddedStore;
  let errors: unknown[];
  let app: ReturnType<typeof createApi>;
  beforeAll(async () => {
    emb = await startEmbeddedStore();
    for (let i = 0; i < 5; i++) await emb.store.saveInsight(insight(`i${i}`, i));
    errors = [];
    app = createApi({ store: emb.store, onError: (e) => errors.push(e) });
  });
  afterAll(async () => {
    await emb.close();
  });

  it('lists insights with filters and pages', async () => {
    const r = await app.request('/insights?limit=2');
    expect(r.status).toBe(200);
    const body = (await r.json()) as { insights: Insight[]; nextToken?: string };
    expect(body.insights.map((i) => i.id)).toEqual(['i4', 'i3']);
    expect(body.nextToken).toBeTypeOf('string');
    const next = (await (await app.request(`/insights?limit=2&nextToken=${body.nextToken}`)).json()) as { insights: Insight[] };
    expect(next.insights.map((i) => i.id)).toEqual(['i2', 'i1']);
    const stack = (await (await app.request('/insights?stack=a')).json()) as { insights: Insight[] };
    expect(stack.insights.map((i) => i.id)).toEqual(['i3', 'i1']);
  });

  it('describes one insight and 404s an unknown id', async () => {
    const r = await app.request('/insights/i2');
    expect(r.status).toBe(200);
    expect(((await r.json()) as { insight: Insight }).insight.name).toBe('n2');
    const missing = await app.request('/insights/nope');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: { code: 'NotFound', message: 'No insight with id nope' } });
  });

  it('answers bad input with 400 naming the field', async () => {
    const r = await app.request('/insights?severity=EXTREME');
    expect(r.status).toBe(400);
    const body = (await r.json()) as { error: { field: string; message: string } };
    expect(body.error.field).toBe('severity');
    const lim = await app.request('/insights?limit=0');
    expect(((await lim.json()) as { error: { field: string } }).error.field).toBe('limit');
  });

  it('hides internal errors', async () => {
    const broken = createApi({
      store: { ...emb.store, getInsight: async () => Promise.reject(new Error('secret detail at /srv/x.ts:1')) } as never,
      onError: (e) => errors.push(e),
    });
    const r = await broken.request('/insights/x');
    expect(r.status).toBe(500);
    const text = await r.text();
    expect(text).not.toContain('secret');
    expect(errors).toHaveLength(1);
  });
});
