/**
 * The monthly bill: the cycles' calls (model.ts), the stack's fixed parts and its platform
 * usage (platform.ts), each a line with its quantity and unit price, beside DevOps Guru's list
 * price for the same resources.
 */
import type { Resource } from '../../core';
import { DEFAULT_CADENCE, type Cadence } from '../coverage/cadence';
import { devOpsGuruGroup, specFor, tierOf } from '../coverage/metric-catalog';
import { estimateMonthlyCalls, resolveShape, type MonthlyCalls, type PipelineShapeOverrides } from './model';
import { DEFAULT_PLATFORM_SHAPE, fixedLines, line, platformLines, sideInvocations, type CostLine, type PlatformShape } from './platform';
import { HOURS_PER_MONTH, US_EAST_1_PRICES, type Prices } from './prices';
import type { StackSettings } from './stack';

export interface DevOpsGuruCost {
  readonly groupA: number;
  readonly groupB: number;
  /** Resources of types DevOps Guru prices here but Opsight's catalog does not place in a group. */
  readonly unpriced: number;
  /** Active resource-hours billed (resources × hours active in the month). */
  readonly resourceHours: number;
  readonly usd: number;
}

export interface CostEstimate {
  readonly cadence: Cadence;
  readonly resources: number;
  readonly series: { readonly golden: number; readonly capacity: number };
  readonly calls: MonthlyCalls;
  readonly lines: readonly CostLine[];
  /** The fixed lines' sum: what Opsight costs with nothing covered. */
  readonly fixedUsd: number;
  readonly totalUsd: number;
  readonly devOpsGuru: DevOpsGuruCost;
  /** Opsight's bill divided by DevOps Guru's (lower is better). */
  readonly ratio: number;
}

/**
 * DevOps Guru's list price for the resources: group A or B per active resource-hour. Both
 * sides are priced on the same active resources: Opsight polls only resources that reported
 * in the last 3 hours (account coverage), DevOps Guru bills only active resource-hours.
 */
export function devOpsGuruMonthly(resources: readonly Pick<Resource, 'type' | 'id'>[], prices: Prices = US_EAST_1_PRICES, activeHours = HOURS_PER_MONTH): DevOpsGuruCost {
  let a = 0;
  let b = 0;
  let unpriced = 0;
  for (const r of resources) {
    const group = specFor(r.type, r.id)?.devOpsGuruGroup ?? devOpsGuruGroup(r.type);
    if (group === 'A') a++;
    else if (group === 'B') b++;
    else unpriced++;
  }
  const usd = (a * prices.devOpsGuruGroupAPerHour + b * prices.devOpsGuruGroupBPerHour) * activeHours;
  return { groupA: a, groupB: b, unpriced, resourceHours: (a + b) * activeHours, usd };
}

export interface MonthlyCostOptions {
  readonly shape?: PipelineShapeOverrides;
  readonly platform?: Partial<PlatformShape>;
  /** Optional parts of the stack (`monitoring.dashboard`, `monitoring.throttleAlarms`). */
  readonly stack?: Partial<Omit<StackSettings, 'mode'>>;
  readonly prices?: Prices;
}

/** The cycles' own lines (GetMetricData, Lambda, SQS, DynamoDB, notifications, Scheduler). */
function cycleLines(calls: MonthlyCalls, side: { invocations: number; gbSeconds: number }, p: Prices): CostLine[] {
  return [
    line('CloudWatch GetMetricData', calls.metricsRequested, 'metrics requested', p.getMetricDataPerMetric),
    line('CloudTrail LookupEvents', calls.lookupEventsCalls, 'calls (management events: free)', p.lookupEventsPerCall),
    line('CodeDeploy API', calls.codeDeployCalls, 'calls (free)', 0),
    line('Lambda requests', calls.lambdaInvocations + side.invocations, 'invocations', p.lambdaPerRequest),
    line('Lambda compute (arm64)', calls.lambdaGbSeconds + side.gbSeconds, 'GB-seconds', p.lambdaArmPerGbSecond),
    line('SQS', calls.sqsRequests, 'requests (incl. idle polling)', p.sqsPerRequest),
    line('DynamoDB writes', calls.dynamoWriteUnits, 'write request units', p.dynamoPerWriteUnit),
    line('DynamoDB reads', calls.dynamoReadUnits, 'read request units', p.dynamoPerReadUnit),
    line('SNS', calls.notifications, 'publishes', p.snsPerPublish),
    line('EventBridge events', calls.notifications, 'events', p.eventBridgePerEvent),
    line('EventBridge Scheduler', calls.schedulerInvocations, 'invocations', p.schedulerPerInvocation),
  ];
}

/** The monthly bill of running Opsight over `resources` at `cadence`, line by line. */
export function estimateMonthlyCost(resources: readonly Resource[], cadence: Cadence = DEFAULT_CADENCE, options: MonthlyCostOptions = {}): CostEstimate {
  const p = options.prices ?? US_EAST_1_PRICES;
  const shape = resolveShape(options.shape);
  const platform = { ...DEFAULT_PLATFORM_SHAPE, ...options.platform };
  const calls = estimateMonthlyCalls(resources, cadence, options.shape);
  const fixed = fixedLines({ ...options.stack, mode: shape.mode }, shape, p);
  const lines = [...fixed, ...cycleLines(calls, sideInvocations(shape, platform), p), ...platformLines(resources, calls, shape, platform, p)];
  const totalUsd = lines.reduce((s, l) => s + l.usd, 0);
  const dg = devOpsGuruMonthly(resources, p);
  let golden = 0;
  let capacity = 0;
  for (const r of resources) {
    for (const s of r.series) {
      if (tierOf(s) === 'golden') golden++;
      else capacity++;
    }
  }
  return {
    cadence,
    resources: resources.length,
    series: { golden, capacity },
    calls,
    lines,
    fixedUsd: fixed.reduce((s, l) => s + l.usd, 0),
    totalUsd,
    devOpsGuru: dg,
    ratio: dg.usd > 0 ? totalUsd / dg.usd : Number.POSITIVE_INFINITY,
  };
}
