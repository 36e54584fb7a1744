/**
 * The `account` query filter and the per-account part of `/health`. Records of the account
 * Opsight runs in carry no account id: asking for that account's id (when the API knows it)
 * selects them. Pure functions; the router loads the data.
 */
import { parseAccountStatuses, type CollectionSummary, type ResourceCollection } from '../core';
import { mttrMinutes, type HealthInsight } from './health';
import type { MemberAccountHealthT } from './schemas';

/** What the store's insight query takes: a member account's id, null for the account Opsight runs in, undefined for all. */
export function accountQuery(account: string | undefined, centralAccountId: string | undefined): string | null | undefined {
  if (account === undefined) return undefined;
  return account === centralAccountId ? null : account;
}

/** A predicate keeping the records of `account` (every record when no account is asked for). */
export function inAccount(account: string | undefined, centralAccountId: string | undefined): (x: { readonly accountId?: string | undefined }) => boolean {
  const wanted = accountQuery(account, centralAccountId);
  if (wanted === undefined) return () => true;
  return (x) => (x.accountId ?? null) === wanted;
}

/** The collection summaries of one account (all of them when none is asked for). */
export function summariesOf(summaries: readonly CollectionSummary[], account: string | undefined, centralAccountId: string | undefined): CollectionSummary[] {
  const keep = inAccount(account, centralAccountId);
  return summaries.filter((s) => keep(s.collection));
}

/** An insight as the per-account counts read it: where it is, and its health fields. */
export type PlacedInsight = HealthInsight & { readonly collection: Pick<ResourceCollection, 'accountId'>; readonly accountId?: string | undefined };

/**
 * The member accounts of `/health`: each stored collection status with its open insights and
 * MTTR; empty when no status is stored (Opsight covers its own account only).
 */
export function memberAccounts(statusDocument: unknown, insights: readonly PlacedInsight[]): MemberAccountHealthT[] {
  const statuses = parseAccountStatuses(statusDocument);
  if (statuses.length === 0) return [];
  const byAccount = new Map<string, PlacedInsight[]>();
  for (const i of insights) {
    const id = i.accountId ?? i.collection.accountId;
    if (id) byAccount.set(id, [...(byAccount.get(id) ?? []), i]);
  }
  return statuses.map((s) => {
    const list = byAccount.get(s.accountId) ?? [];
    return {
      ...s,
      openReactive: list.filter((i) => i.status === 'ONGOING' && i.type === 'REACTIVE').length,
      openProactive: list.filter((i) => i.status === 'ONGOING' && i.type === 'PROACTIVE').length,
      mttrMinutes: mttrMinutes(list),
    };
  });
}
