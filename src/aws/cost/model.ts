/**
 * The cost model: from a coverage (resources and their series) and the cadence, how many AWS
 * calls one cycle makes and what a month of cycles costs, beside DevOps Guru's list price for
 * the same resources.
 *
 * Two layers, so the counts can be checked against a run:
 * - `estimateCycleCalls(resources, cadence, { at })`: the calls of the one cycle at time `at`,
 *   computed with the same functions the pipeline runs (`dueResources` for the cadence tiers,
 *   the planner's `shardSeries`, the collector's `readWindow` and `planBatches`), so an
 *   end-to-end test can assert them equal to the calls it counts on mocked clients.
 * - `estimateMonthlyCalls(resources, cadence)`: a month of cycles, one estimate per kind of
 *   cycle (which of the capacity and quiet-golden tiers are due) weighed by its count; bill.ts
 *   prices it line by line.
 *
 * Assumptions that are not exact counts (Lambda durations, DynamoDB units per request, SQS
 * idle polling, change events and notifications per month, the share of busy golden series)
 * are the `PipelineShape` parameters, documented in docs/cost.md, and can be overridden.
 */
import { capacityEntries, scopeKey, seriesKey, shardSeries, type Resource, type Series } from '../../core';
import { planBatches, readWindow, LOOKUP_EVENTS_PAGE_SIZE, BATCH_GET_DEPLOYMENTS_MAX } from '../collect';
import { DEFAULT_CADENCE, dueResources, isDue, isDueEvery, quietIntervalMs, tierIntervalMs, type Cadence } from '../coverage/cadence';
import { tierOf } from '../coverage/metric-catalog';
import { HOURS_PER_MONTH } from './prices';

/** What the pipeline looks like, beyond the coverage: sizes, durations and rates. */
export interface PipelineShape {
  /**
   * `single`: the scheduled cycle function runs the whole cycle (runCycle), as lib/pipeline.ts
   * deploys it today. `distributed`: planner → SQS work items → analyzers → SQS → correlator.
   * @default 'single'
   */
  readonly mode: 'single' | 'distributed';
  /** Memory (MB) and warm duration of the single cycle function: base plus per series. */
  readonly single: { readonly mb: number; readonly baseMs: number; readonly msPerSeries: number };
  /** Series per work item (one analyzer invocation, one SQS message). @default 500 */
  readonly maxSeriesPerShard: number;
  /** Serialised bytes per work item. @default 200,000 */
  readonly maxShardBytes: number;
  /**
   * Account-regions whose change events are read each cycle (an organisation: the central
   * account's region if covered, plus each member account in each of its regions). @default 1
   */
  readonly accountRegions: number;
  /** CloudTrail management write events in one cycle's window, per account-region. @default 10 */
  readonly cloudTrailEventsPerCycle: number;
  /** CodeDeploy deployments created in one cycle's window, per account-region. @default 0 */
  readonly deploymentsPerCycle: number;
  /** Only buckets this old are read (the collector's settle delay). @default 60,000 */
  readonly settleMs: number;
  /** History read the first time a series is seen. @default 3 days */
  readonly warmStartMs: number;
  /** Lambda memory (MB) and warm duration (ms) of each step. */
  readonly lambda: {
    readonly plannerMb: number;
    readonly plannerMs: number;
    readonly analyzerMb: number;
    readonly analyzerBaseMs: number;
    readonly analyzerMsPerSeries: number;
    readonly correlatorMb: number;
    readonly correlatorMs: number;
  };
  /** DynamoDB units: detector state item size, and fixed bookkeeping per cycle. */
  readonly dynamo: {
    /**
     * Size of one series' state item; a write costs ceil(KB) units. @default 1 (states are
     * stored deflated, under 1 KB; a latency series' state, with a week of hourly levels, takes up
     * to 2 KB, which this figure does not count: test/aws/store/state-size.test.ts)
     */
    readonly stateItemKb: number;
    /** Planner, analyzer and correlator bookkeeping writes per cycle (cycle record, marker, shard done, correlated). */
    readonly fixedWritesPerCycle: number;
    readonly fixedWritesPerShard: number;
    readonly fixedReadsPerCycle: number;
    readonly fixedReadsPerShard: number;
  };
  /** SQS: queues consumed by a Lambda event source mapping, and their idle long polls. */
  readonly sqs: {
    /** Requests per message: send, receive, delete. @default 3 */
    readonly requestsPerMessage: number;
    readonly queuesWithPollers: number;
    /**
     * ReceiveMessage calls an idle event source mapping makes per queue-month. The default,
     * 657,000, is 5 pollers each long-polling for 20 s without pause (AWS does not document
     * the idle poller count; this is the commonly observed figure).
     */
    readonly idleReceivesPerQueueMonth: number;
  };
  /** Insight transitions per month (SNS publishes and EventBridge events). @default 60 */
  readonly notificationsPerMonth: number;
  /**
   * Capacity forecasts (proactive insights): the planner (distributed) or the cycle function
   * (single) reads each capacity-bound series, and the series holding its limit, at most once
   * an hour. In single mode detection reuses those reads (SharedReads). @default true
   */
  readonly forecasts: boolean;
  /** History a forecast reads at first sight of a series. @default 4 days */
  readonly forecastHistoryMs: number;
  /**
   * Adaptive cadence: the share of golden count series (errors, throttles, failures, 5XX)
   * that had a nonzero point in the last hour, and so are busy; the others are quiet and read
   * every `cadence.quietGoldenMinutes`. Golden latency series of active resources always
   * report nonzero values, so they count as busy. @default 0.1
   */
  readonly busyCountShare: number;
  /**
   * Log evidence (docs/logs.md): reactive insights a month, and per insight the FilterLogEvents
   * calls, log lines read and miner state written (each refresh rewrites it). Mining runs at
   * `linesPerSecond` in the cycle function.
   */
  readonly logs: {
    readonly insightsPerMonth: number;
    readonly callsPerInsight: number;
    readonly linesPerInsight: number;
    readonly stateWriteUnitsPerInsight: number;
    readonly linesPerSecond: number;
  };
}

