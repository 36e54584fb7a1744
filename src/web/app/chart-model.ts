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

/**
 * A proactive forecast: from the last fitted point, the central line reaches `limit` at
 * `predictedAt`; the band's adverse edge reaches it at `earliest`, the favourable edge at
 * `latest` (or at the chart's end when the limit may never be reached).
 */
export interface ChartForecast {
  readonly limit: number;
  readonly direction: 'ABOVE' | 'BELOW';
  readonly predictedAt: number;
  readonly earliest: number;
  readonly latest?: number;
}

export interface ChartInput {
  readonly points: readonly ChartPoint[];
  /** The anomaly's span; `end` absent while ongoing (the span then runs to the last point). Absent: no span drawn. */
  readonly span?: { readonly start: number; readonly end?: number };
  readonly forecast?: ChartForecast;
  /** Formats a y value with its unit, for tick labels; the plot's left margin fits the longest. */
  readonly yLabel?: (v: number) => string;
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
  /** null when the input has no span. */
  readonly span: { readonly x: number; readonly width: number } | null;
  /**
   * Event markers: events closer than a marker's width share one; labels go into up to
   * MAX_LANES rows above the plot so none overlaps, and a marker with no room for its label
   * has `lane: null` (its events are in its tooltip).
   */
  readonly markers: readonly Marker[];
  /** Proactive forecast geometry; null without a forecast. */
  readonly forecast: {
    readonly linePath: string;
    readonly bandPath: string;
    readonly limitY: number;
    readonly predictedX: number;
  } | null;
  readonly dots: ReadonlyArray<{ readonly x: number; readonly y: number; readonly outside: boolean; readonly point: ChartPoint }>;
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
}

export interface Marker {
  readonly x: number;
  readonly events: readonly ChartEvent[];
  readonly label: string;
  readonly lane: number | null;
}

/** Rows of marker labels above the plot. */
export const MAX_LANES = 3;
const LANE_PX = 13;
/** Markers closer than this (px) are drawn as one. */
const MARKER_PX = 10;
/** Approximate width of one character of an 11 px label. */
const CHAR_PX = 6.2;
const MAX_LABEL = 28;

function labelOf(events: readonly ChartEvent[]): string {
  const text = events.length === 1 ? events[0]!.label : `${events.length} changes`;
  return text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text;
}

