/** The overview: health, stacks and collections, DORA metrics, latest insights. */
import { accountNames, accountShort, type AccountNames } from './accounts';
import { api, type CollectionHealth } from './api';
import { h, mount } from './dom';
import { fmtMinutes, fmtNumber, fmtPercent, fmtTime } from './format';
import { insightTable } from './list-view';
import { gridTable, type ViewContext } from './ui';

function stat(label: string, value: string, testid: string): HTMLElement {
  return h('div', { class: 'stat', 'data-testid': testid }, h('dt', {}, label), h('dd', {}, value));
}

function stackCells(c: CollectionHealth, names: AccountNames): Array<Node | string> {
  const own = c.collection.type === 'STACK' ? c.collection.name : `${c.collection.name} (${c.collection.type.toLowerCase()})`;
  const account = c.collection.accountId;
  const label = account ? `${own} · ${accountShort(account, names)}` : own;
  return [
    h('a', { href: `#/insights?stack=${encodeURIComponent(c.collection.name)}${account ? `&account=${account}` : ''}` }, label),
    fmtNumber(c.openReactive),
    fmtNumber(c.openProactive),
    fmtNumber(c.closedReactive),
    fmtMinutes(c.mttrMinutes),
    fmtTime(c.lastInsightAt),
  ];
}

export async function overviewView(ctx: ViewContext): Promise<void> {
  const [health, overview, dora, recent] = await Promise.all([api.health(), api.overview(), api.dora(), api.insights({}, 6)]);
  const stacks = health.collections;
  const names = accountNames(health.accounts);
  const accounts = health.accounts ?? [];
  const notOk = accounts.filter((a) => a.state !== 'OK').length;
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
        stat('Open reactive insights', fmtNumber(health.openReactive), 'open-reactive'),
        stat('Open proactive insights', fmtNumber(health.openProactive), 'open-proactive'),
        stat('Mean time to recover', fmtMinutes(health.mttrMinutes), 'mttr'),
        stat(
          `Insights since ${fmtTime(overview.from).slice(0, 10)}`,
          `${fmtNumber(overview.reactiveInsights + overview.proactiveInsights)} (${fmtNumber(overview.bySeverity.HIGH)} high)`,
          'window-insights',
        ),
      ),
      accounts.length
        ? h(
            'p',
            { 'data-testid': 'accounts-line' },
            h('a', { href: '#/accounts' }, `${fmtNumber(accounts.length)} member account${accounts.length === 1 ? '' : 's'}`),
            notOk ? `, ${fmtNumber(notOk)} not fully collected in the last cycle.` : ', all collected in the last cycle.',
          )
        : null,
    ),
    h(
      'section',
      { 'aria-labelledby': 'stacks-h' },
      h('h2', { id: 'stacks-h' }, 'Stacks and collections'),
      stacks.length
        ? gridTable(['Collection', 'Open reactive', 'Open proactive', 'Closed', 'MTTR', 'Latest insight'], stacks.map((c) => ({ cells: stackCells(c, names) })))
        : h('p', {}, 'No collections yet.'),
    ),
    h(
      'section',
      { 'aria-labelledby': 'dora-h' },
      h('h2', { id: 'dora-h' }, `DORA metrics, last ${Math.round(dora.days)} days`),
      gridTable(
        ['Stack', 'Deployments', 'Per day', 'Change failure rate', 'MTTR'],
        [...dora.stacks, dora.total].map((r) => ({
          ...(r === dora.total ? { attrs: { class: 'total' } } : {}),
          cells: [
            r === dora.total ? 'All stacks' : r.accountId ? `${r.stack} · ${accountShort(r.accountId, names)}` : r.stack,
            fmtNumber(r.deployments),
            fmtNumber(r.deploymentsPerDay),
            `${fmtPercent(r.changeFailureRate)}${r.deployments ? ` (${r.failedDeployments} of ${r.deployments})` : ''}`,
            fmtMinutes(r.mttrMinutes),
          ],
        })),
      ),
    ),
    h(
      'section',
      { 'aria-labelledby': 'recent-h' },
      h('h2', { id: 'recent-h' }, 'Latest insights'),
      insightTable(recent.insights, names),
      h('p', {}, h('a', { href: '#/insights' }, 'All insights →')),
    ),
  );
}
