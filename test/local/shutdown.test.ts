/**
 * Stopping `opsight start` while requests are in flight, and the data folder's pid lock.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { start } from '../../src/cli/commands/start';
import type { CliIo } from '../../src/cli/io';
import { startEmbeddedStore } from '../../src/local/embedded-dynamo';
import { builtinScenario } from '../../src/local/scenario/builtin';

function captureIo(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), interactive: false };
}

describe('shutdown and the data folder lock', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsight-shutdown-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('stops during requests without touching a closed database, and removes its pid file', async () => {
    const scenario = join(dir, 'scenario.json');
    writeFileSync(scenario, JSON.stringify(builtinScenario({ days: 2 })));
    const data = join(dir, 'data');
    const io = captureIo();
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown) => unhandled.push(e);
    process.on('unhandledRejection', onUnhandled);
    try {
      const running = await start(['--port', '0', '--scenario', scenario], io, { OPSIGHT_DATA_DIR: data });
      expect(readFileSync(join(data, 'opsight.pid'), 'utf8')).toBe(String(process.pid));
      // Requests that each read the store several times, still running when the stop comes.
      const paths = ['dora?from=2026-08-01&to=2026-11-18', 'health', 'overview', 'insights'];
      const requests = Array.from({ length: 12 }, (_, i) =>
        fetch(`${running.url}/${paths[i % 4]}`).then(
          (r) => r.status,
          () => 'closed',
        ),
      );
      await new Promise((r) => setTimeout(r, 100));
      await running.close();
      const statuses = await Promise.all(requests);
      // Every request was answered in full (or refused before it started); none failed inside.
      expect(statuses.every((s) => s === 200 || s === 'closed')).toBe(true);
      expect(io.lines.filter((l) => l.startsWith('API error'))).toEqual([]);
      expect(unhandled).toEqual([]);
      expect(existsSync(join(data, 'opsight.pid'))).toBe(false);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('refuses a folder locked by a live process, and takes over a stale lock', async () => {
    const folder = join(dir, 'locked');
    // A live process that is not this one: our parent.
    await startEmbeddedStore({ path: folder }).then((s) => s.close());
    writeFileSync(join(folder, 'opsight.pid'), String(process.ppid));
    await expect(startEmbeddedStore({ path: folder })).rejects.toThrow(/in use by another Opsight process \(pid \d+\)/);
    expect(readFileSync(join(folder, 'opsight.pid'), 'utf8')).toBe(String(process.ppid));
    // A process that has exited.
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    writeFileSync(join(folder, 'opsight.pid'), gone.stdout);
    const store = await startEmbeddedStore({ path: folder });
    expect(readFileSync(join(folder, 'opsight.pid'), 'utf8')).toBe(String(process.pid));
    await store.close();
    expect(existsSync(join(folder, 'opsight.pid'))).toBe(false);
  });
});
