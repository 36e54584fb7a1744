/**
 * A fake AWS for the Lambda tests: SDK clients mocked with aws-sdk-client-mock and answered
 * from a scenario bundle (CloudWatch, CloudTrail, CodeDeploy, CloudFormation), SQS queues kept
 * in memory, SNS/SSM/EventBridge recorded, DynamoDB on dynalite, and the table's stream
 * simulated by diffing the insight items between snapshots.
 */
import { CloudFormationClient, ListStackResourcesCommand } from '@aws-sdk/client-cloudformation';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient, GetMetricDataCommand, ListMetricsCommand, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { BatchGetDeploymentsCommand, CodeDeployClient, ListDeploymentsCommand } from '@aws-sdk/client-codedeploy';
import { QueryCommand, type AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageBatchCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateOpsItemCommand, SSMClient, UpdateOpsItemCommand } from '@aws-sdk/client-ssm';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { AssumeRoleCommand, STSClient, type AssumeRoleCommandInput } from '@aws-sdk/client-sts';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent, SQSEvent, SQSRecord } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchLogsClient, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { seriesKey } from '../../src/core';
import type { EmbeddedStore } from '../../src/local/embedded-dynamo';
import type { ScenarioBundle } from '../../src/local/scenario/bundle';
import type { Timer } from '../../src/aws/throttle';
import type { Clients } from '../../lambdas/shared/runtime';