export const DEFAULT_PIPELINE_SHAPE: PipelineShape = {
  mode: 'single',
  single: { mb: 256, baseMs: 600, msPerSeries: 2 },
  maxSeriesPerShard: 500,
  maxShardBytes: 200_000,
  accountRegions: 1,
  cloudTrailEventsPerCycle: 10,
  deploymentsPerCycle: 0,
  settleMs: 60_000,
  warmStartMs: 3 * 86_400_000,
  lambda: {
    plannerMb: 512,
    plannerMs: 400,
    analyzerMb: 1024,
    analyzerBaseMs: 300,
    analyzerMsPerSeries: 2,
    correlatorMb: 512,
    correlatorMs: 300,
  },
  dynamo: { stateItemKb: 1, fixedWritesPerCycle: 4, fixedWritesPerShard: 1, fixedReadsPerCycle: 5, fixedReadsPerShard: 1 },
  sqs: { requestsPerMessage: 3, queuesWithPollers: 2, idleReceivesPerQueueMonth: 657_000 },
  notificationsPerMonth: 60,
  forecasts: true,
  forecastHistoryMs: 4 * 86_400_000,
  busyCountShare: 0.1,
  // 20 insights; 3 groups × (3 h baseline + 3 h window) in 30-minute slices, one page each; the
  // 50,000-line budget; 12 refreshes × 3 groups × ~10 KB of state; the miner's benchmark floor.
  logs: { insightsPerMonth: 20, callsPerInsight: 36, linesPerInsight: 50_000, stateWriteUnitsPerInsight: 360, linesPerSecond: 50_000 },
};

export type PipelineShapeOverrides = Partial<Omit<PipelineShape, 'lambda' | 'dynamo' | 'sqs' | 'single' | 'logs'>> & {
  readonly logs?: Partial<PipelineShape['logs']>;
  readonly single?: Partial<PipelineShape['single']>;
  readonly lambda?: Partial<PipelineShape['lambda']>;
  readonly dynamo?: Partial<PipelineShape['dynamo']>;
  readonly sqs?: Partial<PipelineShape['sqs']>;
};