/** Groups near events into one marker and gives each label a free row, or none. */
export function layoutMarkers(events: readonly ChartEvent[], x: (t: number) => number, right: number): Marker[] {
  const groups: Array<{ x: number; events: ChartEvent[] }> = [];
  for (const e of [...events].sort((a, b) => a.time - b.time || a.id.localeCompare(b.id))) {
    const ex = x(e.time);
    const last = groups[groups.length - 1];
    if (last && ex - last.x < MARKER_PX) last.events.push(e);
    else groups.push({ x: ex, events: [e] });
  }
  const laneEnds: number[] = [];
  return groups.map((g) => {
    const label = labelOf(g.events);
    const width = label.length * CHAR_PX + 10;
    // Labels run right of their marker, or left of it near the plot's right edge.
    const from = g.x + width > right ? g.x - width : g.x;
    let lane: number | null = null;
    for (let i = 0; i < MAX_LANES; i++) {
      if ((laneEnds[i] ?? -Infinity) < from) {
        lane = i;
        laneEnds[i] = from + width;
        break;
      }
    }
    return { x: g.x, events: g.events, label, lane };
  });
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

/** The forecast's central line and band, in data units, from the last fitted point to the limit. */
function forecastShape(last: ChartPoint, f: ChartForecast, end: number) {
  const adverseIsUpper = f.direction === 'ABOVE';
  const adverse = { t: last.t, v: adverseIsUpper ? last.upper : last.lower };
  const favourable = { t: last.t, v: adverseIsUpper ? last.lower : last.upper };
  const latest = f.latest ?? end;
  // The favourable edge heads for the limit at half the central pace when no latest time is known.
  const pace = (f.limit - last.expected) / Math.max(1, f.predictedAt - last.t);
  const favourableEnd = f.latest !== undefined ? f.limit : favourable.v + (pace / 2) * (latest - last.t);
  return {
    line: [{ t: last.t, v: last.expected }, { t: f.predictedAt, v: f.limit }],
    band: [adverse, { t: f.earliest, v: f.limit }, { t: latest, v: favourableEnd }, favourable],
  };
}

export function chartModel(input: ChartInput): ChartModel {
  const fmtY = input.yLabel ?? ((v: number) => String(v));
  const pts = [...input.points].sort((a, b) => a.t - b.t);
  const history = (input.history ?? []).filter((p) => Number.isFinite(p.t) && Number.isFinite(p.v)).sort((a, b) => a.t - b.t);
  const historyTimes = history.length ? [history[0]!.t, history[history.length - 1]!.t] : [];
  const f = input.forecast;
  const spanTimes = input.span ? [input.span.start, ...(input.span.end !== undefined ? [input.span.end] : [])] : [];
  const forecastTimes = f ? [f.predictedAt, f.earliest, ...(f.latest !== undefined ? [f.latest] : [])] : [];
  const times = [...pts.map((p) => p.t), ...historyTimes, ...spanTimes, ...forecastTimes, ...input.events.map((e) => e.time)];
  let t0 = Math.min(...times);
  let t1 = Math.max(...times);
  const pad = Math.max((t1 - t0) * 0.04, input.periodMs / 2);
  t0 -= pad;
  t1 += pad;

  const last = pts[pts.length - 1];
  const shape = f && last ? forecastShape(last, f, t1) : undefined;
  const values = [
    ...pts.flatMap((p) => [p.v, p.lower, p.upper, p.expected]),
    ...history.map((p) => p.v),
    ...(f ? [f.limit] : []),
    ...(shape ? shape.band.map((p) => p.v) : []),
  ].filter(Number.isFinite);
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
  const yValues = ticksOf(y0, y1, yStep);

  // The left margin fits the longest tick label; the top one the rows of event labels.
  const left = Math.min(input.width / 3, 14 + Math.max(...yValues.map((v) => fmtY(v).length)) * CHAR_PX);
  const right = input.width - 16;
  const x = (t: number) => left + ((t - t0) / (t1 - t0)) * (right - left);
  const markers = layoutMarkers(input.events, x, right);
  const lanes = markers.reduce((n, m) => Math.max(n, m.lane === null ? 1 : m.lane + 1), 0);
  const plot = { left, top: 14 + lanes * LANE_PX, right, bottom: input.height - 30 };
  const y = (v: number) => plot.bottom - ((v - y0) / (y1 - y0)) * (plot.bottom - plot.top);

  const xs = pts.map((p) => x(p.t));
  const bandPath = pts.length
    ? `${path(xs, pts.map((p) => y(p.upper)))} ${[...pts]
        .reverse()
        .map((p) => `L${x(p.t).toFixed(1)},${y(p.lower).toFixed(1)}`)
        .join(' ')} Z`
    : '';
  const span = input.span;
  const spanEnd = span ? (span.end ?? (last ? last.t : span.start)) : 0;
  // At most one time label per ~95 px (an `11-06 18:00` label is about 75 px wide), and at most 6.
  const maxTicks = Math.max(2, Math.min(6, Math.floor((right - left) / 95)));
  const xStep = TIME_STEPS.find((s) => (t1 - t0) / s <= maxTicks) ?? TIME_STEPS[TIME_STEPS.length - 1]!;

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
    span: span ? { x: x(span.start), width: Math.max(2, x(spanEnd) - x(span.start)) } : null,
    markers,
    forecast:
      f && shape
        ? {
            linePath: path(shape.line.map((p) => x(p.t)), shape.line.map((p) => y(p.v))),
            bandPath: `${path(shape.band.map((p) => x(p.t)), shape.band.map((p) => y(p.v)))} Z`,
            limitY: y(f.limit),
            predictedX: x(f.predictedAt),
          }
        : null,
    dots: pts.map((p) => ({ x: x(p.t), y: y(p.v), outside: p.v > p.upper || p.v < p.lower, point: p })),
    xTicks: ticksOf(t0, t1, xStep).map((value) => ({ pos: x(value), value })),
    yTicks: yValues.map((value) => ({ pos: y(value), value })),
  };
}
