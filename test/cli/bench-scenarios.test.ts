import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  assign,
  byFamily,
  extentOf,
  groupChanges,
  runScenario,
  scoreScenario,
  summarise,
  touches,
  type AnomalyOutcome,
  type BenchFigures,
  type InsightOutcome,
  type LabelScore,
  type ScenarioOutcome,
} from '../../src/cli/bench/scenarios';
import { benchScenarios } from '../../src/cli/commands/bench-scenarios';
import type { CliIo } from '../../src/cli/io';
import { main } from '../../src/cli/main';
import { parseBundle } from '../../src/local/scenario/bundle';
import { simulateShop } from '../../src/local/simulator';

const MIN = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

function captureIo(): CliIo & { out_: string[]; err_: string[] } {
  const out_: string[] = [];
  const err_: string[] = [];
  return { out_, err_, out: (l) => out_.push(l), err: (l) => err_.push(l), interactive: false };
}

const api = { type: 'STACK' as const, name: 'shop-api' };
const data = { type: 'STACK' as const, name: 'shop-data' };
const orders = { type: 'STACK' as const, name: 'shop-orders' };

function insight(over: Partial<InsightOutcome> & Pick<InsightOutcome, 'id' | 'createdAt' | 'start'>): InsightOutcome {
  return { name: over.id, type: 'REACTIVE', collection: api, relevantEventIds: [], anomalyCount: over.anomalies?.length ?? 1, anomalies: [], ...over };
}

/** An anomaly on a resource, open from `start` to `end` (or still open, last anomalous at `last`). */
function anomaly(resourceId: string, start: number, end: number | undefined, reportedAt = start + 5 * MIN, last = end ?? start): AnomalyOutcome {
  return { resourceId, metric: 'Errors', start, reportedAt, lastAnomalousAt: last, ...(end !== undefined ? { end } : {}) };
}

const T = 10 * DAY;

/**
 * A labelled outcome: a bad deployment of checkout at T for an hour (cause: CodeDeploy d-1, whose
 * rollout also wrote UpdateAlias ct-alias), throttling of orders at T + 3 h for an hour (no cause
 * event), a memory leak on i-1 (exhaustion at day 20) and a harmless spike on catalog.
 */
function outcome(insights: InsightOutcome[], labelled = true): ScenarioOutcome {
  return {
    name: 'synthetic',
    family: 'synthetic',
    start: 0,
    end: 12 * DAY,
    historyMs: 3 * DAY,
    stepMs: 5 * MIN,
    cycles: 0,
    labels: labelled
      ? [
          { kind: 'bad-deployment', start: T, end: T + HOUR, resourceId: 'checkout', expect: 'REACTIVE', causeEventId: 'd-1', affectedResourceIds: ['shop-api'] },
          { kind: 'dynamodb-throttling', start: T + 3 * HOUR, end: T + 4 * HOUR, resourceId: 'orders', expect: 'REACTIVE', affectedResourceIds: ['checkout', 'shop-api'] },
          { kind: 'memory-leak', start: 4 * DAY, end: 20 * DAY, resourceId: 'i-1', expect: 'PROACTIVE', exhaustionAt: 20 * DAY },
          { kind: 'harmless-spike', start: T + 5 * HOUR, end: T + 5 * HOUR + 10 * MIN, resourceId: 'catalog', expect: 'HARMLESS', affectedResourceIds: ['shop-api'] },
        ]
      : [],
    events: [
      { id: 'd-0', time: T - 3 * HOUR, name: 'Deployment d-0', dataSource: 'CODE_DEPLOY', class: 'DEPLOYMENT', resources: ['cart'], stack: 'shop-api' },
      { id: 'd-1', time: T - 4 * MIN, name: 'Deployment d-1', dataSource: 'CODE_DEPLOY', class: 'DEPLOYMENT', resources: ['checkout', 'shop-api-app'], stack: 'shop-api' },
      { id: 'ct-alias', time: T - 3 * MIN, name: 'UpdateAlias', dataSource: 'CLOUD_TRAIL', class: 'DEPLOYMENT', resources: ['checkout'], stack: 'shop-api' },
      { id: 'ct-decoy', time: T - 2 * MIN, name: 'UpdateFunctionCode', dataSource: 'CLOUD_TRAIL', class: 'DEPLOYMENT', resources: ['catalog'], stack: 'shop-api' },
    ],
    collections: { checkout: api, catalog: api, 'shop-api': api, orders: orders, 'i-1': data, 'i-2': data },
    periodMs: { checkout: 5 * MIN, catalog: 5 * MIN, 'shop-api': 5 * MIN, orders: 5 * MIN, 'i-1': 5 * MIN, 'i-2': 5 * MIN },
    resourceCount: 7,
    insights,
    elapsedMs: 0,
  };
}

