import { describe, expect, it } from 'vitest';
import { chartModel, layoutMarkers, MAX_LANES, niceStep, type ChartPoint } from '../../src/web/app/chart-model';

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
    expect(mk.x).toBeLessThan(m.span!.x);
    expect(m.span!.x + m.span!.width).toBeLessThanOrEqual(m.plot.right);
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
    expect(w.span!.width).toBeLessThan(m.span!.width);
    expect(w.dots[0]!.x).toBeCloseTo(w.span!.x, 5);
  });

  it('copes with one flat point', () => {
    const one = chartModel({ ...input, points: pts([7]).map((p) => ({ ...p, lower: 7, upper: 7, expected: 7 })), events: [], span: { start: T } });
    expect(one.yDomain[1]).toBeGreaterThan(one.yDomain[0]);
    expect(one.xDomain[1]).toBeGreaterThan(one.xDomain[0]);
    expect(one.observedPath).toMatch(/^M[\d.]+,[\d.]+$/);
  });
});

describe('event markers', () => {
  const x = (t: number) => 100 + (t - T) / MIN; // one pixel a minute
  const ev = (id: string, min: number, label = `Deployment ${id}`) => ({ id, time: T + min * MIN, label });

  it('merges events closer than a marker into one, labelled with the count, every event kept', () => {
    const m = layoutMarkers([ev('a', 0), ev('b', 3), ev('c', 400)], x, 2000);
    expect(m).toHaveLength(2);
    expect(m[0]!.events.map((e) => e.id)).toEqual(['a', 'b']);
    expect(m[0]!.label).toBe('2 changes');
    expect(m[1]!.label).toBe('Deployment c');
  });

  it('puts overlapping labels on separate rows and elides the ones with no free row', () => {
    // Labels are ~100 px wide; markers 20 px apart all collide.
    const events = Array.from({ length: MAX_LANES + 2 }, (_, i) => ev(`e${i}`, i * 20, `UpdateFunctionConfiguration ${i}`));
    const m = layoutMarkers(events, x, 2000);
    expect(m.map((k) => k.lane)).toEqual([0, 1, 2, null, null]);
    // No two labels on one row overlap: each starts after the previous one on its row ends.
    const rows = new Map<number, number>();
    for (const k of m.filter((k) => k.lane !== null)) {
      const end = rows.get(k.lane!) ?? -Infinity;
      expect(k.x).toBeGreaterThan(end);
      rows.set(k.lane!, k.x + k.label.length * 6.2 + 10);
    }
  });

  it('reuses a row once the label before has ended', () => {
    const m = layoutMarkers([ev('a', 0, 'short'), ev('b', 200, 'short')], x, 2000);
    expect(m.map((k) => k.lane)).toEqual([0, 0]);
  });

  it('makes room above the plot for the rows used', () => {
    const one = chartModel({ ...baseInput(), events: [ev('a', -20)] });
    const three = chartModel({ ...baseInput(), events: [ev('a', -20, 'A long label number one'), ev('b', -19.5, 'x'), ev('c', -5, 'A long label number three'), ev('d', 1, 'A long label four')] });
    expect(three.plot.top).toBeGreaterThan(one.plot.top);
  });
});

function baseInput() {
  return { points: pts([40, 42, 38, 12]), span: { start: T, end: T + 15 * MIN }, events: [], periodMs: 5 * MIN, width: 720, height: 260 };
}

describe('time axis', () => {
  it('keeps time labels apart on a phone-sized chart', () => {
    for (const width of [346, 720, 1100]) {
      const m = chartModel({ ...baseInput(), width, history: Array.from({ length: 60 }, (_, i) => ({ t: T - 3 * 60 * MIN + i * 5 * MIN, v: 10 })) });
      const gaps = m.xTicks.slice(1).map((t, i) => t.pos - m.xTicks[i]!.pos);
      expect(m.xTicks.length).toBeGreaterThanOrEqual(2);
      expect(Math.min(...gaps)).toBeGreaterThanOrEqual(80);
    }
  });
});

describe('y axis', () => {
  it('fits the longest unit label in the left margin', () => {
    const short = chartModel({ ...baseInput(), yLabel: (v) => String(v) });
    const long = chartModel({ ...baseInput(), yLabel: (v) => `${v * 1000} milliseconds` });
    expect(long.plot.left).toBeGreaterThan(short.plot.left);
  });
});

describe('forecast', () => {
  const H = 60 * MIN;
  const hourly = Array.from({ length: 24 }, (_, i) => ({ t: T + i * H, v: 50 + i, expected: 50 + i, lower: 48 + i, upper: 52 + i, score: 0 }));
  const last = hourly[hourly.length - 1]!;
  const f = { limit: 100, direction: 'ABOVE' as const, predictedAt: last.t + 27 * H, earliest: last.t + 20 * H, latest: last.t + 40 * H };
  const m = chartModel({ points: hourly, forecast: f, events: [], periodMs: H, width: 720, height: 260 });

  it('draws no anomaly span, and widens both axes to the limit and the latest time', () => {
    expect(m.span).toBeNull();
    expect(m.yDomain[1]).toBeGreaterThanOrEqual(100);
    expect(m.xDomain[1]).toBeGreaterThan(f.latest);
  });

  it('runs the forecast line from the last fitted point to the limit at the predicted time', () => {
    const g = m.forecast!;
    const [start, end] = g.linePath.split(' ');
    expect(start).toBe(`M${m.dots[m.dots.length - 1]!.x.toFixed(1)},${m.dots[m.dots.length - 1]!.y.toFixed(1)}`);
    expect(end).toBe(`L${g.predictedX.toFixed(1)},${g.limitY.toFixed(1)}`);
  });

  it('closes the prediction band at the limit between the earliest and latest times', () => {
    const pts = m.forecast!.bandPath.replace(' Z', '').split(' ').map((p) => p.slice(1).split(',').map(Number));
    expect(pts).toHaveLength(4);
    expect(pts[1]![1]).toBeCloseTo(m.forecast!.limitY, 1);
    expect(pts[2]![1]).toBeCloseTo(m.forecast!.limitY, 1);
    expect(pts[1]![0]).toBeLessThan(m.forecast!.predictedX);
    expect(pts[2]![0]).toBeGreaterThan(m.forecast!.predictedX);
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
