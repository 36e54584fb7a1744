/**
 * The member accounts of `bench scale --accounts`: the same synthetic coverage in N member
 * accounts (one region each), scoped as the fan-out scopes it, and read through the fan-out
 * metric source with STS mocked (each account's session key names the account, so the mocked
 * CloudWatch counts every GetMetricData call against the account it was made in).
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { AssumeRoleCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { CollectionHealth, FanoutMetricSource, MemberClients, MemberCredentials, scopeResources } from '../../../aws/accounts';
import { VirtualTimer } from '../../../aws/throttle';
import type { MetricSource, Resource } from '../../../core';

const REGION = 'eu-west-1';

/** The n-th member account id (12 digits). */
export const memberAccountId = (i: number) => String(100_000_000_000 + i);

/** `coverage` copied into `accounts` member accounts. */
export function memberCoverage(coverage: readonly Resource[], accounts: number): Resource[] {
  return Array.from({ length: accounts }, (_, i) => scopeResources(coverage, { accountId: memberAccountId(i), region: REGION })).flat();
}

/** GetMetricData calls per member account (scope index = account number). */
export class MemberCalls {
  private counts = new Map<number, number>();
  private pending: Array<Promise<void>> = [];

  count(client: CloudWatchClient): Promise<void> {
    const p = (async () => {
      const key = (await client.config.credentials()).accessKeyId;
      const scope = Number(key.slice(2)) - 100_000_000_000;
      this.counts.set(scope, (this.counts.get(scope) ?? 0) + 1);
    })();
    this.pending.push(p);
    return p;
  }

  async settled(): Promise<void> {
    await Promise.all(this.pending);
  }

  reset(): void {
    this.counts = new Map();
    this.pending = [];
  }

  byScope(): Array<{ scope: number; calls: number }> {
    return [...this.counts].sort((a, b) => a[0] - b[0]).map(([scope, calls]) => ({ scope, calls }));
  }
}

/** The fan-out metric source over mocked member roles, and the per-account call counter. */
export async function memberMetricSource(now: number): Promise<{ source: MetricSource; calls: MemberCalls; restore: () => void }> {
  const sts = mockClient(STSClient);
  sts.on(AssumeRoleCommand).callsFake((input: AssumeRoleCommandInput) => ({
    Credentials: { AccessKeyId: `AK${input.RoleArn!.split(':')[4]}`, SecretAccessKey: 'bench', SessionToken: 'bench', Expiration: new Date(now + 3_600_000) },
  }));
  const credentials = new MemberCredentials({ roleName: 'OpsightMemberRead', externalId: 'bench' }, { sts: new STSClient({ region: REGION }), clock: () => now });
  const members = new MemberClients(credentials, { timer: new VirtualTimer(now) });
  const central: MetricSource = { fetch: async () => [] };
  return { source: new FanoutMetricSource(central, members, new CollectionHealth()), calls: new MemberCalls(), restore: () => sts.restore() };
}
