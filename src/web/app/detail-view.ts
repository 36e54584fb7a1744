/**
 * The insight page, for on-call: title, likely cause, then one chart per metric with the causal
 * anomaly first and the rest by severity; the first OPEN_CHARTS open, the others one line each
 * that opens into its chart. Then the timeline, recommendations and feedback.
 */
import type { Anomaly, FeedbackValue, Insight, OpsEvent } from '../../core';
import { formatSeriesValue } from '../../core/units';
import { accountLabel, accountNames } from './accounts';
import { api } from './api';
import { anomalyChart, forecastOf } from './chart';
import { logEvidenceSection, logLink } from './log-evidence';
import { h, mount } from './dom';
import { FEEDBACK_LABELS, fmtTime } from './format';
import { chartGroups, insightTitle, localiseTimes, OPEN_CHARTS, type ChartGroup } from './insight-model';
import { badge, duration, type ViewContext } from './ui';

const HOUR = 3_600_000;

function timeline(insight: Insight, anomalies: readonly Anomaly[], events: readonly OpsEvent[]): HTMLElement {
  const items: Array<{ t: number; kind: string; text: string }> = [
    ...events.map((e) => ({ t: e.time, kind: 'event', text: `${e.name} (${e.class.toLowerCase().replace('_', ' ')}, ${e.source})${e.user ? ` by ${e.user}` : ''}` })),
    ...anomalies.map((a) => ({ t: a.timeRange.start, kind: 'anomaly', text: `${a.series.metricName} ${a.direction === 'BELOW' ? 'dropped' : 'rose'} on ${a.resourceName}` })),
    { t: insight.timeRange.start, kind: 'insight', text: 'Insight opened' },
    ...(insight.timeRange.end !== undefined ? [{ t: insight.timeRange.end, kind: 'insight', text: 'Insight closed' }] : []),
  ].sort((a, b) => a.t - b.t || a.kind.localeCompare(b.kind));
  return h(
    'ol',
    { class: 'timeline', 'data-testid': 'timeline' },
    ...items.map((it) => h('li', { class: `tl-${it.kind}` }, h('time', { datetime: new Date(it.t).toISOString() }, fmtTime(it.t)), ' ', it.text)),
  );
}

function feedbackButtons(ctx: ViewContext, insight: Insight): HTMLElement {
  const group = h('div', { class: 'feedback', role: 'group', 'aria-labelledby': 'fb-h' });
  const status = h('p', { class: 'fb-status', 'data-testid': 'feedback-status' }, insight.feedback ? `Your feedback: ${FEEDBACK_LABELS[insight.feedback]}` : '');
  const buttons = Object.entries(FEEDBACK_LABELS).map(([value, label]) =>
    h('button', { type: 'button', 'aria-pressed': String(insight.feedback === value), 'data-value': value }, label),
  );
  for (const b of buttons) {
    b.addEventListener('click', () => {
      const value = b.dataset.value as FeedbackValue;
      for (const x of buttons) x.disabled = true;
      api
        .feedback(insight.id, value)
        .then(() => {
          for (const x of buttons) x.setAttribute('aria-pressed', String(x === b));
          status.textContent = `Thanks. Feedback saved: ${FEEDBACK_LABELS[value]}`;
          ctx.announce('Feedback saved');
        })
        .catch((err: Error) => {
          status.textContent = `Could not save feedback: ${err.message}`;
        })
        .finally(() => {
          for (const x of buttons) x.disabled = false;
        });
    });
  }
  group.append(...buttons);
  return h('section', { 'aria-labelledby': 'fb-h' }, h('h2', { id: 'fb-h' }, 'Was this insight useful?'), group, status);
}

/** `rose to 42 (expected 0–1.5)`, in the series' unit. */
function peak(a: Anomaly): string {
  const v = (x: number) => formatSeriesValue(x, a.series);
  const verb = a.forecast ? 'at' : a.direction === 'BELOW' ? 'fell to' : 'rose to';
  return `${verb} ${v(a.observed)} (expected ${v(a.lower)}–${v(a.upper)})`;
}

function groupHeading(insight: Insight, g: ChartGroup): Array<Node | string> {
  const a = g.anomaly;
  return [
    `${a.series.metricName} on ${a.resourceName} `,
    badge(a.severity, a.severity),
    ' ',
    g.causal && !g.anomaly.forecast ? h('span', { class: 'badge badge-causal', 'data-testid': 'causal-badge' }, 'likely origin') : '',
    h('span', { class: 'muted' }, ` ${peak(a)} · from ${fmtTime(a.timeRange.start)}${g.members.length > 1 ? ` · ${g.members.length} anomalies` : ''}`),
    ' ',
    logLink(insight, a.resourceId) ?? '',
  ];
}

function chartFor(insight: Insight, g: ChartGroup, events: readonly OpsEvent[], width: number): HTMLElement {
  const a = g.anomaly;
  // A proactive chart shows the hourly evidence with the raw metric over the same hours, so the history runs on without a gap.
  const window = forecastOf(a) && a.evidence.length ? { from: a.evidence[0]!.t, to: Math.min(a.evidence[0]!.t + 48 * HOUR, a.evidence[a.evidence.length - 1]!.t + HOUR) } : {};
  return anomalyChart(a, events, { width, loadHistory: () => api.anomalySeries(insight.id, a.id, window).then((r) => r.points) });
}