// Insights a good pipeline would open.
const deployInsight = insight({
  id: 'i-deploy',
  start: T,
  end: T + HOUR,
  createdAt: T + 10 * MIN,
  relevantEventIds: ['ct-alias', 'd-0'],
  confidentCause: true,
  anomalies: [anomaly('checkout', T, T + HOUR, T + 10 * MIN), anomaly('shop-api', T, T + 55 * MIN, T + 10 * MIN)],
});
const throttleInsight = insight({
  id: 'i-throttle',
  collection: orders,
  start: T + 3 * HOUR,
  end: T + 4 * HOUR + 10 * MIN,
  createdAt: T + 3 * HOUR + 5 * MIN,
  anomalies: [anomaly('orders', T + 3 * HOUR, T + 4 * HOUR + 10 * MIN)],
});
const forecast = (id: string, createdAt: number, predictions: Array<[number, number]>): InsightOutcome =>
  insight({ id, type: 'PROACTIVE', collection: data, start: createdAt, createdAt, anomalyCount: 1, predictions: predictions.map(([at, predictedAt]) => ({ at, predictedAt })) });
const goodForecast = forecast('p-1', 6 * DAY, [[6 * DAY, 19 * DAY], [7 * DAY, 20 * DAY]]);

function figures(insights: InsightOutcome[]): BenchFigures {
  return summarise([scoreScenario(outcome(insights))]);
}

