/**
 * The real half of `bench scale`: one steady-state cycle of the distributed pipeline
 * (planStep, analyzeStep per shard, correlateStep) over a large synthetic coverage, with the
 * CloudWatch SDK client mocked at the edge (aws-sdk-client-mock answers GetMetricData with one
 * new point per series), the cycle bookkeeping on the real DynamoDB engine (dynalite), and the
 * per-series states in memory but encoded and decoded by the store's own codec (deflated
 * JSON), so their CPU and their size are the deployed ones. Every shard's calls, datapoints,
 * writes and CPU time are recorded for the timeline (timeline.ts).
 */
import { CloudWatchClient, GetMetricDataCommand, type GetMetricDataCommandInput, type MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { mockClient } from 'aws-sdk-client-mock';
import { CloudWatchMetricSource } from '../../../aws/collect';
import { memberCoverage, memberMetricSource, type MemberCalls } from './accounts';
import { syntheticCoverage } from '../../../aws/cost';
import { dueResources, type Cadence } from '../../../aws/coverage';
import { DynamoStateStore, StoreContext, type DynamoStore } from '../../../aws/store';
import { VirtualTimer } from '../../../aws/throttle';
import { CYCLE_STATE_KEY, analyzeStep, correlateStep, planStep, resolveOptions, seriesKey, seriesMeta, type MetricSource, type Resource, type Series } from '../../../core';
import { startEmbeddedStore } from '../../../local/embedded-dynamo';
import type { CycleWork, ShardWork } from './timeline';

const MIN = 60_000;
const STEP = 5 * MIN;

export interface ScaleRunOptions {
  /** Golden-signal series covered (Lambda functions with three golden and two capacity series each). */
  readonly goldenSeries: number;
  /** Run the hourly cycle, where the capacity series are due too. */
  readonly hourly: boolean;
  readonly maxSeriesPerShard: number;
  /**
   * Member accounts, each covering `goldenSeries` (one region each, read with an assumed role
   * through the fan-out); absent: the central account alone, as deployed without an organisation.
   */
  readonly accounts?: number;
}

export interface ScaleRun {
  readonly coverage: Resource[];
  readonly seriesInCycle: number;
  readonly work: CycleWork;
  /** Deflated state sizes (bytes). */
  readonly stateBytes: { readonly median: number; readonly max: number };
}

/** Every golden series is busy: the worst case for the cycle. */
export const BENCH_CADENCE: Cadence = { goldenSignalsMinutes: 5, capacityMinutes: 60, quietGoldenMinutes: 5 };

const cpuMs = (from: NodeJS.CpuUsage) => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1000;
};

/** A seeded level with noise, the same for every series of a metric (so the seeded states fit them). */
function valueAt(hash: number, t: number): number {
  const x = Math.sin(hash * 12.9898 + (t / STEP) * 78.233) * 43758.5453;
  return 100 + 10 * (x - Math.floor(x));
}

/** One series in a thousand jumps to ten times its level in the cycle read: some anomalies to correlate. */
const ANOMALOUS_ONE_IN = 1000;

function hashOf(key: string): number {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(h);
}

/** Answers GetMetricData with a point every 5 minutes in the window; counts calls and points (and calls per member account). */
function mockCloudWatch(counts: { calls: number; points: number }, members?: MemberCalls) {
  const cw = mockClient(CloudWatchClient);
  cw.on(GetMetricDataCommand).callsFake((input: GetMetricDataCommandInput, getClient: () => CloudWatchClient) => {
    if (members) void members.count(getClient());
    counts.calls++;
    const start = input.StartTime!.getTime();
    const end = input.EndTime!.getTime();
    const results: MetricDataResult[] = input.MetricDataQueries!.map((q) => {
      const m = q.MetricStat!.Metric!;
      const h = hashOf(m.MetricName!);
      const jump = hashOf(`${m.MetricName}|${m.Dimensions?.[0]?.Value}`) % ANOMALOUS_ONE_IN === 0 ? 10 : 1;
      const Timestamps: Date[] = [];
      const Values: number[] = [];
      for (let t = Math.ceil(start / STEP) * STEP; t < end; t += STEP) {
        Timestamps.push(new Date(t));
        Values.push(valueAt(h, t) * (t >= end - STEP ? jump : 1));
      }
      counts.points += Values.length;
      return { Id: q.Id, StatusCode: 'Complete', Timestamps, Values };
    });
    return { MetricDataResults: results };
  });
  return cw;
}

/**
 * States in memory behind the real store's codec; everything else (cycle records, pending
 * anomalies, insights) goes to the DynamoDB engine.
 */
function hybridStore(store: DynamoStore, codec: DynamoStateStore, counts: { reads: number; writes: number; units: number; sizes: number[] }): DynamoStore {
  const states = new Map<string, Uint8Array>();
  const put = (k: string, v: unknown) => {
    const z = codec.stateData(k, v);
    // A copy: the codec's bytes are a view into zlib's larger output buffer.
    states.set(k, z.slice());
    return z;
  };
  const overrides = {
    async getStates(keys: readonly string[]) {
      counts.reads += keys.length;
      const out = new Map<string, unknown>();
      for (const k of keys) {
        const z = states.get(k);
        if (z) out.set(k, codec.stateValue({ z }));
      }
      return out;
    },
    async putStates(entries: ReadonlyMap<string, unknown>) {
      for (const [k, v] of entries) put(k, v);
    },
    async putStatesForCycle(entries: ReadonlyMap<string, unknown>) {
      for (const [k, v] of entries) {
        const z = put(k, v);
        counts.writes++;
        counts.units += Math.ceil(z.byteLength / 1024);
        counts.sizes.push(z.byteLength);
      }
      return [];
    },
  };
  return new Proxy(store, {
    get(target, prop, receiver) {
      if (prop in overrides) return overrides[prop as keyof typeof overrides];
      const v = Reflect.get(target, prop, receiver) as unknown;
      return typeof v === 'function' ? (v as (...a: unknown[]) => unknown).bind(target) : v;
    },
  });
}

