/**
 * The cost model bills one write unit per series per cycle (DynamoDB bills writes per KB):
 * check that the state items a real replay leaves behind fit in 1 KB as stored.
 */
import { GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { seriesKey } from '../../../src/core';
import { startEmbeddedStore } from '../../../src/local/embedded-dynamo';
import { MemoryNotifier } from '../../../src/local/notifier';
import { replayScenario } from '../../../src/local/replay-run';
import { demoScenario } from '../../../src/local/simulator';

/** DynamoDB item size: attribute name bytes plus value bytes (numbers: about 1 byte per 2 digits + 1). */
function itemSize(item: Record<string, AttributeValue>): number {
  let n = 0;
  for (const [name, v] of Object.entries(item)) {
    n += Buffer.byteLength(name, 'utf8');
    if (v.S !== undefined) n += Buffer.byteLength(v.S, 'utf8');
    else if (v.N !== undefined) n += Math.ceil(v.N.replace(/[-.]/g, '').length / 2) + 1;
    else if (v.B !== undefined) n += v.B.byteLength;
    else n += 8;
  }
  return n;
}

describe('detector state items as stored', () => {
  it('fit in one write unit (1 KB) for nearly every series of the demo shop', async () => {
    const bundle = demoScenario();
    const emb = await startEmbeddedStore();
    try {
      const short = { ...bundle, end: bundle.start + 3 * 86_400_000 };
      await replayScenario(short, emb.store, new MemoryNotifier());
      const keys = bundle.series.map((s) => seriesKey(s));
      const states = await emb.store.getStates(keys);
      expect(states.size).toBe(keys.length);
      // Rewrite them the way the Lambdas do (with the cycle stamp and TTL), then measure.
      await emb.store.putStatesForCycle(states, short.end);
      const sizes: number[] = [];
      for (const k of keys) {
        const r = await emb.client.send(new GetItemCommand({ TableName: emb.tableName, Key: { pk: { S: `STATE#${k}` }, sk: { S: 'STATE' } } }));
        sizes.push(itemSize(r.Item!));
      }
      sizes.sort((a, b) => a - b);
      const within = sizes.filter((s) => s <= 1024).length / sizes.length;
      expect(sizes[Math.floor(sizes.length / 2)]!).toBeLessThanOrEqual(1024);
      expect(within).toBeGreaterThanOrEqual(0.9);
    } finally {
      await emb.close();
    }
  }, 60_000);
});
