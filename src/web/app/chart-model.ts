/**
 * Geometry of an anomaly chart, kept free of the DOM so it can be tested in Node: scales,
 * the observed line, the expected band and line, the anomaly span, event markers, ticks and
 * the metric's history around the anomaly.
 */

export interface ChartPoint {
  readonly t: number;
  readonly v: number;
  readonly expected: number;
  readonly lower: number;
  readonly upper: number;
  readonly score: number;
}

export interface ChartEvent {
  readonly id: string;
  readonly time: number;
  readonly label: string;
}

export interface ChartInput {
  readonly points: readonly ChartPoint[];
  /** The anomaly's span; `end` absent while ongoing (the span then runs to the last point). */
  readonly span: { readonly start: number; readonly end?: number };
  readonly events: readonly ChartEvent[];
  /** The metric around the anomaly (from the API), drawn behind the evidence. Optional. */
  readonly history?: ReadonlyArray<{ readonly t: number; readonly v: number }>;
  /** Series period, used to pad a chart of a single point. */
  readonly periodMs: number;
  readonly width: number;
  readonly height: number;
}

export interface Tick {
  readonly pos: number;
  readonly value: number;
}

export interface ChartModel {
  readonly width: number;
  readonly height: number;
  readonly plot: { readonly left: number; readonly top: number; readonly right: number; readonly bottom: number };
  readonly xDomain: readonly [number, number];
  readonly yDomain: readonly [number, number];
  readonly observedPath: string;
  readonly expectedPath: string;
  readonly bandPath: string;
  /** The history line, broken where periods are missing; '' without history. */
  readonly historyPath: string;
  readonly span: { readonly x: number; readonly width: number };
  readonly markers: ReadonlyArray<{ readonly x: number; readonly event: ChartEvent }>;
  readonly dots: ReadonlyArray<{ readonly x: number; readonly y: number; readonly outside: boolean; readonly point: ChartPoint }>;
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
}

const MIN = 60_000;
const TIME_STEPS = [MIN, 5 * MIN, 10 * MIN, 15 * MIN, 30 * MIN, 60 * MIN, 2 * 60 * MIN, 3 * 60 * MIN, 6 * 60 * MIN, 12 * 60 * MIN, 24 * 60 * MIN, 2 * 24 * 60 * MIN, 7 * 24 * 60 * MIN];

/** A "nice" step (1, 2 or 5 × 10^k) giving about `count` intervals over `span`. */
export function niceStep(span: number, count: number): number {
  if (!(span > 0)) return 1;
  const raw = span / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const norm = raw / mag;
  return (norm <= 1 ? 1 : norm <= 2 ? 2 : norm <= 5 ? 5 : 10) * mag;
}

/** Multiples of `step` inside [lo, hi]. */
function ticksOf(lo: number, hi: number, step: number): number[] {
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9 && out.length < 50; v += step) out.push(Math.round(v / step) * step);
  return out;
}

function path(xs: readonly number[], ys: readonly number[]): string {
  return xs.map((x, i) => `${i === 0 ? 'M' : 'L'}${x.toFixed(1)},${ys[i]!.toFixed(1)}`).join(' ');
}

/** A line through time-sorted points that starts a new segment after a gap of more than two periods. */
function gappedPath(points: ReadonlyArray<{ t: number; v: number }>, periodMs: number, x: (t: number) => number, y: (v: number) => number): string {
  return points
    .map((p, i) => `${i === 0 || p.t - points[i - 1]!.t > 2 * periodMs ? 'M' : 'L'}${x(p.t).toFixed(1)},${y(p.v).toFixed(1)}`)
    .join(' ');
}

export function chartModel(input: ChartInput): ChartModel {
  const plot = { left: 56, top: 28, right: input.width - 16, bottom: input.height - 30 };
  const pts = [...input.points].sort((a, b) => a.t - b.t);
  const history = (input.history ?? []).filter((p) => Number.isFinite(p.t) && Number.isFinite(p.v)).sort((a, b) => a.t - b.t);
  const historyTimes = history.length ? [history[0]!.t, history[history.length - 1]!.t] : [];
  const times = [...pts.map((p) => p.t), ...historyTimes, input.span.start, ...(input.span.end !== undefined ? [input.span.end] : []), ...input.events.map((e) => e.time)];
  let t0 = Math.min(...times);
  let t1 = Math.max(...times);
  const pad = Math.max((t1 - t0) * 0.04, input.periodMs / 2);
  t0 -= pad;
  t1 += pad;

  const values = [...pts.flatMap((p) => [p.v, p.lower, p.upper, p.expected]), ...history.map((p) => p.v)].filter(Number.isFinite);
  let y0 = values.length ? values.reduce((a, b) => Math.min(a, b)) : 0;
  let y1 = values.length ? values.reduce((a, b) => Math.max(a, b)) : 1;
  if (y1 - y0 < 1e-9) {
    y0 -= Math.max(1, Math.abs(y0) * 0.1);
    y1 += Math.max(1, Math.abs(y1) * 0.1);
  }
  const yStep = niceStep(y1 - y0, 4);
  // Counts and latencies never go below zero: keep the axis at 0 when the data allow.
  y0 = y0 >= 0 ? Math.max(0, Math.floor(y0 / yStep) * yStep) : Math.floor(y0 / yStep) * yStep;
  y1 = Math.ceil(y1 / yStep) * yStep;

  const x = (t: number) => plot.left + ((t - t0) / (t1 - t0)) * (plot.right - plot.left);
  const y = (v: number) => plot.bottom - ((v - y0) / (y1 - y0)) * (plot.bottom - plot.top);

  const xs = pts.map((p) => x(p.t));
  const bandPath = pts.length
    ? `${path(xs, pts.map((p) => y(p.upper)))} ${[...pts]
        .reverse()
        .map((p) => `L${x(p.t).toFixed(1)},${y(p.lower).toFixed(1)}`)
        .join(' ')} Z`
    : '';
  const spanEnd = input.span.end ?? (pts.length ? pts[pts.length - 1]!.t : input.span.start);
  const xStep = TIME_STEPS.find((s) => (t1 - t0) / s <= 6) ?? TIME_STEPS[TIME_STEPS.length - 1]!;

  return {
    width: input.width,
    height: input.height,
    plot,
    xDomain: [t0, t1],
    yDomain: [y0, y1],
    observedPath: path(xs, pts.map((p) => y(p.v))),
    expectedPath: path(xs, pts.map((p) => y(p.expected))),
    bandPath,
    historyPath: gappedPath(history, input.periodMs, x, y),
    span: { x: x(input.span.start), width: Math.max(2, x(spanEnd) - x(input.span.start)) },
    markers: [...input.events].sort((a, b) => a.time - b.time).map((event) => ({ x: x(event.time), event })),
    dots: pts.map((p) => ({ x: x(p.t), y: y(p.v), outside: p.v > p.upper || p.v < p.lower, point: p })),
    xTicks: ticksOf(t0, t1, xStep).map((value) => ({ pos: x(value), value })),
    yTicks: ticksOf(y0, y1, yStep).map((value) => ({ pos: y(value), value })),
  };
}
