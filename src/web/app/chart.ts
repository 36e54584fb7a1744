/** Renders an anomaly chart as inline SVG from its geometry (see chart-model.ts). */
import type { Anomaly, OpsEvent } from '../../core';
import { chartModel, type ChartInput } from './chart-model';
import { h, s } from './dom';
import { formatSeriesValue } from '../../core/units';
import { fmtNumber, fmtShortTime, fmtTime } from './format';

let uid = 0;

type History = NonNullable<ChartInput['history']>;

/** Loads the metric around an anomaly; a rejection leaves the chart evidence-only. */
export type HistoryLoader = () => Promise<History>;

/** The chart's SVG, with the metric's history behind the evidence when `history` has points. */
function chartSvg(id: string, anomaly: Anomaly, events: readonly OpsEvent[], history: History): SVGSVGElement {
  const m = chartModel({
    points: anomaly.evidence,
    span: anomaly.timeRange,
    events: events.map((e) => ({ id: e.id, time: e.time, label: e.name })),
    ...(history.length ? { history } : {}),
    periodMs: anomaly.series.periodSeconds * 1000,
    width: 720,
    height: 260,
  });
  const { plot } = m;
  const metric = `${anomaly.series.metricName} (${anomaly.series.stat})`;
  const val = (x: number) => formatSeriesValue(x, anomaly.series);
  const summary =
    `${metric} of ${anomaly.resourceName}: observed ${val(anomaly.observed)} at the peak, expected ${val(anomaly.expected)} ` +
    `(band ${val(anomaly.lower)} to ${val(anomaly.upper)}). ` +
    (events.length ? `Events: ${events.map((e) => `${e.name} at ${fmtTime(e.time)}`).join('; ')}.` : 'No related events.') +
    (history.length ? ` A grey line shows the metric from ${fmtTime(history[0]!.t)} to ${fmtTime(history[history.length - 1]!.t)}.` : '');

  return s(
    'svg',
    { viewBox: `0 0 ${m.width} ${m.height}`, role: 'img', 'aria-labelledby': `${id}-t ${id}-d`, class: 'chart', 'data-testid': 'anomaly-chart' },
    s('title', { id: `${id}-t` }, `${metric} on ${anomaly.resourceName}`),
    s('desc', { id: `${id}-d` }, summary),
    // grid and axes
    ...m.yTicks.map((t) =>
      s(
        'g',
        { class: 'tick' },
        s('line', { x1: plot.left, x2: plot.right, y1: t.pos, y2: t.pos, stroke: '#d8dde6', 'stroke-width': 1 }),
        s('text', { x: plot.left - 6, y: t.pos + 4, 'text-anchor': 'end', fill: '#3d4451', 'font-size': 11 }, fmtNumber(t.value)),
      ),
    ),
    ...m.xTicks.map((t) =>
      s(
        'g',
        { class: 'tick' },
        s('line', { x1: t.pos, x2: t.pos, y1: plot.bottom, y2: plot.bottom + 4, stroke: '#3d4451' }),
        s('text', { x: t.pos, y: plot.bottom + 17, 'text-anchor': 'middle', fill: '#3d4451', 'font-size': 11 }, fmtShortTime(t.value)),
      ),
    ),
    s('line', { x1: plot.left, x2: plot.right, y1: plot.bottom, y2: plot.bottom, stroke: '#3d4451' }),
    // anomaly span
    s('rect', {
      class: 'span',
      'data-testid': 'anomaly-span',
      x: m.span.x,
      y: plot.top,
      width: m.span.width,
      height: plot.bottom - plot.top,
      fill: '#fde4e2',
      stroke: '#e8a29c',
    }),
    // the metric around the anomaly, behind the evidence
    m.historyPath
      ? s(
          'g',
          { class: 'history', 'data-role': 'history', 'data-testid': 'history-line' },
          s('path', { d: m.historyPath, fill: 'none', stroke: '#7d8595', 'stroke-width': 1.25, 'stroke-linejoin': 'round' }),
        )
      : null,
    // expected band and line
    s('path', { d: m.bandPath, fill: '#cfe0ff', 'fill-opacity': 0.85, stroke: 'none', 'data-testid': 'expected-band' }),
    s('path', { d: m.expectedPath, fill: 'none', stroke: '#4a6fb5', 'stroke-width': 1.5, 'stroke-dasharray': '5 4' }),
    // observed
    s('path', { d: m.observedPath, fill: 'none', stroke: '#0b3d91', 'stroke-width': 2.2, 'data-testid': 'observed-line' }),
    ...m.dots.map((d) =>
      s(
        'circle',
        { cx: d.x, cy: d.y, r: d.outside ? 3.2 : 2.2, fill: d.outside ? '#b3261e' : '#0b3d91' },
        s('title', {}, `${fmtTime(d.point.t)}: ${val(d.point.v)} (expected ${val(d.point.lower)}–${val(d.point.upper)})`),
      ),
    ),
    // event markers
    ...m.markers.map((mk, i) =>
      s(
        'g',
        { class: 'marker', 'data-testid': 'event-marker', 'data-event-id': mk.event.id },
        s('line', { x1: mk.x, x2: mk.x, y1: plot.top - 4, y2: plot.bottom, stroke: '#8a4b00', 'stroke-width': 1.5, 'stroke-dasharray': '3 3' }),
        s('path', { d: `M${mk.x - 5},${plot.top - 12} L${mk.x + 5},${plot.top - 12} L${mk.x},${plot.top - 4} Z`, fill: '#8a4b00' }),
        s(
          'text',
          { x: mk.x + 7, y: plot.top - 6 + (i % 2) * 12, fill: '#6b3a00', 'font-size': 11 },
          mk.event.label.length > 38 ? `${mk.event.label.slice(0, 37)}…` : mk.event.label,
        ),
        s('title', {}, `${mk.event.label} at ${fmtTime(mk.event.time)}`),
      ),
    ),
  );
}

