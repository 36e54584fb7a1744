/**
 * The catalog of an organisation: the central account's own coverage (records without an
 * account id) and, for every member account and region, its coverage listed with the member
 * role. Member resources are scoped: `accountId` and `region` on the resource and each series,
 * `id = scopedResourceId(physicalId, accountId, region)`. A scope that fails is reported to the
 * health and keeps the resources it last listed, so its series keep their state (no anomaly
 * closes because a member could not be read) and are read again once it answers.
 */
import { inMemberScope, scopeKey, type Resource, type ResourceCatalog } from '../../core';
import { CachedCatalog, catalogFor } from '../coverage';
import { mapLimit } from '../throttle';
import type { MemberClients, Scope } from './clients';
import type { CollectionHealth } from './health';
import type { MemberAccountScope } from './listing';

/** The resources of one member scope as Opsight keys them. */
export function scopeResources(resources: readonly Resource[], scope: Scope): Resource[] {
  return inMemberScope(resources, scope.accountId, scope.region);
}

export interface FanoutCatalogOptions {
  /** The central account's own catalog; absent when the organisation leaves it out. */
  readonly central?: ResourceCatalog;
  /** The member accounts to list this cycle (explicit and from organisational units). */
  readonly accounts: () => Promise<readonly MemberAccountScope[]>;
  readonly members: MemberClients;
  readonly health: CollectionHealth;
  /** Clock of the per-scope listing cache. */
  readonly clock: { now(): number };
  /** Scopes listed at once. @default 8 */
  readonly concurrency?: number;
}

export class FanoutCatalog implements ResourceCatalog {
  private readonly catalogs = new Map<string, { key: string; catalog: ResourceCatalog }>();
  private readonly lastListed = new Map<string, Resource[]>();

  constructor(private readonly options: FanoutCatalogOptions) {}

  async list(): Promise<Resource[]> {
    const { health } = this.options;
    const accounts = await this.options.accounts();
    health.begin(accounts);
    const scopes = accounts.flatMap((a) => a.regions.map((region) => ({ account: a, scope: { accountId: a.accountId, region } })));
    const [central, members] = await Promise.all([
      this.options.central?.list() ?? Promise.resolve([]),
      mapLimit(scopes, this.options.concurrency ?? 8, ({ account, scope }) => this.listScope(account, scope)),
    ]);
    return [...central, ...members.flat()];
  }

  private async listScope(account: MemberAccountScope, scope: Scope): Promise<Resource[]> {
    const key = scopeKey(scope.accountId, scope.region);
    try {
      // Credentials first: a missing role or a refused AssumeRole is named as such.
      await this.options.members.credentials.get(scope.accountId);
      const resources = scopeResources(await this.catalogOf(account, scope).list(), scope);
      this.lastListed.set(key, resources);
      this.options.health.listed(scope, resources.length);
      return resources;
    } catch (error) {
      this.options.health.failed(scope, 'coverage', error);
      const kept = this.lastListed.get(key) ?? [];
      this.options.health.listed(scope, kept.length);
      return kept;
    }
  }

  /** The scope's catalog for the account's coverage, listed at most hourly (rebuilt when the coverage changes). */
  private catalogOf(account: MemberAccountScope, scope: Scope): ResourceCatalog {
    const key = scopeKey(scope.accountId, scope.region);
    const coverageKey = JSON.stringify(account.coverage);
    const found = this.catalogs.get(key);
    if (found?.key === coverageKey) return found.catalog;
    const catalog = new CachedCatalog(catalogFor(this.options.members.for(scope).clients, account.coverage), this.options.clock);
    this.catalogs.set(key, { key: coverageKey, catalog });
    return catalog;
  }
}
