import { CloudWatchLogsClient, DescribeLogGroupsCommand, FilterLogEventsCommand, type FilterLogEventsCommandInput } from '@aws-sdk/client-cloudwatch-logs';
import { AssumeRoleCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CollectionHealth, FanoutLogSource, MemberClients, MemberCredentials, parseScopedGroup, type ScopeFailure } from '../../../src/aws/accounts';
import type { LogSource, Resource } from '../../../src/core';

const A = '111122223333';
const B = '444455556666';
const sts = mockClient(STSClient);
const logs = mockClient(CloudWatchLogsClient);

beforeEach(() => {
  sts.on(AssumeRoleCommand).callsFake((input: AssumeRoleCommandInput) => {
    const account = input.RoleArn!.split(':')[4]!;
    if (account === B) throw Object.assign(new Error('denied'), { name: 'AccessDenied' });
    return { Credentials: { AccessKeyId: `AK${account}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.UTC(2100, 0, 1)) } };
  });
  logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: '/aws/lambda/orders', arn: `arn:aws:logs:eu-west-1:${A}:log-group:/aws/lambda/orders:*` }] });
  logs.on(FilterLogEventsCommand).callsFake(async (input: FilterLogEventsCommandInput, getClient) => {
    const key = (await (getClient() as CloudWatchLogsClient).config.credentials()).accessKeyId;
    return { events: [{ timestamp: 1_000, message: `${key} ${input.logGroupName}` }] };
  });
});
afterEach(() => {
  sts.reset();
  logs.reset();
});

const lambda = (accountId?: string): Resource => ({
  id: accountId ? `${accountId}/eu-west-1:orders` : 'orders',
  type: 'AWS::Lambda::Function',
  name: 'orders',
  tags: {},
  series: [],
  ...(accountId ? { accountId, region: 'eu-west-1' } : {}),
});

describe('log evidence across accounts', () => {
  it('finds a member resource log groups in its account, names them scoped and reads them with the member role', async () => {
    const failures: ScopeFailure[] = [];
    const members = new MemberClients(new MemberCredentials({ roleName: 'OpsightMemberRead', externalId: 'e' }, { sts: new STSClient({ region: 'eu-west-1' }) }));
    const central: LogSource = {
      groupsFor: async (rs) => rs.map((r) => ({ logGroup: `/aws/lambda/${r.name}`, resourceId: r.id })),
      read: async (group) => ({ events: [[1, `central ${group}`]], bytes: 1, truncated: false }),
    };
    const source = new FanoutLogSource(central, members, new CollectionHealth((f) => failures.push(f)));
    const refs = await source.groupsFor([lambda(), lambda(A), lambda(B)]);
    expect(refs).toEqual([
      { logGroup: '/aws/lambda/orders', resourceId: 'orders' },
      { logGroup: `${A}/eu-west-1:/aws/lambda/orders`, resourceId: `${A}/eu-west-1:orders` },
    ]);
    expect(failures.map((f) => [f.accountId, f.step, f.reason])).toEqual([[B, 'logs', `AccessDenied assuming role OpsightMemberRead in ${B}`]]);
    const budget = { maxLines: 10, maxBytes: 10_000 };
    expect((await source.read(refs[1]!.logGroup, 0, 2_000, budget)).events).toEqual([[1_000, `AK${A} /aws/lambda/orders`]]);
    expect((await source.read(refs[0]!.logGroup, 0, 2_000, budget)).events).toEqual([[1, 'central /aws/lambda/orders']]);
  });

  it('tells scoped log group names from plain ones (CloudWatch Logs names hold no colon)', () => {
    expect(parseScopedGroup(`${A}/us-east-1:/aws/lambda/x`)).toEqual({ scope: { accountId: A, region: 'us-east-1' }, logGroup: '/aws/lambda/x' });
    expect(parseScopedGroup('/aws/rds/instance/db/error')).toEqual({ logGroup: '/aws/rds/instance/db/error' });
  });
});
