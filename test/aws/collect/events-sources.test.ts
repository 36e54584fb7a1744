import { CloudTrailClient, LookupEventsCommand, type LookupEventsCommandInput } from '@aws-sdk/client-cloudtrail';
import {
  BatchGetDeploymentsCommand,
  CodeDeployClient,
  GetDeploymentGroupCommand,
  ListDeploymentsCommand,
  type BatchGetDeploymentsCommandInput,
  type ListDeploymentsCommandInput,
} from '@aws-sdk/client-codedeploy';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudTrailEventSource, CodeDeployEventSource, CombinedEventSource } from '../../../src/aws/collect';
import { TokenBucket, VirtualTimer } from '../../../src/aws/throttle';
import type { Resource } from '../../../src/core';

const ct = mockClient(CloudTrailClient);
const cd = mockClient(CodeDeployClient);
const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);
const MIN = 60_000;
const resources: Resource[] = [{ id: 'checkout', type: 'AWS::Lambda::Function', name: 'checkout', stack: 'shop', tags: {}, series: [] }];

function ctEvent(i: number) {
  return {
    EventId: `ev-${i}`,
    EventTime: new Date(T0 + i * 1000),
    EventSource: 'lambda.amazonaws.com',
    EventName: 'UpdateFunctionCode20150331v2',
    ReadOnly: 'false',
    Username: 'deployer',
    Resources: [{ ResourceType: 'AWS::Lambda::Function', ResourceName: 'checkout' }],
  };
}

beforeEach(() => {
  ct.reset();
  cd.reset();
});

describe('CloudTrailEventSource', () => {
  it('pages through write events at 50 a page, no faster than 2 calls a second', async () => {
    const timer = new VirtualTimer(T0);
    const calls: Array<{ at: number; input: LookupEventsCommandInput }> = [];
    ct.on(LookupEventsCommand).callsFake((input: LookupEventsCommandInput) => {
      const n = calls.length;
      calls.push({ at: timer.now(), input: { ...input } }); // the paginator reuses its input object
      return { Events: Array.from({ length: n < 3 ? 50 : 7 }, (_, i) => ctEvent(n * 50 + i)), NextToken: n < 3 ? `t${n + 1}` : undefined };
    });
    const src = new CloudTrailEventSource(new CloudTrailClient({ region: 'us-east-1' }), { timer });
    const events = await src.fetch(T0, T0 + 10 * MIN, resources);
    expect(calls).toHaveLength(4);
    expect(events).toHaveLength(157);
    expect(calls.map((c) => c.input.NextToken)).toEqual([undefined, 't1', 't2', 't3']);
    for (const c of calls) {
      expect(c.input.MaxResults).toBe(50);
      expect(c.input.LookupAttributes).toEqual([{ AttributeKey: 'ReadOnly', AttributeValue: 'false' }]);
    }
    for (let i = 1; i < calls.length; i++) expect(calls[i]!.at - calls[i - 1]!.at).toBeGreaterThanOrEqual(500);
    expect(events[0]).toMatchObject({ source: 'lambda.amazonaws.com', dataSource: 'CLOUD_TRAIL', class: 'DEPLOYMENT', stack: 'shop' });
  });

  it('shares one 2 TPS bucket between concurrent fetches', async () => {
    const timer = new VirtualTimer(T0);
    const at: number[] = [];
    ct.on(LookupEventsCommand).callsFake(() => {
      at.push(timer.now());
      return { Events: [] };
    });
    const bucket = new TokenBucket({ ratePerSecond: 2, timer });
    const client = new CloudTrailClient({ region: 'us-east-1' });
    const a = new CloudTrailEventSource(client, { timer, bucket });
    const b = new CloudTrailEventSource(client, { timer, bucket });
    await Promise.all([a.fetch(T0, T0 + MIN, []), b.fetch(T0, T0 + MIN, []), a.fetch(T0, T0 + MIN, []), b.fetch(T0, T0 + MIN, [])]);
    expect(at).toHaveLength(4);
    const sorted = [...at].sort((x, y) => x - y);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThanOrEqual(500);
  });

  it('skips read-only and incomplete events, and rejects a malformed page', async () => {
    ct.on(LookupEventsCommand).resolvesOnce({ Events: [ctEvent(1), { EventId: 'x' }, { ...ctEvent(2), ReadOnly: 'true' }] });
    const src = new CloudTrailEventSource(new CloudTrailClient({ region: 'us-east-1' }), { timer: new VirtualTimer(T0) });
    expect((await src.fetch(T0, T0 + MIN, resources)).map((e) => e.id)).toEqual(['ev-1']);
    ct.reset();
    ct.on(LookupEventsCommand).resolves({ Events: 'nope' as never });
    await expect(src.fetch(T0, T0 + MIN, resources)).rejects.toThrow(/Events that is not a list/);
  });
});