/** Warm-started states, one per metric (cloned for every series of that metric), consumed up to `lastT`. */
function seedStates(store: DynamoStore, resources: readonly Resource[], lastT: number): Promise<void> {
  const detector = resolveOptions().detector;
  const byMetric = new Map<string, { version: 1; detectorName: string; detector: { version: number }; lastT: number }>();
  const entries = new Map<string, unknown>();
  for (const r of resources) {
    for (const s of r.series) {
      let seed = byMetric.get(s.metricName);
      if (!seed) {
        const h = hashOf(s.metricName);
        const points = Array.from({ length: 864 }, (_, i) => ({ t: lastT - (863 - i) * STEP, v: valueAt(h, lastT - (863 - i) * STEP) }));
        seed = { version: 1, detectorName: detector.name, detector: detector.warmStart(detector.init(seriesMeta(s as Series)), points), lastT };
        byMetric.set(s.metricName, seed);
      }
      entries.set(seriesKey(s), seed);
    }
  }
  return store.putStates(entries);
}

export async function runScaleCycle(options: ScaleRunOptions): Promise<ScaleRun> {
  const single = syntheticCoverage({ lambda: Math.ceil(options.goldenSeries / 3) });
  const coverage = options.accounts ? memberCoverage(single, options.accounts) : single;
  const now = Date.UTC(2026, 0, 5, 12, options.hourly ? 0 : 5);
  const due = dueResources(coverage, now, BENCH_CADENCE).filter((r) => r.series.length);
  const gmd = { calls: 0, points: 0 };
  const members = options.accounts ? await memberMetricSource(now) : undefined;
  const cw = mockCloudWatch(gmd, members?.calls);
  const emb = await startEmbeddedStore();
  try {
    const io = { reads: 0, writes: 0, units: 0, sizes: [] as number[] };
    const store = hybridStore(emb.store, new DynamoStateStore(new StoreContext({ client: emb.client, tableName: emb.tableName })), io);
    // Steady state: every series consumed up to the point before the one this cycle reads.
    await seedStates(store, due, now - 3 * STEP);
    await store.putStates(new Map([[CYCLE_STATE_KEY, { version: 1, lastCycleEnd: now - STEP }]]));
    const opts = { proactive: false as const, maxSeriesPerShard: options.maxSeriesPerShard };
    const ports = { catalog: { list: async () => due }, events: { fetch: async () => [] }, insights: store, state: store, cycles: store };
    const plannerStart = process.cpuUsage();
    const planned = await planStep(ports, now, opts);
    const plannerCpuMs = cpuMs(plannerStart);
    if (planned.status !== 'planned') throw new Error(`the cycle was not planned: ${planned.status}`);
    const source: MetricSource = members?.source ?? new CloudWatchMetricSource(new CloudWatchClient({ region: 'us-east-1' }), { timer: new VirtualTimer(now) });
    const shards: ShardWork[] = [];
    for (const item of planned.items) {
      Object.assign(gmd, { calls: 0, points: 0 });
      Object.assign(io, { reads: 0, writes: 0, units: 0 });
      members?.calls.reset();
      const start = process.cpuUsage();
      const outcome = await analyzeStep({ metrics: source, state: store, cycles: store }, item, opts);
      const cpu = cpuMs(start);
      if (outcome.status !== 'analyzed') throw new Error(`shard ${item.shard} was not analyzed: ${outcome.status}`);
      await members?.calls.settled();
      const scopeCalls = members ? { scopeCalls: members.calls.byScope() } : {};
      shards.push({ series: outcome.result.series, stateReads: io.reads, getMetricDataCalls: gmd.calls, datapoints: gmd.points, stateWrites: io.writes, writeUnits: io.units, cpuMs: cpu, ...scopeCalls });
    }
    const correlatorStart = process.cpuUsage();
    const correlated = await correlateStep({ insights: store, state: store, cycles: store }, { cycleId: planned.cycle.cycleId }, opts);
    const correlatorCpuMs = cpuMs(correlatorStart);
    if (correlated.status !== 'correlated') throw new Error(`the cycle was not correlated: ${correlated.status}`);
    const sizes = io.sizes.sort((a, b) => a - b);
    return {
      coverage,
      seriesInCycle: shards.reduce((n, s) => n + s.series, 0),
      work: { shards, plannerCpuMs, correlatorCpuMs, lookupEventsCalls: 1, scopes: options.accounts ?? 1 },
      stateBytes: { median: sizes[Math.floor(sizes.length / 2)] ?? 0, max: sizes[sizes.length - 1] ?? 0 },
    };
  } finally {
    cw.restore();
    members?.restore();
    await emb.close();
  }
}
