/**
 * The dashboard in a real browser: Debian's Chromium driven by playwright-core, against the
 * server `npm start` runs (the 14-day demo replayed through the full pipeline, in-process).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type RunningStart } from '../../src/cli/commands/start';
import type { CliIo } from '../../src/cli/io';
import type { Insight, OpsEvent } from '../../src/core';

const CHROMIUM = '/usr/bin/chromium';
const OUT = join(process.cwd(), 'test-output');

const quietIo: CliIo & { lines: string[] } = { lines: [], out: (l) => quietIo.lines.push(l), err: (l) => quietIo.lines.push(l), interactive: false };

// Chromium is a test dependency: .ci/run installs Debian's package. Missing, the test fails.
describe('dashboard (browser)', () => {
  it('has Debian chromium to drive', () => {
    expect(existsSync(CHROMIUM), `${CHROMIUM} is missing: run \`apt-get install chromium\` (what .ci/run does)`).toBe(true);
  });

  const dir = mkdtempSync(join(tmpdir(), 'opsight-web-'));
  let running: RunningStart;
  let browser: Browser;
  let page: Page;
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    running = await start(['--port', '0'], quietIo, { OPSIGHT_DATA_DIR: join(dir, 'data') });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('request', (r) => {
      if (!r.url().startsWith(running.url) && !r.url().startsWith('data:')) foreignRequests.push(r.url());
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') pageErrors.push(m.text());
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await running?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows the overview: health, stacks and DORA metrics', async () => {
    await page.goto(`${running.url}/`);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await expect.poll(() => page.getByTestId('mttr').locator('dd').textContent()).toMatch(/\d+ (min|h)/);
    const stacks = page.getByRole('region', { name: 'Stacks and collections' }).locator('tbody tr');
    expect(await stacks.count()).toBeGreaterThanOrEqual(2);
    const dora = page.getByRole('region', { name: /DORA metrics/ });
    await expect.poll(() => dora.locator('tr.total td').first().textContent()).toMatch(/^\d+$/);
    await page.screenshot({ path: join(OUT, 'dashboard-overview.png'), fullPage: true });
  });

  it('lists insights and filters them', async () => {
    await page.getByRole('link', { name: 'Insights', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Insights' }).waitFor();
    const rows = page.getByTestId('insight-list').locator('tbody tr');
    expect(await rows.count()).toBeGreaterThanOrEqual(5);
    await page.screenshot({ path: join(OUT, 'dashboard-list.png'), fullPage: true });

    // Filter with labelled controls, by keyboard-reachable form submission.
    await page.getByLabel('Severity').selectOption('HIGH');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/severity=HIGH/);
    await expect.poll(async () => (await page.getByTestId('insight-list').locator('tbody tr').allTextContents()).every((t) => t.includes('HIGH'))).toBe(true);
    const high = (await (await fetch(`${running.url}/insights?severity=HIGH&limit=100`)).json()) as { insights: Insight[] };
    expect(await page.getByTestId('insight-list').locator('tbody tr').count()).toBe(Math.min(25, high.insights.length));
  });

  it('opens an insight: chart with expected band, anomaly span and event marker, timeline; feedback is stored', async () => {
    // An insight whose relevant events exist, so its chart carries event markers.
    const { insights } = (await (await fetch(`${running.url}/insights?limit=100`)).json()) as { insights: Insight[] };
    let target: { insight: Insight; events: OpsEvent[] } | undefined;
    for (const i of insights) {
      const d = (await (await fetch(`${running.url}/insights/${i.id}`)).json()) as { insight: Insight; events: OpsEvent[] };
      if (d.events.length > 0) {
        target = d;
        break;
      }
    }
    expect(target, 'an insight with relevant events').toBeDefined();
    const { insight, events } = target!;

    await page.goto(`${running.url}/#/insights`);
    await page.locator(`tr[data-insight-id="${insight.id}"] a`).click();
    await page.getByTestId('insight-name').waitFor();
    expect(await page.getByTestId('insight-name').textContent()).toBe(insight.name);

    const chart = page.getByTestId('anomaly-chart').first();
    await chart.waitFor();
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await chart.locator('title').first().textContent()).toMatch(/ on /);
    expect(await chart.getByTestId('expected-band').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+ L.* Z$/);
    expect(await chart.getByTestId('observed-line').getAttribute('d')).toMatch(/^M/);
    expect(await chart.getByTestId('anomaly-span').count()).toBe(1);
    const markers = chart.getByTestId('event-marker');
    expect(await markers.count()).toBe(events.length);
    expect(await markers.first().getAttribute('data-event-id')).toBe([...events].sort((a, b) => a.time - b.time)[0]!.id);
    // The marker sits inside the plot, left of the anomaly span (events precede onset).
    const markerX = Number(await markers.first().locator('line').getAttribute('x1'));
    const spanX = Number(await chart.getByTestId('anomaly-span').getAttribute('x'));
    expect(markerX).toBeGreaterThan(0);
    expect(markerX).toBeLessThanOrEqual(spanX);

    const timeline = page.getByTestId('timeline');
    for (const e of events) expect(await timeline.textContent()).toContain(e.name);

    const button = page.getByRole('button', { name: 'Recommendation helped' });
    expect(await button.getAttribute('aria-pressed')).toBe('false');
    await button.click();
    await expect.poll(() => page.getByTestId('feedback-status').textContent()).toContain('Feedback saved');
    expect(await button.getAttribute('aria-pressed')).toBe('true');
    const stored = (await (await fetch(`${running.url}/insights/${insight.id}`)).json()) as { insight: Insight };
    expect(stored.insight.feedback).toBe('RECOMMENDATION_USEFUL');

    await page.screenshot({ path: join(OUT, 'dashboard-insight.png'), fullPage: true });
  });

  it('is keyboard navigable and fully offline', async () => {
    await page.goto(`${running.url}/`);
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    // The first Tab from the top reaches the skip link, which moves focus to the content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => document.activeElement?.closest('main') !== null);
    expect(focused).toBe(true);
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });

  it('was served by the npm start job with at least five insights', async () => {
    const { insights } = (await (await fetch(`${running.url}/insights?limit=100`)).json()) as { insights: Insight[] };
    expect(insights.length).toBeGreaterThanOrEqual(5);
    expect(quietIo.lines.some((l) => l.startsWith('Dashboard: '))).toBe(true);
  });
});
