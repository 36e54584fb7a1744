/**
 * Renders an anomaly chart as inline SVG from its geometry (see chart-model.ts): y ticks in the
 * series' unit, event markers that never overlap, and for a proactive anomaly the forecast line
 * and band up to the limit, the limit and the predicted date.
 */
import type { Anomaly, OpsEvent } from '../../core';
import { formatSeriesValue, unitOf } from '../../core/units';
import { chartModel, type ChartForecast, type ChartInput, type ChartModel, type Marker } from './chart-model';
import { h, s } from './dom';
import { fmtLocal, fmtShortTime, fmtTime } from './format';

let uid = 0;

type History = NonNullable<ChartInput['history']>;

/** Loads the metric around an anomaly; a rejection leaves the chart evidence-only. */
export type HistoryLoader = () => Promise<History>;

const AXIS = '#3d4451';
const EVENT = '#8a4b00';

/** What the y axis measures, in words: `duration`, `percent`, `size`, `rate`, `count`. */
export function axisUnit(anomaly: Pick<Anomaly, 'series'>): string {
  const unit = unitOf(anomaly.series) ?? 'None';
  if (/Second$/.test(unit) && unit.includes('/')) return 'rate per second';
  if (/^(Seconds|Milliseconds|Microseconds)$/.test(unit)) return 'duration';
  if (/bytes$/i.test(unit)) return 'size';
  if (unit === 'Percent') return 'percent';
  if (unit === 'Count') return 'count';
  return 'value (no unit reported)';
}

/** The proactive forecast of an anomaly, when it has one with a predicted time. */
export function forecastOf(anomaly: Anomaly): ChartForecast | undefined {
  const f = anomaly.forecast;
  if (!f || f.predictedAt === undefined) return undefined;
  return {
    limit: f.limit,
    direction: anomaly.direction === 'BELOW' ? 'BELOW' : 'ABOVE',
    predictedAt: f.predictedAt,
    earliest: f.earliest ?? f.predictedAt,
    ...(f.latest !== undefined ? { latest: f.latest } : {}),
  };
}

function markerSvg(m: ChartModel, mk: Marker): SVGGElement {
  const { plot } = m;
  const names = mk.events.map((e) => `${e.label} at ${fmtTime(e.time)}`).join('\n');
  const labelLeft = mk.x + mk.label.length * 6.2 + 10 > plot.right;
  return s(
    'g',
    { class: 'marker', 'data-testid': 'event-marker', 'data-event-ids': mk.events.map((e) => e.id).join(' '), 'data-lane': mk.lane ?? 'elided', tabindex: 0 },
    s('title', {}, names),
    s('line', { x1: mk.x, x2: mk.x, y1: plot.top - 4, y2: plot.bottom, stroke: EVENT, 'stroke-width': 1.5, 'stroke-dasharray': '3 3' }),
    s('path', { d: `M${mk.x - 4},${plot.top - 10} L${mk.x + 4},${plot.top - 10} L${mk.x},${plot.top - 3} Z`, fill: EVENT }),
    mk.lane === null
      ? null
      : s('text', { x: labelLeft ? mk.x - 6 : mk.x + 6, y: 12 + mk.lane * 13, 'text-anchor': labelLeft ? 'end' : 'start', fill: '#6b3a00', 'font-size': 11 }, mk.label),
  );
}

