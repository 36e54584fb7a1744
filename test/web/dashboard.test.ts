/**
 * The dashboard in a real browser: Chromium (found by ./browser: CHROMIUM_PATH, then the system's,
 * then the one shipped in the @sparticuz/chromium dev dependency) driven by playwright-core, against
 * the server `npm start` runs (the 14-day demo replayed through the full pipeline, in-process).
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type RunningStart } from '../../src/cli/commands/start';
import type { CliIo } from '../../src/cli/io';
import type { Anomaly, Insight, OpsEvent } from '../../src/core';
import { chartModel } from '../../src/web/app/chart-model';
import { findChromium, LAUNCH_ARGS } from './browser';

const OUT = join(process.cwd(), 'test-output');

const quietIo: CliIo & { lines: string[] } = { lines: [], out: (l) => quietIo.lines.push(l), err: (l) => quietIo.lines.push(l), interactive: false };

// No browser found fails every test below with findChromium's message; none is skipped.
describe('dashboard (browser)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsight-web-'));
  let running: RunningStart;
  let browser: Browser;
  let page: Page;
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    const found = await findChromium();
    running = await start(['--port', '0'], quietIo, { OPSIGHT_DATA_DIR: join(dir, 'data') });
    browser = await chromium.launch({ executablePath: found.executablePath, args: LAUNCH_ARGS, env: { ...process.env, ...found.env } });
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

  it('opens an insight: chart with expected band, anomaly span, event marker and metric history, timeline; feedback is stored', async () => {
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
    // The chart is redrawn once the metric's history arrives: read the final drawing.
    await chart.getByTestId('history-line').waitFor();
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

    // The metric around the anomaly, fetched from the API, is drawn as a thin line behind the
    // evidence, and the time axis covers it: it starts well before the anomaly span.
    const history = chart.getByTestId('history-line');
    expect(await history.getAttribute('data-role')).toBe('history');
    const historyD = (await history.locator('path').getAttribute('d')) ?? '';
    expect(historyD).toMatch(/^M[\d.]+,[\d.]+ L/);
    expect(historyD.split(/[ML]/).filter(Boolean).length).toBeGreaterThan(2 * (await chart.locator('circle').count()));
    const historyStartX = Number(/^M([\d.]+),/.exec(historyD)![1]);
    expect(historyStartX).toBeLessThan(Number(await chart.getByTestId('anomaly-span').getAttribute('x')) - 50);
    expect(await chart.locator('desc').textContent()).toContain('grey line shows the metric');
    expect(await page.locator('.legend .lg-history').first().textContent()).toBe('Metric before and after');
    // Every anomaly chart of the page got its history from the API's new route.
    const charts = page.getByTestId('anomaly-chart');
    await expect.poll(() => page.getByTestId('history-line').count()).toBe(await charts.count());
    const anomalyId = ((await (await fetch(`${running.url}/insights/${insight.id}`)).json()) as { anomalies: Array<{ id: string }> }).anomalies[0]!.id;
    const served = (await (await fetch(`${running.url}/insights/${insight.id}/anomalies/${anomalyId}/series`)).json()) as { points: unknown[] };
    expect(served.points.length).toBeGreaterThan(20);

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

  it('draws the evidence alone when the metric history is unavailable (404 or a failed request)', async () => {
    const { insights } = (await (await fetch(`${running.url}/insights?limit=100`)).json()) as { insights: Insight[] };
    const target = insights.find((i) => i.anomalyIds.length > 0)!;
    for (const answer of ['404', 'abort'] as const) {
      const other = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      try {
        await other.route('**/anomalies/*/series', (route) =>
          answer === '404'
            ? route.fulfill({ status: 404, contentType: 'application/json', body: JSON.stringify({ error: { code: 'NotFound', message: 'metric history is not available here' } }) })
            : route.abort('failed'),
        );
        const asked = other.waitForRequest('**/anomalies/*/series');
        await other.goto(`${running.url}/#/insights/${encodeURIComponent(target.id)}`);
        const chart = other.getByTestId('anomaly-chart').first();
        await chart.waitFor();
        await asked;
        // Give the rejected promise a moment to settle before looking.
        await other.evaluate(() => new Promise((r) => setTimeout(r, 200)));
        expect(await other.getByTestId('history-line').count()).toBe(0);
        expect(await other.locator('.legend .lg-history').count()).toBe(0);
        expect(await chart.getByTestId('observed-line').getAttribute('d')).toMatch(/^M/);
        expect(await chart.locator('desc').textContent()).not.toContain('grey line');
        // The axis is the evidence-only one of before: the first point sits where the model without history puts it.
        const d = (await (await fetch(`${running.url}/insights/${target.id}`)).json()) as { anomalies: Anomaly[]; events: OpsEvent[] };
        const a = d.anomalies[0]!;
        const m = chartModel({
          points: a.evidence,
          span: a.timeRange,
          events: d.events.map((e) => ({ id: e.id, time: e.time, label: e.name })),
          periodMs: a.series.periodSeconds * 1000,
          width: 720,
          height: 260,
        });
        expect(Number(await chart.locator('circle').first().getAttribute('cx'))).toBeCloseTo(m.dots[0]!.x, 6);
        expect(await chart.getByTestId('observed-line').getAttribute('d')).toBe(m.observedPath);
      } finally {
        await other.close();
      }
    }
  });

  it('shows log evidence per log group, linked from the anomaly it explains', async () => {
    const { insights } = (await (await fetch(`${running.url}/insights?limit=100`)).json()) as { insights: Insight[] };
    const target = insights.find((i) => (i.logAnomalies ?? []).some((l) => l.resourceId))!;
    await page.goto(`${running.url}/#/insights/${encodeURIComponent(target.id)}`);
    const section = page.getByTestId('log-evidence');
    await section.waitFor();
    expect(await section.getByTestId('log-anomaly').count()).toBe(target.logAnomalies!.length);
    expect(await section.locator('code').first().textContent()).toBe(target.logAnomalies![0]!.template);
    expect(await section.locator('h3').count()).toBe(new Set(target.logAnomalies!.map((l) => l.logGroup)).size);
    const href = await page.getByTestId('log-link').first().getAttribute('href');
    expect(await page.locator(href!).count()).toBe(1);
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