export function resolveShape(o: PipelineShapeOverrides = {}): PipelineShape {
  const d = DEFAULT_PIPELINE_SHAPE;
  const shape = { ...d, ...o, single: { ...d.single, ...o.single }, lambda: { ...d.lambda, ...o.lambda }, dynamo: { ...d.dynamo, ...o.dynamo }, sqs: { ...d.sqs, ...o.sqs }, logs: { ...d.logs, ...o.logs } };
  // One function, no queues; it runs the same steps, so the same bookkeeping per cycle and shard.
  if (shape.mode === 'single' && !o.sqs?.queuesWithPollers) shape.sqs = { ...shape.sqs, queuesWithPollers: 0 };
  return shape;
}

/** The AWS calls of one cycle. */
export interface CycleCalls {
  /** Cycle time. */
  readonly at: number;
  /** Series fetched in this cycle, all tiers, and by tier. */
  readonly series: number;
  readonly goldenSeries: number;
  readonly capacitySeries: number;
  /** Quiet golden series in the work items but not read in this cycle (the adaptive cadence). */
  readonly deferred: number;
  /** Work items = analyzer invocations (0 in `single` mode, where one function does it all). */
  readonly shards: number;
  /** Every GetMetricData call of the cycle: detection plus forecasts (less what single mode shares). */
  readonly getMetricData: { readonly calls: number; readonly metricsRequested: number };
  /** The detection reads (the analyzers in distributed mode). */
  readonly detectionReads: { readonly calls: number; readonly metricsRequested: number };
  /** The forecast reads (the planner in distributed mode, the cycle function in single mode). */
  readonly forecastReads: { readonly calls: number; readonly metricsRequested: number };
  readonly lookupEvents: { readonly calls: number };
  readonly codeDeploy: { readonly listDeployments: number; readonly batchGetDeployments: number };
  /** Invocations per step; in `single` mode `planner` counts the one cycle function. */
  readonly lambda: { readonly planner: number; readonly analyzer: number; readonly correlator: number; readonly gbSeconds: number };
  /** SQS messages: one work item per shard and one correlate request. */
  readonly sqsMessages: number;
  readonly dynamo: { readonly writeUnits: number; readonly readUnits: number };
  readonly schedulerInvocations: number;
}

export interface CycleEstimateOptions {
  /** Cycle time; `0` (the default) is a cycle where every tier is due. */
  readonly at?: number;
  /** The first cycle: every series reads its warm-start history. @default false */
  readonly firstCycle?: boolean;
  readonly shape?: PipelineShapeOverrides;
  /** Keys of the quiet golden series (default: `quietSeries` under the shape's `busyCountShare`). */
  readonly quiet?: ReadonlySet<string>;
}

/** One series' read window, and the account-region it is read in. */
type PlannedRead = { start: number; end: number; period: number; scope: string };

const readScope = (s: Pick<Series, 'accountId' | 'region'>) => (s.accountId ? scopeKey(s.accountId, s.region) : '');

/** GetMetricData batches: a call reads one account-region (its own credentials), so batches never mix them. */
function batchesPerScope(planned: readonly PlannedRead[]): PlannedRead[][] {
  const byScope = new Map<string, PlannedRead[]>();
  for (const p of planned) {
    const group = byScope.get(p.scope);
    if (group) group.push(p);
    else byScope.set(p.scope, [p]);
  }
  return [...byScope.values()].flatMap((group) => planBatches(group));
}

/**
 * The golden series assumed quiet: golden count series, all but a `busyCountShare` spread
 * evenly over them in each account-region (deterministic, so every cycle of an estimate
 * agrees). Empty when the adaptive cadence is off.
 */
export function quietSeries(resources: readonly Resource[], cadence: Cadence, busyCountShare: number): Set<string> {
  const out = new Set<string>();
  if (quietIntervalMs(cadence) <= cadence.goldenSignalsMinutes * 60_000) return out;
  // Spread per account-region, so an account's share does not depend on the others covered.
  const seen = new Map<string, number>();
  for (const r of resources) {
    for (const s of r.series) {
      if (tierOf(s) !== 'golden' || s.kind !== 'count') continue;
      const scope = readScope(s);
      const i = seen.get(scope) ?? 0;
      const busy = Math.floor((i + 1) * busyCountShare) > Math.floor(i * busyCountShare);
      if (!busy) out.add(seriesKey(s));
      seen.set(scope, i + 1);
    }
  }
  return out;
}

