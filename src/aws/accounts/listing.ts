/**
 * The member scopes of an organisation config: every (account, region) Opsight collects in,
 * each with its coverage. Accounts named explicitly come first and win over the same account
 * listed from an organisational unit; units are listed through AWS Organizations
 * (ListAccountsForParent, and ListChildren for nested units, through the SDK's paginators), and
 * only ACTIVE accounts are taken, their Organizations name serving as the alias.
 */
import { type OrganizationsClient, paginateListAccountsForParent, paginateListChildren } from '@aws-sdk/client-organizations';
import type { Coverage, Organization } from '../../core';

/** One member account to collect, with the regions to collect it in. */
export interface MemberAccountScope {
  readonly accountId: string;
  readonly alias?: string;
  readonly organizationalUnitId?: string;
  readonly coverage: Coverage;
  readonly regions: readonly string[];
}

/** An organisational unit that could not be listed (its accounts are left out this time). */
export interface UnitFailure {
  readonly organizationalUnitId: string;
  readonly error: unknown;
}

/** The ACTIVE accounts under `parentId` and every unit nested in it. */
export async function listUnitAccounts(client: OrganizationsClient, parentId: string): Promise<Array<{ id: string; name?: string }>> {
  const out: Array<{ id: string; name?: string }> = [];
  const parents = [parentId];
  const seen = new Set<string>();
  while (parents.length) {
    const parent = parents.shift()!;
    if (seen.has(parent)) continue;
    seen.add(parent);
    for await (const page of paginateListAccountsForParent({ client }, { ParentId: parent })) {
      for (const a of page.Accounts ?? []) {
        if (!a.Id || !isActive(a)) continue;
        out.push({ id: a.Id, ...(a.Name ? { name: a.Name } : {}) });
      }
    }
    for await (const page of paginateListChildren({ client }, { ParentId: parent, ChildType: 'ORGANIZATIONAL_UNIT' })) {
      for (const child of page.Children ?? []) if (child.Id) parents.push(child.Id);
    }
  }
  return out;
}

/** ACTIVE in the newer `State` field, else in the older `Status`. */
function isActive(a: { State?: string; Status?: string }): boolean {
  return (a.State ?? a.Status) === 'ACTIVE';
}

/**
 * Resolves the organisation config to member scopes. `centralAccountId` is never a member (its
 * own coverage is the top-level one); a unit that cannot be listed is reported in `failures`
 * and the others are still resolved.
 */
export async function resolveMemberAccounts(
  org: Organization,
  options: { readonly organizations?: OrganizationsClient; readonly centralRegion: string; readonly centralAccountId?: string },
): Promise<{ accounts: MemberAccountScope[]; failures: UnitFailure[] }> {
  const defaultRegions = org.regions ?? [options.centralRegion];
  const accounts = new Map<string, MemberAccountScope>();
  for (const a of org.accounts) {
    if (a.id === options.centralAccountId) continue;
    accounts.set(a.id, { accountId: a.id, ...(a.alias ? { alias: a.alias } : {}), coverage: a.coverage, regions: a.regions ?? defaultRegions });
  }
  const failures: UnitFailure[] = [];
  for (const unit of org.organizationalUnits) {
    let listed: Array<{ id: string; name?: string }>;
    try {
      if (!options.organizations) throw new Error('no Organizations client');
      listed = await listUnitAccounts(options.organizations, unit.id);
    } catch (error) {
      failures.push({ organizationalUnitId: unit.id, error });
      continue;
    }
    for (const a of listed) {
      if (accounts.has(a.id) || a.id === options.centralAccountId) continue;
      accounts.set(a.id, { accountId: a.id, ...(a.name ? { alias: a.name } : {}), organizationalUnitId: unit.id, coverage: unit.coverage, regions: unit.regions ?? defaultRegions });
    }
  }
  return { accounts: [...accounts.values()], failures };
}
