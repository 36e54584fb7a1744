/**
 * The ports a cycle's planning needs in AWS, built once per container: the coverage catalog
 * (listed at most hourly, then tiered by cadence), the change-event sources and the metric
 * source for capacity forecasts. Shared by the planner (distributed mode) and the cycle
 * function (single mode).
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { type EventCollection, type PlannerPorts, type ResourceCatalog } from '../../src/core';
import { CloudTrailEventSource, CloudWatchMetricSource, CodeDeployEventSource, CombinedEventSource } from '../../src/aws/collect';
import { CachedCatalog, ConfiguredCatalog, TieredCatalog } from '../../src/aws/coverage';
import { TokenBucket } from '../../src/aws/throttle';
import { storeFor, type Runtime } from './runtime';
import { addCount } from './observability';

export interface CyclePorts {
  readonly planner: PlannerPorts;
  readonly store: ReturnType<typeof storeFor>;
  /** The process's one GetMetricData bucket, at its share of the account quota. */
  readonly metricBucket: TokenBucket;
  /** Sets the time the catalog's cadence tiers are evaluated at (the cycle time). */
  setCycleTime(now: number): void;
}

export function cyclePorts(rt: Runtime): CyclePorts {
  const { logger } = rt.obs;
  const store = storeFor(rt);
  let cycleNow = 0;
  const clock = { now: () => cycleNow };
  const timer = rt.timer;
  // The coverage stored through the API (PUT /coverage) wins over the deployed one.
  const coverage = new ConfiguredCatalog({ cloudwatch: rt.clients.cloudwatch, cloudformation: rt.clients.cloudformation, tagging: rt.clients.tagging }, store, rt.env.config.coverage, {
    onInvalid: (reason) => logger.warn(reason),
  });
  // Coverage changes slowly: list it at most hourly; each cycle takes the series due now.
  const catalog: ResourceCatalog = new TieredCatalog(new CachedCatalog(coverage, clock), clock, rt.env.config.cadence);
  // Capacity forecasts (proactive insights) read their own hourly points.
  const metricBucket = new TokenBucket({ ratePerSecond: rt.env.getMetricDataTps ?? 25, timer });
  const forecastMetrics = new CloudWatchMetricSource(rt.clients.cloudwatch, { timer, bucket: metricBucket, onIssue: (issue) => logger.warn('metric data issue (forecasts)', { ...issue }) });
  const cloudtrail = new CloudTrailEventSource(rt.clients.cloudtrail, {
    timer,
    onTruncated: (t) => logger.info('CloudTrail page budget reached; the rest of the window is read in later cycles', { ...t }),
  });
  const events = new CombinedEventSource([cloudtrail, new CodeDeployEventSource(rt.clients.codedeploy, { timer })]);
  return {
    planner: { catalog, events, insights: store, state: store, cycles: store, metrics: forecastMetrics, outbox: store },
    store,
    metricBucket,
    setCycleTime: (now) => {
      cycleNow = now;
    },
  };
}

/**
 * Makes the change-event backlog visible: windows left for later cycles (a metric and, while
 * any remain, an info line) and windows given up for good (a metric and an error line; `/health`
 * reports the totals).
 */
export function reportEventBacklog(rt: Runtime, backlog: Pick<EventCollection, 'unread' | 'dropped'>): void {
  const { logger, metrics } = rt.obs;
  addCount(metrics, 'EventWindowsUnread', backlog.unread.length);
  if (backlog.unread.length) logger.info('change events left for later cycles', { windows: backlog.unread.length, oldest: backlog.unread[0]?.start });
  if (backlog.dropped.length) {
    metrics.addMetric('EventWindowsDropped', MetricUnit.Count, backlog.dropped.length);
    logger.error('change events given up: older than CloudTrail keeps, or beyond the backlog', { dropped: backlog.dropped });
  }
}