describe('strict scenario scoring', () => {
  it('scores a good answer well: every incident matched once, the right change, small errors', () => {
    const s = scoreScenario(outcome([deployInsight, throttleInsight, goodForecast]));
    const byKind = Object.fromEntries(s.labels.map((l) => [l.kind, l]));
    // The insight names UpdateAlias, a record of the CodeDeploy rollout d-1: the same change.
    expect(byKind['bad-deployment']).toMatchObject({ detected: true, matchedBy: 'i-deploy', delayPeriods: 2, durationErrorPeriods: 0, rootCause: 'hit' });
    // No cause event and no confident cause: right.
    expect(byKind['dynamodb-throttling']).toMatchObject({ detected: true, delayPeriods: 1, durationErrorPeriods: 2, closeOffsetPeriods: 2, rootCause: 'hit' });
    expect(byKind['memory-leak']).toMatchObject({ detected: true, proactiveInsights: 1, leadDays: 14 });
    expect(byKind['memory-leak']!.forecastErrorFirst).toBeCloseTo(1 / 14);
    expect(s.falseInsights).toEqual([]);
    const f = summarise([s]);
    expect(f).toMatchObject({
      recall: 1,
      precision: 1,
      rootCauseTop1: 1,
      falseInsightsPerResourceWeek: 0,
      insightsPerIncident: 1,
      incidentsPerInsight: 1,
      medianDurationErrorPeriods: 1,
      medianCloseOffsetPeriods: 1,
      proactiveInsightsPerLabel: 1,
      medianDelayPeriods: 1.5,
      detectedWithin1: 0.5,
      detectedWithin2: 1,
      detectedWithin6: 1,
    });
    expect(f.medianForecastErrorMedian).toBeCloseTo((1 / 14 + 0) / 2);
  });

  it('one giant insight covering everything satisfies one incident only and scores badly', () => {
    const giant = insight({
      id: 'giant',
      start: 3 * DAY,
      createdAt: 3 * DAY + 5 * MIN,
      relevantEventIds: ['d-1'],
      confidentCause: true,
      anomalies: [anomaly('checkout', 3 * DAY, undefined, 3 * DAY + 5 * MIN, 12 * DAY), anomaly('orders', 3 * DAY, undefined, 3 * DAY + 5 * MIN, 12 * DAY), anomaly('shop-api', 3 * DAY, undefined, 3 * DAY + 5 * MIN, 12 * DAY)],
    });
    const good = figures([deployInsight, throttleInsight, goodForecast]);
    const bad = figures([giant, goodForecast]);
    // It touches both reactive incidents but may satisfy only one of them.
    expect(bad.recall).toBeCloseTo(2 / 3);
    expect(bad.incidentsPerInsight).toBe(1.5);
    expect(bad.medianDelayPeriods).toBeNull(); // half of the reactive labels missed
    expect(bad.detectedWithin6).toBe(0.5);
    // Its extent (days) is nothing like the incident's hour.
    expect(bad.medianDurationErrorPeriods!).toBeGreaterThan(500);
    for (const k of ['recall', 'detectedWithin6', 'detectedWithin2'] as const) expect(bad[k]!).toBeLessThan(good[k]!);
  });

  it('splitting one incident into several insights lowers precision and raises insights per incident', () => {
    const pieces = [0, 1, 2].map((k) =>
      insight({ id: `piece-${k}`, start: T + k * 20 * MIN, end: T + (k + 1) * 20 * MIN, createdAt: T + k * 20 * MIN + 5 * MIN, relevantEventIds: ['d-1'], anomalies: [anomaly('checkout', T + k * 20 * MIN, T + (k + 1) * 20 * MIN)] }),
    );
    const f = figures([...pieces, throttleInsight, goodForecast]);
    expect(f.recall).toBe(1);
    expect(f.precision).toBeCloseTo(3 / 5);
    expect(f.insightsPerIncident).toBeCloseTo((3 + 1 + 1) / 3);
    expect(f.falseInsightsPerResourceWeek).toBeGreaterThan(0);
  });

  it('an open insight extends only to its last anomalous point, not to the scenario end', () => {
    // Opened on the deployment, still "ongoing" at the end, but anomalous for 50 minutes only.
    const open = insight({ id: 'open', start: T, createdAt: T + 10 * MIN, relevantEventIds: ['d-1'], anomalies: [anomaly('checkout', T, undefined, T + 10 * MIN, T + 50 * MIN)] });
    const o = outcome([open]);
    expect(extentOf(open, o)).toEqual({ start: T, end: T + 50 * MIN });
    expect(touches(open, o.labels[1]!, o)).toBe(false); // the throttling 3 h later
    const s = scoreScenario(o);
    expect(s.labels[0]).toMatchObject({ detected: true, durationErrorPeriods: 2, closeOffsetPeriods: -2 });
    expect(s.labels[1]).toMatchObject({ detected: false, delayPeriods: null });
  });

  it('an early, pessimistic forecast scores worse than an accurate later one', () => {
    const pessimistic = forecast('p-early', 4 * DAY + 2 * HOUR, [[4 * DAY + 2 * HOUR, 8 * DAY]]);
    const early = figures([deployInsight, throttleInsight, pessimistic]);
    const accurate = figures([deployInsight, throttleInsight, goodForecast]);
    expect(early.proactiveLeadDays!).toBeGreaterThan(accurate.proactiveLeadDays!); // lead alone would have preferred it
    expect(early.medianForecastErrorFirst!).toBeGreaterThan(0.7);
    expect(early.medianForecastErrorFirst!).toBeGreaterThan(accurate.medianForecastErrorFirst! * 5);
    expect(early.medianForecastErrorMedian!).toBeGreaterThan(accurate.medianForecastErrorMedian!);
  });

  it('flapping forecasts: the extra proactive insights count per label and against precision', () => {
    const flaps = [6, 7, 8].map((d) => forecast(`p-${d}`, d * DAY, [[d * DAY, 20 * DAY]]));
    const f = figures([deployInsight, throttleInsight, ...flaps]);
    expect(f.proactiveInsightsPerLabel).toBe(3);
    expect(f.precision).toBeCloseTo(3 / 5);
  });

  it('judges root cause per change: a sibling record is right, a decoy or a confident cause without one is wrong', () => {
    const decoy = { ...deployInsight, relevantEventIds: ['ct-decoy', 'd-1'] };
    const confident = { ...throttleInsight, relevantEventIds: ['d-0'], confidentCause: true };
    const s = scoreScenario(outcome([decoy, confident, goodForecast]));
    expect(s.labels[0]).toMatchObject({ rootCause: 'miss', hasCause: true });
    expect(s.labels[1]).toMatchObject({ rootCause: 'miss', hasCause: false });
    expect(summarise([s]).rootCauseTop1).toBe(0);
    const hedged = scoreScenario(outcome([{ ...deployInsight, relevantEventIds: ['d-1'] }, { ...confident, confidentCause: false }, goodForecast]));
    expect(summarise([hedged]).rootCauseTop1).toBe(1);
    // The grouping itself: d-1 and its UpdateAlias are one change; the decoy on catalog and d-0 are not.
    const changes = groupChanges(outcome([]).events!);
    expect(changes.get('ct-alias')).toBe(changes.get('d-1'));
    expect(changes.get('ct-decoy')).not.toBe(changes.get('d-1'));
    expect(changes.get('d-0')).not.toBe(changes.get('d-1'));
  });

  it('insights that touch a harmless label, or nothing, are false; precision and false rate cover incident-free scenarios', () => {
    const harmless = insight({ id: 'i-harmless', start: T + 5 * HOUR, end: T + 5 * HOUR + 10 * MIN, createdAt: T + 5 * HOUR + 10 * MIN, anomalies: [anomaly('catalog', T + 5 * HOUR, T + 5 * HOUR + 10 * MIN)] });
    const s = scoreScenario(outcome([deployInsight, throttleInsight, goodForecast, harmless]));
    expect(s.falseInsights).toHaveLength(1);
    const quiet = scoreScenario(outcome([{ ...harmless, id: 'quiet-1' }, { ...harmless, id: 'quiet-2' }], false));
    // 7 resources × (12 − 3) days = 9 resource-weeks per scenario.
    expect(quiet.resourceWeeks).toBeCloseTo(9);
    const f = summarise([s, quiet]);
    expect(f.precision).toBeCloseTo(3 / 6);
    expect(f.falseInsightsPerResourceWeek).toBeCloseTo(3 / 18);
    expect(f.scenarios).toBe(2);
  });

  it('the assignment is optimal: it matches the most labels, then the best overlaps', () => {
    // Insight 0 may satisfy labels 0 and 1, insight 1 only label 0: the optimum pairs 0–1 and 1–0.
    const m = assign(2, 2, [[{ label: 0, quality: 0.9 }, { label: 1, quality: 0.2 }], [{ label: 0, quality: 0.5 }]]);
    expect([...m.entries()].sort()).toEqual([[0, 1], [1, 0]]);
    // With equal counts, the higher summed overlap wins.
    const n = assign(2, 1, [[{ label: 0, quality: 0.3 }], [{ label: 0, quality: 0.8 }]]);
    expect(n.get(0)).toBe(1);
  });

  it('reports figures per family and with each family left out', () => {
    const a = { ...scoreScenario(outcome([deployInsight, throttleInsight, goodForecast])), family: 'a' };
    const b = { ...scoreScenario(outcome([], false)), family: 'b' };
    const { families, withoutFamily } = byFamily([a, b]);
    expect(Object.keys(families)).toEqual(['a', 'b']);
    expect(families.a!.recall).toBe(1);
    expect(families.b!.recall).toBeNull();
    expect(withoutFamily.a!.scenarios).toBe(1);
    expect(withoutFamily.b!.recall).toBe(1);
  });
});

