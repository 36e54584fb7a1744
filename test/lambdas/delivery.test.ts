/**
 * At-least-once delivery, end to end: the notifier is killed at each step of delivering one
 * insight notification to SNS, EventBridge and OpsCenter (before or after each ledger write and
 * each target call), then recovers the way Lambda would recover it: the stream retries the
 * batch at once (inside the dead invocation's lease), keeps retrying until its retries are
 * exhausted, sends the batch to the notifier-failures queue, and the notifier replays it from
 * the stream once the lease expired. Afterwards each target holds the notification exactly once
 * (OpsCenter deduplicates; SNS and EventBridge receive it once, except after a kill between the
 * target accepting it and the ledger recording that, where the repeat carries the same
 * notificationId for subscribers to drop) and the ledger records every delivery.
 *
 * DynamoDB is dynalite; SNS, EventBridge, SSM and DynamoDB Streams are mocked at the SDK
 * boundary. A "kill" freezes the invocation: every later ledger write and target call of it
 * never returns (tracked per invocation with AsyncLocalStorage).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { GetRecordsCommand, GetShardIteratorCommand, DynamoDBStreamsClient, type _Record } from '@aws-sdk/client-dynamodb-streams';
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { CreateOpsItemCommand, DescribeOpsItemsCommand, SSMClient, UpdateOpsItemCommand } from '@aws-sdk/client-ssm';
import type { DynamoDBRecord, DynamoDBStreamEvent, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseConfig, type InsightNotification } from '../../src/core';
import { DynamoStore } from '../../src/aws/store';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/local/embedded-dynamo';
import type { Runtime } from '../../lambdas/shared/runtime';
import { anomaly, insight } from '../aws/outputs/fixtures';
import { ACCOUNT, REGION, SimulatedStream, TOPIC, sqsRecord } from './harness';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const T = Date.UTC(2026, 2, 1, 12);
const TIMEOUT_MS = 60_000;
const FAILURES_QUEUE = 'https://sqs.eu-west-1.amazonaws.com/123456789012/opsight-notifier-failures';
const TARGETS = ['sns', 'eventbridge', 'opscenter'] as const;
type Target = (typeof TARGETS)[number];
const STEPS = ['claim:before', 'claim:after', 'send:before', 'send:after', 'mark:before', 'mark:after'] as const;

interface Invocation {
  dead: boolean;
}

const als = new AsyncLocalStorage<Invocation>();
const never = new Promise<never>(() => undefined);
let killAt: string | undefined;
let killed: () => void = () => undefined;

/** Dies at `point` if it is the kill point (once), and stays dead: every later step hangs. */
async function step(point: string): Promise<void> {
  const inv = als.getStore();
  if (!inv) return;
  if (!inv.dead && killAt === point) {
    killAt = undefined;
    inv.dead = true;
    killed();
  }
  if (inv.dead) await never;
}

/** Runs a step of the ledger or a target with kill points before and after it. */
async function guarded<R>(name: string, fn: () => Promise<R>): Promise<R> {
  await step(`${name}:before`);
  const out = await fn();
  await step(`${name}:after`);
  return out;
}

const sns = mockClient(SNSClient);
const eb = mockClient(EventBridgeClient);
const ssm = mockClient(SSMClient);
const streams = mockClient(DynamoDBStreamsClient);

const real = {
  claim: DynamoStore.prototype.claim,
  markDelivered: DynamoStore.prototype.markDelivered,
  release: DynamoStore.prototype.release,
  setOpsItemId: DynamoStore.prototype.setOpsItemId,
  getAnomalies: DynamoStore.prototype.getAnomalies,
};
vi.spyOn(DynamoStore.prototype, 'claim').mockImplementation(function (this: DynamoStore, id, target, now, lease) {
  return guarded(`claim:${target}`, () => real.claim.call(this, id, target, now, lease));
});
vi.spyOn(DynamoStore.prototype, 'markDelivered').mockImplementation(function (this: DynamoStore, id, target, now) {
  return guarded(`mark:${target}`, () => real.markDelivered.call(this, id, target, now));
});
vi.spyOn(DynamoStore.prototype, 'release').mockImplementation(function (this: DynamoStore, id, target) {
  return guarded(`release:${target}`, () => real.release.call(this, id, target));
});
vi.spyOn(DynamoStore.prototype, 'setOpsItemId').mockImplementation(function (this: DynamoStore, insightId, opsItemId) {
  return guarded('setOpsItemId', () => real.setOpsItemId.call(this, insightId, opsItemId));
});
vi.spyOn(DynamoStore.prototype, 'getAnomalies').mockImplementation(function (this: DynamoStore, ids) {
  return guarded('anomalies', () => real.getAnomalies.call(this, ids));
});

/** What each target accepted: notification ids (SNS, EventBridge) and OpsItems created. */
let accepted: Record<Target, string[]>;
let opsItems: Map<string, string>;

