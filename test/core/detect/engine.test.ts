import { describe, expect, it } from 'vitest';
import { createStreamingDetector, defaultDetector, STREAM_STATE_VERSION, streamingDetector, type StreamState } from '../../../src/core/detect';
import type { DetectionResult, SeriesMeta } from '../../../src/core/detect/types';
import { seededRandom } from '../../../src/local/random';

/** Uniform in [0, 1), seeded (src/local/random.ts). */
const prng = (seed: number): (() => number) => seededRandom(seed).next;
/** Standard normal draws by Box-Muller on the seeded source. */
function gauss(rand: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand());
}

const STEP = 300_000; // 5 minutes in ms
const T0 = Date.UTC(2024, 0, 1); // a Monday, midnight UTC
const DAY = 288; // 5-minute steps per day
const META: SeriesMeta = { kind: 'generic', periodSeconds: 300 };
const det = streamingDetector;

function run(values: number[], times?: number[], state?: StreamState): { results: DetectionResult[]; state: StreamState } {
  let s = state ?? det.init(META);
  const results: DetectionResult[] = [];
  for (let i = 0; i < values.length; i++) {
    const r = det.update(s, times ? times[i]! : T0 + i * STEP, values[i]!);
    s = r.state;
    results.push(r.result);
  }
  return { results, state: s };
}

function noisy(n: number, seed: number, level = 50, sd = 1): number[] {
  const g = gauss(prng(seed));
  return Array.from({ length: n }, () => level + sd * g());
}

function seasonal(n: number, seed: number, sd = 1, offset = 0): number[] {
  const g = gauss(prng(seed));
  return Array.from({ length: n }, (_, i) => 50 + 20 * Math.sin((2 * Math.PI * (i + offset)) / DAY) + sd * g());
}

const firstAlarm = (rs: DetectionResult[], from: number, to: number): number => {
  for (let i = from; i < Math.min(to, rs.length); i++) if (rs[i]!.score >= det.threshold) return i;
  return -1;
};
const maxScore = (rs: DetectionResult[], from: number, to = rs.length): number => Math.max(...rs.slice(from, to).map((r) => r.score));

