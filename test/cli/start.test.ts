import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { start, startOptions } from '../../src/cli/commands/start';
import type { CliIo } from '../../src/cli/io';
import type { Insight } from '../../src/core';

function captureIo(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), interactive: false };
}

describe('opsight start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsight-start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('analyses the built-in scenario, serves insights, and keeps them across a restart', async () => {
    const io = captureIo();
    const running = await start(['--port', '0'], io, { OPSIGHT_DATA_DIR: dir });
    const res = await fetch(`${running.url}/insights`);
    expect(res.status).toBe(200);
    const { insights } = (await res.json()) as { insights: Insight[] };
    expect(insights.length).toBeGreaterThanOrEqual(1);
    const one = await fetch(`${running.url}/insights/${insights[0]!.id}`);
    expect(((await one.json()) as { insight: Insight }).insight.id).toBe(insights[0]!.id);
    expect(io.lines.some((l) => l.includes('/insights'))).toBe(true);
    await running.close();

    const io2 = captureIo();
    const again = await start(['--port', '0'], io2, { OPSIGHT_DATA_DIR: dir });
    expect(io2.lines.some((l) => l.includes('already analysed'))).toBe(true);
    const after = (await (await fetch(`${again.url}/insights`)).json()) as { insights: Insight[] };
    expect(after.insights).toEqual(insights);
    await again.close();
  });

  it('names PORT when it is not a port', () => {
    expect(() => startOptions([], { PORT: 'abc' })).toThrow(/PORT/);
    expect(startOptions([], { PORT: '8123' }).port).toBe(8123);
  });
});