export const ACCOUNT = '123456789012';
export const REGION = 'eu-west-1';
export const TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:opsight-alerts`;
export const WORK_QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/opsight-work';
export const CORRELATE_QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/opsight-correlate';

/** A timer whose sleeps return at once (the rate limiters still count). */
export function virtualTimer(): Timer {
  let t = 0;
  return {
    now: () => t,
    sleep: async (ms) => {
      t += Math.max(0, ms);
    },
  };
}

function dimsKey(dims: ReadonlyArray<{ Name?: string; Value?: string }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const d of dims ?? []) if (d.Name) out[d.Name] = d.Value ?? '';
  return out;
}

export class FakeAws {
  readonly cw = mockClient(CloudWatchClient);
  readonly ct = mockClient(CloudTrailClient);
  readonly cd = mockClient(CodeDeployClient);
  readonly cfn = mockClient(CloudFormationClient);
  readonly sqs = mockClient(SQSClient);
  readonly sns = mockClient(SNSClient);
  readonly ssm = mockClient(SSMClient);
  readonly eb = mockClient(EventBridgeClient);
  /** No log groups: the log-evidence step reads nothing. */
  readonly logs = mockClient(CloudWatchLogsClient);
  readonly queues = new Map<string, Array<{ id: string; body: string }>>([
    [WORK_QUEUE, []],
    [CORRELATE_QUEUE, []],
  ]);
  /** Calls per API since the last `resetCounts()`. */
  counts = { getMetricData: 0, metricsRequested: 0, lookupEvents: 0, listDeployments: 0, batchGetDeployments: 0, listStackResources: 0, listMetrics: 0, sqsMessages: 0 };
  private opsItems = 0;
  private messageSeq = 0;

  constructor(readonly bundle: ScenarioBundle) {
    const byKey = new Map(bundle.series.map((s) => [seriesKey(s), s]));
    this.cw.on(GetMetricDataCommand).callsFake((input: { MetricDataQueries?: Array<{ Id?: string; MetricStat?: { Metric?: { Namespace?: string; MetricName?: string; Dimensions?: Array<{ Name?: string; Value?: string }> }; Period?: number; Stat?: string } }>; StartTime?: Date; EndTime?: Date }) => {
      this.counts.getMetricData++;
      this.counts.metricsRequested += input.MetricDataQueries?.length ?? 0;
      const start = input.StartTime!.getTime();
      const end = input.EndTime!.getTime();
      const results: MetricDataResult[] = (input.MetricDataQueries ?? []).map((q) => {
        const m = q.MetricStat!;
        const key = seriesKey({ namespace: m.Metric!.Namespace!, metricName: m.Metric!.MetricName!, dimensions: dimsKey(m.Metric!.Dimensions), stat: m.Stat!, periodSeconds: m.Period! });
        const s = byKey.get(key);
        const Timestamps: Date[] = [];
        const Values: number[] = [];
        if (s) {
          const step = s.periodSeconds * 1000;
          for (let i = Math.max(0, Math.ceil((start - bundle.start) / step)); i < s.values.length; i++) {
            const t = bundle.start + i * step;
            if (t >= end) break;
            const v = s.values[i];
            if (v !== null && v !== undefined) {
              Timestamps.push(new Date(t));
              Values.push(v);
            }
          }
        }
        return { Id: q.Id, Label: m.Metric!.MetricName, StatusCode: 'Complete', Timestamps, Values };
      });
      return { MetricDataResults: results };
    });
    this.cw.on(ListMetricsCommand).callsFake(() => {
      this.counts.listMetrics++;
      return { Metrics: [] };
    });
    this.ct.on(LookupEventsCommand).callsFake((input: { StartTime?: Date; EndTime?: Date }) => {
      this.counts.lookupEvents++;
      const a = input.StartTime!.getTime();
      const b = input.EndTime!.getTime();
      const Events = bundle.events
        .filter((e) => e.dataSource === 'CLOUD_TRAIL' && e.time >= a && e.time < b)
        .map((e) => ({
          EventId: e.id,
          EventName: e.name,
          EventSource: e.source,
          EventTime: new Date(e.time),
          Username: e.user,
          ReadOnly: 'false',
          Resources: e.resources.map((r) => ({ ResourceType: r.type, ResourceName: r.name })),
          CloudTrailEvent: JSON.stringify({ eventID: e.id, eventName: e.name, eventSource: e.source, eventTime: new Date(e.time).toISOString(), eventCategory: 'Management', readOnly: false }),
        }));
      return { Events };
    });
    const deployments = bundle.events.filter((e) => e.dataSource === 'CODE_DEPLOY');
    this.cd.on(ListDeploymentsCommand).callsFake((input: { createTimeRange?: { start?: Date; end?: Date } }) => {
      this.counts.listDeployments++;
      const a = input.createTimeRange!.start!.getTime();
      const b = input.createTimeRange!.end!.getTime();
      return { deployments: deployments.filter((d) => d.time >= a && d.time < b).map((d) => d.id) };
    });
    this.cd.on(BatchGetDeploymentsCommand).callsFake((input: { deploymentIds?: string[] }) => {
      this.counts.batchGetDeployments++;
      return {
        deploymentsInfo: (input.deploymentIds ?? []).map((id) => {
          const d = deployments.find((x) => x.id === id)!;
          const fns = d.resources.filter((r) => r.type === 'AWS::Lambda::Function').map((r) => ({ [r.name]: { Type: 'AWS::Lambda::Function', Properties: { Name: r.name, Alias: 'live' } } }));
          return {
            deploymentId: id,
            createTime: new Date(d.time),
            computePlatform: 'Lambda',
            status: d.status ?? 'Succeeded',
            revision: { revisionType: 'AppSpecContent', appSpecContent: { content: JSON.stringify({ version: 0.0, Resources: fns }) } },
          };
        }),
      };
    });
    this.cfn.on(ListStackResourcesCommand).callsFake((input: { StackName?: string }) => {
      this.counts.listStackResources++;
      return {
        StackResourceSummaries: bundle.resources
          .filter((r) => r.stack === input.StackName)
          .map((r) => ({ LogicalResourceId: r.id, PhysicalResourceId: r.id, ResourceType: r.type, ResourceStatus: 'CREATE_COMPLETE', LastUpdatedTimestamp: new Date(bundle.start) })),
      };
    });
    this.sqs.on(SendMessageBatchCommand).callsFake((input: { QueueUrl?: string; Entries?: Array<{ Id?: string; MessageBody?: string }> }) => {
      if ((input.Entries?.length ?? 0) > 10) throw new Error('SendMessageBatch takes at most 10 entries');
      const q = this.queues.get(input.QueueUrl!)!;
      for (const e of input.Entries ?? []) q.push({ id: `msg-${++this.messageSeq}`, body: e.MessageBody! });
      this.counts.sqsMessages += input.Entries?.length ?? 0;
      return { Successful: (input.Entries ?? []).map((e) => ({ Id: e.Id, MessageId: 'x', MD5OfMessageBody: 'x' })), Failed: [] };
    });
    this.sqs.on(SendMessageCommand).callsFake((input: { QueueUrl?: string; MessageBody?: string }) => {
      this.queues.get(input.QueueUrl!)!.push({ id: `msg-${++this.messageSeq}`, body: input.MessageBody! });
      this.counts.sqsMessages++;
      return { MessageId: 'x' };
    });
    this.sns.on(PublishCommand).resolves({ MessageId: 'sns-1' });
    this.logs.on(DescribeLogGroupsCommand).resolves({ logGroups: [] });
    this.eb.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: 'ev' }] });
    this.ssm.on(CreateOpsItemCommand).callsFake(() => ({ OpsItemId: `oi-${++this.opsItems}` }));
    this.ssm.on(UpdateOpsItemCommand).resolves({});
  }

  resetCounts(): void {
    for (const k of Object.keys(this.counts) as Array<keyof FakeAws['counts']>) this.counts[k] = 0;
  }

  clients(emb: EmbeddedStore): Clients {
    const common = { region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
    return {
      dynamodb: emb.client,
      dynamodbStreams: new DynamoDBStreamsClient(common),
      cloudwatch: new CloudWatchClient(common),
      cloudtrail: new CloudTrailClient(common),
      codedeploy: new CodeDeployClient(common),
      cloudformation: new CloudFormationClient(common),
      tagging: new ResourceGroupsTaggingAPIClient(common),
      sqs: new SQSClient(common),
      sns: new SNSClient(common),
      ssm: new SSMClient(common),
      eventbridge: new EventBridgeClient(common),
      logs: new CloudWatchLogsClient(common),
      sts: new STSClient(common),
      organizations: new OrganizationsClient(common),
    };
  }

  /** Takes every message waiting on a queue, as an SQS event. */
  drain(queueUrl: string): SQSEvent {
    const q = this.queues.get(queueUrl)!;
    const msgs = q.splice(0, q.length);
    return { Records: msgs.map((m) => sqsRecord(m.id, m.body, queueUrl)) };
  }

  restore(): void {
    for (const m of [this.cw, this.ct, this.cd, this.cfn, this.sqs, this.sns, this.ssm, this.eb]) m.restore();
  }
}

export function sqsRecord(messageId: string, body: string, queueUrl: string): SQSRecord {
  return {
    messageId,
    receiptHandle: `rh-${messageId}`,
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'x', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: 'x',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:${REGION}:${ACCOUNT}:${queueUrl.split('/').pop()}`,
    awsRegion: REGION,
  };
}

