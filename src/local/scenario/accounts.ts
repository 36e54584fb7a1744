/**
 * The member accounts of a replayed bundle as the collection side would report them: one
 * AccountStatus per account its resources name, every region read (a replay never fails to
 * read), so the API's `/health` and the dashboard's account view work locally.
 */
import type { AccountStatus } from '../../core';
import type { ScenarioBundle } from './bundle';

/** One status per member account of the bundle, by id; empty for a bundle of the account Opsight runs in. */
export function bundleAccountStatuses(bundle: Pick<ScenarioBundle, 'resources' | 'accounts'>, at: number): AccountStatus[] {
  const named = new Map((bundle.accounts ?? []).map((a) => [a.id, a]));
  const byAccount = new Map<string, { regions: Set<string>; resources: number }>();
  for (const r of bundle.resources) {
    if (!r.accountId) continue;
    const entry = byAccount.get(r.accountId) ?? { regions: new Set<string>(), resources: 0 };
    if (r.region) entry.regions.add(r.region);
    entry.resources += 1;
    byAccount.set(r.accountId, entry);
  }
  return [...byAccount]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([accountId, e]) => {
      const account = named.get(accountId);
      return {
        accountId,
        ...(account?.alias ? { alias: account.alias } : {}),
        ...(account?.organizationalUnitId ? { organizationalUnitId: account.organizationalUnitId } : {}),
        regions: [...e.regions].sort(),
        state: 'OK' as const,
        resources: e.resources,
        lastSuccessAt: at,
      };
    });
}
