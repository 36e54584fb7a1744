import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startNoLaterThanAnomalies, withConsistentTimeRanges, type InsightNotification } from '../../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../../src/local/embedded-dynamo';
import { MemoryNotifier } from '../../../src/local/notifier';
import { replayScenario } from '../../../src/local/replay-run';
import { builtinScenario } from '../../../src/local/scenario/builtin';
import { loadAllInsights } from '../../../src/api/health';
import { anomaly, insight, T0 } from '../../api/fixtures';

const MIN = 60_000;
const at1840 = T0 + 18 * 60 * MIN + 40 * MIN;
const at2000 = T0 + 20 * 60 * MIN;

describe('startNoLaterThanAnomalies', () => {
  it('moves the start back to the earliest anomaly and keeps the end', () => {
    const ins = insight('i1', { status: 'ONGOING', timeRange: { start: at2000 }, anomalyIds: ['a1', 'a2'] });
    const known = new Map([
      ['a1', anomaly('a1', 'i1', at2000)],
      ['a2', anomaly('a2', 'i1', at1840)],
    ]);
    expect(startNoLaterThanAnomalies(ins, known).timeRange).toEqual({ start: at1840 });
    const closed = insight('i2', { timeRange: { start: at2000, end: at2000 + 60 * MIN }, anomalyIds: ['a2'] });
    expect(startNoLaterThanAnomalies(closed, known).timeRange).toEqual({ start: at1840, end: at2000 + 60 * MIN });
  });

  it('leaves an insight that starts early enough, and ignores anomalies it does not list', () => {
    const ins = insight('i1', { timeRange: { start: at1840 }, anomalyIds: ['a1'] });
    const known = new Map([
      ['a1', anomaly('a1', 'i1', at2000)],
      ['other', anomaly('other', 'i9', T0)],
    ]);
    expect(startNoLaterThanAnomalies(ins, known)).toBe(ins);
  });
});

describe('withConsistentTimeRanges', () => {
  let emb: EmbeddedStore;
  beforeEach(async () => {
    emb = await startEmbeddedStore();
  });
  afterEach(async () => {
    await emb.close();
  });

  it('saves an insight created at 18:50 with anomalies from 18:40 as starting at 18:40, not 20:00', async () => {
    // One anomaly was stored by an earlier cycle, the other is written through the wrapper.
    await emb.store.putAnomalies([anomaly('early', 'ins-1', at1840)]);
    const { store, saved } = withConsistentTimeRanges(emb.store);
    await store.putAnomalies([anomaly('late', 'ins-1', at2000)]);
    const created = insight('ins-1', { status: 'ONGOING', timeRange: { start: at2000 }, anomalyIds: ['late', 'early'], createdAt: at1840 + 10 * MIN, version: 1 });
    await store.saveInsight(created);
    expect((await emb.store.getInsight('ins-1'))?.timeRange.start).toBe(at1840);
    expect(saved.get('ins-1')?.timeRange.start).toBe(at1840);
  });

  it('an insight saved with its notifications (the outbox) is corrected too', async () => {
    const { store } = withConsistentTimeRanges(emb.store);
    await store.putAnomalies([anomaly('a', 'ins-2', at1840)]);
    const created = insight('ins-2', { status: 'ONGOING', timeRange: { start: at2000 }, anomalyIds: ['a'], version: 1 });
    const n: InsightNotification = { id: 'n1', messageType: 'NEW_INSIGHT', insight: created, anomalies: [] };
    await store.saveInsightWithNotifications(created, [n]);
    const pending = await emb.store.getInsight('ins-2');
    expect(pending?.timeRange.start).toBe(at1840);
  });

  it('after a replay no insight starts after its earliest anomaly', async () => {
    const bundle = builtinScenario();
    const notifier = new MemoryNotifier();
    await replayScenario(bundle, emb.store, notifier);
    const insights = await loadAllInsights(emb.store);
    expect(insights.length).toBeGreaterThan(0);
    for (const i of insights) {
      const anomalies = await emb.store.getAnomalies(i.anomalyIds);
      const earliest = Math.min(...anomalies.map((a) => a.timeRange.start));
      expect(i.timeRange.start).toBeLessThanOrEqual(earliest);
    }
    for (const n of notifier.delivered) {
      const anomalies = await emb.store.getAnomalies(n.insight.anomalyIds);
      expect(n.insight.timeRange.start).toBeLessThanOrEqual(Math.min(...anomalies.map((a) => a.timeRange.start)));
    }
  });
});
