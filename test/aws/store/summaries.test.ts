/**
 * The per-collection summaries the store maintains as insights are saved, and the health views
 * answered from them: /health, /overview and /collections never read every insight, /dora
 * reads only the insights of its window.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApi } from '../../../src/api';
import { accountHealth, accountOverview } from '../../../src/api/health';
import type { Insight, InsightQuery, Page } from '../../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../../src/local/embedded-dynamo';
import { T0, history, insight } from '../../api/fixtures';

const DAY = 86_400_000;
const NOW = T0 + 7 * DAY;

describe('collection summaries', () => {
  let emb: EmbeddedStore;
  beforeEach(async () => {
    emb = await startEmbeddedStore({ retentionDays: 90 });
  });
  afterEach(async () => {
    await emb.close();
  });

  /** Counts the insights read through listInsights, by the API or by the store itself. */
  function counting() {
    let read = 0;
    const queries: InsightQuery[] = [];
    const inner = emb.store.insights;
    const list = inner.listInsights.bind(inner);
    inner.listInsights = async (q: InsightQuery): Promise<Page<Insight>> => {
      queries.push(q);
      const page = await list(q);
      read += page.items.length;
      return page;
    };
    return { store: emb.store, read: () => read, queries };
  }

  it('answers /health, /overview and /collections from the summaries, reading only the open insights', async () => {
    // A new deployment: summaries exist from the first insight on.
    expect(await emb.store.listCollectionSummaries(NOW)).toEqual([]);
    const h = history();
    // Many old closed insights that the views must count without reading them one by one.
    const old = Array.from({ length: 150 }, (_, k) => insight(`old-${k}`, { timeRange: { start: T0 - 30 * DAY + k * 60_000, end: T0 - 30 * DAY + k * 60_000 + 20 * 60_000 } }));
    for (const i of [...h.insights, ...old]) await emb.store.saveInsight(i);
    await emb.store.putEvents(h.events);
    const all = [...h.insights, ...old];
    const { store, read, queries } = counting();
    const app = createApi({ store, clock: { now: () => NOW }, revisionCheckMs: 0 });

    const { changeEvents, ...health } = (await (await app.request('/health')).json()) as Record<string, unknown>;
    expect(health).toEqual(JSON.parse(JSON.stringify(accountHealth(all, await emb.store.listCollections()))));
    expect(changeEvents).toEqual({ unreadWindows: 0, unreadSince: null, droppedWindows: 0, droppedMs: 0, lastDroppedAt: null });
    const overview = await (await app.request(`/overview?from=${T0 - 40 * DAY}&to=${NOW}`)).json();
    expect(overview).toEqual(accountOverview(all, T0 - 40 * DAY, NOW));
    expect((await app.request('/collections/payments')).status).toBe(200);
    expect((await app.request('/collections')).status).toBe(200);
    // The four views read the 3 open insights (p1, r3, r5) once, and nothing else: the
    // summaries are kept while the store's revision stays the same.
    expect(read()).toBe(3);
    expect(queries.every((q) => q.status === 'ONGOING')).toBe(true);
    await app.request('/health');
    expect(read()).toBe(3);

    // /dora reads the insights starting in its window (and a day after), by key range, once.
    await app.request(`/dora?from=${T0}&to=${NOW}`);
    expect(read()).toBe(3 + h.insights.length);
    await app.request(`/dora?from=${T0 + DAY}&to=${NOW}`);
    expect(read()).toBe(3 + h.insights.length);

    // A write moves the revision: the next answers include it.
    await emb.store.saveInsight(insight('late', { status: 'ONGOING', timeRange: { start: NOW - DAY } }));
    const after = (await (await app.request('/health')).json()) as { openReactive: number };
    expect(after.openReactive).toBe((health as { openReactive: number }).openReactive + 1);
    const dora = (await (await app.request(`/dora?from=${T0}&to=${NOW}`)).json()) as { total: { deployments: number } };
    expect(dora.total.deployments).toBe(3);
  });

  it('repairs a digest that missed the save that closed its insight', async () => {
    const open = insight('x1', { status: 'ONGOING', timeRange: { start: T0 } });
    await emb.store.saveInsight(open);
    // The writer dies between the insight and its digest.
    const remember = emb.store.outbox.rememberCollection.bind(emb.store.outbox);
    emb.store.outbox.rememberCollection = async () => {
      throw new Error('killed');
    };
    await expect(emb.store.saveInsight({ ...open, status: 'CLOSED', timeRange: { start: T0, end: T0 + 40 * 60_000 }, version: 2 })).rejects.toThrow('killed');
    emb.store.outbox.rememberCollection = remember;
    const [shop] = await emb.store.listCollectionSummaries(NOW);
    expect(shop!.insights).toEqual([expect.objectContaining({ id: 'x1', status: 'CLOSED', version: 2, timeRange: { start: T0, end: T0 + 40 * 60_000 } })]);
    // And the repair was stored.
    const again = await emb.store.listCollectionSummaries(NOW);
    expect(again[0]!.insights[0]).toMatchObject({ id: 'x1', status: 'CLOSED' });
  });

  it('never lets an older version replace a newer digest', async () => {
    const a = insight('v1', { status: 'ONGOING', timeRange: { start: T0 } });
    const b = { ...a, status: 'CLOSED' as const, timeRange: { start: T0, end: T0 + 60_000 }, version: 2 };
    await emb.store.saveInsight(a);
    await emb.store.saveInsight(b);
    await emb.store.outbox.rememberCollection(a.collection, a); // a late duplicate of version 1
    expect((await emb.store.listCollectionSummaries(NOW))[0]!.insights).toEqual([expect.objectContaining({ id: 'v1', version: 2, status: 'CLOSED' })]);
  });

  it('summarises a store written before summaries existed, once', async () => {
    const h = history();
    const remember = emb.store.outbox.rememberCollection.bind(emb.store.outbox);
    emb.store.outbox.rememberCollection = (collection) => remember(collection); // the old write: the collection only
    for (const i of h.insights) await emb.store.saveInsight(i);
    emb.store.outbox.rememberCollection = remember;
    const summaries = await emb.store.listCollectionSummaries(NOW);
    expect(summaries.flatMap((s) => s.insights.map((i) => i.id)).sort()).toEqual(h.insights.map((i) => i.id).sort());
  });

  it('leaves out, and removes, the digests of insights past retention', async () => {
    await emb.store.saveInsight(insight('gone', { timeRange: { start: T0 - 200 * DAY, end: T0 - 199 * DAY } }));
    await emb.store.saveInsight(insight('kept', { timeRange: { start: T0 - 10 * DAY, end: T0 - 9 * DAY } }));
    expect((await emb.store.listCollectionSummaries(NOW))[0]!.insights.map((i) => i.id)).toEqual(['kept']);
    const item = await emb.store.listCollections();
    expect(item).toHaveLength(1);
  });
});
