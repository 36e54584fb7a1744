/** The events, coverage and cost views, and the page for routes and ids that do not exist. */
import type { OpsEvent } from '../../core';
import { api } from './api';
import { h, mount } from './dom';
import { fmtNumber, fmtTime, fmtUsd } from './format';
import { field, formQuery, gridTable, rangeFields, rangeOf, seedCustom, selectOf, type ViewContext } from './ui';

const DAY = 86_400_000;
/** The longest window the API's /events answers in one request. */
const MAX_EVENT_WINDOW = 31 * DAY;

const CLASS_WORDS: Record<string, string> = {
  DEPLOYMENT: 'Deployment',
  CONFIG_CHANGE: 'Configuration change',
  SCHEMA_CHANGE: 'Schema change',
  SECURITY_CHANGE: 'Security change',
  INFRASTRUCTURE: 'Infrastructure change',
};

/** `Deployment of checkout`, `Configuration change UpdateTable on orders`, `Policy change PutRolePolicy on checkout-role`. */
export function eventText(e: OpsEvent): string {
  const what = e.resources.map((r) => r.name).join(', ');
  if (e.dataSource === 'CODE_DEPLOY') return `Deployment${what ? ` of ${what}` : ''}${e.status ? ` (${e.status.toLowerCase()})` : ''}`;
  const kind = e.class === 'SECURITY_CHANGE' && /Policy/.test(e.name) ? 'Policy change' : (CLASS_WORDS[e.class] ?? e.class);
  return `${kind} ${e.name}${what ? ` on ${what}` : ''}`;
}

// ---- events ---------------------------------------------------------------------------------------

export async function eventsView(ctx: ViewContext, params: URLSearchParams): Promise<void> {
  const [health, overview] = await Promise.all([api.health(), api.overview()]);
  const range = rangeOf(params, overview.to, '14d');
  const to = range.to ?? overview.to;
  const from = Math.max(range.from ?? to - 14 * DAY, to - MAX_EVENT_WINDOW);
  const stack = params.get('stack') ?? '';
  const query = (params.get('q') ?? '').toLowerCase();
  const { events } = await api.events(from, to, stack || undefined);
  const found = events.filter((e) => !query || `${eventText(e)} ${e.user ?? ''} ${e.stack ?? ''} ${e.source}`.toLowerCase().includes(query)).sort((a, b) => b.time - a.time);

  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Filter events', role: 'search' },
    field('f-q', 'Search', h('input', { type: 'search', name: 'q', value: params.get('q') ?? '', placeholder: 'resource, user, action…' })),
    ...rangeFields(params, '14d', false),
    field('f-stack', 'Stack', selectOf('stack', [['', 'Any'], ...health.collections.map((c) => [c.collection.name, c.collection.name] as const)], stack)),
    h('button', { type: 'submit' }, 'Apply'),
  );
  seedCustom(form, { from, to });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    location.hash = `#/events${formQuery(form, ['q', 'range', 'from', 'to', 'stack'])}`;
  });

  const byStack = new Map<string, OpsEvent[]>();
  for (const e of found) byStack.set(e.stack ?? 'No stack', [...(byStack.get(e.stack ?? 'No stack') ?? []), e]);
  const sections = [...byStack.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, list]) =>
      h(
        'section',
        { 'aria-label': `Changes in ${name}`, 'data-testid': 'event-stack' },
        h('h2', {}, `${name} `, h('span', { class: 'muted' }, `(${list.length})`)),
        gridTable(
          ['Time', 'What changed', 'By', 'Source'],
          list.map((e) => ({ attrs: { 'data-event-id': e.id }, cells: [fmtTime(e.time), eventText(e), e.user ?? '—', e.dataSource === 'CODE_DEPLOY' ? 'CodeDeploy' : 'CloudTrail'] })),
        ),
      ),
    );
  const count = `${found.length} change${found.length === 1 ? '' : 's'} from ${fmtTime(from)} to ${fmtTime(to)}${query ? ` matching “${params.get('q')}”` : ''}`;
  mount(
    ctx.main,
    h('h1', { tabindex: -1 }, 'Events'),
    h('p', { class: 'lead' }, 'What changed in the covered stacks: deployments and configuration, schema, security and infrastructure changes.'),
    form,
    h('p', { class: 'count', 'data-testid': 'result-count', role: 'status' }, count),
    ...(sections.length ? sections : [h('p', { 'data-testid': 'no-events' }, 'No changes in this range.')]),
  );
}

// ---- coverage -------------------------------------------------------------------------------------

function boundaryText(c: Awaited<ReturnType<typeof api.coverage>>['coverage']): string {
  if (c.mode === 'account') return 'Every supported resource of the account.';
  if (c.mode === 'stacks') return `The CloudFormation stacks ${c.stacks.join(', ')}.`;
  return `Resources tagged ${c.tagKey}${c.tagValues.length ? ` with the value ${c.tagValues.join(', ')}` : ' (any value)'}.`;
}

