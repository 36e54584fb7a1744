/**
 * One retry layer: the SDK client's retry strategy (`SDK_RETRY`). Adapters pace their calls
 * but never repeat one, so a throttled logical call is sent at most `maxAttempts` times in all
 * (with hand-written back-off around the SDK's it was up to 4 × 5 = 20 sends).
 */
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand } from '@aws-sdk/client-cloudwatch';
import { CodeDeployClient, ListDeploymentsCommand } from '@aws-sdk/client-codedeploy';
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CloudTrailEventSource, CloudWatchMetricSource, CodeDeployEventSource } from '../../src/aws/collect';
import { AccountCatalog, StackCatalog, TagCatalog } from '../../src/aws/coverage';
import { SDK_RETRY, VirtualTimer } from '../../src/aws/throttle';

const T0 = Date.UTC(2026, 0, 5, 12);
const MIN = 60_000;
const throttled = () => Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException', $metadata: { httpStatusCode: 400 } });
const region = { region: 'eu-west-1', credentials: { accessKeyId: 'a', secretAccessKey: 'b' } };

describe('adapters leave retrying to the SDK client', () => {
  const cw = mockClient(CloudWatchClient);
  const ct = mockClient(CloudTrailClient);
  const cd = mockClient(CodeDeployClient);
  const cfn = mockClient(CloudFormationClient);
  const tag = mockClient(ResourceGroupsTaggingAPIClient);
  const mocks = [cw, ct, cd, cfn, tag];
  afterEach(() => mocks.forEach((m) => m.reset()));
  afterAll(() => mocks.forEach((m) => m.restore()));

  it.each([
    [
      'GetMetricData',
      () => {
        cw.on(GetMetricDataCommand).rejects(throttled());
        const series = { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'f' }, stat: 'Sum', periodSeconds: 300, kind: 'count' as const };
        return new CloudWatchMetricSource(new CloudWatchClient(region), { timer: new VirtualTimer(T0) }).fetch([{ series, start: T0 - 60 * MIN }], T0);
      },
      () => cw.commandCalls(GetMetricDataCommand).length,
    ],
    [
      'LookupEvents',
      () => {
        ct.on(LookupEventsCommand).rejects(throttled());
        return new CloudTrailEventSource(new CloudTrailClient(region), { timer: new VirtualTimer(T0) }).fetch(T0 - 10 * MIN, T0, []);
      },
      () => ct.commandCalls(LookupEventsCommand).length,
    ],
    [
      'ListDeployments',
      () => {
        cd.on(ListDeploymentsCommand).rejects(throttled());
        return new CodeDeployEventSource(new CodeDeployClient(region), { timer: new VirtualTimer(T0) }).fetch(T0 - 10 * MIN, T0, []);
      },
      () => cd.commandCalls(ListDeploymentsCommand).length,
    ],
    [
      'ListStackResources',
      () => {
        cfn.on(ListStackResourcesCommand).rejects(throttled());
        return new StackCatalog(new CloudFormationClient(region), ['shop']).list();
      },
      () => cfn.commandCalls(ListStackResourcesCommand).length,
    ],
    [
      'GetResources',
      () => {
        tag.on(GetResourcesCommand).rejects(throttled());
        return new TagCatalog(new ResourceGroupsTaggingAPIClient(region), { tagKey: 'devops-guru-app' }).list();
      },
      () => tag.commandCalls(GetResourcesCommand).length,
    ],
    [
      'ListMetrics',
      () => {
        cw.on(ListMetricsCommand).rejects(throttled());
        return new AccountCatalog(new CloudWatchClient(region), { types: ['AWS::Lambda::Function'] }).list();
      },
      () => cw.commandCalls(ListMetricsCommand).length,
    ],
  ])('%s: a throttled call is sent once by the adapter and its error surfaces', async (_api, run, sends) => {
    await expect(run()).rejects.toThrow(/Rate exceeded/);
    expect(sends()).toBe(1);
  });
});

describe('the SDK retry strategy is the one layer', () => {
  it('configures every client with the standard retry strategy and 5 attempts', async () => {
    const client = new CloudTrailClient({ ...region, ...SDK_RETRY });
    const strategy = await client.config.retryStrategy();
    expect((strategy as { mode?: string }).mode).toBe('standard');
    expect(SDK_RETRY.maxAttempts).toBe(5);
  });

  it('sends a throttled LookupEvents exactly maxAttempts times in all', async () => {
    let sends = 0;
    const requestHandler = {
      handle: async () => {
        sends++;
        const body = JSON.stringify({ __type: 'ThrottlingException', message: 'Rate exceeded' });
        const { Readable } = await import('node:stream');
        return { response: { statusCode: 400, reason: 'Bad Request', headers: { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'ThrottlingException' }, body: Readable.from([Buffer.from(body)]) } };
      },
    };
    const client = new CloudTrailClient({ ...region, ...SDK_RETRY, requestHandler: requestHandler as never });
    const source = new CloudTrailEventSource(client, { timer: new VirtualTimer(T0) });
    await expect(source.fetch(T0 - 10 * MIN, T0, [])).rejects.toThrow(/Rate exceeded/);
    expect(sends).toBe(SDK_RETRY.maxAttempts);
  });
});