describe('CodeDeployEventSource', () => {
  it('lists deployments by creation time across pages and reads them 25 at a time', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `d-${String(i).padStart(9, '0')}`);
    const lists: ListDeploymentsCommandInput[] = [];
    cd.on(ListDeploymentsCommand).callsFake((input: ListDeploymentsCommandInput) => {
      lists.push(input);
      const page = lists.length - 1;
      return { deployments: ids.slice(page * 30, page * 30 + 30), nextToken: page === 0 ? 'n1' : undefined };
    });
    const batches: string[][] = [];
    cd.on(BatchGetDeploymentsCommand).callsFake((input: BatchGetDeploymentsCommandInput) => {
      batches.push(input.deploymentIds ?? []);
      return {
        deploymentsInfo: (input.deploymentIds ?? []).map((id, i) => ({
          deploymentId: id,
          applicationName: 'shop',
          deploymentGroupName: i % 2 ? 'api' : 'fn',
          computePlatform: i % 2 ? 'ECS' : 'Lambda',
          createTime: new Date(T0 + i * 1000),
          status: 'Succeeded',
          revision: i % 2 ? undefined : { revisionType: 'AppSpecContent', appSpecContent: { content: JSON.stringify({ Resources: [{ fn: { Type: 'AWS::Lambda::Function', Properties: { Name: 'checkout' } } }] }) } },
        })),
      };
    });
    cd.on(GetDeploymentGroupCommand).resolves({ deploymentGroupInfo: { ecsServices: [{ serviceName: 'api-svc', clusterName: 'main' }] } });
    const src = new CodeDeployEventSource(new CodeDeployClient({ region: 'us-east-1' }), { timer: new VirtualTimer(T0) });
    const events = await src.fetch(T0, T0 + 10 * MIN, resources);
    expect(lists[0]!.createTimeRange).toEqual({ start: new Date(T0), end: new Date(T0 + 10 * MIN) });
    expect(lists[1]!.nextToken).toBe('n1');
    expect(batches.map((b) => b.length)).toEqual([25, 25, 10]);
    expect(events).toHaveLength(60);
    expect(cd.commandCalls(GetDeploymentGroupCommand)).toHaveLength(1);
    const lambdaEv = events.find((e) => e.resources.some((r) => r.name === 'checkout'))!;
    expect(lambdaEv).toMatchObject({ class: 'DEPLOYMENT', dataSource: 'CODE_DEPLOY', stack: 'shop' });
    expect(events.some((e) => e.resources.some((r) => r.type === 'AWS::ECS::Service' && r.name === 'api-svc'))).toBe(true);
  });

  it('combines sources, keeping each event once', async () => {
    ct.on(LookupEventsCommand).resolves({ Events: [ctEvent(1)] });
    cd.on(ListDeploymentsCommand).resolves({ deployments: [] });
    const timer = new VirtualTimer(T0);
    const ctSrc = new CloudTrailEventSource(new CloudTrailClient({ region: 'us-east-1' }), { timer });
    const both = new CombinedEventSource([ctSrc, ctSrc, new CodeDeployEventSource(new CodeDeployClient({ region: 'us-east-1' }), { timer })]);
    expect((await both.fetch(T0, T0 + MIN, resources)).map((e) => e.id)).toEqual(['ev-1']);
  });
});
