/**
 * The example bundle of docs/scenarios.md, read from the document itself, is a valid bundle and
 * opens the insight it describes when replayed through the full pipeline.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmbeddedStore } from '../../src/local/embedded-dynamo';
import { MemoryNotifier } from '../../src/local/notifier';
import { replayScenario } from '../../src/local/replay-run';
import { parseBundle } from '../../src/local/scenario/bundle';

function exampleBundle(): unknown {
  const md = readFileSync(join(import.meta.dirname, '../../docs/scenarios.md'), 'utf8');
  const example = md.slice(md.indexOf('## Example'));
  const json = /```json\n([\s\S]*?)\n```/.exec(example);
  if (!json) throw new Error('docs/scenarios.md: no JSON block under "## Example"');
  return JSON.parse(json[1]!);
}

describe('the example bundle of docs/scenarios.md', () => {
  it('parses, replays and opens the labelled insight, naming the deployment as its likely cause', async () => {
    const bundle = parseBundle(exampleBundle());
    const label = bundle.labels[0]!;
    const emb = await startEmbeddedStore();
    try {
      await replayScenario(bundle, emb.store, new MemoryNotifier(), { stepMs: bundle.replay?.stepMs, historyMs: bundle.replay?.historyMs });
      const insights = (await emb.store.listInsights({ limit: 10 })).items;
      expect(insights).toHaveLength(1);
      const ins = insights[0]!;
      expect(ins.type).toBe('REACTIVE');
      expect(ins.name).toBe('Errors increased on Lambda function checkout');
      expect(ins.timeRange.start).toBeGreaterThanOrEqual(label.start - 5 * 60_000);
      expect(ins.relevantEventIds[0]).toBe(label.causeEventId);
      expect(ins.rootCause).toMatch(/^Likely cause: deployment of Lambda function checkout \(CodeDeploy\), 3 min before onset\./);
    } finally {
      await emb.close();
    }
  });
});
