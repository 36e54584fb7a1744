import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, type GetMetricDataCommandInput, type ListMetricsCommandInput } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient, ListDeploymentsCommand } from '@aws-sdk/client-codedeploy';
import { AssumeRoleCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { ListAccountsForParentCommand, ListChildrenCommand, OrganizationsClient } from '@aws-sdk/client-organizations';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CollectionHealth, Fleet, MemberClients, MemberCredentials, type ScopeFailure } from '../../../src/aws/accounts';
import { VirtualTimer } from '../../../src/aws/throttle';
import { OrganizationSchema, analyzeShard, parseAccountStatuses, resolveOptions, seriesKey, type ConfigStore, type MetricSource, type Resource, type StateStore } from '../../../src/core';

const A = '111122223333';
const B = '444455556666';
const REGION = 'eu-west-1';
const MIN = 60_000;
const NOW = Date.UTC(2026, 10, 30, 12, 0);

const sts = mockClient(STSClient);
const cw = mockClient(CloudWatchClient);
const ct = mockClient(CloudTrailClient);
const cd = mockClient(CodeDeployClient);

/** The account a mocked call was made with (its assumed-role key is `AK<account>`). */
async function accountOf(getClient: () => { config: { credentials: () => Promise<{ accessKeyId: string }> } }): Promise<string> {
  return (await getClient().config.credentials()).accessKeyId.slice(2);
}

