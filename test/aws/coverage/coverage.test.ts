import { CloudFormationClient, ListStackResourcesCommand, type ListStackResourcesCommandInput } from '@aws-sdk/client-cloudformation';
import { CloudWatchClient, ListMetricsCommand, type ListMetricsCommandInput } from '@aws-sdk/client-cloudwatch';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient, type GetResourcesCommandInput } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  AccountCatalog,
  adaptiveReadFilter,
  isQuiet,
  CachedCatalog,
  StackCatalog,
  TagCatalog,
  TieredCatalog,
  dimensionsOf,
  isDue,
  refineAgentSeries,
  seriesFor,
  tierOf,
  typeFromArn,
} from '../../../src/aws/coverage';
import { collectionOf, type Resource, type SeriesState } from '../../../src/core';

const cfn = mockClient(CloudFormationClient);
const cw = mockClient(CloudWatchClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);

beforeEach(() => {
  cfn.reset();
  cw.reset();
  tagging.reset();
});

describe('metric catalog: dimensions from physical ids and ARNs', () => {
  it.each([
    ['AWS::Lambda::Function', 'arn:aws:lambda:eu-west-1:123456789012:function:checkout:live', { FunctionName: 'checkout' }],
    ['AWS::Lambda::Function', 'checkout', { FunctionName: 'checkout' }],
    ['AWS::SQS::Queue', 'https://sqs.eu-west-1.amazonaws.com/123456789012/jobs', { QueueName: 'jobs' }],
    ['AWS::SQS::Queue', 'arn:aws:sqs:eu-west-1:123456789012:jobs', { QueueName: 'jobs' }],
    ['AWS::SNS::Topic', 'arn:aws:sns:eu-west-1:123456789012:alerts', { TopicName: 'alerts' }],
    ['AWS::DynamoDB::Table', 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders', { TableName: 'orders' }],
    ['AWS::Kinesis::Stream', 'arn:aws:kinesis:eu-west-1:123456789012:stream/clicks', { StreamName: 'clicks' }],
    ['AWS::RDS::DBInstance', 'arn:aws:rds:eu-west-1:123456789012:db:orders-db', { DBInstanceIdentifier: 'orders-db' }],
    ['AWS::RDS::DBCluster', 'arn:aws:rds:eu-west-1:123456789012:cluster:aurora-1', { DBClusterIdentifier: 'aurora-1' }],
    ['AWS::EC2::Instance', 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0abc', { InstanceId: 'i-0abc' }],
    ['AWS::ECS::Service', 'arn:aws:ecs:eu-west-1:123456789012:service/main/api', { ClusterName: 'main', ServiceName: 'api' }],
    ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'arn:aws:elasticloadbalancing:eu-west-1:123456789012:loadbalancer/app/web/50dc6c495c0c9188', { LoadBalancer: 'app/web/50dc6c495c0c9188' }],
    ['AWS::ApiGatewayV2::Api', 'arn:aws:apigateway:eu-west-1::/apis/a1b2c3d4e5', { ApiId: 'a1b2c3d4e5' }],
    [
      'AWS::StepFunctions::StateMachine',
      'arn:aws:states:eu-west-1:123456789012:stateMachine:orders',
      { StateMachineArn: 'arn:aws:states:eu-west-1:123456789012:stateMachine:orders' },
    ],
  ])('%s %s', (type, id, dims) => {
    expect(dimensionsOf(type, id)).toEqual(dims);
  });

  it('cannot name a REST API from its id (its metrics use the API name)', () => {
    expect(dimensionsOf('AWS::ApiGateway::RestApi', 'a1b2c3d4e5')).toBeUndefined();
    expect(seriesFor('AWS::ApiGateway::RestApi', 'a1b2c3d4e5')).toEqual([]);
  });

  it('uses the namespace of the load balancer kind and the HTTP API metric names', () => {
    const nlb = seriesFor('AWS::ElasticLoadBalancingV2::LoadBalancer', 'arn:aws:elasticloadbalancing:r:1:loadbalancer/net/edge/abc');
    expect(new Set(nlb.map((s) => s.namespace))).toEqual(new Set(['AWS/NetworkELB']));
    expect(nlb[0]!.dimensions).toEqual({ LoadBalancer: 'net/edge/abc' });
    expect(seriesFor('AWS::ApiGatewayV2::Api', 'a1b2c3d4e5').map((s) => s.metricName)).toContain('5xx');
  });

  it('puts errors, latency and throttles in the golden tier and capacity metrics in the slow one', () => {
    const byName = new Map(seriesFor('AWS::EC2::Instance', 'i-1').map((s) => [s.metricName, tierOf(s)]));
    expect(byName.get('StatusCheckFailed')).toBe('golden');
    expect(byName.get('mem_used_percent')).toBe('capacity');
    expect(byName.get('disk_used_percent')).toBe('capacity');
    const lambda = new Map(seriesFor('AWS::Lambda::Function', 'f').map((s) => [s.metricName, tierOf(s)]));
    expect([lambda.get('Errors'), lambda.get('Throttles'), lambda.get('Duration'), lambda.get('Invocations')]).toEqual(['golden', 'golden', 'golden', 'capacity']);
  });
});

describe('StackCatalog', () => {
  it('pages through ListStackResources and keeps covered types with their stack', async () => {
    const inputs: ListStackResourcesCommandInput[] = [];
    cfn.on(ListStackResourcesCommand).callsFake((input: ListStackResourcesCommandInput) => {
      inputs.push(input);
      if (!input.NextToken)
        return {
          StackResourceSummaries: [
            { ResourceType: 'AWS::Lambda::Function', PhysicalResourceId: 'shop-checkout', LogicalResourceId: 'Checkout', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
            { ResourceType: 'AWS::IAM::Role', PhysicalResourceId: 'role', LogicalResourceId: 'Role', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
          ],
          NextToken: 'n1',
        };
      return {
        StackResourceSummaries: [
          { ResourceType: 'AWS::SQS::Queue', PhysicalResourceId: 'https://sqs.eu-west-1.amazonaws.com/1/jobs', LogicalResourceId: 'Jobs', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
          { ResourceType: 'AWS::ApiGateway::RestApi', PhysicalResourceId: 'a1b2c3d4e5', LogicalResourceId: 'Api', ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date() },
        ],
      };
    });
    const skipped: string[] = [];
    const list = await new StackCatalog(new CloudFormationClient({ region: 'eu-west-1' }), ['shop'], { onSkipped: (s) => skipped.push(s.type) }).list();
    expect(inputs.map((i) => i.NextToken)).toEqual([undefined, 'n1']);
    expect(list.map((r) => [r.type, r.name, r.stack])).toEqual([
      ['AWS::Lambda::Function', 'shop-checkout', 'shop'],
      ['AWS::SQS::Queue', 'jobs', 'shop'],
    ]);
    expect(list[1]!.series[0]!.dimensions).toEqual({ QueueName: 'jobs' });
    expect(skipped).toEqual(['AWS::ApiGateway::RestApi']);
  });

  it('names the stack that does not exist', async () => {
    cfn.on(ListStackResourcesCommand).rejects(Object.assign(new Error('Stack with id nope does not exist'), { name: 'ValidationError' }));
    await expect(new StackCatalog(new CloudFormationClient({ region: 'eu-west-1' }), ['nope']).list()).rejects.toThrow(/--stack: CloudFormation stack "nope" does not exist/);
  });
});

describe('TagCatalog', () => {
  it('pages GetResources at 100 a page and accepts DevOps Guru tag keys', async () => {
    const inputs: GetResourcesCommandInput[] = [];
    tagging.on(GetResourcesCommand).callsFake((input: GetResourcesCommandInput) => {
      inputs.push(input);
      const first = !input.PaginationToken;
      return {
        ResourceTagMappingList: first
          ? [{ ResourceARN: 'arn:aws:lambda:eu-west-1:1:function:checkout', Tags: [{ Key: 'devops-guru-app', Value: 'shop' }] }]
          : [
              { ResourceARN: 'arn:aws:dynamodb:eu-west-1:1:table/orders', Tags: [{ Key: 'devops-guru-app', Value: 'shop' }] },
              { ResourceARN: 'arn:aws:s3:::bucket', Tags: [{ Key: 'devops-guru-app', Value: 'shop' }] },
            ],
        PaginationToken: first ? 'p2' : '',
      };
    });
    const list = await new TagCatalog(new ResourceGroupsTaggingAPIClient({ region: 'eu-west-1' }), { tagKey: 'devops-guru-app', tagValues: ['shop'] }).list();
    expect(inputs[0]).toMatchObject({ ResourcesPerPage: 100, TagFilters: [{ Key: 'devops-guru-app', Values: ['shop'] }] });
    expect(inputs[1]!.PaginationToken).toBe('p2');
    expect(list.map((r) => r.type)).toEqual(['AWS::Lambda::Function', 'AWS::DynamoDB::Table']);
    expect(collectionOf(list[0]!)).toEqual({ type: 'TAG', name: 'shop', tagKey: 'devops-guru-app' });
  });

  it('rejects tag keys outside the two conventions', () => {
    expect(() => new TagCatalog(new ResourceGroupsTaggingAPIClient({ region: 'eu-west-1' }), { tagKey: 'team' })).toThrow(/--tag: the key must start with/);
  });

  it('maps ARNs to CloudFormation types', () => {
    expect(typeFromArn('arn:aws:sns:eu-west-1:1:alerts')).toBe('AWS::SNS::Topic');
    expect(typeFromArn('arn:aws:sns:eu-west-1:1:alerts:sub-id')).toBeUndefined();
    expect(typeFromArn('arn:aws:elasticloadbalancing:eu-west-1:1:loadbalancer/net/x/y')).toBe('AWS::ElasticLoadBalancingV2::LoadBalancer');
    expect(typeFromArn('arn:aws:apigateway:eu-west-1::/restapis/abc')).toBe('AWS::ApiGateway::RestApi');
  });
});

describe('AccountCatalog (ListMetrics discovery)', () => {
  it('discovers resources from their identifying dimensions across pages, and the agent series of instances', async () => {
    const inputs: ListMetricsCommandInput[] = [];
    cw.on(ListMetricsCommand).callsFake((input: ListMetricsCommandInput) => {
      inputs.push(input);
      const key = `${input.Namespace}/${input.MetricName}`;
      if (key === 'AWS/Lambda/Invocations') {
        return input.NextToken
          ? { Metrics: [{ Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{ Name: 'FunctionName', Value: 'b' }] }] }
          : {
              Metrics: [
                { Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{ Name: 'FunctionName', Value: 'a' }] },
                { Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [{ Name: 'FunctionName', Value: 'a' }, { Name: 'Resource', Value: 'a:live' }] },
                { Namespace: 'AWS/Lambda', MetricName: 'Invocations', Dimensions: [] },
              ],
              NextToken: 'n1',
            };
      }
      if (key === 'AWS/EC2/CPUUtilization') return { Metrics: [{ Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }] }, { Dimensions: [{ Name: 'InstanceId', Value: 'i-2' }] }] };
      if (key === 'CWAgent/mem_used_percent') return { Metrics: [{ Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }, { Name: 'InstanceType', Value: 't4g.small' }] }] };
      if (key === 'CWAgent/disk_used_percent')
        return {
          Metrics: [
            { Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }, { Name: 'path', Value: '/' }, { Name: 'device', Value: 'nvme0n1p1' }, { Name: 'fstype', Value: 'xfs' }] },
            { Dimensions: [{ Name: 'InstanceId', Value: 'i-1' }, { Name: 'path', Value: '/data' }, { Name: 'device', Value: 'nvme1n1' }, { Name: 'fstype', Value: 'ext4' }] },
          ],
        };
      return { Metrics: [] };
    });
    const list = await new AccountCatalog(new CloudWatchClient({ region: 'eu-west-1' }), { types: ['AWS::Lambda::Function', 'AWS::EC2::Instance'] }).list();
    expect(list.map((r) => r.id)).toEqual(['a', 'b', 'i-1', 'i-2']);
    expect(inputs.filter((i) => i.MetricName === 'Invocations').map((i) => i.NextToken)).toEqual([undefined, 'n1']);
    // Only metrics that reported in the last 3 hours: idle resources and series are not polled.
    expect(inputs.every((i) => i.RecentlyActive === 'PT3H')).toBe(true);
    const i1 = list.find((r) => r.id === 'i-1')!;
    expect(i1.series.filter((s) => s.namespace === 'CWAgent').map((s) => s.dimensions)).toEqual([
      { InstanceId: 'i-1', InstanceType: 't4g.small' },
      { InstanceId: 'i-1', path: '/', device: 'nvme0n1p1', fstype: 'xfs' },
      { InstanceId: 'i-1', path: '/data', device: 'nvme1n1', fstype: 'ext4' },
    ]);
    // i-2 has no agent: its placeholders are dropped.
    expect(list.find((r) => r.id === 'i-2')!.series.some((s) => s.namespace === 'CWAgent')).toBe(false);
  });

  it('keeps optional metrics only where ListMetrics shows them', async () => {
    cw.on(ListMetricsCommand).callsFake((input: ListMetricsCommandInput) => {
      if (input.MetricName === 'ConsumedReadCapacityUnits') return { Metrics: [{ Dimensions: [{ Name: 'TableName', Value: 'prov' }] }, { Dimensions: [{ Name: 'TableName', Value: 'ondemand' }] }] };
      if (input.MetricName?.startsWith('Provisioned')) return { Metrics: [{ Dimensions: [{ Name: 'TableName', Value: 'prov' }] }] };
      return { Metrics: [] };
    });
    const list = await new AccountCatalog(new CloudWatchClient({ region: 'eu-west-1' }), { types: ['AWS::DynamoDB::Table'] }).list();
    const names = (id: string) => list.find((r) => r.id === id)!.series.map((s) => s.metricName);
    expect(names('prov')).toContain('ProvisionedReadCapacityUnits');
    expect(names('ondemand')).not.toContain('ProvisionedReadCapacityUnits');
  });

  it('refines agent series with two listings whatever the number of instances', async () => {
    cw.on(ListMetricsCommand).resolves({ Metrics: [] });
    const instances: Resource[] = Array.from({ length: 30 }, (_, i) => ({ id: `i-${i}`, type: 'AWS::EC2::Instance', name: `i-${i}`, tags: {}, series: seriesFor('AWS::EC2::Instance', `i-${i}`) }));
    await refineAgentSeries(new CloudWatchClient({ region: 'eu-west-1' }), instances);
    expect(cw.commandCalls(ListMetricsCommand)).toHaveLength(2);
  });
});