function forecastSvg(m: ChartModel, f: ChartForecast, val: (x: number) => string): SVGElement[] {
  const { plot } = m;
  const g = m.forecast!;
  return [
    s('path', { d: g.bandPath, fill: '#f3d9b1', 'fill-opacity': 0.7, stroke: 'none', 'data-testid': 'forecast-band' }),
    s('path', { d: g.linePath, fill: 'none', stroke: '#8a4b00', 'stroke-width': 2, 'stroke-dasharray': '6 4', 'data-testid': 'forecast-line' }),
    s(
      'g',
      { 'data-testid': 'limit-line' },
      s('line', { x1: plot.left, x2: plot.right, y1: g.limitY, y2: g.limitY, stroke: '#b3261e', 'stroke-width': 1.5 }),
      s('text', { x: plot.left + 4, y: g.limitY - 4, fill: '#b3261e', 'font-size': 11 }, `limit ${val(f.limit)}`),
    ),
    s(
      'g',
      { 'data-testid': 'predicted-marker' },
      s('line', { x1: g.predictedX, x2: g.predictedX, y1: plot.top, y2: plot.bottom, stroke: '#b3261e', 'stroke-width': 1, 'stroke-dasharray': '2 3' }),
      s('circle', { cx: g.predictedX, cy: g.limitY, r: 4, fill: '#b3261e' }),
      s(
        'text',
        { x: g.predictedX - 6, y: g.limitY + 14, 'text-anchor': 'end', fill: '#b3261e', 'font-size': 11, 'font-weight': 600 },
        `predicted ${fmtLocal(f.predictedAt).slice(0, 10)}`,
      ),
    ),
  ];
}

/** The chart's SVG, with the metric's history behind the evidence when `history` has points. */
function chartSvg(id: string, anomaly: Anomaly, events: readonly OpsEvent[], history: History, width: number): SVGSVGElement {
  const val = (x: number) => formatSeriesValue(x, anomaly.series);
  const forecast = forecastOf(anomaly);
  const m = chartModel({
    points: anomaly.evidence,
    // A proactive anomaly lasts as long as its forecast: shading its span would shade the whole plot.
    ...(forecast ? { forecast } : { span: anomaly.timeRange }),
    events: events.map((e) => ({ id: e.id, time: e.time, label: e.name })),
    ...(history.length ? { history } : {}),
    periodMs: (forecast ? 3600 : anomaly.series.periodSeconds) * 1000,
    yLabel: val,
    width,
    height: 260,
  });
  const { plot } = m;
  const metric = `${anomaly.series.metricName} (${anomaly.series.stat})`;
  const summary =
    `${metric} of ${anomaly.resourceName}: observed ${val(anomaly.observed)} at the peak, expected ${val(anomaly.expected)} ` +
    `(band ${val(anomaly.lower)} to ${val(anomaly.upper)}). ` +
    (forecast ? `Forecast to reach the limit of ${val(forecast.limit)} around ${fmtTime(forecast.predictedAt)}. ` : '') +
    (events.length ? `Events: ${events.map((e) => `${e.name} at ${fmtTime(e.time)}`).join('; ')}.` : 'No related events.') +
    (history.length ? ` A grey line shows the metric from ${fmtTime(history[0]!.t)} to ${fmtTime(history[history.length - 1]!.t)}.` : '');

  return s(
    'svg',
    { viewBox: `0 0 ${m.width} ${m.height}`, width: m.width, height: m.height, role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, class: 'chart', 'data-testid': 'anomaly-chart' },
    s('title', { id: `${id}-t` }, `${metric} on ${anomaly.resourceName}`),
    s('desc', { id: `${id}-d` }, summary),
    ...m.yTicks.map((t) =>
      s(
        'g',
        { class: 'tick' },
        s('line', { x1: plot.left, x2: plot.right, y1: t.pos, y2: t.pos, stroke: '#d8dde6', 'stroke-width': 1 }),
        s('text', { x: plot.left - 6, y: t.pos + 4, 'text-anchor': 'end', fill: AXIS, 'font-size': 11, 'data-testid': 'y-tick' }, val(t.value)),
      ),
    ),
    ...m.xTicks.map((t) =>
      s(
        'g',
        { class: 'tick' },
        s('line', { x1: t.pos, x2: t.pos, y1: plot.bottom, y2: plot.bottom + 4, stroke: AXIS }),
        s('text', { x: t.pos, y: plot.bottom + 17, 'text-anchor': 'middle', fill: AXIS, 'font-size': 11 }, fmtShortTime(t.value)),
      ),
    ),
    s('line', { x1: plot.left, x2: plot.right, y1: plot.bottom, y2: plot.bottom, stroke: AXIS }),
    m.span
      ? s('rect', { class: 'span', 'data-testid': 'anomaly-span', x: m.span.x, y: plot.top, width: m.span.width, height: plot.bottom - plot.top, fill: '#fde4e2', stroke: '#e8a29c' })
      : null,
    m.historyPath
      ? s(
          'g',
          { class: 'history', 'data-role': 'history', 'data-testid': 'history-line' },
          s('path', { d: m.historyPath, fill: 'none', stroke: '#7d8595', 'stroke-width': 1.25, 'stroke-linejoin': 'round' }),
        )
      : null,
    s('path', { d: m.bandPath, fill: '#cfe0ff', 'fill-opacity': 0.85, stroke: 'none', 'data-testid': 'expected-band' }),
    ...(forecast ? forecastSvg(m, forecast, val) : []),
    s('path', { d: m.expectedPath, fill: 'none', stroke: '#4a6fb5', 'stroke-width': 1.5, 'stroke-dasharray': '5 4' }),
    s('path', { d: m.observedPath, fill: 'none', stroke: '#0b3d91', 'stroke-width': 2.2, 'data-testid': 'observed-line' }),
    ...m.dots.map((d) =>
      s(
        'circle',
        { cx: d.x, cy: d.y, r: d.outside ? 3.2 : 2.2, fill: d.outside ? '#b3261e' : '#0b3d91' },
        s('title', {}, `${fmtTime(d.point.t)}: ${val(d.point.v)} (expected ${val(d.point.lower)}–${val(d.point.upper)})`),
      ),
    ),
    ...m.markers.map((mk) => markerSvg(m, mk)),
  );
}

