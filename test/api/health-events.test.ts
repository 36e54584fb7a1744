import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api';
import { EVENTS_STATE_KEY } from '../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/local/embedded-dynamo';

describe('GET /health: change events', () => {
  let emb: EmbeddedStore;
  beforeAll(async () => {
    emb = await startEmbeddedStore();
  });
  afterAll(async () => {
    await emb.close();
  });

  it('reports zeros while reading keeps up', async () => {
    const res = await createApi({ store: emb.store }).request('/health');
    expect(res.status).toBe(200);
    expect((await res.json()).changeEvents).toEqual({ unreadWindows: 0, unreadSince: null, droppedWindows: 0, droppedMs: 0, lastDroppedAt: null });
  });

  it('reports the unread backlog and what was given up', async () => {
    const backlog = { version: 1, unread: [{ start: 1_000, end: 2_000 }, { start: 5_000, end: 6_000 }], dropped: { windows: 3, ms: 90_000, lastAt: 7_000 } };
    await emb.store.putStates(new Map([[EVENTS_STATE_KEY, backlog]]));
    const body = await (await createApi({ store: emb.store }).request('/health')).json();
    expect(body.changeEvents).toEqual({ unreadWindows: 2, unreadSince: 1_000, droppedWindows: 3, droppedMs: 90_000, lastDroppedAt: 7_000 });
  });
});
