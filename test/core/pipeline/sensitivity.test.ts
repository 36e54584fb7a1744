import { describe, expect, it } from 'vitest';
import { parseConfig, sensitivityFor, thresholdAt } from '../../../src/core';

describe('sensitivity', () => {
  const cfg = parseConfig({ sensitivity: { default: 1, stacks: { payments: 2 }, namespaces: { 'AWS/EC2': 0.5 } } }).sensitivity;

  it('takes the stack factor over the default and multiplies the namespace factor', () => {
    expect(sensitivityFor(cfg, { stack: 'payments' }, { namespace: 'AWS/Lambda' })).toBe(2);
    expect(sensitivityFor(cfg, { stack: 'payments' }, { namespace: 'AWS/EC2' })).toBe(1);
    expect(sensitivityFor(cfg, { stack: 'shop' }, { namespace: 'AWS/EC2' })).toBe(0.5);
    expect(sensitivityFor(cfg, {}, { namespace: 'AWS/SQS' })).toBe(1);
    expect(sensitivityFor(undefined, { stack: 'payments' }, { namespace: 'AWS/EC2' })).toBe(1);
  });

  it('maps the threshold monotonically inside (0, 1), unchanged at 1', () => {
    expect(thresholdAt(0.47, 1)).toBe(0.47);
    // 1 - 0.53^(1/2) = 0.27199…; 1 - 0.53^2 = 0.7191
    expect(thresholdAt(0.47, 2)).toBeCloseTo(0.27199, 4);
    expect(thresholdAt(0.47, 0.5)).toBeCloseTo(0.7191, 4);
    let prev = 1;
    for (const s of [0.25, 0.5, 1, 1.5, 2, 4]) {
      const t = thresholdAt(0.47, s);
      expect(t).toBeGreaterThan(0);
      expect(t).toBeLessThan(prev);
      prev = t;
    }
  });
});

describe('sensitivity through the pipeline', () => {
  it('raises more anomalies on a more sensitive stack', async () => {
    const { startEmbeddedStore } = await import('../../../src/local/embedded-dynamo');
    const { MemoryNotifier } = await import('../../../src/local/notifier');
    const { replayScenario } = await import('../../../src/local/replay-run');
    const { builtinScenario } = await import('../../../src/local/scenario/builtin');
    const count = async (factor: number) => {
      const emb = await startEmbeddedStore();
      try {
        const sensitivity = parseConfig({ sensitivity: { stacks: { 'checkout-service': factor } } }).sensitivity;
        await replayScenario(builtinScenario(), emb.store, new MemoryNotifier(), { sensitivity });
        const insights = (await emb.store.listInsights({ limit: 100 })).items;
        return insights.reduce((n, i) => n + i.anomalyIds.length, 0);
      } finally {
        await emb.close();
      }
    };
    const [low, high] = [await count(0.25), await count(4)];
    expect(high).toBeGreaterThan(low);
  }, 60_000);
});
