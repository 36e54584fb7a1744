import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api';
import { ACCOUNT_STATUS_DOCUMENT, type AccountStatus, type Insight, type OpsEvent } from '../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/local/embedded-dynamo';
import { T0, event, history, insight, seedHistory } from './fixtures';

const DAY = 86_400_000;
const NOW = T0 + 7 * DAY;
const CENTRAL = '999988887777';
const SHOP = '111122223333';
const DATA = '444455556666';

const member = (accountId: string) => ({ accountId, region: 'eu-west-1' });
const memberInsights = [
  insight('m1', { ...member(SHOP), collection: { type: 'STACK', name: 'shop', accountId: SHOP }, status: 'ONGOING', timeRange: { start: T0 + 2 * DAY } }),
  insight('m2', { ...member(SHOP), collection: { type: 'STACK', name: 'shop', accountId: SHOP }, timeRange: { start: T0 + 3 * DAY, end: T0 + 3 * DAY + 40 * 60_000 }, relevantEventIds: ['md-1'] }),
  insight('m3', { ...member(DATA), collection: { type: 'STACK', name: 'orders', accountId: DATA }, type: 'PROACTIVE', status: 'ONGOING', timeRange: { start: T0 + 4 * DAY } }),
];
const memberEvents: OpsEvent[] = [event('md-1', T0 + 3 * DAY - 5 * 60_000, member(SHOP)), event('md-2', T0 + 4 * DAY, member(DATA))];
const statuses: AccountStatus[] = [
  { accountId: SHOP, alias: 'shop-prod', organizationalUnitId: 'ou-ab12-cdef3456', regions: ['eu-west-1'], state: 'OK', resources: 12, lastSuccessAt: NOW },
  { accountId: DATA, regions: ['eu-west-1', 'us-east-1'], state: 'DEGRADED', resources: 4, failingSince: NOW - DAY, lastError: 'us-east-1: AccessDenied assuming role OpsightMemberRead' },
];

type Body = Record<string, unknown>;

describe('REST API: member accounts', () => {
  let emb: EmbeddedStore;
  let app: ReturnType<typeof createApi>;
  const get = async <T = Body>(path: string): Promise<{ status: number; body: T }> => {
    const r = await app.request(path);
    return { status: r.status, body: (await r.json()) as T };
  };
  const insightIds = async (q: string) => (await get<{ insights: Insight[] }>(`/insights?${q}`)).body.insights.map((i) => i.id).sort();

  beforeAll(async () => {
    emb = await startEmbeddedStore();
    const h = history();
    await seedHistory(emb.store, { insights: [...h.insights, ...memberInsights], anomalies: h.anomalies, events: [...h.events, ...memberEvents] });
    await emb.store.putConfig(ACCOUNT_STATUS_DOCUMENT, statuses, NOW);
    app = createApi({ store: emb.store, clock: { now: () => NOW }, centralAccountId: CENTRAL });
  });
  afterAll(async () => {
    await emb.close();
  });

  it('filters insights by account; the central id selects the records without an account', async () => {
    expect(await insightIds(`account=${SHOP}`)).toEqual(['m1', 'm2']);
    expect(await insightIds(`account=${DATA}&status=ONGOING`)).toEqual(['m3']);
    expect(await insightIds(`account=${CENTRAL}`)).toEqual(['p1', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6']);
    expect(await insightIds('account=000000000000')).toEqual([]);
  });

  it('filters events, collections, overview and DORA by account', async () => {
    const window = `from=${T0}&to=${NOW}`;
    expect((await get<{ events: OpsEvent[] }>(`/events?${window}&account=${SHOP}`)).body.events.map((e) => e.id)).toEqual(['md-1']);
    const collections = (await get<{ collections: Array<{ collection: { name: string; accountId?: string } }> }>(`/collections?account=${SHOP}`)).body.collections;
    expect(collections.map((c) => [c.collection.name, c.collection.accountId])).toEqual([['shop', SHOP]]);
    expect((await get(`/overview?${window}&account=${DATA}`)).body).toMatchObject({ proactiveInsights: 1, reactiveInsights: 0, openProactive: 1 });
    const dora = (await get<{ total: Body; accounts?: Body[] }>(`/dora?${window}&account=${SHOP}`)).body;
    expect(dora.total).toMatchObject({ deployments: 1, failedDeployments: 1, mttrMinutes: 40 });
    const all = (await get<{ accounts?: Array<{ accountId?: string; deployments: number }> }>(`/dora?${window}`)).body;
    expect(all.accounts?.map((r) => [r.accountId, r.deployments])).toEqual([
      [undefined, 3],
      [SHOP, 1],
      [DATA, 1],
    ]);
  });

  it('answers a malformed account with one-line 400 naming the field', async () => {
    for (const path of ['/insights?account=12', '/events?from=0&to=1&account=abc', `/dora?account=${SHOP}0`, '/overview?account=', '/collections?account=1111-2222-3333']) {
      const r = await get<{ error: { code: string; message: string; field?: string } }>(path);
      expect(r.status, path).toBe(400);
      expect(r.body.error).toMatchObject({ code: 'BadRequest', field: 'account' });
      expect(r.body.error.message).toMatch(/^Invalid query: account: must be a 12-digit AWS account id$/);
    }
  });

  it('reports each member account on /health: its collection state and open insights', async () => {
    const health = (await get<{ accounts?: Array<Record<string, unknown>>; openReactive: number }>('/health')).body;
    expect(health.accounts).toEqual([
      { ...statuses[0], openReactive: 1, openProactive: 0, mttrMinutes: 40 },
      { ...statuses[1], openReactive: 0, openProactive: 1, mttrMinutes: null },
    ]);
  });

  it('has no accounts on /health in a single-account install', async () => {
    const single = await startEmbeddedStore();
    try {
      await seedHistory(single.store);
      const r = await createApi({ store: single.store, clock: { now: () => NOW } }).request('/health');
      expect(await r.json()).not.toHaveProperty('accounts');
    } finally {
      await single.close();
    }
  });
});
