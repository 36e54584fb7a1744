import { describe, expect, it } from 'vitest';
import type { Anomaly, Insight } from '../../src/core';
import { fmtDuration, fmtTime } from '../../src/web/app/format';
import { causalOf, chartGroups, insightTitle, localiseTimes, OPEN_CHARTS } from '../../src/web/app/insight-model';
import { matches, SORTS } from '../../src/web/app/list-view';
import { anomaly, insight } from '../api/fixtures';

const MIN = 60_000;
const T = Date.UTC(2026, 10, 6, 19, 35);

function member(id: string, metric: string, over: Partial<Anomaly> = {}): Anomaly {
  const a = anomaly(id, 'ins-1', T);
  return { ...a, seriesKey: `AWS/Lambda|${metric}|checkout`, series: { ...a.series, metricName: metric }, type: 'CONTEXTUAL', causalAnomalyId: 'cause', ...over };
}

describe('chartGroups', () => {
  // The causal anomaly is LOW; others are more severe, and two share a metric.
  const anomalies = [
    member('m1', 'Throttles', { severity: 'MEDIUM', score: 0.9 }),
    member('h1', 'Errors', { severity: 'HIGH', score: 0.8 }),
    member('cause', 'Invocations', { severity: 'LOW', type: 'CAUSAL', causalAnomalyId: undefined }),
    member('h2', 'Duration', { severity: 'HIGH', score: 0.95 }),
    member('h1b', 'Errors', { severity: 'MEDIUM', timeRange: { start: T + 60 * MIN, end: T + 70 * MIN }, evidence: [{ t: T + 60 * MIN, v: 9, expected: 1, lower: 0, upper: 2, score: 0.9 }] }),
    member('l1', 'Latency', { severity: 'LOW' }),
  ];
  const groups = chartGroups(anomalies);

  it('puts the causal anomaly first, then the others by severity and score', () => {
    expect(causalOf(anomalies)!.id).toBe('cause');
    expect(groups.map((g) => g.anomaly.id)).toEqual(['cause', 'h2', 'h1', 'm1', 'l1']);
    expect(groups.map((g) => g.causal)).toEqual([true, false, false, false, false]);
  });

  it('draws one chart per metric: anomalies of one series share it, evidence and span merged', () => {
    const errors = groups.find((g) => g.key.includes('Errors'))!;
    expect(errors.members.map((m) => m.id)).toEqual(['h1', 'h1b']);
    expect(errors.anomaly.timeRange).toEqual({ start: T, end: T + 70 * MIN });
    expect(errors.anomaly.evidence.map((p) => p.t)).toEqual([T, T + 5 * MIN, T + 10 * MIN, T + 15 * MIN, T + 60 * MIN]);
    expect(new Set(groups.map((g) => g.key)).size).toBe(groups.length);
    expect(OPEN_CHARTS).toBe(4);
  });

  it('keeps a merged span open while any member is ongoing', () => {
    const g = chartGroups([member('a', 'Errors'), member('b', 'Errors', { timeRange: { start: T + 30 * MIN } })]);
    expect(g[0]!.anomaly.timeRange).toEqual({ start: T });
  });
});

describe('insightTitle', () => {
  const DAY = 86_400_000;
  const proactive: Insight = insight('pin-1', { type: 'PROACTIVE', name: 'Memory on search-2 predicted to run out in 13.1 days' });
  const forecastAnomaly = (reportedAt: number, predictedAt: number): Anomaly => ({
    ...anomaly('pan-1', 'pin-1', T),
    reportedAt,
    forecast: { limit: 100, perDay: 3, predictedAt, asOf: reportedAt },
  });

  it("recomputes a proactive title's lead from the latest forecast", () => {
    expect(insightTitle(proactive, [forecastAnomaly(T, T + 11 * DAY)])).toBe('Memory on search-2 predicted to run out in 11 days');
    expect(insightTitle(proactive, [forecastAnomaly(T, T + 30 * 3_600_000)])).toBe('Memory on search-2 predicted to run out in 30 h');
  });

  it('leaves reactive titles, and proactive ones without a forecast, as stored', () => {
    expect(insightTitle(insight('ins-1', { name: 'Errors increased in 3 days' }), [forecastAnomaly(T, T + DAY)])).toBe('Errors increased in 3 days');
    expect(insightTitle(proactive, [anomaly('a', 'pin-1', T)])).toBe(proactive.name);
  });
});

describe('localiseTimes', () => {
  it('restates ISO and "UTC" times of API texts in the page format', () => {
    const t = Date.UTC(2026, 10, 6, 19, 35);
    expect(localiseTimes('from 2026-11-06T19:35Z. Related: x')).toBe(`from ${fmtTime(t)}. Related: x`);
    expect(localiseTimes('around 2026-11-06 19:35 UTC.')).toBe(`around ${fmtTime(t)}.`);
    expect(localiseTimes('no time here, 5 min before onset')).toBe('no time here, 5 min before onset');
  });

  it('formats durations humanely', () => {
    expect(fmtDuration(45 * MIN)).toBe('45 min');
    expect(fmtDuration(72 * MIN)).toBe('1.2 h');
    expect(fmtDuration(3 * 86_400_000)).toBe('3 days');
  });
});

describe('insight list search and sort', () => {
  const a = insight('a', { name: 'Errors increased on Lambda function checkout', severity: 'LOW', timeRange: { start: T, end: T + 10 * MIN } });
  const b = insight('b', { name: 'Throttles increased on DynamoDB table orders', rootCause: 'Likely cause: deployment of checkout', severity: 'HIGH', timeRange: { start: T + 60 * MIN, end: T + 65 * MIN } });
  const c = insight('c', { name: 'Memory predicted to run out', severity: 'MEDIUM', status: 'ONGOING', timeRange: { start: T - 60 * MIN } });

  it('finds insights holding every word of the query, in any field and case', () => {
    expect([a, b, c].filter((i) => matches(i, 'CHECKOUT')).map((i) => i.id)).toEqual(['a', 'b']);
    expect([a, b, c].filter((i) => matches(i, 'checkout throttles')).map((i) => i.id)).toEqual(['b']);
    expect([a, b, c].filter((i) => matches(i, '  ')).map((i) => i.id)).toEqual(['a', 'b', 'c']);
  });

  it('sorts newest, oldest, by severity and longest first (ongoing longest)', () => {
    const order = (key: string) => [a, b, c].sort(SORTS.find(([k]) => k === key)![2]).map((i) => i.id);
    expect(order('newest')).toEqual(['b', 'a', 'c']);
    expect(order('oldest')).toEqual(['c', 'a', 'b']);
    expect(order('severity')).toEqual(['b', 'c', 'a']);
    expect(order('duration')).toEqual(['c', 'a', 'b']);
  });
});
