/** The three pages: overview, insight list with filters, insight detail. */
import type { Anomaly, FeedbackValue, Insight, OpsEvent } from '../../core';
import { api, type CollectionHealth, type InsightFilter } from './api';
import { anomalyChart } from './chart';
import { h, mount } from './dom';
import { logEvidenceSection, logLink } from './log-evidence';
import { FEEDBACK_LABELS, fmtDuration, fmtMinutes, fmtNumber, fmtPercent, fmtTime } from './format';

export interface ViewContext {
  readonly main: HTMLElement;
  /** Announces a message to assistive technology (and shows it). */
  announce(message: string): void;
}

const PAGE = 25;

function badge(kind: string, text: string): HTMLElement {
  return h('span', { class: `badge badge-${kind.toLowerCase()}` }, text);
}

function insightLink(i: Insight): HTMLElement {
  return h('a', { href: `#/insights/${encodeURIComponent(i.id)}` }, i.name);
}

function stat(label: string, value: string, testid: string): HTMLElement {
  return h('div', { class: 'stat', 'data-testid': testid }, h('dt', {}, label), h('dd', {}, value));
}

function duration(i: Insight): string {
  return i.timeRange.end !== undefined ? fmtDuration(i.timeRange.end - i.timeRange.start) : 'ongoing';
}

// ---- overview ---------------------------------------------------------------------------------

export async function overviewView(ctx: ViewContext): Promise<void> {
  const [health, overview, dora, recent] = await Promise.all([api.health(), api.overview(), api.dora(), api.insights({}, 6)]);
  const stacks = health.collections;
  mount(
    ctx.main,
    h('h1', { tabindex: -1 }, 'Overview'),
    h(
      'section',
      { 'aria-labelledby': 'health-h' },
      h('h2', { id: 'health-h' }, 'Health'),
      h(
        'dl',
        { class: 'stats' },
        stat('Open reactive insights', String(health.openReactive), 'open-reactive'),
        stat('Open proactive insights', String(health.openProactive), 'open-proactive'),
        stat('Mean time to recover', fmtMinutes(health.mttrMinutes), 'mttr'),
        stat(
          `Insights since ${fmtTime(overview.from).slice(0, 10)}`,
          `${overview.reactiveInsights + overview.proactiveInsights} (${overview.bySeverity.HIGH} high)`,
          'window-insights',
        ),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'stacks-h' },
      h('h2', { id: 'stacks-h' }, 'Stacks and collections'),
      stacks.length
        ? h(
            'table',
            { class: 'grid' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                ...['Collection', 'Open reactive', 'Open proactive', 'Closed', 'MTTR', 'Latest insight'].map((c) => h('th', { scope: 'col' }, c)),
              ),
            ),
            h('tbody', {}, ...stacks.map(stackRow)),
          )
        : h('p', {}, 'No collections yet.'),
    ),
    h(
      'section',
      { 'aria-labelledby': 'dora-h' },
      h('h2', { id: 'dora-h' }, `DORA metrics, last ${Math.round(dora.days)} days`),
      h(
        'table',
        { class: 'grid' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            ...['Stack', 'Deployments', 'Per day', 'Change failure rate', 'MTTR'].map((c) => h('th', { scope: 'col' }, c)),
          ),
        ),
        h(
          'tbody',
          {},
          ...[...dora.stacks, dora.total].map((r) =>
            h(
              'tr',
              r === dora.total ? { class: 'total' } : {},
              h('th', { scope: 'row' }, r === dora.total ? 'All stacks' : r.stack),
              h('td', {}, String(r.deployments)),
              h('td', {}, fmtNumber(r.deploymentsPerDay)),
              h('td', {}, `${fmtPercent(r.changeFailureRate)}${r.deployments ? ` (${r.failedDeployments} of ${r.deployments})` : ''}`),
              h('td', {}, fmtMinutes(r.mttrMinutes)),
            ),
          ),
        ),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'recent-h' },
      h('h2', { id: 'recent-h' }, 'Latest insights'),
      insightTable(recent.insights),
      h('p', {}, h('a', { href: '#/insights' }, 'All insights →')),
    ),
  );
}

function stackRow(c: CollectionHealth): HTMLElement {
  const label = c.collection.type === 'STACK' ? c.collection.name : `${c.collection.name} (${c.collection.type.toLowerCase()})`;
  return h(
    'tr',
    {},
    h('th', { scope: 'row' }, h('a', { href: `#/insights?stack=${encodeURIComponent(c.collection.name)}` }, label)),
    h('td', {}, String(c.openReactive)),
    h('td', {}, String(c.openProactive)),
    h('td', {}, String(c.closedReactive)),
    h('td', {}, fmtMinutes(c.mttrMinutes)),
    h('td', {}, fmtTime(c.lastInsightAt)),
  );
}

function insightTable(list: readonly Insight[]): HTMLElement {
  if (list.length === 0) return h('p', { 'data-testid': 'no-insights' }, 'No insights match.');
  return h(
    'table',
    { class: 'grid insights', 'data-testid': 'insight-list' },
    h(
      'thead',
      {},
      h('tr', {}, ...['Insight', 'Severity', 'Status', 'Type', 'Collection', 'Started', 'Duration'].map((c) => h('th', { scope: 'col' }, c))),
    ),
    h(
      'tbody',
      {},
      ...list.map((i) =>
        h(
          'tr',
          { 'data-insight-id': i.id },
          h('th', { scope: 'row' }, insightLink(i)),
          h('td', {}, badge(i.severity, i.severity)),
          h('td', {}, badge(i.status, i.status)),
          h('td', {}, i.type),
          h('td', {}, i.collection.name),
          h('td', {}, fmtTime(i.timeRange.start)),
          h('td', {}, duration(i)),
        ),
      ),
    ),
  );
}

