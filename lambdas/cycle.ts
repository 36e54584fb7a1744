/**
 * Cycle (single mode; EventBridge Scheduler, every cycle): plans, analyzes every shard and
 * correlates in one invocation, with the same steps the distributed functions run through
 * SQS. No queues, so no idle polling cost: the default for small and medium coverages.
 * Notifications still go out through the table stream (the notifier function).
 *
 * Event: `{ "time": "<aws.scheduler.scheduled-time>" }` (a retry re-plans the same cycle).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { SharedReads, analyzeStep, correlateStep, planStep, type CorrelateRequest } from '../src/core';
import { CloudWatchMetricSource } from '../src/aws/collect';
import { adaptiveReadFilter } from '../src/aws/coverage';
import { cyclePorts, reportEventBacklog, writeAccountStatuses } from './shared/cycle-ports';
import { logEvidenceStep } from './shared/log-evidence';
import { addCount, observability } from './shared/observability';
import { cycleTime, type PlannerEvent } from './planner';
import { accountIdOf, lazyClients, readEnv, sharedCycleOptions, type Runtime } from './shared/runtime';

export type CycleStatus = 'correlated' | 'waiting' | 'done' | 'not-correlated';

export function createCycleHandler(rt: Runtime) {
  const { logger, metrics } = rt.obs;
  const ports = cyclePorts(rt);
  const logEvidence = logEvidenceStep(rt, ports.fleet);
  const source = ports.metricsFor(
    new CloudWatchMetricSource(rt.clients.cloudwatch, { timer: rt.timer, bucket: ports.metricBucket, onIssue: (issue) => logger.warn('metric data issue', { ...issue }) }),
  );

  return async (event: PlannerEvent, context?: Pick<Context, 'invokedFunctionArn'>): Promise<CycleStatus> => {
    const now = cycleTime(event, rt.clock());
    ports.setCycleTime(now);
    const accountId = accountIdOf(rt, context?.invokedFunctionArn);
    ports.fleet?.setCentralAccount(accountId);
    const options = {
      sensitivity: rt.env.config.sensitivity,
      newNormalAfterMs: rt.env.config.newNormalAfterHours * 3_600_000,
      readFilter: adaptiveReadFilter(rt.env.config.cadence),
      ...sharedCycleOptions(rt, accountId),
    };
    // Capacity series are read by the forecasts and by detection: one CloudWatch read serves both.
    const reads = new SharedReads(source);
    try {
      const planned = await planStep({ ...ports.planner, metrics: reads }, now, options);
      if (planned.status === 'waiting' || planned.status === 'done') {
        logger.info(`no new cycle: ${planned.status}`, { ...planned });
        return planned.status;
      }
      let request: CorrelateRequest | undefined = planned.correlate;
      if (planned.status === 'planned') {
        addCount(metrics, 'ChangeEvents', planned.events);
        reportEventBacklog(rt, planned.eventBacklog);
        for (const item of planned.items) {
          const analyzed = await analyzeStep({ metrics: reads, state: ports.store, cycles: ports.store }, item, options);
          if (analyzed.status === 'analyzed') {
            metrics.addMetric('SeriesAnalyzed', MetricUnit.Count, analyzed.result.series);
            metrics.addMetric('PointsAnalyzed', MetricUnit.Count, analyzed.result.points);
            request = analyzed.correlate ?? request;
          }
        }
        await writeAccountStatuses(rt, ports, now);
      } else {
        logger.warn('previous cycle stalled; correlating it with the shards it has', { cycleId: planned.correlate.cycleId });
      }
      if (!request) return 'not-correlated';
      const correlated = await correlateStep({ insights: ports.store, state: ports.store, cycles: ports.store }, request, options);
      if (correlated.status === 'correlated') {
        addCount(metrics, 'InsightsChanged', correlated.result.insights.length);
        // Log evidence is best effort: a failure is logged and the cycle still counts as correlated.
        await logEvidence(ports.store, now, correlated.result.insights).catch((error: unknown) => logger.error('log evidence failed', { error }));
        metrics.addMetric('CycleLatency', MetricUnit.Milliseconds, Math.max(0, rt.clock() - now));
        logger.info('cycle complete', { cycleId: correlated.cycle.cycleId, insights: correlated.result.insights.length });
        return 'correlated';
      }
      return 'not-correlated';
    } finally {
      if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
    }
  };
}

let cached: ReturnType<typeof createCycleHandler> | undefined;

export const handler = async (event: PlannerEvent, context: Context): Promise<CycleStatus> => {
  if (!cached) {
    const obs = observability('opsight-cycle');
    cached = createCycleHandler({ env: readEnv(), clients: lazyClients(obs), obs, clock: Date.now });
  }
  return cached(event, context);
};