function anomalySection(insight: Insight, anomalies: readonly Anomaly[], events: readonly OpsEvent[], width: number): HTMLElement {
  const groups = chartGroups(anomalies);
  const items = groups.map((g, i) => {
    const related = events.filter((e) => !forecastOf(g.anomaly) || e.time >= (g.anomaly.evidence[0]?.t ?? 0));
    if (i < OPEN_CHARTS) {
      return h('article', { class: 'anomaly', 'data-testid': 'anomaly-open', 'data-series': g.key }, h('h3', {}, ...groupHeading(insight, g)), chartFor(insight, g, related, width));
    }
    const details = h('details', { class: 'anomaly anomaly-line', 'data-testid': 'anomaly-collapsed', 'data-series': g.key }, h('summary', {}, ...groupHeading(insight, g)));
    details.addEventListener('toggle', () => {
      if (details.open && !details.querySelector('figure')) details.append(chartFor(insight, g, related, width));
    });
    return details;
  });
  const more = groups.length > OPEN_CHARTS ? h('p', { class: 'muted' }, `${groups.length - OPEN_CHARTS} more metric${groups.length - OPEN_CHARTS > 1 ? 's' : ''} below, one line each: open one to see its chart.`) : null;
  const title = `Anomalies: ${anomalies.length} on ${groups.length} metric${groups.length === 1 ? '' : 's'}`;
  return h('section', { 'aria-labelledby': 'anom-h' }, h('h2', { id: 'anom-h' }, title), ...items.slice(0, OPEN_CHARTS), more, ...items.slice(OPEN_CHARTS));
}

function recommendationList(insight: Insight): HTMLElement {
  const recs = insight.recommendations;
  return h(
    'section',
    { 'aria-labelledby': 'rec-h' },
    h('h2', { id: 'rec-h' }, 'Recommendations'),
    recs.length
      ? h(
          'ul',
          { class: 'recs' },
          ...recs.map((r) =>
            h(
              'li',
              {},
              h('h3', {}, r.name),
              h('p', {}, localiseTimes(r.description)),
              h('p', { class: 'muted' }, `Why: ${localiseTimes(r.reason)}`),
              h('a', { href: r.link, rel: 'noopener noreferrer', target: '_blank' }, 'AWS documentation'),
            ),
          ),
        )
      : h('p', {}, 'No recommendations for this insight.'),
  );
}

/** How sure the cause text is: a forecast, a likely cause, or a change that is only possibly related. */
function causeLead(insight: Insight): string {
  if (insight.type === 'PROACTIVE') return 'Forecast';
  return /^possibly related/i.test(insight.rootCause ?? '') ? 'Possibly related' : /^no change event/i.test(insight.rootCause ?? '') ? 'Cause' : 'Likely cause';
}

export async function detailView(ctx: ViewContext, id: string): Promise<void> {
  const [{ insight, anomalies, events }, names] = await Promise.all([
    api.insight(id),
    api
      .health()
      .then((health) => accountNames(health.accounts))
      .catch(() => accountNames([])),
  ]);
  // Charts are drawn at the width they are shown, so their text stays readable on a phone.
  const width = Math.min(1100, ctx.main.clientWidth - 50);
  mount(
    ctx.main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/insights' }, '← Insights')),
    h('h1', { tabindex: -1, 'data-testid': 'insight-name' }, insightTitle(insight, anomalies)),
    h(
      'p',
      { class: 'meta' },
      badge(insight.severity, `${insight.severity} severity`),
      ' ',
      badge(insight.status, insight.status),
      ' ',
      `${insight.type.toLowerCase()} insight on ${insight.collection.name}`,
      insight.accountId ? h('span', { 'data-testid': 'insight-account' }, ` in account ${accountLabel(insight.accountId, names)}${insight.region ? `, ${insight.region}` : ''}`) : '',
      ` · ${fmtTime(insight.timeRange.start)}`,
      insight.timeRange.end !== undefined ? ` to ${fmtTime(insight.timeRange.end)} (${duration(insight)})` : ' · ongoing',
      insight.predictionTimeRange
        ? insight.predictionTimeRange.end !== undefined
          ? ` · limit reached between ${fmtTime(insight.predictionTimeRange.start)} and ${fmtTime(insight.predictionTimeRange.end)}`
          : ` · limit reached not before ${fmtTime(insight.predictionTimeRange.start)}`
        : '',
    ),
    insight.rootCause
      ? h(
          'p',
          { class: 'cause', 'data-testid': 'root-cause' },
          h('strong', {}, `${causeLead(insight)}: `),
          localiseTimes(insight.rootCause.replace(/^(likely cause|possibly related):\s*/i, '')),
        )
      : null,
    insight.description ? h('p', { class: 'description' }, localiseTimes(insight.description)) : null,
    anomalySection(insight, anomalies, events, width),
    logEvidenceSection(insight),
    h('section', { 'aria-labelledby': 'tl-h' }, h('h2', { id: 'tl-h' }, 'Timeline'), timeline(insight, anomalies, events)),
    recommendationList(insight),
    feedbackButtons(ctx, insight),
  );
}