beforeEach(() => {
  accepted = { sns: [], eventbridge: [], opscenter: [] };
  opsItems = new Map();
  sns.reset();
  eb.reset();
  ssm.reset();
  streams.reset();
  sns.on(PublishCommand).callsFake(async (input: { MessageAttributes?: Record<string, { StringValue?: string }> }) => {
    await step('send:sns:before');
    accepted.sns.push(input.MessageAttributes!.notificationId!.StringValue!);
    await step('send:sns:after');
    return { MessageId: 'm' };
  });
  eb.on(PutEventsCommand).callsFake(async (input: { Entries?: Array<{ Detail?: string }> }) => {
    await step('send:eventbridge:before');
    accepted.eventbridge.push(String(JSON.parse(input.Entries![0]!.Detail!).notificationId));
    await step('send:eventbridge:after');
    return { FailedEntryCount: 0, Entries: [{ EventId: 'e' }] };
  });
  // OpsCenter refuses a second open OpsItem with the same /aws/dedup string.
  ssm.on(CreateOpsItemCommand).callsFake(async (input: { OperationalData?: Record<string, { Value?: string }> }) => {
    await step('send:opscenter:before');
    const dedup = input.OperationalData!['/aws/dedup']!.Value!;
    const existing = opsItems.get(dedup);
    if (existing) throw Object.assign(new Error('OpsItem already exists'), { name: 'OpsItemAlreadyExistsException', OpsItemId: existing });
    const id = `oi-${opsItems.size + 1}`;
    opsItems.set(dedup, id);
    accepted.opscenter.push(id);
    await step('send:opscenter:after');
    return { OpsItemId: id };
  });
  ssm.on(UpdateOpsItemCommand).resolves({});
  ssm.on(DescribeOpsItemsCommand).resolves({ OpsItemSummaries: [] });
});

afterAll(() => {
  vi.restoreAllMocks();
  for (const m of [sns, eb, ssm, streams]) m.restore();
});

/** Renames the step names of the ledger hooks to the scheme `<step>:<target>:<before|after>`. */
function pointOf(stepName: (typeof STEPS)[number], target: Target): string {
  const [what, when] = stepName.split(':') as [string, string];
  return `${what}:${target}:${when}`;
}

