/**
 * One distributed cycle laid out in simulated time: the planner sends the work items, at most
 * `analyzers` analyzer instances take them off the queue, each reads its states, calls
 * GetMetricData, computes and writes its states, and the last shard wakes the correlator.
 *
 * The work of each step (calls, datapoints, writes, CPU) comes from a real run of the pipeline
 * (run.ts); this file adds the latencies, the pacing the stack configures and the service
 * quotas, which throttle what exceeds them (throttled calls are retried with the SDK's
 * exponential back-off and counted).
 *
 * Quotas are per account and region: with member accounts, each scope has its own GetMetricData
 * and LookupEvents quota, each analyzer paces its calls per scope, and the planner reads every
 * scope's change events at once.
 */
import { seededRandom } from '../../../local/random';
import { SimBucket, SimClock } from './sim';

/** What one shard's analyzer did, measured on the real pipeline. */
export interface ShardWork {
  readonly series: number;
  /** State keys read (BatchGetItem, 100 keys a page). */
  readonly stateReads: number;
  readonly getMetricDataCalls: number;
  readonly datapoints: number;
  /** Conditional state writes, and the write units they cost (1 per KB). */
  readonly stateWrites: number;
  readonly writeUnits: number;
  /** CPU time measured on this machine. */
  readonly cpuMs: number;
  /** With member accounts: the shard's GetMetricData calls per scope (absent: all in the central account, scope 0). */
  readonly scopeCalls?: ReadonlyArray<{ readonly scope: number; readonly calls: number }>;
}

export interface CycleWork {
  readonly shards: readonly ShardWork[];
  readonly plannerCpuMs: number;
  readonly correlatorCpuMs: number;
  /** LookupEvents calls per scope. */
  readonly lookupEventsCalls: number;
  /** Accounts and regions collected (each with its own quotas). @default 1 */
  readonly scopes?: number;
}

/** Injected latencies (ms): typical in-region figures, documented in docs/cost.md. */
export const LATENCY = {
  invoke: 15,
  sqsSendBatch: 20,
  /** From a message on the queue to the analyzer invocation (event source mapping). */
  sqsDelivery: 50,
  getItem: 5,
  putItem: 7,
  updateItem: 8,
  batchGetPage: 12,
  lookupEvents: 400,
  /** GetMetricData: a base plus a share per thousand datapoints returned. */
  getMetricData: 250,
  getMetricDataPerThousandPoints: 2,
} as const;

export interface SimSettings {
  /** Analyzers at once (the event source's maximum concurrency). */
  readonly analyzers: number;
  readonly analyzerMb: number;
  readonly plannerMb: number;
  readonly correlatorMb: number;
  /** Each analyzer's GetMetricData pacing (calls a second). */
  readonly analyzerTps: number;
  /** Each analyzer's state-write pacing (writes a second); absent: unpaced. */
  readonly analyzerStateWrites?: number;
  /** Parallel conditional writes per analyzer. */
  readonly writeConcurrency: number;
  /** What the table absorbs (write units a second) before throttling. */
  readonly tableWriteUnitsPerSecond: number;
  readonly quotas: { readonly getMetricDataTps: number; readonly datapointsPerSecond: number; readonly lookupEventsTps: number; readonly lambdaConcurrency: number };
}

export interface SimResult {
  /** Schedule to correlated (simulated ms). */
  readonly wallMs: number;
  readonly plannerMs: number;
  readonly peakConcurrency: number;
  readonly gbSeconds: number;
  readonly throttles: { readonly getMetricData: number; readonly stateWrites: number; readonly lookupEvents: number };
  readonly stateWrites: number;
  readonly peakWriteUnitsPerSecond: number;
  readonly analyzerMs: number;
}

/** Lambda gives a function CPU in proportion to its memory: 1,769 MB is one vCPU. */
export const cpuScale = (mb: number) => Math.max(1, 1769 / mb);

