/**
 * The insight list: filters the API answers (status, type, severity, stack, time range), then
 * search, sort and paging over the matching insights in the browser, with their count and an
 * optional auto-refresh. Everything lives in the URL, so a view can be shared or reloaded.
 */
import type { Insight } from '../../core';
import { accountCell, accountLabel, accountNames, type AccountNames } from './accounts';
import { api, type AccountHealth, type InsightFilter } from './api';
import { h, mount } from './dom';
import { fmtTime } from './format';
import { badge, duration, field, formQuery, gridTable, insightLink, rangeFields, rangeOf, seedCustom, selectOf, type ViewContext } from './ui';

const PAGE = 25;
/** The most insights read for one list (pages of 100). */
export const MAX_LISTED = 1000;
const REFRESH_MS = 30_000;
/** Severity order (the core's SEVERITY_RANK, restated so the bundle stays free of the core's runtime). */
export const SEVERITY_ORDER: Record<string, number> = { LOW: 1, MEDIUM: 2, HIGH: 3 };

export const SORTS: ReadonlyArray<readonly [string, string, (a: Insight, b: Insight) => number]> = [
  ['newest', 'Newest first', (a, b) => b.timeRange.start - a.timeRange.start],
  ['oldest', 'Oldest first', (a, b) => a.timeRange.start - b.timeRange.start],
  ['severity', 'Severity', (a, b) => SEVERITY_ORDER[b.severity]! - SEVERITY_ORDER[a.severity]! || b.timeRange.start - a.timeRange.start],
  ['duration', 'Longest first', (a, b) => (b.timeRange.end ?? Infinity) - b.timeRange.start - ((a.timeRange.end ?? Infinity) - a.timeRange.start) || b.timeRange.start - a.timeRange.start],
];

/** Whether every word of `query` appears in the insight's name, description, cause or collection. */
export function matches(i: Insight, query: string): boolean {
  const text = [i.name, i.description, i.rootCause, i.collection.name, i.type, i.severity].join(' ').toLowerCase();
  return query
    .toLowerCase()
    .split(/\s+/)
    .filter(Boolean)
    .every((w) => text.includes(w));
}

async function loadAll(filter: InsightFilter): Promise<{ insights: Insight[]; truncated: boolean }> {
  const out: Insight[] = [];
  let token: string | undefined;
  do {
    const page = await api.insights(filter, 100, token);
    out.push(...page.insights);
    token = page.nextToken;
  } while (token && out.length < MAX_LISTED);
  return { insights: out.slice(0, MAX_LISTED), truncated: token !== undefined || out.length > MAX_LISTED };
}

/** The insight rows; with member accounts (`names` not empty, or an insight in one) an Account column. */
export function insightTable(list: readonly Insight[], names: AccountNames = new Map()): HTMLElement {
  if (list.length === 0) return h('p', { 'data-testid': 'no-insights' }, 'No insights match.');
  const withAccounts = names.size > 0 || list.some((i) => i.accountId);
  return gridTable(
    ['Insight', 'Severity', 'Status', 'Type', ...(withAccounts ? ['Account'] : []), 'Collection', 'Started', 'Duration'],
    list.map((i) => ({
      attrs: { 'data-insight-id': i.id },
      cells: [
        insightLink(i),
        badge(i.severity, i.severity),
        badge(i.status, i.status),
        i.type.toLowerCase(),
        ...(withAccounts ? [accountCell(i, names)] : []),
        i.collection.name,
        fmtTime(i.timeRange.start),
        duration(i),
      ],
    })),
    { 'data-testid': 'insight-list', class: 'grid insights' },
  );
}

