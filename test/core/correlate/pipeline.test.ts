import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { doraMetrics } from '../../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../../src/local/embedded-dynamo';
import { MemoryNotifier } from '../../../src/local/notifier';
import { replayScenario } from '../../../src/local/replay-run';
import { builtinScenario } from '../../../src/local/scenario/builtin';

describe('correlator through the full pipeline (built-in scenario)', () => {
  let emb: EmbeddedStore;
  beforeEach(async () => {
    emb = await startEmbeddedStore();
  });
  afterEach(async () => {
    await emb.close();
  });

  it('finds only the bad deployment, blames the function, names the deployment, and feeds DORA', async () => {
    const bundle = builtinScenario();
    await replayScenario(bundle, emb.store, new MemoryNotifier());
    const insights = (await emb.store.listInsights({ limit: 100 })).items;
    // Three days of noise and routine changes open nothing: the only insight is the incident.
    expect(insights).toHaveLength(1);
    const ins = insights[0]!;
    const label = bundle.labels[0]!;
    expect(ins.timeRange.start).toBeGreaterThanOrEqual(label.start - 5 * 60_000);
    expect(ins.timeRange.start).toBeLessThanOrEqual(label.start + 10 * 60_000);
    expect(ins.name).toBe('Errors increased on Lambda function checkout');
    expect(ins.severity).toBe('HIGH');
    expect(ins.relevantEventIds[0]).toBe('d-CHK123');
    expect(ins.relevantEventIds).not.toContain('ct-rollback-1');
    expect(ins.rootCause).toMatch(/^Likely cause: deployment of Lambda function checkout \(CodeDeploy\), \d+ min before onset\./);

    const anomalies = await emb.store.getAnomalies(ins.anomalyIds);
    const causal = anomalies.filter((a) => a.type === 'CAUSAL');
    expect(causal).toHaveLength(1);
    expect(causal[0]).toMatchObject({ resourceName: 'checkout', series: { metricName: 'Errors' } });
    const contextual = anomalies.filter((a) => a.type === 'CONTEXTUAL');
    expect(contextual.length).toBeGreaterThanOrEqual(1);
    expect(contextual.every((a) => a.causalAnomalyId === causal[0]!.id)).toBe(true);
    expect(contextual.map((a) => a.resourceName)).toContain('shop-api');

    // The deployment is a failed change; the rollback 49 min later is a separate, healthy one.
    const dora = doraMetrics({ events: bundle.events, insights, from: bundle.start, to: bundle.end });
    const row = dora.stacks.find((s) => s.stack === 'checkout-service')!;
    expect(row).toMatchObject({ deployments: 2, failedDeployments: 1, changeFailureRate: 0.5, deploymentsPerDay: 0.5 });
    expect(row.mttrMinutes).toBe(Math.round(((ins.timeRange.end! - ins.timeRange.start) / 60_000) * 10) / 10);
  });
});