describe('streaming detector: anomaly kinds', () => {
  it('is the default detector', () => {
    expect(defaultDetector).toBe(streamingDetector);
    expect(defaultDetector.name).toBe('opsight');
  });

  it('detects a spike above the band and says ABOVE', () => {
    const v = noisy(3 * DAY, 1);
    v[2 * DAY] = 62;
    const { results } = run(v);
    const r = results[2 * DAY]!;
    expect(r.score).toBeGreaterThanOrEqual(det.threshold);
    expect(r.direction).toBe('ABOVE');
    expect(r.upper).toBeLessThan(62);
    expect(Math.abs(r.expected - 50)).toBeLessThan(1);
  });

  it('detects a dip below the band and says BELOW', () => {
    const v = noisy(3 * DAY, 2);
    v[2 * DAY] = 38;
    const { results } = run(v);
    expect(results[2 * DAY]!.score).toBeGreaterThanOrEqual(det.threshold);
    expect(results[2 * DAY]!.direction).toBe('BELOW');
  });

  it('detects an upward level shift within an hour, then settles on the new level', () => {
    const v = noisy(5 * DAY, 3).map((x, i) => (i >= 2 * DAY ? x + 8 : x));
    const { results } = run(v);
    const at = firstAlarm(results, 2 * DAY, 2 * DAY + 12);
    expect(at).toBeGreaterThanOrEqual(2 * DAY);
    expect(results[at]!.direction).toBe('ABOVE');
    // A day later the new level is the expectation and the alarms have stopped.
    expect(Math.abs(results[4 * DAY]!.expected - 58)).toBeLessThan(1.5);
    expect(maxScore(results, 3 * DAY)).toBeLessThan(det.threshold);
  });

  it('detects a downward level shift with direction BELOW', () => {
    const v = noisy(4 * DAY, 4).map((x, i) => (i >= 2 * DAY ? x - 8 : x));
    const { results } = run(v);
    const at = firstAlarm(results, 2 * DAY, 2 * DAY + 12);
    expect(at).toBeGreaterThanOrEqual(2 * DAY);
    expect(results[at]!.direction).toBe('BELOW');
  });

  it('detects a flatline in a series that never repeats itself', () => {
    const v = noisy(3 * DAY, 5);
    for (let i = 2 * DAY; i < 2 * DAY + 36; i++) v[i] = 50;
    const { results } = run(v);
    expect(firstAlarm(results, 2 * DAY, 2 * DAY + 36)).toBeGreaterThan(0);
    expect(maxScore(results, DAY, 2 * DAY)).toBeLessThan(det.threshold);
  });

  it('detects a variance increase', () => {
    const g = gauss(prng(6));
    const v = Array.from({ length: 3 * DAY }, (_, i) => 50 + (i >= 2 * DAY ? 6 : 1) * g());
    const { results } = run(v);
    expect(firstAlarm(results, 2 * DAY, 2 * DAY + 48)).toBeGreaterThan(0);
  });

  it('raises no alarm on a clean daily-seasonal series once a day has been seen', () => {
    const v = seasonal(14 * DAY, 7);
    const { results } = run(v);
    expect(maxScore(results, DAY)).toBeLessThan(det.threshold);
    // The seasonal expert is in charge: the expectation follows the daily curve.
    const i = 10 * DAY + 72; // 06:00, the crest of the sine
    expect(Math.abs(results[i]!.expected - 70)).toBeLessThan(3);
  });

  it('catches a missing daily peak on a seasonal series (value normal for the day, wrong for the hour)', () => {
    const v = seasonal(10 * DAY, 8);
    for (let i = 8 * DAY + 40; i < 8 * DAY + 110; i++) v[i] = 50 + gauss(prng(i))(); // the crest never comes
    const { results } = run(v);
    const at = firstAlarm(results, 8 * DAY + 40, 8 * DAY + 110);
    expect(at).toBeGreaterThan(0);
    expect(results[at]!.direction).toBe('BELOW');
  });

  it('weighs a never-seen transition between familiar values (context) above the familiar pattern', () => {
    // A regular spike train: 0 with an isolated 20 every 7 steps. Both values are old news;
    // two spikes in a row (20 -> 20) is a transition the series has never made.
    const v = Array.from({ length: 4 * DAY }, (_, i) => (i % 7 === 0 ? 20 : 0));
    const at = Math.ceil((3 * DAY) / 7) * 7 + 70; // a spike of the train
    v[at + 1] = 20;
    const { results } = run(v);
    const familiar = maxScore(results, DAY, at);
    expect(familiar).toBeLessThan(det.threshold);
    expect(maxScore(results, at, at + 3)).toBeGreaterThan(2 * familiar);
    const blind = createStreamingDetector({ ctxWeight: 0 });
    let s = blind.init(META);
    let without = 0;
    for (let i = 0; i < at + 3; i++) {
      const r = blind.update(s, T0 + i * STEP, v[i]!);
      s = r.state;
      if (i >= at) without = Math.max(without, r.result.score);
    }
    expect(maxScore(results, at, at + 3)).toBeGreaterThan(without);
  });

  it('reports a dip that follows a spike: suppression does not swallow a deviation on the other side', () => {
    const v = noisy(3 * DAY, 18);
    v[2 * DAY] = 65;
    for (let i = 2 * DAY + 10; i < 2 * DAY + 40; i++) v[i] = v[i]! - 10;
    const { results } = run(v);
    expect(results[2 * DAY]!.score).toBeGreaterThanOrEqual(det.threshold);
    const dip = firstAlarm(results, 2 * DAY + 10, 2 * DAY + 22);
    expect(dip).toBeGreaterThanOrEqual(2 * DAY + 10);
    expect(results[dip]!.direction).toBe('BELOW');
  });

  it('keeps the band inside the domain of a percentage', () => {
    let s = det.init({ kind: 'percent', periodSeconds: 300 });
    const v = noisy(DAY, 9, 1, 2).map((x) => Math.max(0, x));
    let last: DetectionResult | undefined;
    for (let i = 0; i < v.length; i++) {
      const r = det.update(s, T0 + i * STEP, v[i]!);
      s = r.state;
      last = r.result;
    }
    expect(last!.lower).toBeGreaterThanOrEqual(0);
    expect(last!.upper).toBeLessThanOrEqual(100);
  });
});