export async function coverageView(ctx: ViewContext): Promise<void> {
  const [boundary, resources] = await Promise.all([api.coverage(), api.coverageResources().catch(() => undefined)]);
  const table = resources
    ? gridTable(
        ['Stack', 'Resources', 'Resource types', `Golden-signal series (every ${resources.cadence.goldenSignalsMinutes} min)`, `Capacity series (every ${resources.cadence.capacityMinutes} min)`],
        [
          ...resources.stacks.map((s) => ({
            cells: [
              s.stack ?? 'Outside any stack',
              fmtNumber(s.resources),
              Object.entries(s.types)
                .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
                .map(([t, n]) => `${n} × ${t.replace(/^AWS::/, '').replace('::', ' ')}`)
                .join(', '),
              fmtNumber(s.series.golden),
              fmtNumber(s.series.capacity),
            ],
          })),
          {
            attrs: { class: 'total' },
            cells: [
              'All stacks',
              fmtNumber(resources.stacks.reduce((n, s) => n + s.resources, 0)),
              '',
              fmtNumber(resources.stacks.reduce((n, s) => n + s.series.golden, 0)),
              fmtNumber(resources.stacks.reduce((n, s) => n + s.series.capacity, 0)),
            ],
          },
        ],
        { 'data-testid': 'coverage-table' },
      )
    : h('p', {}, 'The covered resources are not known to this API.');
  mount(
    ctx.main,
    h('h1', { tabindex: -1 }, 'Coverage'),
    h('p', { 'data-testid': 'coverage-boundary' }, h('strong', {}, 'Boundary: '), boundaryText(boundary.coverage), boundary.updatedAt ? ` Set ${fmtTime(boundary.updatedAt)}.` : ' This is the default; no coverage has been stored.'),
    h('p', { class: 'muted' }, 'Golden signals (errors, latency, throttles, 5XX) are analysed every cycle; capacity metrics (traffic, utilisation, storage) less often. Every series is read at a 5-minute period.'),
    table,
  );
}

// ---- cost -----------------------------------------------------------------------------------------

export async function costView(ctx: ViewContext, params: URLSearchParams): Promise<void> {
  const q = { goldenMinutes: Number(params.get('goldenMinutes')) || undefined, capacityMinutes: Number(params.get('capacityMinutes')) || undefined, mode: params.get('mode') ?? undefined };
  const e = await api.cost(q);
  const form = h(
    'form',
    { class: 'filters', 'aria-label': 'Cadence and pipeline shape' },
    field('f-golden', 'Golden signals, minutes', h('input', { type: 'number', name: 'goldenMinutes', min: 1, max: 60, value: e.cadence.goldenSignalsMinutes })),
    field('f-capacity', 'Capacity metrics, minutes', h('input', { type: 'number', name: 'capacityMinutes', min: 5, max: 1440, value: e.cadence.capacityMinutes })),
    field('f-mode', 'Pipeline', selectOf('mode', [['single', 'Single function'], ['distributed', 'Distributed']], e.mode)),
    h('button', { type: 'submit' }, 'Estimate'),
  );
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    location.hash = `#/cost${formQuery(form, ['goldenMinutes', 'capacityMinutes', 'mode'])}`;
  });
  mount(
    ctx.main,
    h('h1', { tabindex: -1 }, 'Cost'),
    h('p', { class: 'lead' }, `What running Opsight over the ${fmtNumber(e.resources)} covered resources (${fmtNumber(e.series.golden + e.series.capacity)} series) costs a month, at us-east-1 list prices.`),
    form,
    h(
      'dl',
      { class: 'stats' },
      h('div', { class: 'stat', 'data-testid': 'cost-total' }, h('dt', {}, 'Opsight, per month'), h('dd', {}, fmtUsd(e.totalUsd))),
      h('div', { class: 'stat', 'data-testid': 'cost-devopsguru' }, h('dt', {}, 'DevOps Guru list price, per month'), h('dd', {}, fmtUsd(e.devOpsGuru.usd))),
      h('div', { class: 'stat' }, h('dt', {}, 'Opsight as a share of DevOps Guru'), h('dd', {}, `${fmtNumber(Math.round(e.ratio * 1000) / 10)} %`)),
    ),
    h('h2', {}, 'Line by line'),
    gridTable(
      ['Service', 'Quantity', 'Per month'],
      [...e.lines.map((l) => ({ cells: [l.service, `${fmtNumber(l.quantity)} ${l.unit}`, fmtUsd(l.usd)] })), { attrs: { class: 'total' }, cells: ['Total', '', fmtUsd(e.totalUsd)] }],
      { 'data-testid': 'cost-lines' },
    ),
    h(
      'p',
      { class: 'muted' },
      `DevOps Guru prices ${fmtNumber(e.devOpsGuru.groupA)} of these resources in group A and ${fmtNumber(e.devOpsGuru.groupB)} in group B` +
        (e.devOpsGuru.unpriced ? `; ${fmtNumber(e.devOpsGuru.unpriced)} have no DevOps Guru price.` : '.'),
    ),
  );
}

// ---- not found ------------------------------------------------------------------------------------

export function notFoundView(ctx: ViewContext, what: string): void {
  mount(
    ctx.main,
    h('h1', { tabindex: -1, 'data-testid': 'not-found' }, 'Not found'),
    h('p', { role: 'alert' }, what),
    h('ul', {}, h('li', {}, h('a', { href: '#/' }, 'Overview')), h('li', {}, h('a', { href: '#/insights' }, 'All insights')), h('li', {}, h('a', { href: '#/events' }, 'Events'))),
  );
}
