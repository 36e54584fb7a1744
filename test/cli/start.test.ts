import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { start, startOptions, summarise } from '../../src/cli/commands/start';
import type { CliIo } from '../../src/cli/io';
import type { Insight } from '../../src/core';
import { builtinScenario } from '../../src/local/scenario/builtin';

function captureIo(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), interactive: false };
}

describe('opsight start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsight-start-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('analyses a scenario, serves the API and the dashboard, and keeps the data across a restart', async () => {
    // A 4-day built-in scenario keeps this test quick; the default 14-day demo runs in test/web.
    const scenario = join(dir, 'scenario.json');
    writeFileSync(scenario, JSON.stringify(builtinScenario()));
    const data = join(dir, 'data');
    const io = captureIo();
    const running = await start(['--port', '0', '--scenario', scenario], io, { OPSIGHT_DATA_DIR: data });
    try {
      const res = await fetch(`${running.url}/insights`);
      expect(res.status).toBe(200);
      const { insights } = (await res.json()) as { insights: Insight[] };
      expect(insights.length).toBeGreaterThanOrEqual(1);
      const one = await fetch(`${running.url}/insights/${insights[0]!.id}`);
      expect(((await one.json()) as { insight: Insight }).insight.id).toBe(insights[0]!.id);
      // The dashboard and its assets are served beside the API.
      const page = await fetch(`${running.url}/`);
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
      const html = await page.text();
      const js = /src="(assets\/app\.js[^"]*)"/.exec(html)?.[1];
      expect(js).toBeDefined();
      const bundle = await fetch(`${running.url}/${js}`);
      expect(bundle.status).toBe(200);
      expect(bundle.headers.get('content-type')).toContain('javascript');
      expect((await bundle.text()).length).toBeGreaterThan(1000);
      // Coverage defaults to the scenario's stacks.
      expect(await (await fetch(`${running.url}/coverage`)).json()).toEqual({ coverage: { mode: 'stacks', stacks: ['checkout-service'] }, updatedAt: null });
      // The progress bar, the summary and the URL were printed.
      expect(io.lines.some((l) => /^cycles 100% \(\d+\/\d+\)$/.test(l))).toBe(true);
      expect(io.lines.some((l) => /^\d+ insight\(s\): \d+ reactive/.test(l))).toBe(true);
      expect(io.lines).toContain(`Dashboard: ${running.url}/`);
    } finally {
      await running.close();
    }

    const io2 = captureIo();
    const again = await start(['--port', '0', '--scenario', scenario], io2, { OPSIGHT_DATA_DIR: data });
    try {
      expect(io2.lines.some((l) => l.includes('already analysed'))).toBe(true);
      expect(io2.lines.some((l) => l.startsWith('cycles'))).toBe(false);
      const before = io.lines.find((l) => l.includes('insight(s):'));
      expect(io2.lines.find((l) => l.includes('insight(s):'))).toBe(before);
    } finally {
      await again.close();
    }
  });

  it('serves the API while it replays, so insights can be watched as they open', async () => {
    const scenario = join(dir, 'watch.json');
    writeFileSync(scenario, JSON.stringify(builtinScenario()));
    const seen: Array<{ cycle: number; total: number; health: number; open: number; insights: number }> = [];
    const running = await start(['--port', '0', '--scenario', scenario], captureIo(), { OPSIGHT_DATA_DIR: join(dir, 'watch-data') }, {
      onCycle: async (url, cycle, total) => {
        if (cycle % 12 !== 0 && cycle !== 1) return;
        const health = await fetch(`${url}/health`);
        const body = (await health.json()) as { openReactive: number; openProactive: number };
        const list = (await (await fetch(`${url}/insights?limit=100`)).json()) as { insights: Insight[] };
        seen.push({ cycle, total, health: health.status, open: body.openReactive + body.openProactive, insights: list.insights.length });
      },
    });
    try {
      expect(seen.length).toBeGreaterThan(2);
      // Answers came while cycles were still to run.
      expect(seen.every((s) => s.health === 200)).toBe(true);
      expect(seen[0]!.cycle).toBeLessThan(seen[0]!.total);
      // The first cycle has no insight yet; later ones do, before the replay ends.
      expect(seen[0]!.insights).toBe(0);
      const during = seen.filter((s) => s.cycle < s.total);
      expect(during.some((s) => s.insights > 0)).toBe(true);
      // The final list is what was watched growing.
      const final = (await (await fetch(`${running.url}/insights?limit=100`)).json()) as { insights: Insight[] };
      expect(final.insights.length).toBeGreaterThanOrEqual(Math.max(...during.map((s) => s.insights)));
    } finally {
      await running.close();
    }
  });

  it('refuses a data folder that holds another scenario', async () => {
    const scenario = join(dir, 'other.json');
    writeFileSync(scenario, JSON.stringify({ ...builtinScenario({ days: 2 }), name: 'another-scenario' }));
    await expect(start(['--port', '0', '--scenario', scenario], captureIo(), { OPSIGHT_DATA_DIR: join(dir, 'data') })).rejects.toThrow(
      /holds scenario "builtin-bad-deployment", not "another-scenario"/,
    );
  });

  it('--two-accounts replays the two-account demo and reports both member accounts on /health', async () => {
    expect(() => startOptions(['--two-accounts', '--scenario', 'x.json'], {})).not.toThrow();
    await expect(start(['--port', '0', '--two-accounts', '--scenario', 'x.json'], captureIo(), { OPSIGHT_DATA_DIR: join(dir, 'data-both') })).rejects.toThrow(
      'start: give either --scenario or --two-accounts, not both',
    );
    const running = await start(['--port', '0', '--two-accounts'], captureIo(), { OPSIGHT_DATA_DIR: join(dir, 'data-accounts') });
    try {
      const health = (await (await fetch(`${running.url}/health`)).json()) as { accounts?: Array<{ accountId: string; alias?: string; openReactive: number }> };
      expect(health.accounts?.map((a) => [a.accountId, a.alias])).toEqual([
        ['111122223333', 'shop-prod'],
        ['444455556666', 'shop-staging'],
      ]);
      const prod = (await (await fetch(`${running.url}/insights?account=111122223333`)).json()) as { insights: Insight[] };
      expect(prod.insights.length).toBeGreaterThan(0);
      expect(prod.insights.every((i) => i.accountId === '111122223333')).toBe(true);
    } finally {
      await running.close();
    }
  });

  it('names PORT when it is not a port', () => {
    expect(() => startOptions([], { PORT: 'abc' })).toThrow(/PORT/);
    expect(() => startOptions([], { PORT: '70000' })).toThrow(/PORT/);
    expect(() => startOptions([], { PORT: '3.5' })).toThrow(/PORT/);
    expect(startOptions([], { PORT: '8123' }).port).toBe(8123);
    expect(startOptions(['--port', '0'], { PORT: '8123' }).port).toBe(0);
  });

  it('summarises counts, MTTR and the most severe insights in a few lines', () => {
    const base: Omit<Insight, 'id' | 'name' | 'severity' | 'timeRange'> = {
      type: 'REACTIVE',
      status: 'CLOSED',
      collection: { type: 'STACK', name: 's' },
      anomalyIds: [],
      relevantEventIds: [],
      recommendations: [],
      createdAt: 0,
      updatedAt: 0,
      version: 1,
    };
    const list: Insight[] = Array.from({ length: 12 }, (_, k) => ({
      ...base,
      id: `i${k}`,
      name: `n${k}`,
      severity: k === 3 ? 'HIGH' : 'LOW',
      timeRange: { start: k * 3_600_000, end: k * 3_600_000 + 20 * 60_000 },
      ...(k === 3 ? { rootCause: 'Likely cause: deployment d-1, 5 min before onset' } : {}),
    }));
    const lines = summarise(list);
    expect(lines[0]).toBe('12 insight(s): 12 reactive, 0 proactive, 0 open; MTTR 20 min');
    expect(lines[1]).toContain('HIGH');
    expect(lines[1]).toContain('n3');
    expect(lines[2]).toBe('         likely cause: deployment d-1, 5 min before onset');
    expect(lines[lines.length - 1]).toBe('  … and 4 more in the dashboard');
  });
});
