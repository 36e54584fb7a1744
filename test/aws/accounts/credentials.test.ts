import { AssumeRoleCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { AssumeRoleError, MemberClients, MemberCredentials, oneLine } from '../../../src/aws/accounts';

const sts = mockClient(STSClient);
afterEach(() => sts.reset());

const HOUR = 3_600_000;

/** STS answering every AssumeRole with keys naming the account, valid for an hour from `clock()`. */
function answerAssumeRole(clock: () => number) {
  let n = 0;
  sts.on(AssumeRoleCommand).callsFake((input: AssumeRoleCommandInput) => {
    const account = input.RoleArn!.split(':')[4]!;
    n++;
    return { Credentials: { AccessKeyId: `AK${account}-${n}`, SecretAccessKey: 'secret', SessionToken: 'token', Expiration: new Date(clock() + HOUR) } };
  });
}

function credentials(clock: () => number) {
  return new MemberCredentials({ roleName: 'OpsightMemberRead', externalId: 'ext-42' }, { sts: new STSClient({ region: 'eu-west-1' }), clock });
}

describe('MemberCredentials (STS AssumeRole)', () => {
  it('assumes the member role by its ARN with the external id and a session named after the cycle', async () => {
    const now = 1_000_000;
    answerAssumeRole(() => now);
    const creds = credentials(() => now);
    creds.setCycle('cyc-0001764504000000');
    const got = await creds.get('111122223333');
    expect(got.accessKeyId).toBe('AK111122223333-1');
    const input = sts.commandCalls(AssumeRoleCommand)[0]!.args[0].input;
    expect(input).toMatchObject({
      RoleArn: 'arn:aws:iam::111122223333:role/OpsightMemberRead',
      ExternalId: 'ext-42',
      RoleSessionName: 'opsight-cyc-0001764504000000',
      DurationSeconds: 3600,
    });
  });

  it('caches one session per account and renews it five minutes before it expires', async () => {
    let now = 0;
    answerAssumeRole(() => now);
    const creds = credentials(() => now);
    const a1 = await creds.get('111122223333');
    const b1 = await creds.get('444455556666');
    now += 30 * 60_000;
    expect((await creds.get('111122223333')).accessKeyId).toBe(a1.accessKeyId);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
    now = HOUR - 4 * 60_000; // less than five minutes left
    const a2 = await creds.get('111122223333');
    expect(a2.accessKeyId).not.toBe(a1.accessKeyId);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(3);
    expect(b1.accessKeyId).toMatch(/^AK444455556666/);
  });

  it('asks for one session when many calls of one account arrive at once', async () => {
    answerAssumeRole(() => 0);
    const creds = credentials(() => 0);
    const all = await Promise.all(Array.from({ length: 5 }, () => creds.get('111122223333')));
    expect(new Set(all.map((c) => c.accessKeyId)).size).toBe(1);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });

  it('names the account, the role and the error in one line when AssumeRole is refused, and asks again next time', async () => {
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('User: arn:aws:sts::999:assumed-role/x is not authorized to perform: sts:AssumeRole'), { name: 'AccessDenied' }));
    const creds = credentials(() => 0);
    const error = await creds.get('111122223333').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AssumeRoleError);
    expect(oneLine(error)).toBe('AccessDenied assuming role OpsightMemberRead in 111122223333');
    await creds.get('111122223333').catch(() => undefined);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it('rejects an answer without complete credentials', async () => {
    sts.on(AssumeRoleCommand).resolves({ Credentials: undefined });
    await expect(credentials(() => 0).get('111122223333')).rejects.toThrow('IncompleteCredentials assuming role OpsightMemberRead in 111122223333');
  });

  it('gives every client of a scope the account session, in the scope region, with the SDK retry strategy', async () => {
    answerAssumeRole(() => 0);
    const members = new MemberClients(credentials(() => 0));
    const { clients } = members.for({ accountId: '111122223333', region: 'us-west-2' });
    expect(members.for({ accountId: '111122223333', region: 'us-west-2' }).clients).toBe(clients);
    expect(await clients.cloudwatch.config.region()).toBe('us-west-2');
    expect(await clients.cloudwatch.config.maxAttempts()).toBe(5);
    const resolved = await clients.cloudtrail.config.credentials();
    expect(resolved.accessKeyId).toBe('AK111122223333-1');
    expect((await members.for({ accountId: '111122223333', region: 'eu-west-1' }).clients.logs.config.credentials()).accessKeyId).toBe('AK111122223333-1');
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
  });
});