/** The calls of the cycle at `options.at`. O(n log n) in the number of series. */
export function estimateCycleCalls(resources: readonly Resource[], cadence: Cadence = DEFAULT_CADENCE, options: CycleEstimateOptions = {}): CycleCalls {
  const shape = resolveShape(options.shape);
  const at = options.at ?? 0;
  const due = dueResources(resources, at, cadence).filter((r) => r.series.length > 0);
  const items = shardSeries(due, { cycleId: 'estimate', now: at }, { maxSeries: shape.maxSeriesPerShard, maxBytes: shape.maxShardBytes });
  // Forecast reads come first (planning); in single mode detection is served from them.
  const forecastPlanned: PlannedRead[] = [];
  const shared = new Set<string>();
  if (shape.forecasts) {
    for (const e of capacityEntries(due)) {
      for (const s of e.companion ? [e.series, e.companion] : [e.series]) {
        if (shape.mode === 'single') shared.add(seriesKey(s));
        const start = options.firstCycle ? at - shape.forecastHistoryMs : at - tierIntervalMs(tierOf(s), cadence) - shape.settleMs;
        const w = readWindow({ series: s, start }, at, shape.settleMs);
        if (w) forecastPlanned.push({ ...w, period: s.periodSeconds, scope: readScope(s) });
      }
    }
  }
  const quiet = options.quiet ?? quietSeries(resources, cadence, shape.busyCountShare);
  const quietMs = quietIntervalMs(cadence);
  const quietDue = isDueEvery(quietMs, at, cadence);
  const forecastBatches = batchesPerScope(forecastPlanned);
  const forecastReads = { calls: forecastBatches.length, metricsRequested: forecastBatches.reduce((m, b) => m + b.length, 0) };
  let calls = 0;
  let metricsRequested = 0;
  let golden = 0;
  let capacity = 0;
  let analyzerMs = 0;
  let deferred = 0;
  for (const item of items) {
    const planned: PlannedRead[] = [];
    let n = 0;
    for (const r of item.resources) {
      for (const s of r.series) {
        n++;
        const tier = tierOf(s);
        if (tier === 'golden') golden++;
        else capacity++;
        // Steady state: the series consumed everything up to the previous fetch of its tier.
        const key = seriesKey(s);
        if (shared.has(key)) continue;
        const isQuiet = !options.firstCycle && tier === 'golden' && quiet.has(key);
        if (isQuiet && !quietDue) {
          deferred++;
          continue;
        }
        const start = options.firstCycle ? at - shape.warmStartMs : at - (isQuiet ? quietMs : tierIntervalMs(tier, cadence)) - shape.settleMs;
        const w = readWindow({ series: s, start }, at, shape.settleMs);
        if (w) planned.push({ ...w, period: s.periodSeconds, scope: readScope(s) });
      }
    }
    const batches = batchesPerScope(planned);
    calls += batches.length;
    metricsRequested += batches.reduce((m, b) => m + b.length, 0);
    analyzerMs += shape.lambda.analyzerBaseMs + shape.lambda.analyzerMsPerSeries * n;
  }
  const series = golden + capacity;
  const written = series - deferred;
  const distributed = shape.mode === 'distributed';
  const shards = distributed ? items.length : 0;
  const gbSeconds = distributed
    ? (shape.lambda.plannerMb / 1024) * (shape.lambda.plannerMs / 1000) +
      (shape.lambda.analyzerMb / 1024) * (analyzerMs / 1000) +
      (shape.lambda.correlatorMb / 1024) * (shape.lambda.correlatorMs / 1000)
    : (shape.single.mb / 1024) * ((shape.single.baseMs + shape.single.msPerSeries * series) / 1000);
  return {
    at,
    series,
    goldenSeries: golden,
    capacitySeries: capacity,
    deferred,
    shards,
    getMetricData: { calls: calls + forecastReads.calls, metricsRequested: metricsRequested + forecastReads.metricsRequested },
    detectionReads: { calls, metricsRequested },
    forecastReads,
    lookupEvents: { calls: shape.accountRegions * Math.max(1, Math.ceil(shape.cloudTrailEventsPerCycle / LOOKUP_EVENTS_PAGE_SIZE)) },
    codeDeploy: { listDeployments: shape.accountRegions, batchGetDeployments: shape.accountRegions * Math.ceil(shape.deploymentsPerCycle / BATCH_GET_DEPLOYMENTS_MAX) },
    lambda: distributed ? { planner: 1, analyzer: shards, correlator: 1, gbSeconds } : { planner: 1, analyzer: 0, correlator: 0, gbSeconds },
    sqsMessages: distributed ? shards + 1 : 0,
    dynamo: {
      writeUnits: shape.dynamo.fixedWritesPerCycle + items.length * shape.dynamo.fixedWritesPerShard + written * Math.ceil(shape.dynamo.stateItemKb),
      readUnits: shape.dynamo.fixedReadsPerCycle + items.length * shape.dynamo.fixedReadsPerShard + series * Math.ceil(shape.dynamo.stateItemKb / 4),
    },
    schedulerInvocations: 1,
  };
}