describe('opsight bench scenarios', () => {
  const dir = mkdtempSync(join(tmpdir(), 'opsight-bench-scenarios-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs bundles read from --dir through the pipeline and prints the figures as JSON last', async () => {
    // Small bundles keep the test fast: a day of history, then three hours at 5-minute cycles.
    const start = Date.UTC(2026, 0, 6, 10);
    const incident = simulateShop({
      name: 'mini-config-change',
      seed: 5,
      start,
      end: start + DAY + 3 * HOUR,
      incidents: [{ kind: 'config-change', onset: start + DAY + HOUR, variant: 'env-cart' }],
      replay: { historyMs: DAY, stepMs: 5 * MIN },
    });
    const quiet = simulateShop({ name: 'mini-quiet', seed: 6, start, end: start + DAY + 6 * HOUR, replay: { historyMs: DAY, stepMs: HOUR } });
    mkdirSync(join(dir, 'nested'));
    writeFileSync(join(dir, 'a.json'), JSON.stringify(incident));
    writeFileSync(join(dir, 'nested', 'b.json'), JSON.stringify(quiet));
    writeFileSync(join(dir, 'notes.txt'), 'not a bundle');

    const io = captureIo();
    const code = await benchScenarios(['--dir', dir, '--json', '--concurrency', '1'], io);
    expect(code).toBe(0);
    // Exactly one JSON object on stdout, nothing else.
    expect(io.out_).toHaveLength(1);
    const report = JSON.parse(io.out_[0]!) as { figures: Record<string, unknown>; families: Record<string, unknown>; scenarios: Array<{ labels: LabelScore[] }> };
    const figures = report.figures;
    for (const k of ['recall', 'precision', 'rootCauseTop1', 'falseInsightsPerResourceWeek', 'insightsPerIncident', 'incidentsPerInsight', 'medianDurationErrorPeriods', 'medianForecastErrorMedian', 'proactiveInsightsPerLabel', 'medianDelayPeriods', 'detectedWithin1', 'detectedWithin2', 'detectedWithin6']) {
      expect(figures).toHaveProperty(k);
    }
    expect(figures.scenarios).toBe(2);
    // A cart that fails every request for half an hour is found by the pipeline.
    expect(figures.recall).toBe(1);
    expect(typeof figures.medianDelayPeriods).toBe('number');
    expect(typeof figures.falseInsightsPerResourceWeek).toBe('number');
    expect(figures.medianForecastErrorMedian).toBeNull();
    expect(Object.keys(report.families).sort()).toEqual(['config-change', 'incident-free']);
    expect(report.scenarios.flatMap((s) => s.labels.map((l) => l.kind))).toEqual(['config-change']);

    const text = captureIo();
    expect(await benchScenarios(['--dir', dir, '--only', 'b', '--concurrency', '1'], text)).toBe(0);
    expect(text.out_.some((l) => l.startsWith('incident-free'))).toBe(true);
    expect(text.out_).toContain('figures (target):');
  }, 120_000);

  it('a bundle written to JSON and read back replays to the same insights', async () => {
    const start = Date.UTC(2026, 0, 7, 9);
    const bundle = simulateShop({
      name: 'mini-bad-deploy',
      seed: 8,
      start,
      end: start + DAY + 2 * HOUR,
      incidents: [{ kind: 'bad-deployment', onset: start + DAY + 30 * MIN, variant: 'codedeploy', target: 'checkout' }],
      replay: { historyMs: DAY, stepMs: 5 * MIN },
    });
    const direct = await runScenario(bundle);
    const viaJson = await runScenario(parseBundle(JSON.parse(JSON.stringify(bundle))));
    const strip = (o: ScenarioOutcome) => ({ ...o, elapsedMs: 0 });
    expect(strip(viaJson)).toEqual(strip(direct));
    expect(direct.insights.length).toBeGreaterThan(0);
    const score = scoreScenario(direct);
    expect(score.labels[0]).toMatchObject({ detected: true, rootCause: 'hit' });
    expect(direct.events!.length).toBe(bundle.events.length);
  }, 120_000);

  it('is reachable as `bench scenarios` and rejects bad arguments', async () => {
    const io = captureIo();
    expect(await main(['bench', 'scenarios', '--bogus'], io)).toBe(2);
    expect(io.err_.join('\n')).toMatch(/unknown option --bogus/);
    const io2 = captureIo();
    expect(await main(['bench', 'scenarios', '--dir', join(dir, 'missing')], io2)).toBe(2);
    expect(io2.err_.join('\n')).toMatch(/not a directory/);
    const empty = mkdtempSync(join(tmpdir(), 'opsight-bench-empty-'));
    const io3 = captureIo();
    expect(await benchScenarios(['--dir', empty], io3)).toBe(1);
    rmSync(empty, { recursive: true, force: true });
    const io4 = captureIo();
    expect(await benchScenarios(['--concurrency', '0'], io4)).toBe(2);
    const io5 = captureIo();
    expect(await benchScenarios(['--suite', 'nope'], io5)).toBe(2);
    expect(io5.err_.join('\n')).toMatch(/--suite must be one of/);
    const io6 = captureIo();
    expect(await benchScenarios(['extra'], io6)).toBe(2);
  });
});