/**
 * A figure: the chart, a legend, and the evidence as a table for screen readers and keyboards.
 * With `loadHistory`, the chart is drawn at once from the evidence and redrawn with the metric's
 * history behind it when that arrives; if loading fails, it stays as first drawn.
 */
export function anomalyChart(anomaly: Anomaly, events: readonly OpsEvent[], loadHistory?: HistoryLoader): HTMLElement {
  const id = `chart-${++uid}`;
  const metric = `${anomaly.series.metricName} (${anomaly.series.stat})`;
  const val = (x: number) => formatSeriesValue(x, anomaly.series);
  const svg = chartSvg(id, anomaly, events, []);

  const legend = h(
    'ul',
    { class: 'legend', 'aria-label': 'Legend' },
    h('li', { class: 'lg-observed' }, 'Observed'),
    h('li', { class: 'lg-expected' }, 'Expected band'),
    h('li', { class: 'lg-span' }, 'Anomaly'),
    h('li', { class: 'lg-event' }, 'Event'),
  );

  const table = h(
    'details',
    { class: 'data' },
    h('summary', {}, 'Data points'),
    h(
      'table',
      {},
      h('caption', {}, `${metric} on ${anomaly.resourceName}`),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Time (UTC)'), h('th', { scope: 'col' }, 'Observed'), h('th', { scope: 'col' }, 'Expected'), h('th', { scope: 'col' }, 'Band'))),
      h(
        'tbody',
        {},
        ...anomaly.evidence.map((p) =>
          h('tr', {}, h('td', {}, fmtTime(p.t)), h('td', {}, val(p.v)), h('td', {}, val(p.expected)), h('td', {}, `${val(p.lower)} – ${val(p.upper)}`)),
        ),
      ),
    ),
  );

  const figure = h('figure', { class: 'chart-figure' }, svg, legend, table);
  if (loadHistory) {
    loadHistory()
      .then((history) => {
        if (history.length < 2) return;
        svg.replaceWith(chartSvg(id, anomaly, events, history));
        legend.append(h('li', { class: 'lg-history' }, 'Metric before and after'));
      })
      .catch(() => undefined);
  }
  return figure;
}
