import { describe, expect, it } from 'vitest';
import { seriesKey, type Anomaly, type Series } from '../../../src/core';
import { trackPoint, type TrackerContext } from '../../../src/core/pipeline/anomaly-tracker';
import { decodeLevels, encodeLevels, gradualRecovery, trackGradual, watchesGradually, type GradualState } from '../../../src/core/pipeline/gradual';

const PERIOD = 300_000;
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const START = Date.UTC(2026, 2, 2);
const series: Series = { namespace: 'AWS/Lambda', metricName: 'Duration', dimensions: { FunctionName: 'catalog' }, stat: 'p90', periodSeconds: 300, unit: 'Milliseconds', kind: 'latency' };
const resource = { id: 'catalog', type: 'AWS::Lambda::Function', name: 'catalog', tags: {}, series: [series] };
const ctx = (now: number): TrackerContext => ({ series, seriesKey: seriesKey(series), resource, collection: { type: 'STACK', name: 'shop-api' }, now });
const cfg = { newNormalAfterMs: 12 * HOUR };

/** Deterministic noise in [-1, 1). */
function noise(seed: number): () => number {
  let x = seed >>> 0;
  return () => {
    x = (Math.imul(x, 1_664_525) + 1_013_904_223) >>> 0;
    return x / 2 ** 31 - 1;
  };
}

/** p90 duration with a daily rhythm and ±15 % noise, times `factor(t)`. */
function latencyAt(t: number, r: () => number, factor: (t: number) => number): number {
  const hourOfDay = (t % DAY) / HOUR;
  return 100 * (1 + 0.4 * Math.sin((2 * Math.PI * hourOfDay) / 24)) * (1 + 0.15 * r()) * factor(t);
}

/** Feeds `days` days (the first `historyDays` as history) and returns every version of every gradual anomaly, latest last. */
function run(days: number, historyDays: number, factor: (t: number) => number, pointSince: (t: number) => number | undefined = () => undefined): { versions: Anomaly[]; state: GradualState | undefined } {
  const r = noise(7);
  let state: GradualState | undefined;
  const versions: Anomaly[] = [];
  for (let t = START; t < START + days * DAY; t += PERIOD) {
    const live = t >= START + historyDays * DAY;
    const out = trackGradual(state, t, latencyAt(t, r, factor), live, cfg, ctx(t), pointSince(t));
    state = out.state;
    if (out.changed) versions.push(out.changed);
  }
  return { versions, state };
}

const latest = (versions: readonly Anomaly[]): Anomaly[] => [...new Map(versions.map((a) => [a.id, a])).values()];