export interface ChartOptions {
  /** Drawing width in px (the chart is drawn at the size it is shown, so text stays readable). */
  readonly width: number;
  readonly loadHistory?: HistoryLoader;
}

/**
 * A figure: the chart, a legend, and the evidence as a table for screen readers and keyboards.
 * With `loadHistory`, the chart is drawn at once from the evidence and redrawn with the metric's
 * history behind it when that arrives; if loading fails, it stays as first drawn.
 */
export function anomalyChart(anomaly: Anomaly, events: readonly OpsEvent[], options: ChartOptions): HTMLElement {
  const id = `chart-${++uid}`;
  const metric = `${anomaly.series.metricName} (${anomaly.series.stat})`;
  const val = (x: number) => formatSeriesValue(x, anomaly.series);
  const width = Math.round(Math.max(300, Math.min(1100, options.width)));
  const svg = chartSvg(id, anomaly, events, [], width);
  const forecast = forecastOf(anomaly);

  const legend = h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    h('li', { class: 'lg-unit', 'data-testid': 'y-unit' }, `Y axis: ${metric}, ${axisUnit(anomaly)}`),
    h('li', { class: 'lg-observed' }, forecast ? 'Hourly mean' : 'Observed'),
    h('li', { class: 'lg-expected' }, forecast ? 'Fitted trend band' : 'Expected band'),
    forecast ? h('li', { class: 'lg-forecast' }, 'Forecast to the limit') : h('li', { class: 'lg-span' }, 'Anomaly'),
    events.length ? h('li', { class: 'lg-event' }, 'Change event') : null,
  );

  const table = h(
    'details',
    { class: 'data' },
    h('summary', {}, 'Data points'),
    h(
      'div',
      { class: 'scroll' },
      h(
        'table',
        {},
        h('caption', {}, `${metric} on ${anomaly.resourceName}`),
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Time'), h('th', { scope: 'col' }, 'Observed'), h('th', { scope: 'col' }, 'Expected'), h('th', { scope: 'col' }, 'Band'))),
        h(
          'tbody',
          {},
          ...anomaly.evidence.map((p) =>
            h('tr', {}, h('td', {}, fmtTime(p.t)), h('td', {}, val(p.v)), h('td', {}, val(p.expected)), h('td', {}, `${val(p.lower)} – ${val(p.upper)}`)),
          ),
        ),
      ),
    ),
  );

  const figure = h('figure', { class: 'chart-figure' }, svg, legend, table);
  if (options.loadHistory) {
    options
      .loadHistory()
      .then((history) => {
        if (history.length < 2) return;
        svg.replaceWith(chartSvg(id, anomaly, events, history, width));
        legend.append(h('li', { class: 'lg-history' }, 'Metric before and after'));
      })
      .catch(() => undefined);
  }
  return figure;
}