describe('notifier delivery survives being killed at any step', () => {
  let emb: EmbeddedStore;
  let store: DynamoStore;
  let wall = T;
  let rt: Runtime;

  beforeEach(async () => {
    emb = await startEmbeddedStore();
    store = new DynamoStore({ client: emb.client, tableName: emb.tableName });
    const { observability } = await import('../../lambdas/shared/observability');
    const common = { region: REGION, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } };
    wall = T;
    rt = {
      env: {
        tableName: emb.tableName,
        topicArn: TOPIC,
        eventBusName: 'default',
        accountId: ACCOUNT,
        region: REGION,
        config: parseConfig({ notifications: { severities: ['LOW', 'MEDIUM', 'HIGH'] }, opsCenter: { enabled: true, minSeverity: 'HIGH' } }),
      },
      clients: {
        dynamodb: emb.client,
        dynamodbStreams: new DynamoDBStreamsClient(common),
        sns: new SNSClient(common),
        eventbridge: new EventBridgeClient(common),
        ssm: new SSMClient(common),
      } as unknown as Runtime['clients'],
      obs: observability('opsight-test'),
      clock: () => wall,
    };
  });

  afterEach(async () => {
    killAt = undefined;
    await emb.close();
  });

  /** A fresh container's handler (the dead one is gone), invoked as Lambda would. */
  async function invoke(event: DynamoDBStreamEvent | SQSEvent, inv: Invocation = { dead: false }) {
    const { createNotifierHandler } = await import('../../lambdas/notifier');
    const handler = createNotifierHandler(rt);
    const started = wall;
    const context = { invokedFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:notifier`, getRemainingTimeInMillis: () => TIMEOUT_MS - (wall - started) };
    try {
      return await als.run(inv, () => handler(event, context));
    } catch (err) {
      // Every record failed: Lambda retries the whole batch, as with a partial response naming all.
      if ((err as Error).name !== 'FullBatchFailureError') throw err;
      return { batchItemFailures: event.Records.map((r) => ({ itemIdentifier: 'messageId' in r ? r.messageId : (r.dynamodb?.SequenceNumber ?? '') })) };
    }
  }

  /** Saves a new insight with its notification and returns the stream event carrying it. */
  async function newInsight(stream: SimulatedStream): Promise<{ event: DynamoDBStreamEvent; notification: InsightNotification }> {
    const ins = insight({ id: 'ins-kill', severity: 'HIGH', anomalyIds: ['a1'] });
    await store.putAnomalies([anomaly('a1')]);
    const notification: InsightNotification = { id: 'ntf-kill-1', messageType: 'NEW_INSIGHT', insight: ins, anomalies: [] };
    await store.saveInsightWithNotifications(ins, [notification]);
    const event = await stream.next();
    expect(event.Records).toHaveLength(1);
    return { event, notification };
  }

  /** The stream as the DynamoDB Streams API serves it, for the replay. */
  function serveStream(records: readonly DynamoDBRecord[]) {
    const api = records.map((r) => ({ eventID: r.eventID, eventName: r.eventName, dynamodb: r.dynamodb }) as unknown as _Record);
    streams.on(GetShardIteratorCommand).callsFake((input: { SequenceNumber?: string }) => ({ ShardIterator: `at-${input.SequenceNumber}` }));
    streams.on(GetRecordsCommand).callsFake((input: { ShardIterator?: string }) => {
      const from = BigInt(input.ShardIterator!.slice(3));
      return { Records: api.filter((r) => BigInt(r.dynamodb!.SequenceNumber!) >= from), NextShardIterator: 'at-999999999999999999999' };
    });
  }

  const cases = [['anomalies:before', undefined] as const, ...TARGETS.flatMap((t) => STEPS.map((s) => [pointOf(s, t), t] as const))];

  it.each(cases)('killed at %s: each target gets the notification once, and the ledger records it', async (point, target) => {
    const stream = new SimulatedStream(emb);
    const { event, notification } = await newInsight(stream);

    // 1. The first invocation dies at the kill point.
    const reached = new Promise<void>((resolve) => (killed = resolve));
    killAt = point;
    void invoke(event);
    await reached;

    // 2. The stream retries at once, inside the dead invocation's lease. The batch may succeed
    //    only if every target has the notification recorded as delivered: a lease the dead
    //    invocation left is "held", which fails the record (never a "skipped" success).
    wall += 1_000;
    let failures = (await invoke(event)).batchItemFailures;
    const recorded = async () => (await Promise.all(TARGETS.map((t) => store.getDelivery(notification.id, t)))).every((d) => d?.deliveredAt !== undefined);
    expect(failures.length === 0, 'retry inside the lease succeeds only when all is delivered').toBe(await recorded());
    const leaseLeft = failures.length > 0;
    if (target !== undefined && ['claim:after', 'send:before', 'send:after', 'mark:before'].some((s) => point === pointOf(s as (typeof STEPS)[number], target))) {
      expect(leaseLeft, 'the killed target left a lease').toBe(true);
    }

    // 3. Retries exhausted inside the lease: the mapping sends the batch's range to the failures
    //    queue, and the notifier replays it from the stream once the lease has expired.
    if (leaseLeft) {
      for (let retry = 2; retry <= 10; retry++) expect((await invoke(event)).batchItemFailures).toHaveLength(1);
      const rec = event.Records[0]!;
      const seq = rec.dynamodb!.SequenceNumber!;
      serveStream(event.Records);
      const failure = { DDBStreamBatchInfo: { shardId: 'shardId-0001', startSequenceNumber: seq, endSequenceNumber: seq, streamArn: rec.eventSourceARN!, batchSize: 1 } };
      wall = T + TIMEOUT_MS + 10_000;
      failures = (await invoke({ Records: [sqsRecord('replay-1', JSON.stringify(failure), FAILURES_QUEUE)] })).batchItemFailures;
      expect(failures).toEqual([]);
    }

    // 4. Exactly once per target, every delivery recorded; a late duplicate of the record sends nothing.
    // Killed after the target accepted but before the ledger recorded it: sent again (at least once).
    const repeatsAllowed = target === 'sns' || target === 'eventbridge' ? point === pointOf('send:after', target) || point === pointOf('mark:before', target) : false;
    for (const t of TARGETS) {
      const expected = repeatsAllowed && t === target ? 2 : 1;
      expect(accepted[t], `${t} deliveries`).toHaveLength(expected);
      expect(new Set(accepted[t]).size, `${t} distinct notifications`).toBe(1);
      expect((await store.getDelivery(notification.id, t))?.deliveredAt, `${t} recorded`).toBeDefined();
    }
    expect((await invoke(event)).batchItemFailures).toEqual([]);
    expect(accepted.sns.length + accepted.eventbridge.length + accepted.opscenter.length).toBe(3 + (repeatsAllowed ? 1 : 0));
  });

  it('fails a replay whose records the stream no longer has, so it is retried and then dead-lettered', async () => {
    streams.on(GetShardIteratorCommand).rejects(Object.assign(new Error('Records trimmed'), { name: 'TrimmedDataAccessException' }));
    const failure = { DDBStreamBatchInfo: { shardId: 's', startSequenceNumber: '1', endSequenceNumber: '2', streamArn: 'arn:aws:dynamodb:eu-west-1:1:table/t/stream/x' } };
    const out = await invoke({ Records: [sqsRecord('old', JSON.stringify(failure), FAILURES_QUEUE), sqsRecord('junk', '{"nope":1}', FAILURES_QUEUE)] });
    expect(out.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['old', 'junk']);
  });
});