describe('gradual degradation of latency', () => {
  it('watches response latency only', () => {
    expect(watchesGradually(series)).toBe(true);
    expect(watchesGradually({ ...series, metricName: 'ApproximateAgeOfOldestMessage' })).toBe(false);
    expect(watchesGradually({ ...series, metricName: 'Errors', kind: 'count' })).toBe(false);
  });

  it('finds a ×3 creep over 2.5 days that a following band absorbs, and closes within the hour after the fix', () => {
    const from = START + 4 * DAY;
    const ramp = 2.5 * DAY;
    const fix = from + ramp + 4 * HOUR;
    const factor = (t: number) => (t < from || t >= fix ? 1 : 1 + 2 * Math.min(1, (t - from) / ramp));
    // The detector's blips of ten minutes every seven hours do not hold it back.
    const blips = (t: number) => (t % (7 * HOUR) < 10 * 60_000 ? t - (t % (7 * HOUR)) : undefined);
    const anomalies = latest(run(9, 3, factor, blips).versions);
    expect(anomalies).toHaveLength(1);
    const a = anomalies[0]!;
    expect(a.gradual).toBe(true);
    expect(a.direction).toBe('ABOVE');
    // Open once the slowdown is material (×1.5 is reached a quarter into the ramp), not before the creep began.
    expect(a.timeRange.start).toBeGreaterThanOrEqual(from);
    expect(a.reportedAt).toBeLessThan(from + 0.5 * ramp);
    // Expected is the ordinary level at those hours; the peak is about three times it.
    expect(a.observed / a.expected).toBeGreaterThan(2.4);
    expect(a.closeReason).toBe('RECOVERED');
    expect(a.timeRange.end!).toBeGreaterThan(fix);
    expect(a.timeRange.end! - fix).toBeLessThanOrEqual(2 * HOUR);
  });

  it('ignores ordinary days and a three-hour burst that doubles latency (the detector reads bursts)', () => {
    const burst = START + 6 * DAY + 10 * HOUR;
    const anomalies = latest(run(10, 3, (t) => (t >= burst && t < burst + 3 * HOUR ? 2 : 1)).versions);
    expect(anomalies).toHaveLength(0);
  });

  it('closes a lasting shift that stopped getting worse as the new normal, and does not reopen for it', () => {
    const step = START + 5 * DAY;
    const anomalies = latest(run(12, 3, (t) => (t >= step ? 2 : 1)).versions);
    expect(anomalies).toHaveLength(1);
    const a = anomalies[0]!;
    expect(a.closeReason).toBe('NEW_NORMAL');
    // Twelve hours after its worst level (reached within the first window), not days later.
    expect(a.timeRange.end! - a.timeRange.start).toBeLessThan(20 * HOUR);
  });

  it('leaves a step the detector reports to the detector', () => {
    const step = START + 5 * DAY;
    const end = step + 5 * HOUR;
    // The detector's anomaly is open for the five hours of the regression; its blips elsewhere (ten minutes) do not count.
    const anomalies = latest(run(8, 3, (t) => (t >= step && t < end ? 2 : 1), (t) => (t >= step && t < end ? step : t % (7 * HOUR) < 10 * 60_000 ? t - (t % (7 * HOUR)) : undefined)).versions);
    expect(anomalies).toHaveLength(0);
  });

  it('opens nothing while the detector has the rise open, even before it has lasted an hour', () => {
    const step = START + 5 * DAY + 10 * HOUR + 5 * 60_000;
    // A database locked for two hours: ×20, the detector's anomaly open from the first period.
    const anomalies = latest(run(8, 3, (t) => (t >= step && t < step + 2 * HOUR ? 20 : 1), (t) => (t >= step && t < step + 2 * HOUR + 15 * 60_000 ? step : undefined)).versions);
    expect(anomalies).toHaveLength(0);
  });

  it('keeps its memory bounded and stores hourly levels to the hundredth as small deltas', () => {
    const { state } = run(20, 3, () => 1);
    expect(state!.levels.length).toBe(7 * 24 + 6);
    const values = decodeLevels(state!.levels);
    // Levels of a ~100 ms series (log ≈ 4.6), each change from the previous hour small.
    for (const x of values) expect(x === null || (x > 4 && x < 5.2)).toBe(true);
    expect(Math.max(...state!.levels.slice(1).map((d) => Math.abs(d ?? 0)))).toBeLessThan(30);
    expect(decodeLevels(encodeLevels([4.61, null, 4.58, 5.2]))).toEqual([4.61, null, 4.58, 5.2]);
  });

  it('reads the fall back to the old level as the end of the degradation, not as a drop', () => {
    const from = START + 4 * DAY;
    const fix = from + 2 * DAY;
    const r = noise(11);
    let state: GradualState | undefined;
    for (let t = START; t < fix; t += PERIOD) state = trackGradual(state, t, latencyAt(t, r, (x) => (x < from ? 1 : 1 + 2 * Math.min(1, (x - from) / (2 * DAY)))), t >= START + 3 * DAY, cfg, ctx(t)).state;
    expect(state!.open).toBeDefined();
    const during = gradualRecovery(state, fix)!;
    // A detector that followed the creep sees the old level (≈100 ms) as far below its band.
    const result = { score: 0.99, expected: 300, lower: 260, upper: 340, direction: 'BELOW' as const };
    const tracker = { threshold: 0.9, closeAfterPoints: 3, newNormalAfterMs: 12 * HOUR };
    expect(trackPoint(undefined, fix, 100, result, tracker, ctx(fix), during).open).toBeUndefined();
    // Far below the old level it is still a drop.
    expect(trackPoint(undefined, fix, 20, result, tracker, ctx(fix), gradualRecovery(state, fix)).open).toBeDefined();
  });
});
