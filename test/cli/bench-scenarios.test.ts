import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScenario, scoreScenario, summarise, touches, type InsightOutcome, type ScenarioOutcome } from '../../src/cli/bench/scenarios';
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

function insight(over: Partial<InsightOutcome> & Pick<InsightOutcome, 'id' | 'createdAt' | 'start'>): InsightOutcome {
  return { name: over.id, type: 'REACTIVE', collection: api, relevantEventIds: [], anomalyCount: 1, anomalies: [], ...over };
}

/** A labelled outcome: a bad deployment of checkout at T (cause d-1), a memory leak on i-1, a harmless spike on catalog. */
function outcome(insights: InsightOutcome[], labelled = true): ScenarioOutcome {
  const T = 10 * DAY;
  return {
    name: 'synthetic',
    start: 0,
    end: 12 * DAY,
    historyMs: 3 * DAY,
    stepMs: 5 * MIN,
    cycles: 0,
    labels: labelled
      ? [
          { kind: 'bad-deployment', start: T, end: T + HOUR, resourceId: 'checkout', expect: 'REACTIVE', causeEventId: 'd-1', affectedResourceIds: ['shop-api'] },
          { kind: 'memory-leak', start: 4 * DAY, end: 20 * DAY, resourceId: 'i-1', expect: 'PROACTIVE', exhaustionAt: 20 * DAY },
          { kind: 'harmless-spike', start: T + 5 * HOUR, end: T + 5 * HOUR + 10 * MIN, resourceId: 'catalog', expect: 'HARMLESS', affectedResourceIds: ['shop-api'] },
        ]
      : [],
    collections: { checkout: api, catalog: api, 'shop-api': api, 'i-1': data, 'i-2': data },
    periodMs: { checkout: 5 * MIN, catalog: 5 * MIN, 'shop-api': 5 * MIN, 'i-1': 5 * MIN, 'i-2': 5 * MIN },
    resourceCount: 7,
    insights,
    elapsedMs: 0,
  };
}