describe('streaming detector: contract', () => {
  it('is causal: appending future points never changes past outputs', () => {
    const base = noisy(2 * DAY, 10);
    const a = run(base).results;
    const longer = base.concat([500, -500, ...noisy(DAY, 11)]);
    const b = run(longer).results.slice(0, base.length);
    expect(b).toEqual(a);
  });

  it('keeps state under 2 KB of JSON with a version field, and round-trips exactly', () => {
    const v = seasonal(8 * DAY, 12, 3);
    v[5 * DAY] = 400;
    const { state } = run(v.slice(0, 6 * DAY));
    const json = JSON.stringify(state);
    expect(json.length).toBeLessThanOrEqual(2048);
    expect(JSON.parse(json).version).toBe(STREAM_STATE_VERSION);
    const copy = JSON.parse(json) as StreamState;
    const tail = v.slice(6 * DAY);
    const times = tail.map((_, i) => T0 + (6 * DAY + i) * STEP);
    expect(run(tail, times, copy).results).toEqual(run(tail, times, state).results);
  });

  it('keeps state under 2 KB on awkward data (huge, tiny, negative values)', () => {
    const rand = prng(13);
    const v = Array.from({ length: 3 * DAY }, (_, i) => (i % 7 === 0 ? -1e-300 : 1.2345678901234e15 * rand()));
    expect(JSON.stringify(run(v).state).length).toBeLessThanOrEqual(2048);
  });

  it('handles gaps and irregular timestamps without false alarms, and still sees a spike after a gap', () => {
    const rand = prng(14);
    const g = gauss(rand);
    const times: number[] = [];
    const values: number[] = [];
    let t = T0;
    for (let i = 0; i < 4 * DAY; i++) {
      t += STEP * (0.6 + 0.8 * rand()); // jittered sampling
      if (i === 2 * DAY) t += 6 * 3_600_000; // a six-hour hole
      times.push(t);
      values.push(50 + g());
    }
    const spikeAt = 3 * DAY;
    values[spikeAt] = 65;
    const { results } = run(values, times);
    for (const r of results) expect(Number.isFinite(r.score) && Number.isFinite(r.expected)).toBe(true);
    expect(maxScore(results, 50, spikeAt)).toBeLessThan(det.threshold);
    expect(results[spikeAt]!.score).toBeGreaterThanOrEqual(det.threshold);
  });

  it('treats a non-finite value as a gap: score 0, state unchanged', () => {
    const { state } = run(noisy(DAY, 15));
    const before = JSON.stringify(state);
    const r = det.update(state, T0 + DAY * STEP, Number.NaN);
    expect(r.result.score).toBe(0);
    expect(JSON.stringify(r.state)).toBe(before);
  });

  it('warm start makes detection work on day one', () => {
    const history = seasonal(7 * DAY, 16);
    const live = seasonal(DAY, 17, 1, 7 * DAY);
    live[100] = live[100]! + 15; // a spike two hours into the first live day
    const points = history.map((v, i) => ({ t: T0 + i * STEP, v }));
    const times = live.map((_, i) => T0 + (7 * DAY + i) * STEP);
    const warm = run(live, times, det.warmStart(det.init(META), points)).results;
    expect(warm[100]!.score).toBeGreaterThanOrEqual(det.threshold);
    expect(warm[100]!.direction).toBe('ABOVE');
    expect(maxScore(warm, 0, 100)).toBeLessThan(det.threshold);
    // Without history the same day is still warming up and misses it.
    const cold = run(live, times).results;
    expect(cold[100]!.score).toBeLessThan(det.threshold);
  });

  it('restarts cleanly from a state of an older layout (version 1)', () => {
    const old = { version: 1, pMs: 300_000, lo: null, hi: null, fl: 0, n: 500, ln: 50 } as unknown as StreamState;
    const v = noisy(2 * DAY, 19);
    const { results, state } = run(v, undefined, old);
    expect(state.version).toBe(STREAM_STATE_VERSION);
    for (const r of results) expect(Number.isFinite(r.score)).toBe(true);
    expect(maxScore(results, DAY)).toBeLessThan(det.threshold);
  });

  it('builds variants from constant overrides, leaving the default untouched', () => {
    const variant = createStreamingDetector({ ctxWeight: 0, threshold: 0.6 }, 'no-context');
    expect(variant.name).toBe('no-context');
    expect(variant.params.ctxWeight).toBe(0);
    expect(variant.threshold).toBe(0.6);
    expect(streamingDetector.params.ctxWeight).toBeGreaterThan(0);
  });
});