function filterForm(params: URLSearchParams, stacks: readonly string[], accounts: readonly AccountHealth[]): HTMLFormElement {
  const names = accountNames(accounts);
  const opt = (values: readonly string[]) => [['', 'Any'] as const, ...values.map((v) => [v, v.charAt(0) + v.slice(1).toLowerCase()] as const)];
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter insights', role: 'search' },
    field('f-q', 'Search', h('input', { type: 'search', name: 'q', value: params.get('q') ?? '', placeholder: 'name, resource, cause…' })),
    ...rangeFields(params, 'all', true),
    field('f-status', 'Status', selectOf('status', opt(['ONGOING', 'CLOSED']), params.get('status') ?? undefined)),
    field('f-type', 'Type', selectOf('type', opt(['REACTIVE', 'PROACTIVE']), params.get('type') ?? undefined)),
    field('f-severity', 'Severity', selectOf('severity', opt(['HIGH', 'MEDIUM', 'LOW']), params.get('severity') ?? undefined)),
    field('f-stack', 'Stack', selectOf('stack', [['', 'Any'], ...stacks.map((s) => [s, s] as const)], params.get('stack') ?? undefined)),
    ...(accounts.length
      ? [field('f-account', 'Account', selectOf('account', [['', 'Any'], ...accounts.map((a) => [a.accountId, accountLabel(a.accountId, names)] as const)], params.get('account') ?? undefined))]
      : []),
    field('f-sort', 'Sort', selectOf('sort', SORTS.map(([k, label]) => [k, label] as const), params.get('sort') ?? 'newest')),
    h(
      'div',
      { class: 'field check' },
      h('input', { type: 'checkbox', id: 'f-refresh', name: 'refresh', value: '30', checked: params.get('refresh') === '30' }),
      h('label', { for: 'f-refresh' }, 'Refresh every 30 s'),
    ),
    h('button', { type: 'submit' }, 'Apply'),
  );
  return form;
}

export async function listView(ctx: ViewContext, params: URLSearchParams): Promise<void> {
  const [health, overview] = await Promise.all([api.health(), api.overview()]);
  const range = rangeOf(params, overview.to, 'all');
  const filter: InsightFilter = { ...range };
  for (const k of ['status', 'type', 'severity', 'stack', 'account'] as const) {
    const v = params.get(k);
    if (v) filter[k] = v;
  }
  const { insights, truncated } = await loadAll(filter);
  const query = params.get('q') ?? '';
  const sort = SORTS.find(([k]) => k === params.get('sort')) ?? SORTS[0]!;
  const found = insights.filter((i) => matches(i, query)).sort(sort[2]);
  const pageCount = Math.max(1, Math.ceil(found.length / PAGE));
  const pageNo = Math.min(pageCount, Math.max(1, Number(params.get('page')) || 1));
  const shown = found.slice((pageNo - 1) * PAGE, pageNo * PAGE);

  const accounts = health.accounts ?? [];
  const form = filterForm(params, [...new Set(health.collections.map((c) => c.collection.name))], accounts);
  seedCustom(form, range);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `#/insights${formQuery(form, ['q', 'range', 'from', 'to', 'status', 'type', 'severity', 'stack', 'account', 'sort', 'refresh'])}`;
  });

  const pageLink = (n: number, text: string) => {
    const q = new URLSearchParams(params);
    q.set('page', String(n));
    return h('a', { href: `#/insights?${q}`, class: 'button-link' }, text);
  };
  const pager = h(
    'nav',
    { class: 'pager', 'aria-label': 'Pages' },
    pageNo > 1 ? pageLink(pageNo - 1, '← Previous') : null,
    h('span', {}, `Page ${pageNo} of ${pageCount}`),
    pageNo < pageCount ? pageLink(pageNo + 1, 'Next →') : null,
  );
  const count = `${found.length} insight${found.length === 1 ? '' : 's'}${query ? ` matching “${query}”` : ''}${truncated ? ` (the newest ${MAX_LISTED} searched)` : ''}`;
  mount(ctx.main, h('h1', { tabindex: -1 }, 'Insights'), form, h('p', { class: 'count', 'data-testid': 'result-count', role: 'status' }, count), insightTable(shown, accountNames(accounts)), pager);
  if (params.get('refresh') === '30') {
    // A refresh redraws the form: skip it while someone is using the form.
    ctx.every(REFRESH_MS, () => {
      if (!form.contains(document.activeElement)) void listView(ctx, params).then(() => ctx.announce(`Refreshed: ${count}`));
    });
  }
}
