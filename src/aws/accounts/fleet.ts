/**
 * The organisation as the pipeline sees it: the member accounts resolved each cycle, their
 * clients, the fan-out catalog and sources over them, the health of the cycle, and the
 * AccountStatus[] document written at the end of each cycle.
 */
import type { OrganizationsClient } from '@aws-sdk/client-organizations';
import { ACCOUNT_STATUS_DOCUMENT, parseAccountStatuses, type AccountStatus, type ConfigStore, type EventSource, type LogSource, type MetricSource, type Organization, type ResourceCatalog } from '../../core';
import type { MemberClients, Scope } from './clients';
import { FanoutCatalog } from './fanout-catalog';
import { FanoutLogSource } from './fanout-logs';
import { FanoutEventSource, FanoutMetricSource } from './fanout-sources';
import { CollectionHealth, type ScopeFailure } from './health';
import { resolveMemberAccounts, type MemberAccountScope, type UnitFailure } from './listing';

export interface FleetOptions {
  readonly organization: Organization;
  readonly members: MemberClients;
  readonly organizations?: OrganizationsClient;
  readonly centralRegion: string;
  readonly centralAccountId?: string;
  readonly clock: { now(): number };
  /** One member scope failed a step (log one line, count it). */
  readonly onScopeFailure?: (failure: ScopeFailure) => void;
  /** An organisational unit could not be listed (its accounts last listed are used). */
  readonly onUnitFailure?: (failure: UnitFailure) => void;
}

export class Fleet {
  readonly health: CollectionHealth;
  private accounts: MemberAccountScope[] = [];
  private readonly unitAccounts = new Map<string, MemberAccountScope[]>();
  private centralAccountId: string | undefined;

  constructor(private readonly options: FleetOptions) {
    this.health = new CollectionHealth(options.onScopeFailure);
    this.centralAccountId = options.centralAccountId;
  }

  /** The account Opsight runs in (known to a function once invoked): never listed as a member. */
  setCentralAccount(accountId: string): void {
    if (/^\d{12}$/.test(accountId)) this.centralAccountId = accountId;
  }

  /** The member accounts of this cycle; a unit that cannot be listed keeps its last listing. */
  async resolve(): Promise<MemberAccountScope[]> {
    const o = this.options;
    const { accounts, failures } = await resolveMemberAccounts(o.organization, {
      ...(o.organizations ? { organizations: o.organizations } : {}),
      centralRegion: o.centralRegion,
      ...(this.centralAccountId ? { centralAccountId: this.centralAccountId } : {}),
    });
    const ids = new Set(accounts.map((a) => a.accountId));
    for (const unit of new Set(accounts.flatMap((a) => (a.organizationalUnitId ? [a.organizationalUnitId] : [])))) {
      this.unitAccounts.set(unit, accounts.filter((a) => a.organizationalUnitId === unit));
    }
    for (const failure of failures) {
      o.onUnitFailure?.(failure);
      for (const a of this.unitAccounts.get(failure.organizationalUnitId) ?? []) if (!ids.has(a.accountId)) accounts.push(a);
    }
    this.accounts = accounts;
    return accounts;
  }

  /** Names the member sessions started from now on after the cycle (`opsight-<cycleId>`). */
  setCycle(cycleId: string): void {
    this.options.members.credentials.setCycle(cycleId);
  }

  /** Every (account, region) of the accounts last resolved. */
  scopes(): Scope[] {
    return this.accounts.flatMap((a) => a.regions.map((region) => ({ accountId: a.accountId, region })));
  }

  /** The organisation's catalog over `central` (the central account's own, kept when the organisation includes it). */
  catalog(central: ResourceCatalog): ResourceCatalog {
    return new FanoutCatalog({
      ...(this.options.organization.includeCentralAccount ? { central } : {}),
      accounts: () => this.resolve(),
      members: this.options.members,
      health: this.health,
      clock: this.options.clock,
    });
  }

  metrics(central: MetricSource): MetricSource {
    return new FanoutMetricSource(central, this.options.members, this.health);
  }

  logs(central: LogSource): LogSource {
    return new FanoutLogSource(central, this.options.members, this.health);
  }

  events(central: EventSource): EventSource {
    return new FanoutEventSource(this.options.organization.includeCentralAccount ? central : undefined, () => this.scopes(), this.options.members, this.health);
  }

  /** Writes this cycle's statuses (ACCOUNT_STATUS_DOCUMENT), carrying `failingSince`/`lastSuccessAt` over. */
  async writeStatuses(config: ConfigStore, now: number): Promise<AccountStatus[]> {
    const previous = parseAccountStatuses((await config.getConfig(ACCOUNT_STATUS_DOCUMENT))?.value);
    const statuses = this.health.statuses(previous, now);
    await config.putConfig(ACCOUNT_STATUS_DOCUMENT, statuses, now);
    return statuses;
  }
}