// ---- list ---------------------------------------------------------------------------------------

function select(name: string, label: string, options: readonly string[], value: string | undefined): HTMLElement {
  const id = `f-${name}`;
  return h(
    'div',
    { class: 'field' },
    h('label', { for: id }, label),
    h(
      'select',
      { id, name },
      h('option', { value: '' }, 'Any'),
      ...options.map((o) => h('option', { value: o, selected: o === value }, o.charAt(0) + o.slice(1).toLowerCase())),
    ),
  );
}

/** `tokens` holds the nextToken of each page shown so far, for Previous/Next. */
export async function listView(ctx: ViewContext, filter: InsightFilter, tokens: readonly string[]): Promise<void> {
  const pageToken = tokens[tokens.length - 1];
  const [page, health] = await Promise.all([api.insights(filter, PAGE, pageToken), api.health()]);
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter insights' },
    select('status', 'Status', ['ONGOING', 'CLOSED'], filter.status),
    select('type', 'Type', ['REACTIVE', 'PROACTIVE'], filter.type),
    select('severity', 'Severity', ['HIGH', 'MEDIUM', 'LOW'], filter.severity),
    h(
      'div',
      { class: 'field' },
      h('label', { for: 'f-stack' }, 'Stack'),
      h(
        'select',
        { id: 'f-stack', name: 'stack' },
        h('option', { value: '' }, 'Any'),
        ...health.collections.map((c) => h('option', { value: c.collection.name, selected: c.collection.name === filter.stack }, c.collection.name)),
      ),
    ),
    h('button', { type: 'submit' }, 'Apply'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const q = new URLSearchParams();
    for (const k of ['status', 'type', 'severity', 'stack']) {
      const v = data.get(k);
      if (typeof v === 'string' && v) q.set(k, v);
    }
    location.hash = `#/insights${q.toString() ? `?${q}` : ''}`;
  });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  if (tokens.length > 0) {
    pager.append(h('button', { type: 'button', onclick: () => void listView(ctx, filter, tokens.slice(0, -1)).then(() => ctx.announce('Previous page')) }, '← Previous'));
  }
  pager.append(h('span', {}, `Page ${tokens.length + 1}`));
  if (page.nextToken) {
    const next = page.nextToken;
    pager.append(h('button', { type: 'button', onclick: () => void listView(ctx, filter, [...tokens, next]).then(() => ctx.announce('Next page')) }, 'Next →'));
  }
  mount(ctx.main, h('h1', { tabindex: -1 }, 'Insights'), form, insightTable(page.insights), pager);
}

// ---- detail -------------------------------------------------------------------------------------

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

export async function detailView(ctx: ViewContext, id: string): Promise<void> {
  const { insight, anomalies, events, recommendations } = await api.insight(id);
  mount(
    ctx.main,
    h('p', { class: 'crumbs' }, h('a', { href: '#/insights' }, '← Insights')),
    h('h1', { tabindex: -1, 'data-testid': 'insight-name' }, insight.name),
    h(
      'p',
      { class: 'meta' },
      badge(insight.severity, `${insight.severity} severity`),
      ' ',
      badge(insight.status, insight.status),
      ' ',
      `${insight.type.toLowerCase()} insight on ${insight.collection.name} · ${fmtTime(insight.timeRange.start)}`,
      insight.timeRange.end !== undefined ? ` to ${fmtTime(insight.timeRange.end)} (${duration(insight)})` : ' · ongoing',
      insight.predictionTimeRange ? ` · predicted from ${fmtTime(insight.predictionTimeRange.start)}` : '',
    ),
    insight.description ? h('p', { class: 'description' }, insight.description) : null,
    insight.rootCause
      ? h('p', { class: 'cause', 'data-testid': 'root-cause' }, h('strong', {}, insight.type === 'PROACTIVE' ? 'Forecast: ' : 'Likely cause: '), insight.rootCause.replace(/^likely cause:\s*/i, ''))
      : null,
    h(
      'section',
      { 'aria-labelledby': 'anom-h' },
      h('h2', { id: 'anom-h' }, `Anomalies (${anomalies.length})`),
      ...anomalies.map((a) =>
        h(
          'article',
          { class: 'anomaly' },
          h(
            'h3',
            {},
            `${a.series.metricName} on ${a.resourceName} `,
            badge(a.severity, a.severity),
            ' ',
            h('span', { class: 'muted' }, `${a.type.toLowerCase()} · ${a.series.namespace}`),
            ' ',
            logLink(insight, a.resourceId),
          ),
          anomalyChart(a, events, () => api.anomalySeries(insight.id, a.id).then((r) => r.points)),
        ),
      ),
    ),
    logEvidenceSection(insight),
    h('section', { 'aria-labelledby': 'tl-h' }, h('h2', { id: 'tl-h' }, 'Timeline'), timeline(insight, anomalies, events)),
    h(
      'section',
      { 'aria-labelledby': 'rec-h' },
      h('h2', { id: 'rec-h' }, 'Recommendations'),
      recommendations.length
        ? h(
            'ul',
            { class: 'recs' },
            ...recommendations.map((r) =>
              h(
                'li',
                {},
                h('h3', {}, r.name),
                h('p', {}, r.description),
                h('p', { class: 'muted' }, `Why: ${r.reason}`),
                h('a', { href: r.link, rel: 'noopener noreferrer', target: '_blank' }, 'AWS documentation'),
              ),
            ),
          )
        : h('p', {}, 'No recommendations for this insight.'),
    ),
    feedbackButtons(ctx, insight),
  );
}
