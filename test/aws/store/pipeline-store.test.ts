import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoStore, MAX_STATE_BYTES, notificationsFromImages } from '../../../src/aws/store';
import { ConflictError, ValidationError, defaultDetector, type Anomaly, type Insight, type InsightNotification } from '../../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../../src/local/embedded-dynamo';
import { VirtualTimer } from '../../../src/aws/throttle';
import { T0, anomaly, insight } from './fixtures';

function ntf(ins: Insight, type: InsightNotification['messageType'], anomalies: Anomaly[] = []): InsightNotification {
  return { id: `ntf-${ins.id}-${type}-${ins.version}`, messageType: type, insight: ins, anomalies };
}

describe('DynamoStore: pipeline bookkeeping, outbox, ledger and API reads', () => {
  let emb: EmbeddedStore;
  let store: DynamoStore;
  beforeAll(async () => {
    emb = await startEmbeddedStore();
    store = emb.store;
  });
  afterAll(async () => {
    await emb.close();
  });

  it('plans a cycle once, counts distinct done shards and marks correlation once', async () => {
    const rec = { cycleId: 'c1', now: T0, previousEnd: T0 - 300_000, shards: 3 };
    expect(await store.planCycle(rec)).toEqual({ ...rec, doneShards: 0 });
    // A redelivered plan returns the stored record, unchanged.
    expect(await store.planCycle({ ...rec, shards: 7 })).toEqual({ ...rec, doneShards: 0 });
    expect((await store.completeShard('c1', 0)).doneShards).toBe(1);
    expect((await store.completeShard('c1', 0)).doneShards).toBe(1);
    expect((await store.completeShard('c1', 2)).doneShards).toBe(2);
    const [a, b] = await Promise.all([store.completeShard('c1', 1), store.completeShard('c1', 1)]);
    expect([a.doneShards, b.doneShards]).toEqual([3, 3]);
    expect(await store.markCorrelated('c1', T0)).toBe(true);
    expect(await store.markCorrelated('c1', T0)).toBe(false);
    expect((await store.getCycle('c1'))?.correlatedAt).toBe(T0);
    await expect(store.completeShard('nope', 0)).rejects.toBeInstanceOf(ValidationError);
  });

  it('paces per-series state writes at the rate it is given (the table write budget)', async () => {
    const timer = new VirtualTimer(0);
    const paced = new DynamoStore({ client: emb.client, tableName: emb.tableName, stateWritesPerSecond: 10, timer });
    const states = new Map(Array.from({ length: 40 }, (_, i) => [`paced-${i}`, { version: 1, lastT: i }] as const));
    expect(await paced.putStatesForCycle(states, 5_000)).toEqual([]);
    // 10 at once (a second's burst), then 10 a second: 40 writes take 3 virtual seconds.
    expect(timer.now()).toBeGreaterThanOrEqual(3_000);
    expect(timer.now()).toBeLessThan(3_200);
    expect((await store.getStates(['paced-39'])).get('paced-39')).toEqual({ version: 1, lastT: 39 });
  });

  it('keeps pending anomalies per cycle, last write of an id winning', async () => {
    await store.putPendingAnomalies('c2', [anomaly('p1'), anomaly('p2')]);
    await store.putPendingAnomalies('c2', [anomaly('p1', { severity: 'LOW' })]);
    await store.putPendingAnomalies('c3', [anomaly('p3')]);
    const got = await store.listPendingAnomalies('c2');
    expect(got.map((a) => `${a.id}:${a.severity}`).sort()).toEqual(['p1:LOW', 'p2:HIGH']);
  });

  it('writes a series state only when no state of the same or a later cycle is stored', async () => {
    const first = await store.putStatesForCycle(new Map([['s1', { version: 1, lastT: 1 }], ['s2', { version: 1, lastT: 1 }]]), 1000);
    expect(first).toEqual([]);
    // A concurrent duplicate of the same work item: both writes for cycle 1000 race, one wins.
    const dup = await Promise.all([store.putStatesForCycle(new Map([['s3', { n: 'a' }]]), 1000), store.putStatesForCycle(new Map([['s3', { n: 'b' }]]), 1000)]);
    expect(dup.flat()).toEqual(['s3']);
    expect(await store.putStatesForCycle(new Map([['s1', { version: 1, lastT: 0 }]]), 900)).toEqual(['s1']);
    expect(await store.putStatesForCycle(new Map([['s1', { version: 1, lastT: 2 }]]), 1300)).toEqual([]);
    const states = await store.getStates(['s1', 's2']);
    expect(states.get('s1')).toEqual({ version: 1, lastT: 2 });
    // States written by the local path (no cycle stamp) are overwritten.
    await store.putStates(new Map([['s4', { old: true }]]));
    expect(await store.putStatesForCycle(new Map([['s4', { old: false }]]), 1)).toEqual([]);
  });

  it('keeps per-series state items small and refuses one that nears the 400 KB item limit', async () => {
    let st = defaultDetector.init({ kind: 'count', periodSeconds: 300 });
    const pts = Array.from({ length: 3 * 288 }, (_, i) => ({ t: T0 + i * 300_000, v: 100 + 20 * Math.sin(i / 12) + (i % 7) }));
    st = defaultDetector.warmStart(st, pts);
    for (let i = 0; i < 300; i++) st = defaultDetector.update(st, T0 + (864 + i) * 300_000, 100 + (i % 5)).state;
    const evidence = Array.from({ length: 32 }, (_, i) => ({ t: T0 + i, v: 123.456, expected: 100.123, lower: 90.5, upper: 110.25, score: 0.987654 }));
    const series = { version: 1, detectorName: defaultDetector.name, detector: st, lastT: T0, open: { id: 'anm-0123456789abcdef', start: T0, reportedAt: T0, lastAnomalousAt: T0, normalRun: 0, peak: evidence[0], direction: 'ABOVE', evidence } };
    const bytes = Buffer.byteLength(JSON.stringify(series), 'utf8');
    expect(bytes).toBeLessThan(16_000);
    await store.putStatesForCycle(new Map([['big-but-fine', series]]), 5);
    // States are stored deflated: the limit applies to the stored bytes, so the refused state
    // is incompressible (a pseudo-random hex string, LCG constants from Numerical Recipes).
    let x = 12345;
    const noise = Array.from({ length: 2 * MAX_STATE_BYTES }, () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) >>> 28).toString(16)).join('');
    await expect(store.putStates(new Map([['huge', { blob: noise }]]))).rejects.toBeInstanceOf(ValidationError);
    await expect(store.putStates(new Map([['compressible', { blob: 'x'.repeat(MAX_STATE_BYTES + 1) }]]))).resolves.toBeUndefined();
    expect((await store.getStates(['compressible'])).get('compressible')).toEqual({ blob: 'x'.repeat(MAX_STATE_BYTES + 1) });
  });

  it('records the notifications of a change on the insight item, in the same conditional write', async () => {
    const a = insight('i-out');
    await store.saveInsightWithNotifications(a, [ntf(a, 'NEW_INSIGHT', [anomaly('x1')])]);
    await expect(store.saveInsightWithNotifications(a, [ntf(a, 'NEW_INSIGHT')])).rejects.toBeInstanceOf(ConflictError);
    const image = async () => unmarshall((await emb.client.send(new GetItemCommand({ TableName: emb.tableName, Key: { pk: { S: 'INSIGHT#i-out' }, sk: { S: 'INSIGHT' } } }))).Item!);
    const v1 = await image();
    expect(notificationsFromImages(v1, undefined)).toEqual({ insight: a, notifications: [{ id: 'ntf-i-out-NEW_INSIGHT-1', messageType: 'NEW_INSIGHT' }] });
    const b = { ...a, status: 'CLOSED' as const, timeRange: { start: T0, end: T0 + 1 }, version: 2 };
    await store.saveInsightWithNotifications(b, [ntf(b, 'CLOSED_INSIGHT')]);
    // A stale writer changes nothing: neither the insight nor its notifications.
    await expect(store.saveInsightWithNotifications({ ...a, name: 'stale', version: 2 }, [ntf({ ...a, version: 2 }, 'SEVERITY_UPGRADED')])).rejects.toBeInstanceOf(ConflictError);
    const v2 = await image();
    expect(notificationsFromImages(v2, v1)?.notifications).toEqual([{ id: 'ntf-i-out-CLOSED_INSIGHT-2', messageType: 'CLOSED_INSIGHT' }]);
    // A write that keeps the version (the notifier's OpsItem id) carries no notification.
    await store.setOpsItemId('i-out', 'oi-7');
    expect(notificationsFromImages(await image(), v2)).toBeUndefined();
    // Notifications must belong to the version being saved.
    await expect(store.saveInsightWithNotifications({ ...b, version: 3 }, [ntf(b, 'NEW_ASSOCIATION')])).rejects.toBeInstanceOf(ValidationError);
    expect((await store.getInsight('i-out'))).toEqual({ ...b, opsItemId: 'oi-7' });
  });

  it('keeps the OpsItem id and feedback when the correlator saves the insight again', async () => {
    const a = insight('i-ops');
    await store.saveInsight(a);
    await store.setOpsItemId('i-ops', 'oi-1');
    await store.putFeedback({ insightId: 'i-ops', value: 'VALID_COLLECTION', at: T0 + 1 });
    await store.putFeedback({ insightId: 'i-ops', value: 'ALERT_TOO_SENSITIVE', at: T0 + 2 });
    await store.saveInsight({ ...a, severity: 'MEDIUM', version: 2 });
    const got = await store.getInsight('i-ops');
    expect(got?.opsItemId).toBe('oi-1');
    expect(got?.feedback).toBe('ALERT_TOO_SENSITIVE');
    expect((await store.listFeedback('i-ops')).map((f) => f.value)).toEqual(['VALID_COLLECTION', 'ALERT_TOO_SENSITIVE']);
    await expect(store.setOpsItemId('missing', 'oi')).rejects.toBeInstanceOf(ValidationError);
  });

  it('lists the anomalies of an insight through GSI1, oldest first, with paging', async () => {
    await store.putAnomalies(Array.from({ length: 5 }, (_, i) => anomaly(`g${i}`, { insightId: 'i-gsi', timeRange: { start: T0 + i * 1000 } })));
    await store.putAnomalies([anomaly('other', { insightId: 'i-else' })]);
    const p1 = await store.listAnomaliesForInsight('i-gsi', { limit: 3 });
    expect(p1.items.map((a) => a.id)).toEqual(['g0', 'g1', 'g2']);
    const p2 = await store.listAnomaliesForInsight('i-gsi', { limit: 3, nextToken: p1.nextToken });
    expect(p2.items.map((a) => a.id)).toEqual(['g3', 'g4']);
  });

  it('claims a delivery once, lets an expired lease be retaken, and never after delivery', async () => {
    expect(await store.claim('n1', 'sns', 1000, 60_000)).toBe('claimed');
    // A live lease is "held", never "delivered": the caller must not treat it as done.
    expect(await store.claim('n1', 'sns', 2000, 60_000)).toBe('held');
    expect(await store.claim('n1', 'opscenter', 2000, 60_000)).toBe('claimed');
    // The worker died: the lease expires and another takes it.
    expect(await store.claim('n1', 'sns', 61_001, 60_000)).toBe('claimed');
    await store.markDelivered('n1', 'sns', 61_500);
    expect(await store.claim('n1', 'sns', 10_000_000, 60_000)).toBe('delivered');
    await store.release('n1', 'opscenter');
    expect(await store.claim('n1', 'opscenter', 2001, 60_000)).toBe('claimed');
    expect(await store.getDelivery('n1', 'sns')).toEqual({ attempts: 2, deliveredAt: 61_500 });
    const [x, y] = await Promise.all([store.claim('n2', 'sns', 1, 1000), store.claim('n2', 'sns', 1, 1000)]);
    expect([x, y].sort()).toEqual(['claimed', 'held']);
  });
});

