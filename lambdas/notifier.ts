/**
 * Notifier: delivers the notifications recorded with each new insight version to SNS (e-mail
 * and machine subscribers), the chat topic, EventBridge and OpsCenter, at least once per
 * (notification, target).
 *
 * - From the table's stream (NEW_AND_OLD_IMAGES; filter on insight items). Each (notification,
 *   target) is claimed in the delivery ledger first, so stream retries and duplicates never
 *   send twice; the claim's lease lasts as long as this invocation may still run, so a lease
 *   left by an invocation that died expires when that invocation would have been stopped. A
 *   lease held by another invocation fails the record (never "skipped"), so the stream retries
 *   it after the lease. A failing target fails only its record (partial batch response) and is
 *   retried without re-sending to the others. Records are processed in order.
 * - From the notifier-failures queue: a stream batch that exhausted its retries is sent there
 *   by the event source mapping (its shard and sequence range, not its records). The notifier
 *   reads those records back from the stream (within the stream's 24 hours) and delivers them
 *   the same way; a message that keeps failing goes to the queue's dead-letter queue (alarmed;
 *   `opsight redrive` moves it back).
 *
 * Wiring only: the logic is `deliverNotifications` in src/core/pipeline and the targets in
 * src/aws/outputs.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetRecordsCommand, GetShardIteratorCommand, type DynamoDBStreamsClient, type _Record as StreamRecord } from '@aws-sdk/client-dynamodb-streams';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { SeveritySchema, StatusSchema, UpstreamError, ValidationError, type InsightNotification, type NotificationTarget } from '../src/core';
import { ChatTarget, CompositeNotifier, DeliveryError, EventBridgeTarget, OpsCenterTarget, SnsTarget, accountAliasesOf, insightLinks } from '../src/aws/outputs';
import { notificationsFromImages } from '../src/aws/store';
import { observability } from './shared/observability';
import { accountIdOf, lazyClients, readEnv, storeFor, type Runtime } from './shared/runtime';

/** Anomalies read for one message (the message itself keeps the worst that fit in 256 KiB). */
const MAX_ANOMALIES_PER_MESSAGE = 200;
/** Lease when the invocation's remaining time is unknown: the function's timeout. */
const DEFAULT_LEASE_MS = 60_000;
/** Added to the remaining time, for clock differences between invocations. */
const LEASE_MARGIN_MS = 5_000;
/** GetRecords calls spent reading one failed batch back before giving up (and retrying later). */
const MAX_GET_RECORDS_CALLS = 50;

/** The shape both a Lambda stream record and a DynamoDB Streams API record have. */
interface ChangeRecord {
  readonly dynamodb?: { readonly NewImage?: Record<string, unknown>; readonly OldImage?: Record<string, unknown> };
}

/** What the event source mapping sends on failure for a stream batch that exhausted its retries. */
export interface StreamBatchFailure {
  readonly DDBStreamBatchInfo: {
    readonly shardId: string;
    readonly startSequenceNumber: string;
    readonly endSequenceNumber: string;
    readonly streamArn: string;
    readonly batchSize?: number;
    readonly approximateArrivalOfFirstRecord?: string;
  };
}

function image(raw: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return raw ? unmarshall(raw as Record<string, AttributeValue>) : undefined;
}

/** Severity and status of the insight before the change (the stream's old image), if valid. */
export function previousState(old: Record<string, unknown> | undefined): InsightNotification['previous'] {
  const severity = SeveritySchema.safeParse(old?.severity);
  const status = StatusSchema.safeParse(old?.status);
  return severity.success && status.success ? { severity: severity.data, status: status.data } : undefined;
}

export function parseStreamBatchFailure(body: string): StreamBatchFailure {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch (cause) {
    throw new ValidationError('Notifier failure message is not JSON', 'body', { cause });
  }
  const info = (parsed as Partial<StreamBatchFailure> | null)?.DDBStreamBatchInfo;
  const fields = ['shardId', 'startSequenceNumber', 'endSequenceNumber', 'streamArn'] as const;
  if (!info || fields.some((f) => typeof info[f] !== 'string' || !info[f])) {
    throw new ValidationError('Notifier failure message has no DDBStreamBatchInfo (shardId, startSequenceNumber, endSequenceNumber, streamArn)', 'DDBStreamBatchInfo');
  }
  if (!/^\d+$/.test(info.startSequenceNumber) || !/^\d+$/.test(info.endSequenceNumber)) throw new ValidationError('Stream sequence numbers must be decimal', 'DDBStreamBatchInfo');
  return parsed as StreamBatchFailure;
}

/**
 * The records of a failed batch, read back from the stream: from its first sequence number up
 * to its last. Throws when the stream no longer has them (older than 24 hours) or they could
 * not all be read, so the message is retried and, failing that, dead-lettered.
 */
export async function readFailedBatch(client: DynamoDBStreamsClient, failure: StreamBatchFailure): Promise<StreamRecord[]> {
  const info = failure.DDBStreamBatchInfo;
  const end = BigInt(info.endSequenceNumber);
  const start = await client.send(
    new GetShardIteratorCommand({ StreamArn: info.streamArn, ShardId: info.shardId, ShardIteratorType: 'AT_SEQUENCE_NUMBER', SequenceNumber: info.startSequenceNumber }),
  );
  const out: StreamRecord[] = [];
  let iterator = start.ShardIterator;
  for (let calls = 0; iterator && calls < MAX_GET_RECORDS_CALLS; calls++) {
    const page = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
    for (const r of page.Records ?? []) {
      const seq = r.dynamodb?.SequenceNumber;
      if (seq === undefined) continue;
      if (BigInt(seq) > end) return out;
      out.push(r);
      if (BigInt(seq) === end) return out;
    }
    // No next iterator: the shard is closed and every record of it was read.
    if (!page.NextShardIterator) return out;
    iterator = page.NextShardIterator;
  }
  throw new UpstreamError(`Could not read stream records ${info.startSequenceNumber}…${info.endSequenceNumber} of ${info.shardId} in ${MAX_GET_RECORDS_CALLS} GetRecords calls`);
}

