/**
 * The dashboard in a real browser: Chromium (found by ./browser: CHROMIUM_PATH, then the system's,
 * then the one shipped in the @sparticuz/chromium dev dependency) driven by playwright-core, against
 * the server `npm start` runs (the 14-day demo replayed through the full pipeline, in-process).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start, type RunningStart } from '../../src/cli/commands/start';
import type { CliIo } from '../../src/cli/io';
import type { Anomaly, Insight, OpsEvent } from '../../src/core';
import { formatLead } from '../../src/core/recommend/text';
import { formatSeriesValue } from '../../src/core/units';
import { matches } from '../../src/web/app/list-view';
import { chartModel } from '../../src/web/app/chart-model';
import { chartGroups } from '../../src/web/app/insight-model';
import { findChromium, LAUNCH_ARGS } from './browser';
import { clippedText, horizontalOverflow, overlappingMarkerLabels } from './page-checks';

/** Screenshots for review (gitignored). */
const OUT = join(process.cwd(), 'test-output', 'dashboard');

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
    page = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Berlin' });
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
    await expect.poll(() => page.getByTestId('mttr').locator('dd').textContent()).toMatch(/^[\d.]+ (min|h|days)$/);
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

    // The first chart is the causal anomaly's: every event of the insight was ranked against it.
    const chart = page.getByTestId('anomaly-chart').first();
    await chart.waitFor();
    // The chart is redrawn once the metric's history arrives: read the final drawing.
    await chart.getByTestId('history-line').waitFor();
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await chart.locator('title').first().textContent()).toMatch(/ on /);
    expect(await chart.getByTestId('expected-band').getAttribute('d')).toMatch(/^M[\d.]+,[\d.]+ L.* Z$/);
    expect(await chart.getByTestId('observed-line').getAttribute('d')).toMatch(/^M/);
    expect(await chart.getByTestId('anomaly-span').count()).toBe(1);
    // Every event is on the chart, near ones sharing a marker; the earliest comes first.
    const markers = chart.getByTestId('event-marker');
    const shown = (await markers.evaluateAll((els) => els.map((e) => e.getAttribute('data-event-ids') ?? ''))).flatMap((ids) => ids.split(' '));
    expect(shown.sort()).toEqual(events.map((e) => e.id).sort());
    expect((await markers.first().getAttribute('data-event-ids'))!.split(' ')[0]).toBe([...events].sort((a, b) => a.time - b.time)[0]!.id);
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
    const target = insights.find((i) => i.type === 'REACTIVE' && i.anomalyIds.length > 0)!;
    for (const answer of ['404', 'abort'] as const) {
      const other = await browser.newPage({ viewport: { width: 1280, height: 900 }, timezoneId: 'Europe/Berlin' });
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
        const a = chartGroups(d.anomalies)[0]!.anomaly;
        const m = chartModel({
          points: a.evidence,
          span: a.timeRange,
          events: d.events.map((e) => ({ id: e.id, time: e.time, label: e.name })),
          periodMs: a.series.periodSeconds * 1000,
          yLabel: (v) => formatSeriesValue(v, a.series),
          width: Number(await chart.getAttribute('width')),
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
    // A hash change alone keeps the previous page until the new one renders: load it afresh.
    await page.reload();
    await page.getByTestId('insight-name').waitFor();
    const section = page.getByTestId('log-evidence');
    await section.waitFor();
    expect(await section.getByTestId('log-anomaly').count()).toBe(target.logAnomalies!.length);
    // Every log anomaly's template is shown (grouped by log group, so not in the insight's order).
    const shown = await section.locator('code').allTextContents();
    for (const l of target.logAnomalies!) expect(shown).toContain(l.template);
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

  // ---- every view, at a desktop and a phone width ---------------------------------------------

  /** Loads a route afresh (a hash change alone would leave the previous page on screen for a moment). */
  const visit = async (route: string, on: Page = page) => {
    await on.goto('about:blank');
    await on.goto(`${running.url}/#${route}`);
  };
  const get = async <T>(path: string): Promise<T> => (await (await fetch(`${running.url}${path}`)).json()) as T;
  const allInsights = async () => (await get<{ insights: Insight[] }>('/insights?limit=100')).insights;
  type Detail = { insight: Insight; anomalies: Anomaly[]; events: OpsEvent[] };
  /** The reactive insight with the most anomalies, and the proactive one. */
  const demoInsights = async () => {
    const list = await allInsights();
    const busiest = [...list].filter((i) => i.type === 'REACTIVE').sort((a, b) => b.anomalyIds.length - a.anomalyIds.length)[0]!;
    const proactive = list.find((i) => i.type === 'PROACTIVE')!;
    return { busiest, proactive };
  };

  async function openPage(width: number): Promise<{ p: Page; errors: string[] }> {
    const p = await browser.newPage({ viewport: { width, height: 900 }, timezoneId: 'Europe/Berlin' });
    const errors: string[] = [];
    p.on('pageerror', (e) => errors.push(e.message));
    p.on('console', (m: ConsoleMessage) => {
      if (m.type() === 'error') errors.push(`${m.text()} (${m.location().url})`);
    });
    return { p, errors };
  }

  for (const width of [1440, 390]) {
    it(`shows every view at ${width} px without console errors or sideways scrolling`, async () => {
      const { busiest, proactive } = await demoInsights();
      const routes: Array<[string, string]> = [
        ['overview', '/'],
        ['insights', '/insights'],
        ['insight-reactive', `/insights/${busiest.id}`],
        ['insight-proactive', `/insights/${proactive.id}`],
        ['events', '/events'],
        ['coverage', '/coverage'],
        ['cost', '/cost'],
        ['not-found-route', '/no/such/page'],
        ['not-found-insight', '/insights/ins-does-not-exist'],
      ];
      const { p, errors } = await openPage(width);
      try {
        for (const [name, route] of routes) {
          await visit(route, p);
          await p.locator('main h1').waitFor();
          await expect.poll(() => p.locator('main[aria-busy]').count()).toBe(0);
          if (name.startsWith('insight-')) await expect.poll(() => p.getByTestId('history-line').count()).toBe(await p.getByTestId('anomaly-chart').count());
          expect(await horizontalOverflow(p), `${name} at ${width} px scrolls sideways`).toBe(0);
          expect(await clippedText(p), `${name} at ${width} px`).toEqual([]);
          expect(await overlappingMarkerLabels(p), `${name} at ${width} px`).toEqual([]);
          if (name.startsWith('not-found')) expect(await p.getByTestId('not-found').textContent()).toBe('Not found');
          else expect(await p.getByTestId('not-found').count()).toBe(0);
          await p.screenshot({ path: join(OUT, `${width}-${name}.png`), fullPage: true });
        }
        // The browser reports the API's 404 for the unknown insight as a failed resource; nothing else.
        expect(errors.filter((e) => !(e.startsWith('Failed to load resource: the server responded with a status of 404') && e.includes('/insights/ins-does-not-exist')))).toEqual([]);
        expect(await p.getByTestId('zone').textContent()).toBe('Times are shown in Europe/Berlin (CET).');
      } finally {
        await p.close();
      }
    });
  }

  it('puts the causal anomaly first, opens at most four charts, one per metric, with the unit on the y axis', async () => {
    const { busiest } = await demoInsights();
    const d = await get<Detail>(`/insights/${busiest.id}`);
    // The causal anomaly: the one the contextual anomalies name.
    const causalId = d.anomalies.find((a) => a.causalAnomalyId)!.causalAnomalyId!;
    const causal = d.anomalies.find((a) => a.id === causalId)!;
    const metrics = new Set(d.anomalies.map((a) => a.seriesKey));
    expect(metrics.size).toBeGreaterThan(4);

    await visit(`/insights/${busiest.id}`);
    const open = page.getByTestId('anomaly-open');
    await open.first().waitFor();
    expect(await open.first().getAttribute('data-series')).toBe(causal.seriesKey);
    expect(await open.first().getByTestId('causal-badge').count()).toBe(1);
    expect(await open.count()).toBe(4);
    const collapsed = page.getByTestId('anomaly-collapsed');
    expect(await collapsed.count()).toBe(metrics.size - 4);
    const shownSeries = await page.locator('[data-series]').evaluateAll((els) => els.map((e) => e.getAttribute('data-series')));
    expect(new Set(shownSeries).size).toBe(shownSeries.length);
    expect(new Set(shownSeries)).toEqual(metrics);
    // After the causal one, by severity.
    const rank = { LOW: 1, MEDIUM: 2, HIGH: 3 } as const;
    const sev = shownSeries.slice(1).map((k) => Math.max(...d.anomalies.filter((a) => a.seriesKey === k).map((a) => rank[a.severity])));
    expect(sev).toEqual([...sev].sort((a, b) => b - a));
    // A collapsed metric is one line; it opens into its chart.
    expect(await collapsed.first().getByTestId('anomaly-chart').count()).toBe(0);
    await collapsed.first().locator('summary').click();
    await collapsed.first().getByTestId('anomaly-chart').waitFor();

    // Y axes carry units: every tick of a duration chart is a duration, and each chart names its unit.
    for (const a of d.anomalies) {
      const chart = page.locator(`[data-series="${a.seriesKey}"]`).getByTestId('anomaly-chart');
      if ((await chart.count()) === 0) continue;
      const ticks = await chart.getByTestId('y-tick').allTextContents();
      expect(ticks.length).toBeGreaterThan(1);
      if (a.series.metricName === 'Duration' || a.series.metricName === 'Latency') for (const t of ticks) expect(t).toMatch(/^(0|[\d.,]+ (µs|ms|s|min))$/);
      expect(await page.locator(`[data-series="${a.seriesKey}"]`).getByTestId('y-unit').textContent()).toMatch(/^Y axis: \S+ \(\w+\), (count|duration|percent|size|rate per second|value \(no unit reported\))$/);
    }

    // One time format, in the viewer's zone.
    for (const t of await page.getByTestId('timeline').locator('time').allTextContents()) expect(t).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} CET$/);
    expect(await page.getByTestId('root-cause').textContent()).not.toMatch(/\d{4}-\d{2}-\d{2}T|UTC/);
  });

  it('names changes by what they are in every root cause, never by event id', async () => {
    const list = await allInsights();
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
    const causes = list.map((i) => i.rootCause ?? '');
    expect(causes.filter((c) => c.includes('change'))).not.toHaveLength(0);
    for (const c of causes) expect(c).not.toMatch(uuid);
    const withEvent = list.find((i) => /Likely cause: (policy|security|configuration) change/.test(i.rootCause ?? ''))!;
    await visit(`/insights/${withEvent.id}`);
    const cause = page.getByTestId('root-cause');
    await expect.poll(() => cause.textContent()).toMatch(/change \w+ on .+ by \S+, \d+ min before onset/);
    expect(await cause.textContent()).not.toMatch(uuid);
  });

  it('draws the proactive forecast: continuous history, forecast line and band to the limit, the limit and the predicted date', async () => {
    const { proactive } = await demoInsights();
    const d = await get<Detail>(`/insights/${proactive.id}`);
    const a = d.anomalies[0]!;
    const f = a.forecast!;
    expect(f.predictedAt).toBeDefined();
    await visit(`/insights/${proactive.id}`);
    const chart = page.getByTestId('anomaly-chart').first();
    await chart.getByTestId('history-line').waitFor();
    // The title's lead is the latest forecast's.
    const lead = formatLead(f.predictedAt! - a.reportedAt);
    expect(proactive.name).toMatch(new RegExp(` in ${lead.replace('.', '\\.')}$`));
    expect(await page.getByTestId('insight-name').textContent()).toMatch(new RegExp(` in ${lead.replace('.', '\\.')}$`));
    // No span shades the plot; the history is one unbroken line over the evidence.
    expect(await chart.getByTestId('anomaly-span').count()).toBe(0);
    const historyD = (await chart.getByTestId('history-line').locator('path').getAttribute('d'))!;
    expect(historyD.match(/M/g)).toHaveLength(1);
    // The forecast line starts at the last fitted point and ends on the limit at the predicted date.
    const line = (await chart.getByTestId('forecast-line').getAttribute('d'))!;
    expect(line).toMatch(/^M[\d.]+,[\d.]+ L[\d.]+,[\d.]+$/);
    const limitY = Number(await chart.getByTestId('limit-line').locator('line').getAttribute('y1'));
    const end = /L([\d.]+),([\d.]+)$/.exec(line)!;
    expect(Number(end[2])).toBeCloseTo(limitY, 0);
    expect(Number(end[1])).toBeCloseTo(Number(await chart.getByTestId('predicted-marker').locator('line').getAttribute('x1')), 0);
    expect(await chart.getByTestId('forecast-band').getAttribute('d')).toMatch(/ Z$/);
    expect(await chart.getByTestId('limit-line').textContent()).toBe(`limit ${formatSeriesValue(f.limit, a.series)}`);
    const berlinDay = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(new Date(f.predictedAt!));
    expect(await chart.getByTestId('predicted-marker').textContent()).toBe(`predicted ${berlinDay}`);
    for (const t of await chart.getByTestId('y-tick').allTextContents()) expect(t).toMatch(/^[\d.]+ %$/);
  });

  it('searches, sorts, counts and filters the list by time range, and refreshes it', async () => {
    const list = await allInsights();
    await visit(`/insights`);
    await expect.poll(() => page.getByTestId('result-count').textContent()).toBe(`${list.length} insights`);

    await page.getByLabel('Search').fill('checkout');
    await page.getByLabel('Sort').selectOption('severity');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/q=checkout.*sort=severity/);
    const expected = list.filter((i) => matches(i, 'checkout'));
    expect(expected.length).toBeGreaterThan(0);
    expect(expected.length).toBeLessThan(list.length);
    await expect.poll(() => page.getByTestId('result-count').textContent()).toBe(`${expected.length} insights matching “checkout”`);
    const severities = await page.getByTestId('insight-list').locator('tbody tr td[data-label="Severity"]').allTextContents();
    const rank: Record<string, number> = { LOW: 1, MEDIUM: 2, HIGH: 3 };
    expect(severities.map((x) => rank[x])).toEqual([...severities.map((x) => rank[x])].sort((a, b) => b! - a!));

    // Time range presets are relative to the server's clock (the demo's world).
    const { to } = await get<{ to: number }>('/overview');
    const lastDay = (await get<{ insights: Insight[] }>(`/insights?from=${to - 86_400_000}&to=${to}&limit=100`)).insights;
    await visit(`/insights?range=24h`);
    await expect.poll(() => page.getByTestId('result-count').textContent()).toBe(`${lastDay.length} insight${lastDay.length === 1 ? '' : 's'}`);
    // A custom range shows its two fields and keeps them in the URL.
    await page.getByLabel('Time range').selectOption('custom');
    expect(await page.getByLabel('From').isVisible()).toBe(true);
    await page.getByLabel('From').fill('2026-11-06T00:00');
    await page.getByLabel('To').fill('2026-11-07T00:00');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(/range=custom&from=2026-11-06T00%3A00&to=2026-11-07T00%3A00/);
    const from = Date.parse('2026-11-05T23:00:00Z'); // midnight in Berlin
    const day = (await get<{ insights: Insight[] }>(`/insights?from=${from}&to=${from + 86_400_000}&limit=100`)).insights;
    await expect.poll(() => page.getByTestId('result-count').textContent()).toBe(`${day.length} insight${day.length === 1 ? '' : 's'}`);

    // Auto-refresh re-reads the list every 30 s (the page's clock is driven by the test).
    const { p } = await openPage(1280);
    try {
      await p.clock.install();
      await p.goto(`${running.url}/#/insights?refresh=30`); // a fresh page: its first load
      await p.getByTestId('result-count').waitFor();
      expect(await p.getByLabel('Refresh every 30 s').isChecked()).toBe(true);
      const again = p.waitForRequest((r) => /\/insights\?/.test(r.url()));
      await p.clock.fastForward(31_000);
      await again;
    } finally {
      await p.close();
    }
  });

  it('shows what changed per stack, the coverage per stack and tier, and the cost', async () => {
    const { to } = await get<{ to: number }>('/overview');
    const { events } = await get<{ events: OpsEvent[] }>(`/events?from=${to - 14 * 86_400_000}&to=${to}`);
    await visit(`/events`);
    await expect.poll(() => page.getByTestId('result-count').textContent()).toMatch(new RegExp(`^${events.length} changes from `));
    const stacks = new Set(events.map((e) => e.stack ?? 'No stack'));
    expect(await page.getByTestId('event-stack').count()).toBe(stacks.size);
    await page.getByLabel('Stack').selectOption('shop-orders');
    await page.getByRole('button', { name: 'Apply' }).click();
    await expect.poll(() => page.getByTestId('result-count').textContent()).toMatch(new RegExp(`^${events.filter((e) => e.stack === 'shop-orders').length} changes`));
    // Deployments are named by what they deployed.
    expect(await page.locator('td[data-label="What changed"]').allTextContents()).not.toContainEqual(expect.stringMatching(/[0-9a-f]{8}-[0-9a-f]{4}-/));

    const cov = await get<{ stacks: Array<{ stack: string; resources: number; series: { golden: number; capacity: number } }> }>('/coverage/resources');
    await visit(`/coverage`);
    const rows = page.getByTestId('coverage-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(cov.stacks.length + 1);
    const total = rows.last();
    expect(await total.locator('td').first().textContent()).toBe(String(cov.stacks.reduce((n, s) => n + s.resources, 0)));
    // Every series of the replayed scenario is counted once, in one tier.
    const analysed = /(\d+) resources, (\d+) series/.exec(quietIo.lines.join('\n'))!;
    expect(cov.stacks.reduce((n, s) => n + s.resources, 0)).toBe(Number(analysed[1]));
    expect(cov.stacks.reduce((n, s) => n + s.series.golden + s.series.capacity, 0)).toBe(Number(analysed[2]));

    const cost = await get<{ totalUsd: number }>('/cost?goldenMinutes=10');
    await visit(`/cost`);
    await page.getByLabel('Golden signals, minutes').fill('10');
    await page.getByRole('button', { name: 'Estimate' }).click();
    await page.waitForURL(/goldenMinutes=10/);
    await expect.poll(() => page.getByTestId('cost-total').locator('dd').textContent()).toBe(`$${cost.totalUsd.toFixed(2)}`);
  });

  it("uses the demo's own ids in docs/api.md's examples", async () => {
    const doc = readFileSync(join(import.meta.dirname, '../../docs/api.md'), 'utf8');
    const insightIds = [...new Set(doc.match(/\b(ins|pin)-[0-9a-f]{16}\b/g))];
    const anomalyIds = [...new Set(doc.match(/\banm-[0-9a-f]{16}\b/g))];
    const deploymentIds = [...new Set(doc.match(/\bd-[A-Z0-9]{9}\b/g))];
    expect(insightIds.length + anomalyIds.length + deploymentIds.length).toBeGreaterThan(3);
    const known = { anomalies: new Set<string>(), events: new Set<string>() };
    for (const i of await allInsights()) {
      const d = await get<Detail>(`/insights/${i.id}`);
      for (const a of d.anomalies) known.anomalies.add(a.id);
      for (const e of d.events) known.events.add(e.id);
    }
    for (const id of insightIds) expect((await fetch(`${running.url}/insights/${id}`)).status, id).toBe(200);
    for (const id of anomalyIds) expect(known.anomalies.has(id), id).toBe(true);
    for (const id of deploymentIds) expect(known.events.has(id), id).toBe(true);
  });

  it('was served by the npm start job with at least five insights', async () => {
    const { insights } = (await (await fetch(`${running.url}/insights?limit=100`)).json()) as { insights: Insight[] };
    expect(insights.length).toBeGreaterThanOrEqual(5);
    expect(quietIo.lines.some((l) => l.startsWith('Dashboard: '))).toBe(true);
  });
});
