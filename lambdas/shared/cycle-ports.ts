/**
 * The ports a cycle's planning needs in AWS, built once per container: the coverage catalog
 * (listed at most hourly, then tiered by cadence), the change-event sources and the metric
 * source for capacity forecasts. Shared by the planner (distributed mode) and the cycle
 * function (single mode). With an `organization` config, each of them fans out over the
 * member accounts and regions (src/aws/accounts) and `fleet` writes their statuses.
 */
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { cycleIdFor, type EventCollection, type MetricSource, type PlannerPorts, type ResourceCatalog } from '../../src/core';
import type { Fleet } from '../../src/aws/accounts';
import { CloudTrailEventSource, CloudWatchMetricSource, CodeDeployEventSource, CombinedEventSource } from '../../src/aws/collect';
import { CachedCatalog, ConfiguredCatalog, TieredCatalog } from '../../src/aws/coverage';
import { TokenBucket } from '../../src/aws/throttle';
import { storeFor, type Runtime } from './runtime';
import { addCount } from './observability';
import { fleetFor } from './fleet';

export interface CyclePorts {
  readonly planner: PlannerPorts;
  readonly store: ReturnType<typeof storeFor>;
  /** The process's one GetMetricData bucket, at its share of the account quota. */
  readonly metricBucket: TokenBucket;
  /** The member accounts (organisation configs only). */
  readonly fleet?: Fleet;
  /** Reads through `central` for the central account and through each member scope's own source. */
  metricsFor(central: MetricSource): MetricSource;
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
  const fleet = fleetFor(rt, clock);
  // Coverage changes slowly: list it at most hourly (each member scope too); each cycle takes the series due now.
  const central: ResourceCatalog = new CachedCatalog(coverage, clock);
  const catalog: ResourceCatalog = new TieredCatalog(fleet ? fleet.catalog(central) : central, clock, rt.env.config.cadence);
  const metricsFor = (source: MetricSource): MetricSource => (fleet ? fleet.metrics(source) : source);
  // Capacity forecasts (proactive insights) read their own hourly points.
  const metricBucket = new TokenBucket({ ratePerSecond: rt.env.getMetricDataTps ?? 25, timer });
  const forecastMetrics = new CloudWatchMetricSource(rt.clients.cloudwatch, { timer, bucket: metricBucket, onIssue: (issue) => logger.warn('metric data issue (forecasts)', { ...issue }) });
  const cloudtrail = new CloudTrailEventSource(rt.clients.cloudtrail, {
    timer,
    onTruncated: (t) => logger.info('CloudTrail page budget reached; the rest of the window is read in later cycles', { ...t }),
  });
  const centralEvents = new CombinedEventSource([cloudtrail, new CodeDeployEventSource(rt.clients.codedeploy, { timer })]);
  const events = fleet ? fleet.events(centralEvents) : centralEvents;
  return {
    planner: { catalog, events, insights: store, state: store, cycles: store, metrics: metricsFor(forecastMetrics), outbox: store },
    store,
    metricBucket,
    ...(fleet ? { fleet } : {}),
    metricsFor,
    setCycleTime: (now) => {
      cycleNow = now;
      fleet?.setCycle(cycleIdFor(now));
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

/**
 * Writes the member accounts' statuses of the cycle (organisation configs only). A failed write
 * is logged and counted; the cycle itself stands.
 */
export async function writeAccountStatuses(rt: Runtime, ports: Pick<CyclePorts, 'fleet' | 'store'>, now: number): Promise<void> {
  if (!ports.fleet) return;
  try {
    const statuses = await ports.fleet.writeStatuses(ports.store, now);
    addCount(rt.obs.metrics, 'AccountsFailing', statuses.filter((s) => s.state !== 'OK').length);
  } catch (error) {
    rt.obs.logger.error('account statuses not written', { error });
    rt.obs.metrics.addMetric('AccountStatusWriteFailures', MetricUnit.Count, 1);
  }
}