describe('adaptive cadence', () => {
  const MIN = 60_000;
  const errors = seriesFor('AWS::Lambda::Function', 'f')[0]!;
  const invocations = seriesFor('AWS::Lambda::Function', 'f').find((s) => s.metricName === 'Invocations')!;
  const state = (extra: Partial<SeriesState>): SeriesState => ({ version: 1, detectorName: 'd', detector: { version: 1 }, lastT: 0, ...extra });
  const at = Date.UTC(2026, 0, 1, 12, 5);

  it('reads a quiet golden series every quiet interval, a busy one every cycle', () => {
    const read = adaptiveReadFilter({ goldenSignalsMinutes: 5, capacityMinutes: 60, quietGoldenMinutes: 15 })!;
    const quiet = state({ lastActiveT: at - 61 * MIN });
    const quietReads = Array.from({ length: 12 }, (_, i) => read(errors, quiet, at + i * 5 * MIN));
    expect(quietReads.filter(Boolean)).toHaveLength(4);
    // A nonzero point in the last hour, an open anomaly or a recovery under way: busy.
    for (const busy of [state({ lastActiveT: at - 5 * MIN }), state({ open: {} as SeriesState['open'] }), state({ recovery: {} as SeriesState['recovery'] })]) {
      expect(Array.from({ length: 12 }, (_, i) => read(errors, busy, at + i * 5 * MIN)).every(Boolean)).toBe(true);
    }
    // A series never seen yet is read (its warm start); capacity series are left to their own tier.
    expect(read(errors, undefined, at + 5 * MIN)).toBe(true);
    expect(read(invocations, quiet, at + 5 * MIN)).toBe(true);
    expect(isQuiet(undefined, at)).toBe(false);
  });

  it('is off when the quiet interval is the golden one', () => {
    expect(adaptiveReadFilter({ goldenSignalsMinutes: 5, capacityMinutes: 60, quietGoldenMinutes: 5 })).toBeUndefined();
    expect(adaptiveReadFilter({ goldenSignalsMinutes: 5, capacityMinutes: 60 })).toBeUndefined();
  });
});

