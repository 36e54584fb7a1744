import { describe, expect, it } from 'vitest';
import { chartModel, niceStep, type ChartPoint } from '../../src/web/app/chart-model';

const MIN = 60_000;
const T = Date.UTC(2026, 10, 12, 18, 0);

function pts(values: number[]): ChartPoint[] {
  return values.map((v, i) => ({ t: T + i * 5 * MIN, v, expected: 10, lower: 5, upper: 15, score: v > 15 ? 0.99 : 0.1 }));
}

describe('chartModel', () => {
  const input = {
    points: pts([40, 42, 38, 12]),
    span: { start: T, end: T + 15 * MIN },
    events: [{ id: 'd-1', time: T - 20 * MIN, label: 'Deployment d-1' }],
    periodMs: 5 * MIN,
    width: 720,
    height: 260,
  };
  const m = chartModel(input);

  it('spans the evidence and the events, with padding', () => {
    expect(m.xDomain[0]).toBeLessThan(T - 20 * MIN);
    expect(m.xDomain[1]).toBeGreaterThan(T + 15 * MIN);
    // Non-negative data keep the axis at zero; the top is a multiple of the tick step.
    expect(m.yDomain[0]).toBe(0);
    expect(m.yDomain[1]).toBeGreaterThanOrEqual(42);
  });

  it('places the event marker left of the anomaly span, both inside the plot', () => {
    expect(m.markers).toHaveLength(1);
    const mk = m.markers[0]!;
    expect(mk.x).toBeGreaterThan(m.plot.left);
    expect(mk.x).toBeLessThan(m.span.x);
    expect(m.span.x + m.span.width).toBeLessThanOrEqual(m.plot.right);
  });

  it('draws the band as a closed path of upper then lower edges, and flags points outside it', () => {
    expect(m.bandPath.startsWith('M')).toBe(true);
    expect(m.bandPath.endsWith('Z')).toBe(true);
    expect(m.bandPath.split(/[ML]/).filter(Boolean)).toHaveLength(8);
    expect(m.dots.map((d) => d.outside)).toEqual([true, true, true, false]);
    // Higher values are drawn higher (smaller y).
    expect(m.dots[1]!.y).toBeLessThan(m.dots[3]!.y);
  });

  it('has ticks inside the domain', () => {
    expect(m.xTicks.length).toBeGreaterThanOrEqual(2);
    for (const t of m.xTicks) expect(t.value).toBeGreaterThanOrEqual(m.xDomain[0]);
    expect(m.yTicks.map((t) => t.value)).toEqual([0, 10, 20, 30, 40, 50]);
  });

  it('has no history line without history', () => {
    expect(m.historyPath).toBe('');
  });

  it('widens both axes to the history and breaks its line at missing periods', () => {
    // 3 h before onset to 1 h after, every 5 minutes, with a gap of 30 minutes and one high value.
    const history = [];
    for (let t = T - 3 * 60 * MIN; t < T + 75 * MIN; t += 5 * MIN) if (t < T - 90 * MIN || t >= T - 60 * MIN) history.push({ t, v: t === T - 2 * 60 * MIN ? 70 : 10 });
    const w = chartModel({ ...input, history });
    expect(w.xDomain[0]).toBeLessThan(T - 3 * 60 * MIN);
    expect(w.xDomain[1]).toBeGreaterThan(T + 70 * MIN);
    expect(w.yDomain[1]).toBeGreaterThanOrEqual(70);
    // Two segments, one point each.
    expect(w.historyPath.match(/M/g)).toHaveLength(2);
    expect(w.historyPath.split(/[ML]/).filter(Boolean)).toHaveLength(history.length);
    // The evidence keeps its place relative to the span, now narrower on a wider axis.
    expect(w.span.width).toBeLessThan(m.span.width);
    expect(w.dots[0]!.x).toBeCloseTo(w.span.x, 5);
  });

  it('copes with one flat point', () => {
    const one = chartModel({ ...input, points: pts([7]).map((p) => ({ ...p, lower: 7, upper: 7, expected: 7 })), events: [], span: { start: T } });
    expect(one.yDomain[1]).toBeGreaterThan(one.yDomain[0]);
    expect(one.xDomain[1]).toBeGreaterThan(one.xDomain[0]);
    expect(one.observedPath).toMatch(/^M[\d.]+,[\d.]+$/);
  });
});

describe('niceStep', () => {
  it('picks 1, 2 or 5 times a power of ten', () => {
    expect(niceStep(42, 4)).toBe(20);
    expect(niceStep(1, 4)).toBe(0.5);
    expect(niceStep(900, 4)).toBe(500);
    expect(niceStep(0, 4)).toBe(1);
  });
});
