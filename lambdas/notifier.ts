/**
 * Notifier (the table's DynamoDB stream, NEW_AND_OLD_IMAGES; filter on insight items):
 * delivers the notifications recorded with each new insight version to SNS, EventBridge and
 * OpsCenter. Each (notification, target) is claimed in the delivery ledger first, so stream
 * retries and duplicates never send twice; a failing target fails only its record (partial
 * batch response) and is retried without re-sending to the others. Records are processed in
 * order. Wiring only: the logic is `deliverNotifications` in src/core/pipeline and the targets
 * in src/aws/outputs.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { InsightNotification, NotificationTarget } from '../src/core';
import { CompositeNotifier, DeliveryError, EventBridgeTarget, OpsCenterTarget, SnsTarget } from '../src/aws/outputs';
import { notificationsFromImages } from '../src/aws/store';
import { observability } from './shared/observability';
import { accountIdOf, lazyClients, readEnv, storeFor, type Runtime } from './shared/runtime';

/** Anomalies read for one message (the message itself keeps the worst that fit in 256 KiB). */
const MAX_ANOMALIES_PER_MESSAGE = 200;

function image(raw: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  return raw ? unmarshall(raw as Record<string, AttributeValue>) : undefined;
}

export function createNotifierHandler(rt: Runtime) {
  const { logger, metrics } = rt.obs;
  const store = storeFor(rt);
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  let composite: CompositeNotifier | undefined;

  const targetsFor = (accountId: string): NotificationTarget[] => {
    const base = rt.env.insightUrlBase?.replace(/\/+$/, '');
    const ctx = { accountId, region: rt.env.region, ...(base ? { insightUrl: (id: string) => `${base}/insights/${encodeURIComponent(id)}` } : {}) };
    const cfg = rt.env.config;
    const targets: NotificationTarget[] = [];
    if (rt.env.topicArn) {
      targets.push(
        new SnsTarget({ client: rt.clients.sns, topicArn: rt.env.topicArn, ...ctx, filter: { severities: cfg.notifications.severities, messageTypes: cfg.notifications.messageTypes } }),
      );
    }
    if (rt.env.eventBusName) targets.push(new EventBridgeTarget({ client: rt.clients.eventbridge, eventBusName: rt.env.eventBusName, ...ctx }));
    if (cfg.opsCenter.enabled) targets.push(new OpsCenterTarget({ client: rt.clients.ssm, store, minSeverity: cfg.opsCenter.minSeverity, insightUrl: ctx.insightUrl }));
    return targets;
  };

  return async (event: DynamoDBStreamEvent, context?: Pick<Context, 'invokedFunctionArn'>): Promise<DynamoDBBatchResponse> => {
    composite ??= new CompositeNotifier(targetsFor(accountIdOf(rt, context?.invokedFunctionArn)), { ledger: store, clock: rt.clock });
    const notifier = composite;
    const record = async (r: DynamoDBRecord): Promise<void> => {
      const pending = notificationsFromImages(image(r.dynamodb?.NewImage), image(r.dynamodb?.OldImage));
      if (!pending) return;
      const anomalies = await store.getAnomalies(pending.insight.anomalyIds.slice(-MAX_ANOMALIES_PER_MESSAGE));
      const list: InsightNotification[] = pending.notifications.map((n) => ({ id: n.id, messageType: n.messageType, insight: pending.insight, anomalies }));
      const outcomes = await notifier.deliver(list);
      for (const o of outcomes) metrics.addMetric(o.status === 'delivered' ? 'Delivered' : o.status === 'skipped' ? 'DuplicateSkipped' : 'DeliveryFailed', MetricUnit.Count, 1);
      const failed = outcomes.filter((o) => o.status === 'failed');
      logger.info('insight notifications', { insightId: pending.insight.id, version: pending.insight.version, outcomes: outcomes.map((o) => `${o.target}:${o.status}`) });
      if (failed.length) throw new DeliveryError(failed);
    };
    try {
      return await processPartialResponse(event, record, processor, { processInParallel: false });
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}

let cached: ReturnType<typeof createNotifierHandler> | undefined;

export const handler = async (event: DynamoDBStreamEvent, context: Context): Promise<DynamoDBBatchResponse> => {
  if (!cached) {
    const obs = observability('opsight-notifier');
    cached = createNotifierHandler({ env: readEnv(), clients: lazyClients(obs), obs, clock: Date.now });
  }
  return cached(event, context);
};
