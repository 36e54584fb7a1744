/**
 * The dashboard's account and organisational-unit view in a real browser, at 1440 and 390 px:
 * the two-account demo replayed in-process, with one member account's last collection degraded.
 * Without member accounts nothing of it shows.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApi } from '../../src/api';
import { bindServer, type BoundServer } from '../../src/cli/serve';
import { ACCOUNT_STATUS_DOCUMENT, type Insight } from '../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/local/embedded-dynamo';
import { MemoryNotifier } from '../../src/local/notifier';
import { replayScenario } from '../../src/local/replay-run';
import { bundleAccountStatuses, builtinScenario, ReplayMetricSource, twoAccountScenario, type ScenarioBundle } from '../../src/local/scenario';
import { createSite, dashboardAssets } from '../../src/web';
import { findChromium, LAUNCH_ARGS } from './browser';
import { clippedText, horizontalOverflow } from './page-checks';

const OUT = join(process.cwd(), 'test-output', 'dashboard');
const PROD = '111122223333';
const STAGING = '444455556666';

interface Served {
  readonly server: BoundServer;
  readonly store: EmbeddedStore;
}

/** Replays a bundle into a fresh in-memory store and serves the dashboard and API over it. */
async function serve(bundle: ScenarioBundle, degrade: boolean): Promise<Served> {
  const store = await startEmbeddedStore();
  await replayScenario(bundle, store.store, new MemoryNotifier());
  const statuses = bundleAccountStatuses(bundle, bundle.end).map((s) =>
    degrade && s.accountId === STAGING ? { ...s, state: 'DEGRADED' as const, failingSince: bundle.end - 3_600_000, lastError: 'us-east-1: AccessDenied assuming role OpsightMemberRead' } : s,
  );
  if (statuses.length) await store.store.putConfig(ACCOUNT_STATUS_DOCUMENT, statuses, bundle.end);
  const api = createApi({ store: store.store, clock: { now: () => bundle.end }, metrics: new ReplayMetricSource(bundle) });
  const server = await bindServer(0, '127.0.0.1');
  server.serve(createSite(api, await dashboardAssets(), { subtitle: 'test' }));
  return { server, store };
}

describe('dashboard: accounts (browser)', () => {
  let accounts: Served;
  let single: Served;
  let browser: Browser;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const found = await findChromium();
    [accounts, single] = await Promise.all([serve(twoAccountScenario(), true), serve(builtinScenario(), false)]);
    browser = await chromium.launch({ executablePath: found.executablePath, args: LAUNCH_ARGS, env: { ...process.env, ...found.env } });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    for (const s of [accounts, single]) {
      await s?.server.close();
      await s?.store.close();
    }
  });

  async function open(base: string, route: string, width: number, errors: string[]): Promise<Page> {
    const p = await browser.newPage({ viewport: { width, height: 900 }, timezoneId: 'UTC' });
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await p.goto(`${base}/#${route}`);
    await p.locator('main h1').waitFor();
    await expect.poll(() => p.locator('main[aria-busy]').count()).toBe(0);
    return p;
  }

  for (const width of [1440, 390]) {
    it(`lists each account with its unit, state and insights, and filters insights by account at ${width} px`, async () => {
      const base = accounts.server.url;
      const errors: string[] = [];
      const p = await open(base, '/accounts', width, errors);
      try {
        await expect.poll(() => p.locator('#nav-accounts').isVisible()).toBe(true);
        const rows = p.getByTestId('account-table').locator('tbody tr');
        expect(await rows.count()).toBe(2);
        const prod = p.locator(`tr[data-account-id="${PROD}"]`);
        expect(await prod.locator('th').textContent()).toBe(`shop-prod (${PROD})`);
        expect(await prod.textContent()).toContain('ou-demo-produnit1');
        expect(await prod.getByTestId('account-state').textContent()).toBe('OK');
        const staging = p.locator(`tr[data-account-id="${STAGING}"]`);
        expect(await staging.getByTestId('account-state').textContent()).toMatch(/^DEGRADED us-east-1: AccessDenied assuming role OpsightMemberRead \(since /);
        const health = (await (await fetch(`${base}/health`)).json()) as { accounts: Array<{ accountId: string; openReactive: number }> };
        const open = health.accounts.find((a) => a.accountId === PROD)!.openReactive;
        expect(await prod.locator('td').nth(3).textContent()).toBe(String(open));
        expect(await p.getByTestId('unit-table').locator('tbody tr').count()).toBe(2);
        expect(await horizontalOverflow(p), `accounts at ${width} px scrolls sideways`).toBe(0);
        expect(await clippedText(p)).toEqual([]);
        await p.screenshot({ path: join(OUT, `${width}-accounts.png`), fullPage: true });

        // The account link opens the insight list filtered to it, every row naming it by alias.
        await prod.locator('th a').click();
        await p.waitForURL(new RegExp(`account=${PROD}`));
        await p.getByTestId('insight-list').waitFor();
        const listed = (await (await fetch(`${base}/insights?account=${PROD}&limit=100`)).json()) as { insights: Insight[] };
        await expect.poll(() => p.getByTestId('insight-list').locator('tbody tr').count()).toBe(Math.min(25, listed.insights.length));
        for (const text of await p.getByTestId('insight-list').locator('tbody tr').allTextContents()) expect(text).toContain('shop-prod');
        expect(await p.getByLabel('Account').inputValue()).toBe(PROD);
        expect(await horizontalOverflow(p)).toBe(0);
        await p.screenshot({ path: join(OUT, `${width}-insights-by-account.png`), fullPage: true });

        // Choosing the other account in the filter.
        await p.getByLabel('Account').selectOption(STAGING);
        await p.getByRole('button', { name: 'Apply' }).click();
        await p.waitForURL(new RegExp(`account=${STAGING}`));
        await expect.poll(async () => (await p.getByTestId('insight-list').locator('tbody tr').allTextContents()).every((t) => t.includes('shop-staging'))).toBe(true);

        // The insight page names its account.
        await p.getByTestId('insight-list').locator('tbody tr a').first().click();
        await p.getByTestId('insight-name').waitFor();
        expect(await p.getByTestId('insight-account').textContent()).toBe(` in account shop-staging (${STAGING}), us-east-1`);
        await expect.poll(() => p.getByTestId('history-line').count()).toBe(await p.getByTestId('anomaly-chart').count());
        expect(await horizontalOverflow(p)).toBe(0);
        await p.screenshot({ path: join(OUT, `${width}-insight-account.png`), fullPage: true });
        expect(errors).toEqual([]);
      } finally {
        await p.close();
      }
    });
  }

  it('shows nothing of accounts when there are none', async () => {
    const errors: string[] = [];
    const p = await open(single.server.url, '/insights', 1440, errors);
    try {
      await p.getByTestId('insight-list').waitFor();
      expect(await p.locator('#nav-accounts').isVisible()).toBe(false);
      expect(await p.getByLabel('Account').count()).toBe(0);
      expect(await p.getByTestId('insight-list').locator('thead th').allTextContents()).not.toContain('Account');
      await p.goto(`${single.server.url}/#/`);
      await p.getByTestId('mttr').waitFor();
      expect(await p.getByTestId('accounts-line').count()).toBe(0);
      await p.goto(`${single.server.url}/#/insights/${((await (await fetch(`${single.server.url}/insights?limit=1`)).json()) as { insights: Insight[] }).insights[0]!.id}`);
      await p.getByTestId('insight-name').waitFor();
      expect(await p.getByTestId('insight-account').count()).toBe(0);
      expect(errors).toEqual([]);
    } finally {
      await p.close();
    }
  });
});
