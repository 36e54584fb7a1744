import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  CYCLE_STATE_KEY,
  analyzeShard,
  planCycle,
  analyzeStep,
  correlateCycle,
  correlateStep,
  cycleIdFor,
  planStep,
  resolveOptions,
  shardSeries,
  type Anomaly,
  type Resource,
} from '../../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../../src/local/embedded-dynamo';
import { builtinScenario } from '../../../src/local/scenario/builtin';
import { ReplayEventSource, ReplayMetricSource, StaticCatalog } from '../../../src/local/scenario/replay';

function resources(n: number, seriesEach: number): Resource[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `fn-${String(i).padStart(4, '0')}`,
    type: 'AWS::Lambda::Function',
    name: `fn-${i}`,
    stack: 'shop',
    tags: {},
    series: Array.from({ length: seriesEach }, (_, j) => ({
      namespace: 'AWS/Lambda',
      metricName: `M${j}`,
      dimensions: { FunctionName: `fn-${i}` },
      stat: 'Sum',
      periodSeconds: 300,
      kind: 'count' as const,
    })),
  }));
}

describe('shardSeries', () => {
  it('bounds shards by series count and serialised size, keeps every series once and is stable', () => {
    const res = resources(300, 4);
    const items = shardSeries(res, { cycleId: 'c', now: 1 }, { maxSeries: 500, maxBytes: 1_000_000 });
    expect(items.map((i) => i.resources.reduce((n, r) => n + r.series.length, 0))).toEqual([500, 500, 200]);
    expect(items.every((i) => i.shards === 3)).toBe(true);
    const small = shardSeries(res, { cycleId: 'c', now: 1 }, { maxSeries: 500, maxBytes: 20_000 });
    expect(small.length).toBeGreaterThan(3);
    for (const item of small) expect(Buffer.byteLength(JSON.stringify(item), 'utf8')).toBeLessThanOrEqual(20_000);
    const keys = small.flatMap((i) => i.resources.flatMap((r) => r.series.map((s) => `${r.id}/${s.metricName}`)));
    expect(new Set(keys).size).toBe(1200);
    expect(shardSeries([...res].reverse(), { cycleId: 'c', now: 1 }, { maxSeries: 500, maxBytes: 20_000 })).toEqual(small);
    expect(shardSeries([], { cycleId: 'c', now: 1 }, { maxSeries: 500, maxBytes: 20_000 })).toEqual([]);
  });
});

describe('distributed steps', () => {
  let emb: EmbeddedStore;
  beforeEach(async () => {
    emb = await startEmbeddedStore();
  });
  afterEach(async () => {
    await emb.close();
  });

  const bundle = builtinScenario();
  const ports = (e: EmbeddedStore) => ({
    catalog: new StaticCatalog(bundle),
    events: new ReplayEventSource(bundle.events),
    metrics: new ReplayMetricSource(bundle),
    insights: e.store,
    state: e.store,
    cycles: e.store,
  });
  const t0 = bundle.start + 2 * 86_400_000;

  it('plans one cycle at a time: waits for the one in flight, forces a stalled one, ignores a late duplicate', async () => {
    const p = ports(emb);
    const first = await planStep(p, t0, { warmStartMs: 86_400_000, proactive: false });
    expect(first.status).toBe('planned');
    if (first.status !== 'planned') return;
    expect(first.items.length).toBe(1);
    expect(await planStep(p, t0 + 300_000, { stallMs: 900_000 })).toEqual({ status: 'waiting', inFlight: cycleIdFor(t0) });
    expect(await planStep(p, t0 + 1_000_000, { stallMs: 900_000 })).toEqual({ status: 'stalled', correlate: { cycleId: cycleIdFor(t0), force: true } });
    // Forced correlation with no shard done: nothing pending, the cycle completes.
    const forced = await correlateStep(p, { cycleId: cycleIdFor(t0), force: true });
    expect(forced.status).toBe('correlated');
    // The shard arriving late is not committed: its points are read again next cycle.
    expect(await analyzeStep(p, first.items[0]!, { warmStartMs: 86_400_000 })).toEqual({ status: 'stale', cycleId: cycleIdFor(t0) });
    expect((await emb.store.getStates([CYCLE_STATE_KEY])).get(CYCLE_STATE_KEY)).toEqual({ version: 1, lastCycleEnd: t0 });
    expect(await planStep(p, t0, {})).toEqual({ status: 'done', cycleId: cycleIdFor(t0) });
    expect((await planStep(p, t0 + 3_600_000, { warmStartMs: 86_400_000, proactive: false })).status).toBe('planned');
  });

  it('correlates only complete cycles (unless forced) and only once', async () => {
    const p = ports(emb);
    const planned = await planStep(p, t0, { warmStartMs: 86_400_000, proactive: false });
    if (planned.status !== 'planned') throw new Error('not planned');
    expect(await correlateStep(p, { cycleId: cycleIdFor(t0) })).toEqual({ status: 'incomplete', cycleId: cycleIdFor(t0) });
    const analyzed = await analyzeStep(p, planned.items[0]!, { warmStartMs: 86_400_000 });
    expect(analyzed.status === 'analyzed' && analyzed.correlate).toEqual({ cycleId: cycleIdFor(t0) });
    // The same work item again: its points are consumed, no state is rewritten.
    const again = await analyzeStep(p, planned.items[0]!, { warmStartMs: 86_400_000 });
    expect(again.status === 'analyzed' && again.result.points).toBe(0);
    expect((await correlateStep(p, { cycleId: cycleIdFor(t0) })).status).toBe('correlated');
    expect(await correlateStep(p, { cycleId: cycleIdFor(t0) })).toEqual({ status: 'already', cycleId: cycleIdFor(t0) });
    expect(await correlateStep(p, { cycleId: 'cyc-unknown' })).toEqual({ status: 'unknown', cycleId: 'cyc-unknown' });
  });

  it('after a crash between storing anomalies and saving their new insight, a re-run creates that insight once', async () => {
    // Real anomalies: the built-in scenario analysed 20 minutes after the bad deployment's onset.
    const label = bundle.labels[0]!;
    const now = label.start + 20 * 60_000;
    const opts = resolveOptions({ warmStartMs: 2 * 86_400_000 });
    const p = ports(emb);
    const plan = await planCycle(p, now, opts);
    const changed: Anomaly[] = [];
    for (const item of plan.items) changed.push(...(await analyzeShard(p, item, opts)).changed);
    const first = await correlateCycle(emb.store, { now, previousEnd: plan.previousEnd, changed }, opts);
    expect(first.insights.length).toBeGreaterThan(0);
    const ids = first.insights.map((i) => i.id).sort();
    // Simulate the crash on another store: the anomalies were stored with their insight ids, the insights were not.
    const crashed = await startEmbeddedStore();
    try {
      await crashed.store.putAnomalies(first.anomalies);
      const rerun = await correlateCycle(crashed.store, { now, previousEnd: plan.previousEnd, changed }, opts);
      expect(rerun.insights.map((i) => i.id).sort()).toEqual(ids);
      expect(rerun.notifications.filter((n) => n.messageType === 'NEW_INSIGHT')).toHaveLength(ids.length);
      // Once saved, running it again opens nothing new.
      const third = await correlateCycle(crashed.store, { now, previousEnd: plan.previousEnd, changed }, opts);
      expect(third.notifications.filter((n) => n.messageType === 'NEW_INSIGHT')).toEqual([]);
      expect((await crashed.store.listInsights({})).items.map((i) => i.id).sort()).toEqual(ids);
    } finally {
      await crashed.close();
    }
  });
});