export function createNotifierHandler(rt: Runtime) {
  const { logger, metrics } = rt.obs;
  const store = storeFor(rt);
  const streamProcessor = new BatchProcessor(EventType.DynamoDBStreams);
  const queueProcessor = new BatchProcessor(EventType.SQS);
  let composite: CompositeNotifier | undefined;

  const targetsFor = (accountId: string): NotificationTarget[] => {
    const cfg = rt.env.config;
    const links = insightLinks({ apiUrl: rt.env.apiUrl, dashboardUrl: cfg.notifications.dashboardUrl });
    const ctx = { accountId, region: rt.env.region, links, insightUrl: links.primary, accountAliases: accountAliasesOf(cfg.organization) };
    const filter = { severities: cfg.notifications.severities, messageTypes: cfg.notifications.messageTypes };
    const targets: NotificationTarget[] = [];
    if (rt.env.topicArn) targets.push(new SnsTarget({ client: rt.clients.sns, topicArn: rt.env.topicArn, ...ctx, filter }));
    if (rt.env.chatTopicArn) targets.push(new ChatTarget({ client: rt.clients.sns, topicArn: rt.env.chatTopicArn, ...ctx, filter }));
    if (rt.env.eventBusName) targets.push(new EventBridgeTarget({ client: rt.clients.eventbridge, eventBusName: rt.env.eventBusName, ...ctx }));
    if (cfg.opsCenter.enabled) targets.push(new OpsCenterTarget({ client: rt.clients.ssm, store, minSeverity: cfg.opsCenter.minSeverity, ...ctx }));
    return targets;
  };

  return async (
    event: DynamoDBStreamEvent | SQSEvent,
    context?: Pick<Context, 'invokedFunctionArn'> & Partial<Pick<Context, 'getRemainingTimeInMillis'>>,
  ): Promise<DynamoDBBatchResponse | SQSBatchResponse> => {
    composite ??= new CompositeNotifier(targetsFor(accountIdOf(rt, context?.invokedFunctionArn)), { ledger: store, clock: rt.clock });
    const notifier = composite;
    // A claim outlives this invocation by a margin only: a lease left by a dead invocation
    // expires when that invocation would have been stopped.
    const leaseMs = () => (context?.getRemainingTimeInMillis?.() ?? DEFAULT_LEASE_MS) + LEASE_MARGIN_MS;

    const deliverRecord = async (r: ChangeRecord): Promise<void> => {
      const pending = notificationsFromImages(image(r.dynamodb?.NewImage), image(r.dynamodb?.OldImage));
      if (!pending) return;
      const anomalies = await store.getAnomalies(pending.insight.anomalyIds.slice(-MAX_ANOMALIES_PER_MESSAGE));
      const previous = previousState(image(r.dynamodb?.OldImage));
      const list: InsightNotification[] = pending.notifications.map((n) => ({ id: n.id, messageType: n.messageType, insight: pending.insight, anomalies, ...(previous ? { previous } : {}) }));
      const outcomes = await notifier.deliver(list, { leaseMs: leaseMs() });
      for (const o of outcomes) metrics.addMetric(o.status === 'delivered' ? 'Delivered' : o.status === 'skipped' ? 'DuplicateSkipped' : 'DeliveryFailed', MetricUnit.Count, 1);
      const failed = outcomes.filter((o) => o.status === 'failed');
      logger.info('insight notifications', { insightId: pending.insight.id, version: pending.insight.version, outcomes: outcomes.map((o) => `${o.target}:${o.status}`) });
      if (failed.length) throw new DeliveryError(failed);
    };

    const replayBatch = async (m: SQSRecord): Promise<void> => {
      const failure = parseStreamBatchFailure(m.body);
      let records: StreamRecord[];
      try {
        records = await readFailedBatch(rt.clients.dynamodbStreams, failure);
      } catch (err) {
        metrics.addMetric('ReplayReadFailed', MetricUnit.Count, 1);
        logger.error('could not read a failed stream batch back (records older than 24 h are gone)', { ...failure.DDBStreamBatchInfo, error: String(err) });
        throw err;
      }
      for (const r of records) await deliverRecord(r as ChangeRecord);
      metrics.addMetric('StreamBatchReplayed', MetricUnit.Count, 1);
      logger.info('failed stream batch replayed', { ...failure.DDBStreamBatchInfo, records: records.length });
    };

    try {
      if (event.Records[0]?.eventSource === 'aws:sqs') {
        return await processPartialResponse(event as SQSEvent, replayBatch, queueProcessor, { processInParallel: false });
      }
      return await processPartialResponse(event as DynamoDBStreamEvent, deliverRecord, streamProcessor, { processInParallel: false });
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}

let cached: ReturnType<typeof createNotifierHandler> | undefined;

export const handler = async (event: DynamoDBStreamEvent | SQSEvent, context: Context): Promise<DynamoDBBatchResponse | SQSBatchResponse> => {
  if (!cached) {
    const obs = observability('opsight-notifier');
    cached = createNotifierHandler({ env: readEnv(), clients: lazyClients(obs), obs, clock: Date.now });
  }
  return cached(event, context);
};