describe('DynamoStore request paths', () => {
  it('serves every method with Query, GetItem, BatchGetItem or writes: never a Scan', async () => {
    const emb = await startEmbeddedStore();
    try {
      const sent: string[] = [];
      emb.client.middlewareStack.add(
        (next, context) => async (args) => {
          sent.push(String(context.commandName));
          return next(args);
        },
        { step: 'initialize', name: 'recordCommands' },
      );
      const store = new DynamoStore({ client: emb.client, tableName: emb.tableName });
      const a = insight('i-s', { anomalyIds: ['s1'] });
      await store.saveInsight(a);
      await store.saveInsightWithNotifications({ ...a, version: 2 }, [ntf({ ...a, version: 2 }, 'SEVERITY_UPGRADED')]);
      await store.getInsight('i-s');
      await store.listInsights({ status: 'ONGOING', severity: 'HIGH', collection: 'shop', type: 'REACTIVE', from: T0, to: T0 + 1 });
      await store.listInsights({});
      await store.listOngoingInsights();
      await store.putAnomalies([anomaly('s1', { insightId: 'i-s' })]);
      await store.getAnomalies(['s1']);
      await store.listAnomaliesForInsight('i-s');
      await store.putEvents([{ id: 'e', time: T0, source: 's', name: 'n', dataSource: 'CLOUD_TRAIL', class: 'DEPLOYMENT', resources: [] }]);
      await store.listEvents(T0 - 86_400_000, T0 + 1);
      await store.putFeedback({ insightId: 'i-s', value: 'DATA_INCORRECT', at: T0 });
      await store.listFeedback('i-s');
      await store.listCollections();
      await store.setOpsItemId('i-s', 'oi');
      await store.putStates(new Map([['k', 1]]));
      await store.getStates(['k']);
      await store.putStatesForCycle(new Map([['k', 2]]), 5);
      await store.planCycle({ cycleId: 'c', now: T0, previousEnd: T0, shards: 1 });
      await store.getCycle('c');
      await store.putPendingAnomalies('c', [anomaly('s1')]);
      await store.listPendingAnomalies('c');
      await store.completeShard('c', 0);
      await store.markCorrelated('c', T0);
      await store.claim('n', 't', 1, 1);
      await store.markDelivered('n', 't', 2);
      await store.release('n', 't');
      await store.getConfig('coverage');
      await store.putConfig('coverage', { mode: 'account' }, T0);
      expect(sent.length).toBeGreaterThan(25);
      expect(sent).not.toContain('ScanCommand');
      expect(new Set(sent)).toEqual(
        new Set(['UpdateItemCommand', 'PutItemCommand', 'GetItemCommand', 'QueryCommand', 'BatchWriteItemCommand', 'BatchGetItemCommand']),
      );
    } finally {
      await emb.close();
    }
  });
});
