import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Anomaly } from '../../../src/core';
import type { Detector, DetectionResult } from '../../../src/core/detect/types';
import { startEmbeddedStore, type EmbeddedStore } from '../../../src/local/embedded-dynamo';
import { MemoryNotifier } from '../../../src/local/notifier';
import { replayScenario } from '../../../src/local/replay-run';
import { parseBundle } from '../../../src/local/scenario/bundle';

const PERIOD_MS = 300_000;
const DAY = 86_400_000;
const START = Date.UTC(2026, 10, 16);
const ONSET = START + 3 * DAY + 12 * 3_600_000;
const END = ONSET + 3 * 3_600_000;

/** 5XXError near 10 for three days, 3,400 for three hours, then back near 10 (a recovery). */
function recoveryBundle() {
  const n = (4 * DAY) / PERIOD_MS;
  const values: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = START + i * PERIOD_MS;
    const noise = ((i * 7919) % 11) - 5;
    values.push(t >= ONSET && t < END ? 3400 + noise * 20 : 10 + noise);
  }
  return parseBundle({
    name: 'api-5xx-recovery',
    start: START,
    end: START + n * PERIOD_MS,
    resources: [{ id: 'shop-api', type: 'AWS::ApiGateway::RestApi', name: 'shop-api', stack: 'shop-api', tags: {} }],
    series: [
      { resourceId: 'shop-api', namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: { ApiName: 'shop-api' }, stat: 'Sum', periodSeconds: 300, unit: 'Count', kind: 'count', values },
    ],
  });
}

/**
 * A detector whose forecast follows the values quickly (half the gap each period), as any
 * forecast does once an incident has dragged it along: it accepts 3,400 as normal within a few
 * periods, then calls the return to 10 a deviation.
 */
interface TrailingState {
  readonly version: 1;
  level: number | null;
}
const trailing: Detector<TrailingState> = {
  name: 'trailing-test',
  threshold: 0.9,
  init: () => ({ version: 1, level: null }),
  warmStart(state, points) {
    let s = state;
    for (const p of points) s = trailing.update(s, p.t, p.v).state;
    return s;
  },
  update(state, _t, v) {
    const level = state.level ?? v;
    const half = Math.max(15, Math.abs(level) * 0.1);
    const lower = level - half;
    const upper = level + half;
    const direction = v > upper ? 'ABOVE' : v < lower ? 'BELOW' : 'NONE';
    const result: DetectionResult = { score: direction === 'NONE' ? 0.1 : 0.99, expected: level, lower, upper, direction };
    return { state: { version: 1, level: level + 0.5 * (v - level) }, result };
  },
};

describe('a recovery through the pipeline', () => {
  let emb: EmbeddedStore;
  beforeEach(async () => {
    emb = await startEmbeddedStore();
  });
  afterEach(async () => {
    await emb.close();
  });

  it('5XXError falling from 3,400 back to 10 opens no new anomaly, and no anomaly rises to a value inside its band', async () => {
    const bundle = recoveryBundle();
    await replayScenario(bundle, emb.store, new MemoryNotifier(), { historyMs: 2 * DAY });
    const insights = (await emb.store.listInsights({ limit: 100 })).items;
    const anomalies: Anomaly[] = [];
    for (const i of insights) anomalies.push(...(await emb.store.getAnomalies(i.anomalyIds)));
    expect(anomalies.length).toBeGreaterThan(0);
    expect(anomalies.some((a) => a.timeRange.start >= ONSET && a.timeRange.start < END && a.direction === 'ABOVE')).toBe(true);
    for (const a of anomalies) {
      // Every anomaly starts during the incident, departs upward and reports a peak outside its band.
      expect(a.timeRange.start, `anomaly ${a.id} observed ${a.observed}`).toBeGreaterThanOrEqual(ONSET);
      expect(a.timeRange.start, `anomaly ${a.id} observed ${a.observed}`).toBeLessThan(END);
      expect(a.direction).toBe('ABOVE');
      expect(a.observed).toBeGreaterThan(a.upper);
    }
    for (const i of insights) expect(i.description).not.toMatch(/increased to \d{1,2}(?![\d,.])/);
  }, 120_000);

  it('with a forecast dragged along by the incident, the return to 10 is not reported as a new anomaly', async () => {
    const bundle = recoveryBundle();
    // Every anomaly the pipeline writes, in an insight or not (latest version of each).
    const written = new Map<string, Anomaly>();
    const store = new Proxy(emb.store, {
      get(target, prop) {
        if (prop === 'putAnomalies') {
          return async (list: readonly Anomaly[]) => {
            for (const a of list) written.set(a.id, a);
            await target.putAnomalies(list);
          };
        }
        const value = Reflect.get(target, prop, target) as unknown;
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
    await replayScenario(bundle, store, new MemoryNotifier(), { historyMs: 2 * DAY, detector: trailing });
    const insights = (await emb.store.listInsights({ limit: 100 })).items;
    const anomalies = [...written.values()];
    // The incident opens one anomaly (which closes once the forecast has caught up with it) …
    expect(anomalies.filter((a) => a.timeRange.start === ONSET)).toHaveLength(1);
    // … and nothing opens when the value falls back to 10 at END, nor after.
    for (const a of anomalies) {
      const label = `anomaly ${a.direction} ${a.observed} at ${new Date(a.timeRange.start).toISOString()}`;
      expect(a.timeRange.start, label).toBeGreaterThanOrEqual(ONSET);
      expect(a.timeRange.start, label).toBeLessThan(END);
      expect(a.direction).toBe('ABOVE');
      expect(a.observed).toBeGreaterThan(a.upper);
    }
    for (const i of insights) expect(i.description).not.toMatch(/(dropped|increased) to \d{1,2}(?![\d,.])/);
  }, 120_000);
});