describe('scenario benchmark scoring', () => {
  const T = 10 * DAY;
  const good = insight({
    id: 'i-good',
    start: T,
    end: T + HOUR,
    createdAt: T + 10 * MIN,
    relevantEventIds: ['d-1', 'd-0'],
    anomalyCount: 3,
    anomalies: [
      { resourceId: 'checkout', metric: 'Errors', start: T, reportedAt: T + 10 * MIN },
      { resourceId: 'shop-api', metric: '5XXError', start: T, reportedAt: T + 10 * MIN },
    ],
  });
  const proactive = insight({ id: 'p-1', type: 'PROACTIVE', collection: data, start: 6 * DAY, createdAt: 6 * DAY, anomalyCount: 0 });
  const harmless = insight({ id: 'i-harmless', start: T + 5 * HOUR, end: T + 5 * HOUR + 10 * MIN, createdAt: T + 5 * HOUR + 10 * MIN, anomalies: [{ resourceId: 'catalog', metric: 'Duration', start: T + 5 * HOUR, reportedAt: T + 5 * HOUR + 10 * MIN }] });
  const elsewhere = insight({ id: 'i-else', collection: data, start: 5 * DAY, end: 5 * DAY + HOUR, createdAt: 5 * DAY, anomalies: [{ resourceId: 'i-2', metric: 'CPUUtilization', start: 5 * DAY, reportedAt: 5 * DAY }] });

  it('matches by collection, anomaly resource and time with the documented tolerances', () => {
    const o = outcome([]);
    const [deploy, leak] = o.labels;
    expect(touches(good, deploy!, o)).toBe(true);
    // 15 minutes before onset still counts; 16 does not.
    expect(touches({ ...good, start: T - 40 * MIN, end: T - 15 * MIN }, deploy!, o)).toBe(true);
    expect(touches({ ...good, start: T - 40 * MIN, end: T - 16 * MIN }, deploy!, o)).toBe(false);
    // Right time, wrong resource (an anomaly on nothing the label names).
    expect(touches({ ...good, anomalies: [{ resourceId: 'catalog', metric: 'Errors', start: T, reportedAt: T }] }, deploy!, o)).toBe(false);
    // Right time, wrong collection.
    expect(touches({ ...good, collection: data }, deploy!, o)).toBe(false);
    expect(touches(proactive, leak!, o)).toBe(true);
    expect(touches(elsewhere, leak!, o)).toBe(false);
  });

  it('computes recall, precision, root cause, delay, lead and anomalies per insight', () => {
    const s = scoreScenario(outcome([good, proactive, harmless, elsewhere]));
    const byKind = Object.fromEntries(s.labels.map((l) => [l.kind, l]));
    expect(byKind['bad-deployment']).toMatchObject({ detected: true, delayPeriods: 2, rootCause: 'hit' });
    expect(byKind['memory-leak']).toMatchObject({ detected: true, leadDays: 14 });
    expect(byKind['harmless-spike']!.touchedBy).toEqual(['i-harmless']);
    expect(s.correctInsights).toBe(2);
    expect(s.falseInsights).toHaveLength(2);
    const f = summarise([s]);
    expect(f).toEqual({
      recall: 1,
      precision: 0.5,
      rootCauseTop1: 1,
      medianDelayPeriods: 2,
      anomaliesPerInsight: (3 + 0 + 1 + 1) / 4,
      proactiveLeadDays: 14,
      falseInsightsPerResourceWeek: null,
      scenarios: 1,
    });
  });

  it('a reactive insight does not detect a proactive label, and a wrong first event is a root-cause miss', () => {
    const reactiveOnLeak = insight({ id: 'r-leak', collection: data, start: 6 * DAY, createdAt: 6 * DAY, anomalies: [{ resourceId: 'i-1', metric: 'mem_used_percent', start: 6 * DAY, reportedAt: 6 * DAY }] });
    const s = scoreScenario(outcome([{ ...good, relevantEventIds: ['d-0', 'd-1'] }, reactiveOnLeak]));
    const f = summarise([s]);
    expect(f.recall).toBe(0.5);
    expect(f.precision).toBe(1);
    expect(f.rootCauseTop1).toBe(0);
    expect(f.proactiveLeadDays).toBeNull();
  });

  it('counts false insights per resource-week on incident-free scenarios only', () => {
    const quiet = scoreScenario(outcome([elsewhere], false));
    // 7 resources × (12 − 3) days = 9 resource-weeks; one insight.
    expect(quiet.resourceWeeks).toBeCloseTo(9);
    const f = summarise([quiet, scoreScenario(outcome([good, proactive]))]);
    expect(f.falseInsightsPerResourceWeek).toBeCloseTo(1 / 9);
    expect(f.precision).toBe(1);
    expect(f.scenarios).toBe(2);
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
    const last = io.out_[io.out_.length - 1]!;
    const figures = JSON.parse(last) as Record<string, unknown>;
    expect(Object.keys(figures).sort()).toEqual(
      ['anomaliesPerInsight', 'falseInsightsPerResourceWeek', 'medianDelayPeriods', 'precision', 'proactiveLeadDays', 'recall', 'rootCauseTop1', 'scenarios'].sort(),
    );
    expect(figures.scenarios).toBe(2);
    // A cart that fails every request for half an hour is found by the pipeline.
    expect(figures.recall).toBe(1);
    expect(typeof figures.medianDelayPeriods).toBe('number');
    expect(typeof figures.falseInsightsPerResourceWeek).toBe('number');
    expect(figures.proactiveLeadDays).toBeNull();
    expect(io.out_.some((l) => l.startsWith('config-change'))).toBe(true);
    expect(io.out_.some((l) => l.startsWith('incident-free'))).toBe(true);
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
  });
});
