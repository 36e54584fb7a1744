/**
 * The account and organisational-unit view: one row per member account with how its last
 * collection went (OK, DEGRADED with the failing regions, FAILED) and its insights, then the
 * same per organisational unit. Shown only when Opsight analyses member accounts.
 */
import { api, type AccountHealth } from './api';
import { accountLabel, accountNames } from './accounts';
import { h, mount } from './dom';
import { fmtMinutes, fmtNumber, fmtTime } from './format';
import { badge, gridTable, type ViewContext } from './ui';

const NO_UNIT = 'Named in the configuration';

function stateCell(a: AccountHealth): HTMLElement {
  return h(
    'span',
    { 'data-testid': 'account-state' },
    badge(a.state === 'OK' ? 'ok' : a.state === 'FAILED' ? 'high' : 'medium', a.state),
    a.lastError ? h('span', { class: 'muted account-error' }, ` ${a.lastError}${a.failingSince ? ` (since ${fmtTime(a.failingSince)})` : ''}`) : '',
  );
}

function accountRows(accounts: readonly AccountHealth[]) {
  const names = accountNames(accounts);
  return accounts.map((a) => ({
    attrs: { 'data-account-id': a.accountId },
    cells: [
      h('a', { href: `#/insights?account=${a.accountId}` }, accountLabel(a.accountId, names)),
      a.organizationalUnitId ?? '—',
      stateCell(a),
      `${a.regions.join(', ')} · ${fmtNumber(a.resources)} resources`,
      fmtNumber(a.openReactive),
      fmtNumber(a.openProactive),
      fmtMinutes(a.mttrMinutes),
    ],
  }));
}

function unitRows(accounts: readonly AccountHealth[]) {
  const units = new Map<string, AccountHealth[]>();
  for (const a of accounts) units.set(a.organizationalUnitId ?? NO_UNIT, [...(units.get(a.organizationalUnitId ?? NO_UNIT) ?? []), a]);
  return [...units]
    .sort(([x], [y]) => x.localeCompare(y))
    .map(([unit, list]) => ({
      attrs: { 'data-unit': unit },
      cells: [
        unit,
        fmtNumber(list.length),
        fmtNumber(list.filter((a) => a.state !== 'OK').length),
        fmtNumber(list.reduce((n, a) => n + a.openReactive, 0)),
        fmtNumber(list.reduce((n, a) => n + a.openProactive, 0)),
      ],
    }));
}

export async function accountsView(ctx: ViewContext): Promise<void> {
  const health = await api.health();
  const accounts = [...(health.accounts ?? [])].sort(
    (a, b) => (a.organizationalUnitId ?? '').localeCompare(b.organizationalUnitId ?? '') || (a.alias ?? a.accountId).localeCompare(b.alias ?? b.accountId),
  );
  if (accounts.length === 0) {
    mount(ctx.main, h('h1', { tabindex: -1 }, 'Accounts'), h('p', { 'data-testid': 'no-accounts' }, 'Opsight analyses its own account only: there are no member accounts.'));
    return;
  }
  const failing = accounts.filter((a) => a.state !== 'OK').length;
  mount(
    ctx.main,
    h('h1', { tabindex: -1 }, 'Accounts'),
    h(
      'p',
      { class: 'lead', 'data-testid': 'accounts-summary' },
      `${fmtNumber(accounts.length)} member account${accounts.length === 1 ? '' : 's'}; ${failing ? `${fmtNumber(failing)} not fully collected in the last cycle` : 'all collected in the last cycle'}.`,
    ),
    gridTable(['Account', 'Organisational unit', 'State', 'Coverage', 'Open reactive', 'Open proactive', 'MTTR'], accountRows(accounts), {
      'data-testid': 'account-table',
      class: 'grid accounts',
    }),
    h('h2', {}, 'Organisational units'),
    gridTable(['Unit', 'Accounts', 'Not OK', 'Open reactive', 'Open proactive'], unitRows(accounts), { 'data-testid': 'unit-table' }),
  );
}