describe('cadence tiers', () => {
  const MIN = 60_000;
  it('fetches golden series every cycle and capacity series once per capacity interval', () => {
    const cadence = { goldenSignalsMinutes: 5, capacityMinutes: 60 };
    const cycles = Array.from({ length: 24 }, (_, i) => i * 5 * MIN);
    expect(cycles.filter((t) => isDue('golden', t, cadence))).toHaveLength(24);
    expect(cycles.filter((t) => isDue('capacity', t, cadence)).map((t) => t / MIN)).toEqual([0, 60]);
    // A cycle that runs a little late still catches the boundary once.
    expect(isDue('capacity', 60 * MIN + 40_000, cadence)).toBe(true);
    expect(isDue('capacity', 65 * MIN + 40_000, cadence)).toBe(false);
  });

  it('lists only the due series, and caches the coverage', async () => {
    let listed = 0;
    const inner = { list: async () => (listed++, [{ id: 'f', type: 'AWS::Lambda::Function', name: 'f', tags: {}, series: seriesFor('AWS::Lambda::Function', 'f') }]) };
    let now = 5 * MIN;
    const clock = { now: () => now };
    const tiered = new TieredCatalog(new CachedCatalog(inner, clock, 3_600_000), clock);
    expect((await tiered.list())[0]!.series.map((s) => s.metricName)).toEqual(['Errors', 'Throttles', 'Duration']);
    now = 60 * MIN;
    expect((await tiered.list())[0]!.series).toHaveLength(5);
    expect(listed).toBe(1);
  });
});
