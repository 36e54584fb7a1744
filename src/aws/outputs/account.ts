/**
 * How notifications name a member account: `shop-prod (111122223333)` with its alias, the id
 * alone without one. Insights of the account Opsight runs in carry no account and keep the
 * context's account id and region.
 */
import type { Insight, Organization } from '../../core';

export interface AccountNames {
  /** Alias of each member account by id (the organisation's `accounts[].alias`, or the names Organizations lists). */
  readonly accountAliases?: Readonly<Record<string, string>>;
}

/** `shop-prod (111122223333)`, or the id alone when it has no alias. */
export function accountLabel(accountId: string, names: AccountNames): string {
  const alias = names.accountAliases?.[accountId];
  return alias ? `${alias} (${accountId})` : accountId;
}

/** The account and region an insight is in: its member account's, else the context's (where Opsight runs). */
export function insightPlace(i: Pick<Insight, 'accountId' | 'region'>, ctx: { readonly accountId: string; readonly region: string }): { accountId: string; region: string } {
  return i.accountId ? { accountId: i.accountId, region: i.region ?? ctx.region } : { accountId: ctx.accountId, region: ctx.region };
}

/** The aliases an organisation configuration gives its member accounts, by id. */
export function accountAliasesOf(organization: Pick<Organization, 'accounts'> | undefined): Record<string, string> {
  return Object.fromEntries((organization?.accounts ?? []).flatMap((a) => (a.alias ? [[a.id, a.alias] as const] : [])));
}
