/**
 * DynamoDB bills writes per KB of item: check the state items a real replay leaves behind, once
 * every part of a state has filled (a week of hourly levels for the gradual comparison): a series
 * fits one write unit, a latency series (with those levels) two.
 */
import { GetItemCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { describe, expect, it } from 'vitest';
import { seriesKey } from '../../../src/core';
import { watchesGradually } from '../../../src/core/pipeline/gradual';
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
  it('fit in one write unit (1 KB) for every series of the demo shop, two (2 KB) for latency after a week', async () => {
    const bundle = demoScenario();
    const emb = await startEmbeddedStore();
    try {
      const week = { ...bundle, end: bundle.start + 8 * 86_400_000 };
      await replayScenario(week, emb.store, new MemoryNotifier());
      const keys = bundle.series.map((s) => seriesKey(s));
      const states = await emb.store.getStates(keys);
      expect(states.size).toBe(keys.length);
      // Rewrite them the way the Lambdas do (with the cycle stamp and TTL), then measure.
      await emb.store.putStatesForCycle(states, week.end);
      const over: string[] = [];
      for (const s of bundle.series) {
        const k = seriesKey(s);
        const r = await emb.client.send(new GetItemCommand({ TableName: emb.tableName, Key: { pk: { S: `STATE#${k}` }, sk: { S: 'STATE' } } }));
        const limit = watchesGradually(s) ? 2048 : 1024;
        if (itemSize(r.Item!) > limit) over.push(`${k}: ${itemSize(r.Item!)} B`);
      }
      expect(over).toEqual([]);
    } finally {
      await emb.close();
    }
  }, 120_000);
});
