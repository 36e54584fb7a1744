/**
 * Analyzer (SQS work queue, with a DLQ): analyzes one shard per message and commits it; the
 * message that completes the cycle's last shard sends the correlate request. Failed messages
 * are reported individually (partial batch response), so one bad shard never re-runs the
 * others. Wiring only: the logic is `analyzeStep` in src/core/pipeline.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { analyzeStep, parseWorkItem } from '../src/core';
import { CloudWatchMetricSource } from '../src/aws/collect';
import { adaptiveReadFilter } from '../src/aws/coverage';
import { fleetFor } from './shared/fleet';
import { addCount, observability } from './shared/observability';
import { sendOne } from './shared/queue';
import { accountIdOf, lazyClients, readEnv, requireEnv, storeFor, type Runtime } from './shared/runtime';

export function createAnalyzerHandler(rt: Runtime) {
  const { logger, metrics } = rt.obs;
  const store = storeFor(rt);
  const central = new CloudWatchMetricSource(rt.clients.cloudwatch, {
    timer: rt.timer,
    // This analyzer's share of the account quota (analyzers at once × this ≤ the budget).
    ...(rt.env.getMetricDataTps ? { tps: rt.env.getMetricDataTps } : {}),
    onIssue: (issue) => logger.warn('metric data issue', { ...issue }),
  });
  // Member series (the shard carries their account and region) are read with the member role,
  // at the same share of that account and region's own quota.
  const fleet = fleetFor(rt, { now: rt.clock });
  const source = fleet ? fleet.metrics(central) : central;
  const processor = new BatchProcessor(EventType.SQS);
  // Quiet golden series are read less often (the adaptive cadence).
  const readFilter = adaptiveReadFilter(rt.env.config.cadence);

  return async (event: SQSEvent, context?: Pick<Context, 'invokedFunctionArn'>): Promise<SQSBatchResponse> => {
    fleet?.health.begin([]);
    const record = async (r: SQSRecord): Promise<void> => {
      const item = parseWorkItem(JSON.parse(r.body));
      const outcome = await analyzeStep({ metrics: source, state: store, cycles: store }, item, {
        accountId: accountIdOf(rt, context?.invokedFunctionArn),
        sensitivity: rt.env.config.sensitivity,
        newNormalAfterMs: rt.env.config.newNormalAfterHours * 3_600_000,
        readFilter,
        ...rt.cycleOptions,
      });
      if (outcome.status === 'stale') {
        logger.info('work item of a finished cycle: skipped', { cycleId: item.cycleId, shard: item.shard });
        return;
      }
      metrics.addMetric('SeriesAnalyzed', MetricUnit.Count, outcome.result.series);
      metrics.addMetric('PointsAnalyzed', MetricUnit.Count, outcome.result.points);
      addCount(metrics, 'AnomaliesChanged', outcome.result.changed.length);
      if (outcome.skipped.length) logger.warn('states already written by a duplicate delivery', { cycleId: item.cycleId, shard: item.shard, skipped: outcome.skipped.length });
      if (outcome.correlate) await sendOne(rt.clients.sqs, requireEnv(rt.env.correlateQueueUrl, 'CORRELATE_QUEUE_URL'), JSON.stringify(outcome.correlate));
      logger.info('shard analyzed', { cycleId: item.cycleId, shard: item.shard, done: outcome.cycle.doneShards, of: outcome.cycle.shards, lastShard: !!outcome.correlate });
    };
    try {
      return await processPartialResponse(event, record, processor, { processInParallel: false });
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}

let cached: ReturnType<typeof createAnalyzerHandler> | undefined;

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  if (!cached) {
    const obs = observability('opsight-analyzer');
    cached = createAnalyzerHandler({ env: readEnv(), clients: lazyClients(obs), obs, clock: Date.now });
  }
  return cached(event, context);
};
