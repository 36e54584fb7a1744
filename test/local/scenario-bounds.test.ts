import { describe, expect, it } from 'vitest';
import { MemoryNotifier } from '../../src/local/notifier';
import { replayScenario } from '../../src/local/replay-run';
import { parseBundle } from '../../src/local/scenario/bundle';
import { builtinScenario } from '../../src/local/scenario/builtin';
import { startEmbeddedStore } from '../../src/local/embedded-dynamo';

/** The error a bad bundle raises: one line naming the field. */
function failure(data: unknown): string {
  try {
    parseBundle(data);
  } catch (err) {
    return (err as Error).message;
  }
  return 'accepted';
}

describe('scenario replay bounds', () => {
  const ok = builtinScenario({ days: 2 });

  it('refuses steps under a minute, spans over 400 days and times V8 cannot hold, in one line naming the field', () => {
    const cases: Array<[unknown, RegExp]> = [
      [{ ...ok, replay: { stepMs: 1 } }, /^Invalid scenario bundle: replay\.stepMs: .*60000/],
      [{ ...ok, end: 8.64e15 }, /^Invalid scenario bundle: end: /],
      [{ ...ok, start: -1 }, /^Invalid scenario bundle: start: /],
      [{ ...ok, end: ok.start + 401 * 86_400_000 }, /^Invalid scenario bundle: end: a scenario may span at most 400 days/],
      [{ ...ok, end: ok.start + 399 * 86_400_000, replay: { stepMs: 60_000 } }, /^Invalid scenario bundle: replay\.stepMs: 60000 ms would run \d+ cycles, more than 120000/],
      [{ ...ok, replay: { historyMs: 1e15 } }, /^Invalid scenario bundle: replay\.historyMs: /],
    ];
    for (const [data, expected] of cases) {
      const message = failure(data);
      expect(message).toMatch(expected);
      expect(message).not.toContain('\n');
    }
    expect(failure({ ...ok, replay: { stepMs: 5 * 60_000 } })).toBe('accepted');
  });

  it('refuses the same bounds when a replay is asked for directly', async () => {
    const emb = await startEmbeddedStore();
    try {
      await expect(replayScenario(ok, emb.store, new MemoryNotifier(), { stepMs: 1 })).rejects.toThrow(/^Invalid replay: stepMs: /);
    } finally {
      await emb.close();
    }
  });
});
