/**
 * Which account a record belongs to, and whether records of two accounts may be read together:
 * correlation joins anomalies, and ranks changes, across accounts only where a configured
 * dependency (`organization.dependencies`) names the pair. Pure.
 */
import { scopeKey, scopedResourceId, type Resource } from '../model';
import type { AccountDependency } from './config';

/** A record's place: its member account and region (both absent for the account Opsight runs in). */
export interface Scoped {
  readonly accountId?: string | undefined;
  readonly region?: string | undefined;
}

/** The account and region fields to copy onto a record derived from `from`; empty for the account Opsight runs in. */
export function scopeOf(from: Scoped): { accountId?: string; region?: string } {
  return {
    ...(from.accountId ? { accountId: from.accountId } : {}),
    ...(from.accountId && from.region ? { region: from.region } : {}),
  };
}

/** Resources listed in a member account and region as Opsight keys them: scoped ids, and the account and region on each resource and series. */
export function inMemberScope(resources: readonly Resource[], accountId: string, region: string): Resource[] {
  return resources.map((r) => ({
    ...r,
    id: scopedResourceId(r.id, accountId, region),
    accountId,
    region,
    series: r.series.map((s) => ({ ...s, accountId, region })),
  }));
}

/** `record` with its account fields replaced by those of `from` (dropped when `from` is in the account Opsight runs in). */
export function withScopeOf<T extends Scoped>(record: T, from: Scoped): T {
  const { accountId: _a, region: _r, ...rest } = record;
  return { ...rest, ...scopeOf(from) } as T;
}

/** One side of a possible cross-account link: an account (absent = the account Opsight runs in) and the stack involved, if any. */
export interface LinkSide {
  readonly accountId?: string | undefined;
  readonly stack?: string | undefined;
}

/** The dependencies between accounts, as correlation reads them. */
export interface AccountLinks {
  readonly dependencies: readonly AccountDependency[];
  /** Id of the account Opsight runs in, so that a dependency naming it matches records without an account. */
  readonly centralAccountId?: string | undefined;
}

export const NO_ACCOUNT_LINKS: AccountLinks = { dependencies: [] };

function endMatches(end: AccountDependency['from'], side: LinkSide, central: string | undefined): boolean {
  const account = side.accountId ?? central;
  return account !== undefined && end.account === account && (end.stack === undefined || end.stack === side.stack);
}

/**
 * Whether records on sides `a` and `b` may be correlated: they are in the same account, or a
 * dependency names the two (either direction; a dependency naming a stack holds for that stack only).
 */
export function mayCorrelate(a: LinkSide, b: LinkSide, links: AccountLinks): boolean {
  const central = links.centralAccountId;
  if ((a.accountId ?? central) === (b.accountId ?? central)) return true;
  return links.dependencies.some(
    (d) => (endMatches(d.from, a, central) && endMatches(d.to, b, central)) || (endMatches(d.from, b, central) && endMatches(d.to, a, central)),
  );
}

/** The physical id (a name or an ARN) inside a resource id that `scopedResourceId` prefixed with its member account and region. */
export function physicalIdOf(resource: { readonly resourceId: string } & Scoped): string {
  if (!resource.accountId) return resource.resourceId;
  const prefix = `${scopeKey(resource.accountId, resource.region)}:`;
  return resource.resourceId.startsWith(prefix) ? resource.resourceId.slice(prefix.length) : resource.resourceId;
}
