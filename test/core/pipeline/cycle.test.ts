import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCycle } from '../../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../../src/local/embedded-dynamo';
import { MemoryNotifier } from '../../../src/local/notifier';
import { replayScenario } from '../../../src/local/replay-run';
import { builtinScenario } from '../../../src/local/scenario/builtin';
import { ReplayEventSource, ReplayMetricSource, StaticCatalog } from '../../../src/local/scenario/replay';

describe('runCycle over the built-in scenario', () => {
  let emb: EmbeddedStore;
  beforeEach(async () => {
    emb = await startEmbeddedStore();
  });
  afterEach(async () => {
    await emb.close();
  });

  it('opens an insight for the bad deployment, names the deployment as likely cause, and closes it', async () => {
    const bundle = builtinScenario();
    const notifier = new MemoryNotifier();
    await replayScenario(bundle, emb.store, notifier);
    const label = bundle.labels[0]!;
    const insights = (await emb.store.listInsights({ limit: 100 })).items;
    const hit = insights.find((i) => i.timeRange.start >= label.start - 600_000 && i.timeRange.start <= label.start + 15 * 60_000);
    expect(hit).toBeDefined();
    expect(hit!.collection).toEqual({ type: 'STACK', name: 'checkout-service' });
    expect(hit!.relevantEventIds).toContain('d-CHK123');
    expect(hit!.rootCause).toMatch(/^Likely cause: deployment of Lambda function checkout \(CodeDeploy\)/);
    expect(hit!.causes?.[0]?.eventIds).toContain('d-CHK123');
    // Advice from the catalog, tied to the deployment and the function's anomalies.
    expect(hit!.recommendations.length).toBeGreaterThan(0);
    expect(hit!.recommendations.length).toBeLessThanOrEqual(5);
    const withDeployment = hit!.recommendations.filter((r) => r.relatedEvents.includes('d-CHK123'));
    expect(withDeployment.length).toBeGreaterThan(0);
    for (const r of hit!.recommendations) {
      expect(r.link).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
      expect(r.relatedAnomalies.every((id) => hit!.anomalyIds.includes(id))).toBe(true);
    }
    expect(hit!.status).toBe('CLOSED');
    expect(hit!.anomalyIds.length).toBeGreaterThanOrEqual(2);
    const anomalies = await emb.store.getAnomalies(hit!.anomalyIds);
    expect(anomalies.every((a) => a.insightId === hit!.id)).toBe(true);
    expect(anomalies.map((a) => a.resourceName)).toContain('checkout');
    const types = notifier.delivered.filter((n) => n.insight.id === hit!.id).map((n) => n.messageType);
    expect(types[0]).toBe('NEW_INSIGHT');
    expect(types).toContain('CLOSED_INSIGHT');
    expect(types.filter((t) => t === 'NEW_INSIGHT')).toHaveLength(1);
  });

  it('re-running a cycle at the same time changes nothing and notifies nothing', async () => {
    const bundle = builtinScenario();
    const ports = {
      metrics: new ReplayMetricSource(bundle),
      events: new ReplayEventSource(bundle.events),
      catalog: new StaticCatalog(bundle),
      insights: emb.store,
      state: emb.store,
      notifier: new MemoryNotifier(),
    };
    const label = bundle.labels[0]!;
    const now = label.start + 20 * 60_000;
    const first = await runCycle(ports, now, { warmStartMs: 2 * 86_400_000 });
    expect(first.points).toBeGreaterThan(0);
    expect(first.insightsChanged).toBeGreaterThan(0);
    const before = (await emb.store.listInsights({})).items;
    const again = await runCycle(ports, now, { warmStartMs: 2 * 86_400_000 });
    expect(again.points).toBe(0);
    expect(again.notifications).toBe(0);
    expect((await emb.store.listInsights({})).items).toEqual(before);
  });
});
