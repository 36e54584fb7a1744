/** How the dashboard names member accounts: by alias and id, from `/health`'s account list. */
import type { Insight } from '../../core';
import type { AccountHealth } from './api';
import { h } from './dom';

/** Alias of each member account by id. */
export type AccountNames = ReadonlyMap<string, string | undefined>;

export function accountNames(accounts: readonly AccountHealth[] | undefined): AccountNames {
  return new Map((accounts ?? []).map((a) => [a.accountId, a.alias]));
}

/** `shop-prod (111122223333)`, or the id alone without an alias. */
export function accountLabel(accountId: string, names: AccountNames): string {
  const alias = names.get(accountId);
  return alias ? `${alias} (${accountId})` : accountId;
}

/** The short form shown on list rows: the alias, else the id. */
export function accountShort(accountId: string, names: AccountNames): string {
  return names.get(accountId) ?? accountId;
}

/** The account cell of an insight row: its member account (linking to its insights), or `this account`. */
export function accountCell(i: Pick<Insight, 'accountId'>, names: AccountNames): Node | string {
  if (!i.accountId) return 'this account';
  return h('a', { href: `#/insights?account=${i.accountId}`, title: accountLabel(i.accountId, names) }, accountShort(i.accountId, names));
}