/** A month of calls: the sum over the month's cycles. */
export interface MonthlyCalls {
  readonly cycles: number;
  readonly getMetricDataCalls: number;
  readonly metricsRequested: number;
  readonly lookupEventsCalls: number;
  readonly codeDeployCalls: number;
  readonly lambdaInvocations: number;
  readonly lambdaGbSeconds: number;
  readonly sqsRequests: number;
  readonly dynamoWriteUnits: number;
  readonly dynamoReadUnits: number;
  readonly schedulerInvocations: number;
  readonly notifications: number;
  /** Log evidence: FilterLogEvents calls, GB-seconds of mining, state write units. */
  readonly logReadCalls: number;
  readonly logGbSeconds: number;
  readonly logStateWriteUnits: number;
}

/** Sums a month (730 hours) of cycles at `cadence`. */
export function estimateMonthlyCalls(resources: readonly Resource[], cadence: Cadence = DEFAULT_CADENCE, shapeOverrides: PipelineShapeOverrides = {}): MonthlyCalls {
  const shape = resolveShape(shapeOverrides);
  // Cycles differ only in which tiers are due (capacity, quiet golden): estimate one cycle of
  // each kind and weigh it by how many cycles of that kind a month holds.
  const step = cadence.goldenSignalsMinutes * 60_000;
  const cycles = (HOURS_PER_MONTH * 60) / cadence.goldenSignalsMinutes;
  const kinds = new Map<string, { at: number; count: number }>();
  for (let k = 0; k < cycles; k++) {
    const at = k * step;
    const kind = `${isDue('capacity', at, cadence)}|${isDueEvery(quietIntervalMs(cadence), at, cadence)}`;
    const seen = kinds.get(kind);
    if (seen) seen.count++;
    else kinds.set(kind, { at, count: 1 });
  }
  const quiet = quietSeries(resources, cadence, shape.busyCountShare);
  const estimates = [...kinds.values()].map((k) => ({ calls: estimateCycleCalls(resources, cadence, { at: k.at, shape: shapeOverrides, quiet }), count: k.count }));
  const sum = (f: (c: CycleCalls) => number) => estimates.reduce((t, e) => t + f(e.calls) * e.count, 0);
  const sqsMessages = sum((c) => c.sqsMessages);
  return {
    cycles,
    getMetricDataCalls: sum((c) => c.getMetricData.calls),
    metricsRequested: sum((c) => c.getMetricData.metricsRequested),
    lookupEventsCalls: sum((c) => c.lookupEvents.calls),
    codeDeployCalls: sum((c) => c.codeDeploy.listDeployments + c.codeDeploy.batchGetDeployments),
    lambdaInvocations: sum((c) => c.lambda.planner + c.lambda.analyzer + c.lambda.correlator),
    lambdaGbSeconds: sum((c) => c.lambda.gbSeconds),
    sqsRequests: sqsMessages * shape.sqs.requestsPerMessage + shape.sqs.queuesWithPollers * shape.sqs.idleReceivesPerQueueMonth,
    dynamoWriteUnits: sum((c) => c.dynamo.writeUnits),
    dynamoReadUnits: sum((c) => c.dynamo.readUnits),
    schedulerInvocations: cycles,
    notifications: shape.notificationsPerMonth,
    logReadCalls: shape.logs.insightsPerMonth * shape.logs.callsPerInsight,
    logGbSeconds: ((shape.logs.insightsPerMonth * shape.logs.linesPerInsight) / shape.logs.linesPerSecond) * (shape.single.mb / 1024),
    logStateWriteUnits: shape.logs.insightsPerMonth * shape.logs.stateWriteUnitsPerInsight,
  };
}