beforeEach(() => {
  // B's member role refuses the central account.
  sts.on(AssumeRoleCommand).callsFake((input: AssumeRoleCommandInput) => {
    const account = input.RoleArn!.split(':')[4]!;
    if (account === B) throw Object.assign(new Error(`User is not authorized to perform: sts:AssumeRole on resource: ${input.RoleArn}`), { name: 'AccessDenied' });
    return { Credentials: { AccessKeyId: `AK${account}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(NOW + 3_600_000) } };
  });
  // Every account runs a function named "orders".
  cw.on(ListMetricsCommand).callsFake((input: ListMetricsCommandInput) => ({
    Metrics: input.Namespace === 'AWS/Lambda' ? [{ Namespace: 'AWS/Lambda', MetricName: input.MetricName, Dimensions: [{ Name: 'FunctionName', Value: 'orders' }] }] : [],
  }));
  // Each account's points carry its own level, so a mixed-up read shows.
  cw.on(GetMetricDataCommand).callsFake(async (input: GetMetricDataCommandInput, getClient) => {
    const level = Number((await accountOf(getClient as never)).slice(0, 1));
    return { MetricDataResults: input.MetricDataQueries!.map((q) => ({ Id: q.Id, StatusCode: 'Complete', Timestamps: [new Date(NOW - 10 * MIN)], Values: [level] })) };
  });
  ct.on(LookupEventsCommand).resolves({
    Events: [{ EventId: 'ev-1', EventName: 'UpdateFunctionCode', EventSource: 'lambda.amazonaws.com', EventTime: new Date(NOW - 20 * MIN), Resources: [{ ResourceType: 'AWS::Lambda::Function', ResourceName: 'orders' }], CloudTrailEvent: '{}' }],
  });
  cd.on(ListDeploymentsCommand).resolves({ deployments: [] });
});

afterEach(() => {
  sts.reset();
  cw.reset();
  ct.reset();
  cd.reset();
});

const centralOrders: Resource = {
  id: 'orders',
  type: 'AWS::Lambda::Function',
  name: 'orders',
  tags: {},
  series: [{ namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'orders' }, stat: 'Sum', periodSeconds: 300, kind: 'count' }],
};

function memoryConfig(): ConfigStore & { docs: Map<string, unknown> } {
  const docs = new Map<string, unknown>();
  return {
    docs,
    getConfig: async (name) => (docs.has(name) ? { value: docs.get(name), updatedAt: 0 } : undefined),
    putConfig: async (name, value) => void docs.set(name, JSON.parse(JSON.stringify(value))),
  };
}

function fleet(regions = [REGION], clock = () => NOW) {
  const failures: ScopeFailure[] = [];
  const timer = new VirtualTimer(NOW);
  const credentials = new MemberCredentials({ roleName: 'OpsightMemberRead', externalId: 'ext-1' }, { sts: new STSClient({ region: REGION }), clock });
  const organization = OrganizationSchema.parse({ externalId: 'ext-1', regions, accounts: [{ id: A, alias: 'orders-prod' }, { id: B }] });
  const f = new Fleet({ organization, members: new MemberClients(credentials, { timer }), centralRegion: REGION, clock: { now: clock }, onScopeFailure: (x) => failures.push(x) });
  return { fleet: f, failures };
}

describe('fan-out over member accounts', () => {
  it('lists each member scope with the member role, scoped ids and series; a refused account is reported and the others listed', async () => {
    const { fleet: f, failures } = fleet();
    const resources = await f.catalog({ list: async () => [centralOrders] }).list();
    const memberOrders = resources.filter((r) => r.accountId === A);
    expect(resources.filter((r) => !r.accountId)).toEqual([centralOrders]);
    expect(memberOrders).toHaveLength(1);
    expect(memberOrders[0]).toMatchObject({ id: `${A}/${REGION}:orders`, name: 'orders', region: REGION });
    expect(memberOrders[0]!.series.every((s) => s.accountId === A && s.region === REGION)).toBe(true);
    expect(resources.some((r) => r.accountId === B)).toBe(false);
    expect(failures).toEqual([{ accountId: B, region: REGION, step: 'coverage', reason: `AccessDenied assuming role OpsightMemberRead in ${B}` }]);
  });

  it('keeps the same function name in two accounts as two series and reads each in its own account', async () => {
    const { fleet: f } = fleet();
    const [central, member] = [centralOrders, (await f.catalog({ list: async () => [] }).list())[0]!];
    const errors = (r: Resource) => r.series.find((s) => s.metricName === 'Errors')!;
    expect(seriesKey(errors(member))).toBe(`${seriesKey(errors(central))}|@${A}/${REGION}`);
    const centralSource: MetricSource = { fetch: async (reqs) => reqs.map((r) => ({ seriesKey: seriesKey(r.series), points: [{ t: NOW - 10 * MIN, v: 9 }] })) };
    const observed = await f.metrics(centralSource).fetch([{ series: errors(central), start: NOW - 30 * MIN }, { series: errors(member), start: NOW - 30 * MIN }], NOW);
    const byKey = new Map(observed.map((o) => [o.seriesKey, o.points.map((p) => p.v)]));
    expect(byKey.get(seriesKey(errors(central)))).toEqual([9]);
    expect(byKey.get(seriesKey(errors(member)))).toEqual([1]); // account 1111… answers 1
  });

  it('reads no points for a refused account, so its series states (and open anomalies) stay as they were', async () => {
    const { fleet: f, failures } = fleet();
    const seriesOf = (account: string) => ({ namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'orders' }, stat: 'Sum', periodSeconds: 300, kind: 'count' as const, accountId: account, region: REGION });
    const resources: Resource[] = [A, B].map((account) => ({ id: `${account}/${REGION}:orders`, type: 'AWS::Lambda::Function', name: 'orders', tags: {}, accountId: account, region: REGION, series: [seriesOf(account)] }));
    const state: StateStore = { getStates: async () => new Map(), putStates: async () => undefined };
    const shard = await analyzeShard({ metrics: f.metrics({ fetch: async () => [] }), state }, { now: NOW, resources }, resolveOptions({ warmStartMs: 60 * MIN }));
    expect([...shard.states.keys()]).toEqual([seriesKey(seriesOf(A))]);
    expect(shard.changed.every((a) => a.accountId !== B)).toBe(true);
    expect(failures.map((x) => [x.accountId, x.step])).toEqual([[B, 'metrics']]);
  });

  it('tags member events with their account and region and leaves a refused account window unread', async () => {
    const { fleet: f, failures } = fleet();
    await f.resolve();
    const read = await f.events({ fetch: async () => [] }).read!(NOW - 60 * MIN, NOW, []);
    expect(read.events).toHaveLength(1);
    expect(read.events[0]).toMatchObject({ id: `${A}/${REGION}:ev-1`, accountId: A, region: REGION, name: 'UpdateFunctionCode' });
    expect(read.unread).toEqual([{ start: NOW - 60 * MIN, end: NOW }]);
    expect(failures.map((x) => [x.accountId, x.step])).toEqual([[B, 'events']]);
  });

  it('writes OK / FAILED statuses each cycle, carrying failingSince and lastSuccessAt', async () => {
    const config = memoryConfig();
    const { fleet: f } = fleet();
    await f.catalog({ list: async () => [] }).list();
    await f.writeStatuses(config, NOW);
    await f.catalog({ list: async () => [] }).list();
    const later = NOW + 5 * MIN;
    const statuses = await f.writeStatuses(config, later);
    expect(parseAccountStatuses(config.docs.get('account-status'))).toEqual(statuses);
    const [a, b] = statuses;
    expect(a).toEqual({ accountId: A, alias: 'orders-prod', regions: [REGION], state: 'OK', resources: 1, lastSuccessAt: later });
    expect(b).toEqual({ accountId: B, regions: [REGION], state: 'FAILED', resources: 0, failingSince: NOW, lastError: `${REGION}: AccessDenied assuming role OpsightMemberRead in ${B}` });
  });

  it('keeps a failed account resources from its last listing (their series stay in the plan and keep their state)', async () => {
    let now = NOW;
    const { fleet: f } = fleet(['eu-west-1', 'us-east-1'], () => now);
    const catalog = f.catalog({ list: async () => [] });
    const listed = (await catalog.list()).filter((r) => r.accountId === A);
    expect(listed).toHaveLength(2);
    // Two hours on (session and listing cache expired) the member role of A is gone too.
    now += 120 * MIN;
    sts.on(AssumeRoleCommand).rejects(Object.assign(new Error('Not authorized'), { name: 'AccessDenied' }));
    expect((await catalog.list()).filter((r) => r.accountId === A)).toEqual(listed);
    expect(f.health.statuses([], now)[0]).toMatchObject({ accountId: A, state: 'FAILED', resources: 2, failingSince: now });
  });

  it('marks an account DEGRADED when one of its regions fails', async () => {
    // us-east-1 is disabled in account A from now on.
    cw.on(ListMetricsCommand).callsFake(async (input: ListMetricsCommandInput, getClient) => {
      if ((await (getClient as () => CloudWatchClient)().config.region()) === 'us-east-1') throw Object.assign(new Error('The security token included in the request is invalid'), { name: 'UnrecognizedClientException' });
      return { Metrics: input.Namespace === 'AWS/Lambda' ? [{ Namespace: 'AWS/Lambda', MetricName: input.MetricName, Dimensions: [{ Name: 'FunctionName', Value: 'orders' }] }] : [] };
    });
    const { fleet: fresh, failures } = fleet(['eu-west-1', 'us-east-1']);
    const first = await fresh.catalog({ list: async () => [] }).list();
    expect(first.filter((r) => r.accountId === A).map((r) => r.region)).toEqual(['eu-west-1']);
    const [a] = fresh.health.statuses([], NOW);
    expect(a).toMatchObject({ state: 'DEGRADED', resources: 1, lastError: 'us-east-1: UnrecognizedClientException: The security token included in the request is invalid', failingSince: NOW });
    expect(failures.map((x) => `${x.accountId} ${x.region} ${x.step}`).sort()).toEqual([`${A} us-east-1 coverage`, `${B} eu-west-1 coverage`, `${B} us-east-1 coverage`]);
  });

  it('reports the first failure of a scope once per cycle, and every failure outside a cycle', () => {
    const seen: string[] = [];
    const health = new CollectionHealth((f) => seen.push(`${f.step} ${f.reason}`));
    const scope = { accountId: B, region: REGION };
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    health.failed(scope, 'metrics', throttled);
    health.failed(scope, 'metrics', throttled);
    expect(seen).toEqual(['metrics ThrottlingException: Rate exceeded', 'metrics ThrottlingException: Rate exceeded']);
    health.begin([{ accountId: B, regions: [REGION], coverage: { mode: 'account' } }]);
    health.failed(scope, 'coverage', throttled);
    health.failed(scope, 'events', new Error('other'));
    expect(seen).toHaveLength(3);
    expect(health.statuses([], NOW)[0]).toMatchObject({ state: 'FAILED', lastError: `${REGION}: ThrottlingException: Rate exceeded` });
  });

  it('never lists the account it runs in as a member, once the function knows it, and keeps a unit last listing when the unit cannot be listed', async () => {
    const orgs = mockClient(OrganizationsClient);
    try {
      orgs.on(ListChildrenCommand).resolves({ Children: [] });
      orgs.on(ListAccountsForParentCommand).resolves({ Accounts: [{ Id: A, Name: 'orders', State: 'ACTIVE' }, { Id: '999988887777', Name: 'central', State: 'ACTIVE' }] });
      const unitFailures: string[] = [];
      const credentials = new MemberCredentials({ roleName: 'OpsightMemberRead', externalId: 'ext-1' }, { sts: new STSClient({ region: REGION }), clock: () => NOW });
      const organization = OrganizationSchema.parse({ externalId: 'ext-1', organizationalUnits: [{ id: 'ou-ab12-11111111' }] });
      const f = new Fleet({
        organization,
        members: new MemberClients(credentials),
        organizations: new OrganizationsClient({ region: 'us-east-1' }),
        centralRegion: REGION,
        clock: { now: () => NOW },
        onUnitFailure: (u) => unitFailures.push(u.organizationalUnitId),
      });
      f.setCentralAccount('999988887777');
      expect((await f.resolve()).map((a) => [a.accountId, a.alias])).toEqual([[A, 'orders']]);
      orgs.on(ListAccountsForParentCommand).rejects(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' }));
      expect((await f.resolve()).map((a) => a.accountId)).toEqual([A]);
      expect(unitFailures).toEqual(['ou-ab12-11111111']);
    } finally {
      orgs.restore();
    }
  });
});
