import { describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io';
import { main } from '../../src/cli/main';

function captureIo(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), interactive: false };
}

describe('opsight bench logs', () => {
  it('prints throughput, templates, state size and report time, with units', async () => {
    const io = captureIo();
    expect(await main(['bench', 'logs', '--lines', '20000'], io)).toBe(0);
    const text = io.lines.join('\n');
    expect(text).toMatch(/^corpus: [\d,]+ lines of the simulated shop \(5 log groups, 3 days\), [\d.]+ MB$/m);
    expect(text).toMatch(/^throughput: [\d,]+ lines\/s on one core/m);
    // The shop's logs have a handful of templates; the diverse corpus fills the bound and evicts.
    const templates = Number(/^templates: (\d+) \(bound 200\), evicted 0$/m.exec(text)?.[1]);
    expect(templates).toBeGreaterThan(5);
    expect(templates).toBeLessThan(40);
    expect(text).toMatch(/^diverse corpus \(1,200 message shapes\): [\d,]+ lines\/s, \d+ templates kept, [1-9]\d* evicted, state [\d.]+ KB$/m);
    expect(text).toMatch(/^state size: [\d.]+ KB of JSON/m);
    expect(text).toMatch(/^report over a 12 h window: [\d.]+ ms, 0 anomalies on normal logs$/m);
  });

  it('rejects bad flags with one line naming them', async () => {
    const io = captureIo();
    await expect(main(['bench', 'logs', '--frobnicate'], io)).rejects.toThrow(/^bench logs: unknown flag --frobnicate; expected --lines$/);
    await expect(main(['bench', 'logs', '--lines', 'many'], io)).rejects.toThrow(/lines/);
  });
});
