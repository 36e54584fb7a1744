import {
  CloudWatchLogsClient,
  DescribeLogGroupsCommand,
  FilterLogEventsCommand,
  ListAnomaliesCommand,
  ListLogAnomalyDetectorsCommand,
  type FilterLogEventsCommandInput,
} from '@aws-sdk/client-cloudwatch-logs';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { CloudWatchLogsSource, logGroupCandidates } from '../../../src/aws/collect';
import type { Resource } from '../../../src/core';

const logs = mockClient(CloudWatchLogsClient);
const T0 = Date.UTC(2026, 0, 10, 12, 0, 0);
const fn: Resource = { id: 'checkout', type: 'AWS::Lambda::Function', name: 'checkout', tags: {}, series: [] };
const api: Resource = { id: 'shop-api', type: 'AWS::ApiGateway::RestApi', name: 'shop-api', arn: 'arn:aws:apigateway:eu-west-1::/restapis/k3x9', tags: {}, series: [] };
const box: Resource = { id: 'i-1', type: 'AWS::EC2::Instance', name: 'search-1', tags: { 'opsight-log-groups': 'search/app, search/gc' }, series: [] };
const arnOf = (name: string) => `arn:aws:logs:eu-west-1:123456789012:log-group:${name}:*`;

beforeEach(() => logs.reset());

describe('CloudWatchLogsSource', () => {
  it('names the log groups of Lambda, API Gateway, RDS and tagged resources', () => {
    expect(logGroupCandidates(fn)).toEqual([{ prefix: '/aws/lambda/checkout', exact: true }]);
    expect(logGroupCandidates(api)).toEqual([{ prefix: 'API-Gateway-Execution-Logs_k3x9/', exact: false }]);
    expect(logGroupCandidates(box).map((c) => c.prefix)).toEqual(['search/app', 'search/gc']);
  });

  it('keeps only groups that exist, the exact Lambda group, and looks each prefix up once', async () => {
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
    logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: '/aws/lambda/checkout' }).resolves({ logGroups: [{ logGroupName: '/aws/lambda/checkout', arn: arnOf('/aws/lambda/checkout') }, { logGroupName: '/aws/lambda/checkout-v2' }] });
    logs.on(DescribeLogGroupsCommand, { logGroupNamePrefix: 'API-Gateway-Execution-Logs_k3x9/' }).resolves({ logGroups: [{ logGroupName: 'API-Gateway-Execution-Logs_k3x9/prod' }] });
    const source = new CloudWatchLogsSource(new CloudWatchLogsClient({}));
    const refs = await source.groupsFor([fn, api, box]);
    expect(refs).toEqual([
      { logGroup: '/aws/lambda/checkout', resourceId: 'checkout' },
      { logGroup: 'API-Gateway-Execution-Logs_k3x9/prod', resourceId: 'shop-api' },
    ]);
    await source.groupsFor([fn]);
    expect(logs.commandCalls(DescribeLogGroupsCommand)).toHaveLength(4);
  });

  it('reads events through the paginator and stops at the line budget, saying so', async () => {
    const page = (k: number, next?: string) => ({ events: Array.from({ length: 3 }, (_, i) => ({ timestamp: T0 + k * 10 + i, message: `line ${k}.${i}` })), ...(next ? { nextToken: next } : {}) });
    logs.on(FilterLogEventsCommand).callsFake((input: FilterLogEventsCommandInput) => (input.nextToken === 'p2' ? page(2) : page(1, 'p2')));
    const source = new CloudWatchLogsSource(new CloudWatchLogsClient({}));
    const all = await source.read('/aws/lambda/checkout', T0, T0 + 60_000, { maxLines: 100, maxBytes: 1e6 });
    expect(all.events.map(([, m]) => m)).toEqual(['line 1.0', 'line 1.1', 'line 1.2', 'line 2.0', 'line 2.1', 'line 2.2']);
    expect(all).toMatchObject({ truncated: false, bytes: 48 });
    const input = logs.commandCalls(FilterLogEventsCommand)[0]!.args[0].input;
    expect(input).toMatchObject({ logGroupName: '/aws/lambda/checkout', startTime: T0, endTime: T0 + 59_999 });
    const cut = await source.read('/aws/lambda/checkout', T0, T0 + 60_000, { maxLines: 4, maxBytes: 1e6 });
    expect(cut.events).toHaveLength(4);
    expect(cut.truncated).toBe(true);
    expect(source.stats.truncated).toBe(1);
  });

  it('reports a CloudWatch Logs anomaly detector’s anomalies on a known group', async () => {
    logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [{ logGroupName: '/aws/lambda/checkout', arn: arnOf('/aws/lambda/checkout') }] });
    logs.on(ListLogAnomalyDetectorsCommand, { filterLogGroupArn: arnOf('/aws/lambda/checkout').replace(/:\*$/, '') }).resolves({ anomalyDetectors: [{ anomalyDetectorArn: 'arn:det' }] });
    logs.on(ListAnomaliesCommand).resolves({
      anomalies: [
        { anomalyId: 'a', patternId: 'p', anomalyDetectorArn: 'arn:det', patternString: 'Task timed out after <*> seconds', priority: 'HIGH', firstSeen: T0 + 1000, lastSeen: T0 + 5000, description: 'd', active: true, state: 'Active', histogram: { [String(T0 - 1000)]: 1, [String(T0 + 1000)]: 7 }, logSamples: [{ timestamp: T0, message: 'Task timed out after 3.00 seconds' }], patternTokens: [], logGroupArnList: [] },
        { anomalyId: 'old', patternId: 'q', anomalyDetectorArn: 'arn:det', patternString: 'old', firstSeen: 1, lastSeen: 2, description: 'd', active: false, state: 'Active', histogram: {}, logSamples: [], patternTokens: [], logGroupArnList: [] },
      ],
    });
    const source = new CloudWatchLogsSource(new CloudWatchLogsClient({}));
    await source.groupsFor([fn]);
    const found = await source.detectorAnomalies('/aws/lambda/checkout', T0, T0 + 60_000);
    expect(found).toEqual([
      { logGroup: '/aws/lambda/checkout', template: 'Task timed out after <*> seconds', kind: 'DETECTOR', baselineCount: 1, windowCount: 7, expectedCount: 0, firstSeen: T0 + 1000, score: 0.9, samples: ['Task timed out after 3.00 seconds'] },
    ]);
    expect(await source.detectorAnomalies('/aws/lambda/unknown', T0, T0 + 60_000)).toEqual([]);
  });
});
