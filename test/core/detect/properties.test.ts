/**
 * Behaviours of the streaming detector as properties of synthetic series (no benchmark file
 * is involved): what an on-call engineer expects of any metric, whatever its name.
 */
import { describe, expect, it } from 'vitest';
import { streamingDetector as det, type StreamState } from '../../../src/core/detect';
import type { DetectionResult, MetricKind, SeriesMeta } from '../../../src/core/detect/types';
import { seededRandom } from '../../../src/local/random';

const STEP = 300_000;
const T0 = Date.UTC(2024, 0, 1);
const DAY = 288;

function gauss(seed: number): () => number {
  const r = seededRandom(seed);
  return () => Math.sqrt(-2 * Math.log(1 - r.next())) * Math.cos(2 * Math.PI * r.next());
}

function run(values: readonly number[], meta: SeriesMeta = { kind: 'generic', periodSeconds: 300 }, times?: readonly number[]): DetectionResult[] {
  let s: StreamState = det.init(meta);
  return values.map((v, i) => {
    const r = det.update(s, times ? times[i]! : T0 + i * STEP, v);
    s = r.state;
    return r.result;
  });
}

const fires = (rs: readonly DetectionResult[], from: number, to: number): number => {
  for (let i = from; i < Math.min(to, rs.length); i++) if (rs[i]!.score >= det.threshold) return i;
  return -1;
};

describe('a second event fires; nothing goes blind after a detection', () => {
  it('fires again for an event of comparable size once the first one has passed', () => {
    const g = gauss(1);
    // An error rate around 1 %: 7 stray errors (a small blip), back to normal, then 30 minutes
    // later a real incident of 12 % for 50 minutes.
    const v = Array.from({ length: 4 * DAY }, () => Math.max(0, 1 + 0.2 * g()));
    const blip = 3 * DAY;
    for (let i = blip; i < blip + 2; i++) v[i] = 7;
    const incident = blip + 2 + 6;
    for (let i = incident; i < incident + 10; i++) v[i] = 12 + 0.5 * g();
    const rs = run(v, { kind: 'percent', periodSeconds: 300, min: 0, max: 100 });
    expect(fires(rs, blip, blip + 2)).toBe(blip);
    expect(fires(rs, incident, incident + 2)).toBeGreaterThanOrEqual(incident);
  });

  it('reports two spikes of the same size two hours apart', () => {
    const g = gauss(2);
    const v = Array.from({ length: 4 * DAY }, () => 50 + g());
    const first = 3 * DAY;
    v[first] = 70;
    v[first + 24] = 70;
    const rs = run(v);
    expect(fires(rs, first, first + 1)).toBe(first);
    expect(fires(rs, first + 24, first + 25)).toBe(first + 24);
  });
});

describe('the first departure of a constant series fires within one period', () => {
  for (const kind of ['count', 'generic'] as const) {
    it(`always zero, then a jump (${kind})`, () => {
      const v = new Array<number>(3 * DAY).fill(0);
      const at = 2 * DAY + 17;
      for (let i = at; i < at + 6; i++) v[i] = 887;
      const rs = run(v, { kind, periodSeconds: 300, min: 0 });
      expect(fires(rs, 0, at)).toBe(-1);
      expect(fires(rs, at, at + 1)).toBe(at);
      expect(rs[at]!.direction).toBe('ABOVE');
    });
  }

  it('a constant non-zero series that moves by one unit', () => {
    const v = new Array<number>(3 * DAY).fill(42);
    const at = 2 * DAY + 5;
    for (let i = at; i < v.length; i++) v[i] = 43;
    const rs = run(v, { kind: 'count', periodSeconds: 300, min: 0 });
    expect(fires(rs, 0, at)).toBe(-1);
    expect(fires(rs, at, at + 1)).toBe(at);
  });
});

describe('untidy timestamps change nothing else', () => {
  const g = gauss(6);
  const values = Array.from({ length: 3 * DAY }, () => 50 + g());
  values[2 * DAY + 40] = 75;
  const times = values.map((_, i) => T0 + i * STEP);
  const clean = run(values, undefined, times);

  it('a repeated row is judged but leaves every later output unchanged', () => {
    const at = 2 * DAY;
    const v = [...values.slice(0, at + 1), 58, ...values.slice(at + 1)];
    const t = [...times.slice(0, at + 1), times[at]!, ...times.slice(at + 1)];
    const rs = run(v, undefined, t);
    expect(Number.isFinite(rs[at + 1]!.score)).toBe(true);
    expect([...rs.slice(0, at + 1), ...rs.slice(at + 2)]).toEqual(clean);
  });

  it('a row that steps back in time is judged but leaves every later output unchanged', () => {
    const at = DAY + 100;
    const v = [...values.slice(0, at + 1), 50, ...values.slice(at + 1)];
    const t = [...times.slice(0, at + 1), times[at - 30]!, ...times.slice(at + 1)];
    const rs = run(v, undefined, t);
    expect([...rs.slice(0, at + 1), ...rs.slice(at + 2)]).toEqual(clean);
  });

  it('a gap neither raises alarms nor hides the spike after it', () => {
    const keep = values.map((_, i) => i < DAY + 50 || i > DAY + 110);
    const rs = run(
      values.filter((_, i) => keep[i]),
      undefined,
      times.filter((_, i) => keep[i]),
    );
    const spike = rs.length - (values.length - (2 * DAY + 40));
    expect(fires(rs, DAY, spike)).toBe(-1);
    expect(fires(rs, spike, spike + 1)).toBe(spike);
  });
});

describe('one operating threshold across metric kinds', () => {
  const kinds: MetricKind[] = ['generic', 'count', 'percent', 'latency', 'bytes'];
  for (const kind of kinds) {
    it(`the same spike fires and the same noise stays quiet as ${kind}`, () => {
      const g = gauss(7);
      const v = Array.from({ length: 4 * DAY }, () => Math.max(0, 40 + 2 * g()));
      v[3 * DAY] = 70;
      const rs = run(v, { kind, periodSeconds: 300, min: kind === 'generic' ? undefined : 0 });
      expect(fires(rs, DAY, 3 * DAY)).toBe(-1);
      expect(fires(rs, 3 * DAY, 3 * DAY + 1)).toBe(3 * DAY);
    });
  }
});

describe('plain noise is not news', () => {
  it('raises fewer than one alarm in ten days on Gaussian noise (20 series of 13 days after the first)', () => {
    let alarms = 0;
    let points = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const g = gauss(100 + seed);
      const rs = run(
        Array.from({ length: 14 * DAY }, () => 100 * (1 + 0.1 * g())),
        { kind: 'latency', periodSeconds: 300, min: 0 },
      );
      for (let i = DAY; i < rs.length; i++, points++) if (rs[i]!.score >= det.threshold) alarms++;
    }
    expect(alarms / (points / DAY)).toBeLessThan(0.1);
  });
});