/**
 * The table's stream, simulated: each `next()` returns one record per item of the table whose
 * image changed since the previous call (INSERT or MODIFY, NEW_AND_OLD_IMAGES), in key order.
 * Reads the whole table through its partition keys: a test tool, not a request path.
 */
export class SimulatedStream {
  private last = new Map<string, Record<string, unknown>>();
  private seq = 0;

  constructor(private readonly emb: EmbeddedStore) {}

  private async insightItems(): Promise<Map<string, Record<string, unknown>>> {
    const out = new Map<string, Record<string, unknown>>();
    let startKey: Record<string, AttributeValue> | undefined;
    do {
      const r = await this.emb.client.send(
        new QueryCommand({ TableName: this.emb.tableName, IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': { S: 'INSIGHTS' } }, ExclusiveStartKey: startKey }),
      );
      for (const it of r.Items ?? []) {
        const item = unmarshall(it);
        out.set(`${String(item.pk)}|${String(item.sk)}`, item);
      }
      startKey = r.LastEvaluatedKey;
    } while (startKey);
    return out;
  }

  async next(): Promise<DynamoDBStreamEvent> {
    const now = await this.insightItems();
    const records: DynamoDBRecord[] = [];
    for (const [k, item] of [...now].sort(([a], [b]) => a.localeCompare(b))) {
      const before = this.last.get(k);
      if (before && JSON.stringify(before) === JSON.stringify(item)) continue;
      const seq = String(++this.seq).padStart(21, '0');
      records.push({
        eventID: `ev-${seq}`,
        eventName: before ? 'MODIFY' : 'INSERT',
        eventSource: 'aws:dynamodb',
        awsRegion: REGION,
        eventSourceARN: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${this.emb.tableName}/stream/2026-01-01T00:00:00.000`,
        dynamodb: {
          Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
          NewImage: marshall(item, { removeUndefinedValues: true }) as never,
          ...(before ? { OldImage: marshall(before, { removeUndefinedValues: true }) as never } : {}),
          SequenceNumber: seq,
          SizeBytes: 100,
          StreamViewType: 'NEW_AND_OLD_IMAGES',
        },
      });
    }
    this.last = now;
    return { Records: records };
  }
}

/** Member accounts of the organisation tests: one answering, one refusing the central account. */
export const MEMBER = '111122223333';
export const REFUSING = '444455556666';

/**
 * STS for the organisation tests: AssumeRole of REFUSING's role is denied; any other account
 * gets a session whose access key is `AK<account>` (see `accessKeyOf`).
 */
export function mockMemberRoles() {
  const sts = mockClient(STSClient);
  sts.on(AssumeRoleCommand).callsFake((input: AssumeRoleCommandInput) => {
    const account = input.RoleArn!.split(':')[4]!;
    if (account === REFUSING) throw Object.assign(new Error('not authorized to perform sts:AssumeRole'), { name: 'AccessDenied' });
    return { Credentials: { AccessKeyId: `AK${account}`, SecretAccessKey: 's', SessionToken: 't', Expiration: new Date(Date.UTC(2100, 0, 1)) } };
  });
  return sts;
}

/** The access key a mocked call was signed with (`AK<account>` for a member, `test` for the central account). */
export async function accessKeyOf(getClient: () => unknown): Promise<string> {
  return (await (getClient() as { config: { credentials: () => Promise<{ accessKeyId: string }> } }).config.credentials()).accessKeyId;
}
