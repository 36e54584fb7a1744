/**
 * Log evidence across accounts: a member resource's log groups are read in its account and
 * region with the member role. Their names are handed out scoped like resource ids
 * (`111122223333/eu-west-1:/aws/lambda/orders`; CloudWatch Logs names never hold a colon), so
 * a read finds its way back to the scope, and evidence names the account it came from.
 */
import { scopeKey, scopedResourceId, type LogBudget, type LogGroupRef, type LogRead, type LogSource, type Resource } from '../../core';
import type { LogAnomaly } from '../../core';
import type { MemberClients, Scope } from './clients';
import type { CollectionHealth } from './health';

const SCOPED_GROUP = /^(\d{12})\/([a-z0-9-]+):(.+)$/;

/** The scope and the plain name of a (possibly scoped) log group name. */
export function parseScopedGroup(name: string): { scope?: Scope; logGroup: string } {
  const m = SCOPED_GROUP.exec(name);
  return m ? { scope: { accountId: m[1]!, region: m[2]! }, logGroup: m[3]! } : { logGroup: name };
}

export class FanoutLogSource implements LogSource {
  constructor(
    private readonly central: LogSource,
    private readonly members: MemberClients,
    private readonly health: CollectionHealth,
  ) {}

  async groupsFor(resources: readonly Resource[]): Promise<LogGroupRef[]> {
    const central = resources.filter((r) => !r.accountId || !r.region);
    const byScope = new Map<string, { scope: Scope; resources: Resource[] }>();
    for (const r of resources) {
      if (!r.accountId || !r.region) continue;
      const key = scopeKey(r.accountId, r.region);
      const group = byScope.get(key) ?? { scope: { accountId: r.accountId, region: r.region }, resources: [] };
      group.resources.push(r);
      byScope.set(key, group);
    }
    const out = central.length ? await this.central.groupsFor(central) : [];
    for (const { scope, resources: scoped } of byScope.values()) {
      try {
        await this.members.credentials.get(scope.accountId);
        const refs = await this.members.for(scope).logs.groupsFor(scoped);
        out.push(...refs.map((ref) => ({ ...ref, logGroup: scopedResourceId(ref.logGroup, scope.accountId, scope.region) })));
      } catch (error) {
        this.health.failed(scope, 'logs', error);
      }
    }
    return out;
  }

  /** A member group that cannot be read gives no lines (reported to the health); the others are still read. */
  async read(logGroup: string, start: number, end: number, budget: LogBudget): Promise<LogRead> {
    const { scope, logGroup: name } = parseScopedGroup(logGroup);
    if (!scope) return this.central.read(name, start, end, budget);
    try {
      return await this.members.for(scope).logs.read(name, start, end, budget);
    } catch (error) {
      this.health.failed(scope, 'logs', error);
      return { events: [], bytes: 0, truncated: false };
    }
  }

  async detectorAnomalies(logGroup: string, start: number, end: number): Promise<LogAnomaly[]> {
    const { scope, logGroup: name } = parseScopedGroup(logGroup);
    const source = scope ? this.members.for(scope).logs : this.central;
    const found = source.detectorAnomalies ? await source.detectorAnomalies(name, start, end) : [];
    return found.map((a) => ({ ...a, logGroup }));
  }
}