export async function simulateCycle(work: CycleWork, s: SimSettings): Promise<SimResult> {
  const clock = new SimClock();
  const random = seededRandom(7).next;
  const perScope = <T>(make: () => T) => {
    const made = new Map<number, T>();
    return (scope: number) => made.get(scope) ?? made.set(scope, make()).get(scope)!;
  };
  const gmdQuota = perScope(() => new SimBucket(clock, s.quotas.getMetricDataTps));
  const pointsQuota = perScope(() => new SimBucket(clock, s.quotas.datapointsPerSecond));
  const trailQuota = perScope(() => new SimBucket(clock, s.quotas.lookupEventsTps));
  const table = new SimBucket(clock, s.tableWriteUnitsPerSecond);
  const throttles = { getMetricData: 0, stateWrites: 0, lookupEvents: 0 };
  const writesBySecond = new Map<number, number>();
  let active = 0;
  let peak = 0;
  let gbSeconds = 0;
  let analyzerMs = 0;
  let plannerMs = 0;
  const queue: ShardWork[] = [];
  let sent = 0;
  let done = 0;

  /** Calls a quota'd API: throttled attempts back off (SDK standard: full jitter, 100 ms base). */
  const call = async (quota: () => boolean, counter: keyof typeof throttles, latencyMs: number) => {
    for (let attempt = 0; !quota(); attempt++) {
      throttles[counter]++;
      await clock.sleep(random() * Math.min(20_000, 100 * 2 ** Math.min(attempt + 1, 8)));
    }
    await clock.sleep(latencyMs);
  };
  const invocation = async (mb: number, body: () => Promise<void>) => {
    const t0 = clock.now();
    active++;
    peak = Math.max(peak, active);
    if (active > s.quotas.lambdaConcurrency) throw new Error('Lambda concurrency quota exceeded');
    await clock.sleep(LATENCY.invoke);
    await body();
    active--;
    gbSeconds += ((clock.now() - t0) / 1000) * (mb / 1024);
    return clock.now() - t0;
  };

  const analyzeShard = async (w: ShardWork, gmdPace: (scope: number) => SimBucket, writePace: SimBucket | undefined) => {
    await clock.sleep(LATENCY.getItem); // the cycle record
    await clock.sleep(Math.ceil(w.stateReads / 100) * LATENCY.batchGetPage);
    const pointsPerCall = w.getMetricDataCalls ? w.datapoints / w.getMetricDataCalls : 0;
    // Each scope's calls in turn within a scope, the scopes at once (the fan-out reads them in parallel).
    const scopeCalls = async (scope: number, calls: number) => {
      for (let c = 0; c < calls; c++) {
        await gmdPace(scope).take();
        await call(() => gmdQuota(scope).tryTake() && pointsQuota(scope).tryTake(Math.min(pointsPerCall, s.quotas.datapointsPerSecond)), 'getMetricData', LATENCY.getMetricData + (pointsPerCall / 1000) * LATENCY.getMetricDataPerThousandPoints);
      }
    };
    if (w.scopeCalls) await Promise.all(w.scopeCalls.map((x) => scopeCalls(x.scope, x.calls)));
    else await scopeCalls(0, w.getMetricDataCalls);
    await clock.sleep(w.cpuMs * cpuScale(s.analyzerMb));
    const unitsPerWrite = w.stateWrites ? w.writeUnits / w.stateWrites : 0;
    let next = 0;
    const writer = async () => {
      while (next < w.stateWrites) {
        next++;
        await writePace?.take();
        await call(() => table.tryTake(unitsPerWrite), 'stateWrites', LATENCY.putItem);
        const second = Math.floor(clock.now() / 1000);
        writesBySecond.set(second, (writesBySecond.get(second) ?? 0) + unitsPerWrite);
      }
    };
    await Promise.all(Array.from({ length: s.writeConcurrency }, writer));
    await clock.sleep(LATENCY.updateItem); // the shard's completion
  };

  const analyzerInstance = async (plannerDone: () => boolean) => {
    const gmdPace = perScope(() => new SimBucket(clock, s.analyzerTps, 1));
    const writePace = s.analyzerStateWrites ? new SimBucket(clock, s.analyzerStateWrites) : undefined;
    for (;;) {
      const w = queue.shift();
      if (!w) {
        if (plannerDone() && sent === work.shards.length) return;
        await clock.sleep(20); // the event source's long poll returns as messages arrive
        continue;
      }
      await clock.sleep(LATENCY.sqsDelivery);
      analyzerMs += await invocation(s.analyzerMb, () => analyzeShard(w, gmdPace, writePace));
      done++;
    }
  };

  const correlator = () =>
    invocation(s.correlatorMb, async () => {
      await clock.sleep(LATENCY.getItem + LATENCY.batchGetPage); // the cycle and its pending anomalies
      await clock.sleep(work.correlatorCpuMs * cpuScale(s.correlatorMb));
      await clock.sleep(LATENCY.putItem + LATENCY.updateItem); // the marker, correlated
    });

  const wallMs = await clock.run(async () => {
    let plannerFinished = false;
    const planner = invocation(s.plannerMb, async () => {
      await clock.sleep(LATENCY.getItem); // the marker
      const readEvents = async (scope: number) => {
        for (let i = 0; i < work.lookupEventsCalls; i++) await call(() => trailQuota(scope).tryTake(), 'lookupEvents', LATENCY.lookupEvents);
      };
      await Promise.all(Array.from({ length: work.scopes ?? 1 }, (_, scope) => readEvents(scope)));
      await clock.sleep(work.plannerCpuMs * cpuScale(s.plannerMb));
      await clock.sleep(2 * LATENCY.putItem); // the cycle record, the marker
      for (let i = 0; i < work.shards.length; i += 10) {
        await clock.sleep(LATENCY.sqsSendBatch);
        queue.push(...work.shards.slice(i, i + 10));
        sent = Math.min(work.shards.length, i + 10);
      }
    }).then((ms) => {
      plannerMs = ms;
      plannerFinished = true;
    });
    const instances = Array.from({ length: s.analyzers }, () => analyzerInstance(() => plannerFinished));
    await Promise.all([planner, ...instances]);
    if (done !== work.shards.length) throw new Error(`${work.shards.length - done} shards never analyzed`);
    await clock.sleep(LATENCY.sqsSendBatch + LATENCY.sqsDelivery); // the correlate request
    await correlator();
  });

  return {
    wallMs,
    plannerMs,
    peakConcurrency: peak,
    gbSeconds,
    throttles,
    stateWrites: work.shards.reduce((n, w) => n + w.stateWrites, 0),
    peakWriteUnitsPerSecond: Math.max(0, ...writesBySecond.values()),
    analyzerMs,
  };
}
