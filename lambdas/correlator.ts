/**
 * Correlator (SQS correlate queue, with a DLQ; batch size 1): correlates a cycle's pending
 * anomalies into insights. The insight writes carry their notifications (the table's stream
 * feeds the notifier). A duplicate request finds the cycle correlated; a concurrent one loses
 * the insight version check and is retried by SQS. Wiring only: the logic is
 * `correlateStep` in src/core/pipeline.
 */
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { correlateStep, parseCorrelateRequest } from '../src/core';
import { fleetFor } from './shared/fleet';
import { logEvidenceStep } from './shared/log-evidence';
import { addCount, observability } from './shared/observability';
import { accountIdOf, lazyClients, readEnv, sharedCycleOptions, storeFor, type Runtime } from './shared/runtime';

export function createCorrelatorHandler(rt: Runtime) {
  const { logger, metrics } = rt.obs;
  const store = storeFor(rt);
  const processor = new BatchProcessor(EventType.SQS);
  // Member resources' log groups are read in their own account and region.
  const fleet = fleetFor(rt, { now: rt.clock });
  const logEvidence = logEvidenceStep(rt, fleet);

  return async (event: SQSEvent, context?: Pick<Context, 'invokedFunctionArn'>): Promise<SQSBatchResponse> => {
    fleet?.health.begin([]);
    const record = async (r: SQSRecord): Promise<void> => {
      const request = parseCorrelateRequest(JSON.parse(r.body));
      const outcome = await correlateStep({ insights: store, state: store, cycles: store }, request, sharedCycleOptions(rt, accountIdOf(rt, context?.invokedFunctionArn)));
      if (outcome.status !== 'correlated') {
        logger.info(`correlate request not run: ${outcome.status}`, { cycleId: outcome.cycleId });
        return;
      }
      addCount(metrics, 'InsightsChanged', outcome.result.insights.length);
      await logEvidence(store, outcome.cycle.now, outcome.result.insights).catch((error: unknown) => logger.error('log evidence failed', { error }));
      addCount(metrics, 'Notifications', outcome.result.notifications.length);
      metrics.addMetric('CycleLatency', MetricUnit.Milliseconds, Math.max(0, rt.clock() - outcome.cycle.now));
      logger.info('cycle correlated', { cycleId: outcome.cycle.cycleId, pending: outcome.pending, insights: outcome.result.insights.length, forced: !!request.force });
    };
    try {
      return await processPartialResponse(event, record, processor, { processInParallel: false });
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}

let cached: ReturnType<typeof createCorrelatorHandler> | undefined;

export const handler = async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
  if (!cached) {
    const obs = observability('opsight-correlator');
    cached = createCorrelatorHandler({ env: readEnv(), clients: lazyClients(obs), obs, clock: Date.now });
  }
  return cached(event, context);
};
