import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError, type Insight } from '../../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../../src/local/embedded-dynamo';
import { T0, anomaly as errorsAnomaly, insight as baseInsight } from './fixtures';

const insight = (id: string, start: number, over: Partial<Insight> = {}): Insight => baseInsight(id, { severity: 'LOW', timeRange: { start }, ...over });
const anomaly = (id: string, insightId?: string) => errorsAnomaly(id, insightId ? { insightId } : {});

describe('DynamoStore on dynalite', () => {
  let emb: EmbeddedStore;
  beforeAll(async () => {
    emb = await startEmbeddedStore();
  });
  afterAll(async () => {
    await emb.close();
  });

  it('stores and reads back an insight, and refuses a stale version', async () => {
    const a = insight('i-basic', T0);
    await emb.store.saveInsight(a);
    expect(await emb.store.getInsight('i-basic')).toEqual(a);
    await expect(emb.store.saveInsight(a)).rejects.toBeInstanceOf(ConflictError);
    const b = { ...a, severity: 'HIGH' as const, version: 2 };
    await emb.store.saveInsight(b);
    expect((await emb.store.getInsight('i-basic'))?.severity).toBe('HIGH');
    await expect(emb.store.saveInsight({ ...a, version: 2, name: 'stale' })).rejects.toBeInstanceOf(ConflictError);
    expect((await emb.store.getInsight('i-basic'))?.name).toBe('insight i-basic');
    expect(await emb.store.getInsight('missing')).toBeUndefined();
  });

  it('two concurrent writers to one insight: no lost update, no duplicate', async () => {
    await emb.store.saveInsight(insight('i-race', T0 + 10));
    // Each writer adds its own anomaly id, re-reading and retrying on conflict.
    const writer = async (anomalyId: string) => {
      for (let attempt = 0; attempt < 20; attempt++) {
        const cur = (await emb.store.getInsight('i-race'))!;
        try {
          await emb.store.saveInsight({ ...cur, anomalyIds: [...cur.anomalyIds, anomalyId], version: cur.version + 1 });
          return attempt;
        } catch (err) {
          if (!(err instanceof ConflictError)) throw err;
        }
      }
      throw new Error('gave up');
    };
    const attempts = await Promise.all([writer('a1'), writer('a2'), writer('a3')]);
    const final = (await emb.store.getInsight('i-race'))!;
    expect([...final.anomalyIds].sort()).toEqual(['a1', 'a2', 'a3']);
    expect(final.version).toBe(4);
    expect(attempts.some((n) => n > 0)).toBe(true);
    const listed = (await emb.store.listInsights({ limit: 100 })).items.filter((i) => i.id === 'i-race');
    expect(listed).toHaveLength(1);
  });

  it('keeps feedback when the correlator saves the insight afterwards', async () => {
    const a = insight('i-fb', T0 + 20);
    await emb.store.saveInsight(a);
    await emb.store.putFeedback({ insightId: 'i-fb', value: 'ALERT_TOO_SENSITIVE', at: T0 + 30 });
    await emb.store.saveInsight({ ...a, severity: 'MEDIUM', version: 2 });
    const got = await emb.store.getInsight('i-fb');
    expect(got?.feedback).toBe('ALERT_TOO_SENSITIVE');
    expect(got?.severity).toBe('MEDIUM');
    await expect(emb.store.putFeedback({ insightId: 'nope', value: 'VALID_COLLECTION', at: T0 })).rejects.toBeInstanceOf(ValidationError);
  });

  it('lists newest first with filters and pagination tokens', async () => {
    const fresh = await startEmbeddedStore();
    try {
      for (let i = 0; i < 7; i++) {
        await fresh.store.saveInsight(
          insight(`p${i}`, T0 + i * 1000, { status: i % 2 ? 'CLOSED' : 'ONGOING', severity: i < 3 ? 'HIGH' : 'LOW', timeRange: i % 2 ? { start: T0 + i * 1000, end: T0 + i * 1000 + 500 } : { start: T0 + i * 1000 } }),
        );
      }
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      do {
        const page = await fresh.store.listInsights({ limit: 3, nextToken: token });
        seen.push(...page.items.map((i) => i.id));
        token = page.nextToken;
        pages++;
      } while (token);
      expect(seen).toEqual(['p6', 'p5', 'p4', 'p3', 'p2', 'p1', 'p0']);
      expect(pages).toBeGreaterThanOrEqual(3);
      expect((await fresh.store.listInsights({ status: 'ONGOING' })).items.map((i) => i.id)).toEqual(['p6', 'p4', 'p2', 'p0']);
      expect((await fresh.store.listInsights({ severity: 'HIGH' })).items.map((i) => i.id)).toEqual(['p2', 'p1', 'p0']);
      expect((await fresh.store.listInsights({ to: T0 + 1500 })).items.map((i) => i.id)).toEqual(['p1', 'p0']);
      expect((await fresh.store.listOngoingInsights()).map((i) => i.id).sort()).toEqual(['p0', 'p2', 'p4', 'p6']);
      await expect(fresh.store.listInsights({ nextToken: 'garbage!' })).rejects.toBeInstanceOf(ValidationError);
      expect(await fresh.store.listCollections()).toEqual([{ type: 'STACK', name: 'shop' }]);
    } finally {
      await fresh.close();
    }
  });

  it('stores anomalies, events and detector state idempotently', async () => {
    await emb.store.putAnomalies([anomaly('x1', 'i-basic'), anomaly('x2'), anomaly('x1', 'i-basic')]);
    await emb.store.putAnomalies([anomaly('x1', 'i-basic')]);
    const got = await emb.store.getAnomalies(['x1', 'x2', 'x3']);
    expect(got.map((a) => a.id).sort()).toEqual(['x1', 'x2']);
    const ev = { id: 'e1', time: T0 + 3 * 86_400_000, source: 'lambda.amazonaws.com', name: 'UpdateFunctionCode', dataSource: 'CLOUD_TRAIL' as const, class: 'DEPLOYMENT' as const, resources: [{ name: 'f' }] };
    await emb.store.putEvents([ev, { ...ev, id: 'e0', time: T0 }]);
    await emb.store.putEvents([ev]);
    expect((await emb.store.listEvents(T0, T0 + 4 * 86_400_000)).map((e) => e.id)).toEqual(['e0', 'e1']);
    expect((await emb.store.listEvents(T0 + 86_400_000, T0 + 4 * 86_400_000)).map((e) => e.id)).toEqual(['e1']);
    const keys = Array.from({ length: 130 }, (_, i) => `k${i}`);
    await emb.store.putStates(new Map(keys.map((k, i) => [k, { version: 1, i }])));
    const states = await emb.store.getStates([...keys, 'absent']);
    expect(states.size).toBe(130);
    expect(states.get('k129')).toEqual({ version: 1, i: 129 });
  });
});
