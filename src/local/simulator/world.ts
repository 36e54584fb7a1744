/**
 * The world model: computes every series of the shop period by period from a traffic model
 * (daily and weekly cycle, slow random drift), the call topology, capacities and the incident
 * effects. Noise is realistic for each kind of metric: Poisson counts, log-normal latencies,
 * Gaussian percentages bounded to [0, 100]. Deterministic for a given random source.
 */
import type { Random } from '../random';
import type { Effects } from './effects';
import {
  API_FUNCTIONS,
  DAY,
  DB_ALLOCATED_BYTES,
  FUNCTION_PROFILES,
  GIB,
  INSTANCES,
  ORDERS_PROVISIONED_WCU,
  PERIOD_MS,
  PERIOD_SECONDS,
} from './shop';

const HOUR_MS = 3_600_000;

function gauss(hour: number, mu: number, sd: number): number {
  const d = Math.abs(hour - mu);
  const circ = Math.min(d, 24 - d);
  return Math.exp(-0.5 * (circ / sd) ** 2);
}

/** Traffic over the day (UTC), 1 at the evening peak: night trough, morning, lunch and evening bumps. */
export function dailyProfile(t: number): number {
  const h = ((((t % DAY) + DAY) % DAY) / HOUR_MS);
  return (0.08 + 0.3 * gauss(h, 10, 2) + 0.42 * gauss(h, 13, 2.5) + 0.92 * gauss(h, 20.5, 2.2)) / 1.0;
}

/** Day-of-week factor (UTC; weekends busier for a shop), interpolated between noons. */
const WEEKDAY_FACTOR = [1.18, 0.93, 0.95, 0.97, 1.0, 1.05, 1.22];
export function weeklyFactor(t: number, factors: readonly number[] = WEEKDAY_FACTOR): number {
  const days = (t - DAY / 2) / DAY; // days since the epoch's first noon
  const d0 = Math.floor(days);
  const frac = days - d0;
  // The epoch (1970-01-01) was a Thursday: weekday = (d + 4) mod 7.
  const f0 = factors[(((d0 + 4) % 7) + 7) % 7]!;
  const f1 = factors[(((d0 + 5) % 7) + 7) % 7]!;
  return f0 + (f1 - f0) * frac;
}

/**
 * Heavy-tailed noise on top of the base model, from its own random stream (so a scenario
 * without it draws exactly the same numbers as before). Real telemetry has fat tails: the odd
 * period where a latency percentile jumps (a GC pause, a slow dependency call), the odd burst
 * of a handful of errors (a client retry storm, a timeout).
 */
export interface TailNoise {
  readonly rnd: Random;
  /** Chance per period and latency series of a slow outlier. @default 0.01 */
  readonly latencyOutlierRate?: number;
  /** Chance per period and function of a small burst of errors. @default 0.004 */
  readonly errorBurstRate?: number;
}

export interface WorldOptions {
  readonly start: number;
  /** Number of periods. */
  readonly n: number;
  readonly rnd: Random;
  readonly effects: Effects;
  /** API requests per 5 minutes at the evening peak of an average day. @default 20000 */
  readonly peakRequests?: number;
  /** Day-of-week traffic factors, Sunday first. @default busier weekends (a shop) */
  readonly weekly?: readonly number[];
  /** Heavy-tailed outliers on latencies and error counts. @default none */
  readonly tails?: TailNoise;
}

/** Values of every shop series (by its local key), one per period; null = no datapoint. */
export type WorldValues = Map<string, Array<number | null>>;

interface Chunk {
  t: number;
  count: number;
}

/** Runs the model. O(periods × series). */
export function simulateWorld(options: WorldOptions): WorldValues {
  const { start, n, rnd, effects: fx } = options;
  const peak = options.peakRequests ?? 20_000;
  const out: WorldValues = new Map();
  const put = (key: string, i: number, v: number | null) => {
    let a = out.get(key);
    if (!a) {
      a = new Array<number | null>(n).fill(null);
      out.set(key, a);
    }
    a[i] = v;
  };
  const logn = (sigma: number) => Math.exp(sigma * rnd.normal());
  const clampPct = (v: number) => Math.min(100, Math.max(0, v));
  const pois = (mean: number) => rnd.poisson(Math.max(0, mean));
  const tails = options.tails;
  /** A multiplicative outlier: usually 1, now and then a Pareto-distributed jump (α = 1.6). */
  const slowOutlier = (): number => {
    if (!tails || tails.rnd.next() >= (tails.latencyOutlierRate ?? 0.01)) return 1;
    return 1 + 0.35 * (Math.pow(1 - tails.rnd.next(), -1 / 1.6) - 1 + 0.5);
  };
  const errorBurst = (invocations: number): number => {
    if (!tails || invocations === 0 || tails.rnd.next() >= (tails.errorBurstRate ?? 0.004)) return 0;
    return Math.min(invocations, 2 + Math.floor(8 * tails.rnd.next()));
  };

  let drift = 0;
  let ordersThrottlePrev = 0;
  let workerProcessedPrev = 0;
  let backlog = 0;
  const chunks: Chunk[] = [];
  let dlq = 0;
  const logAcc = INSTANCES.map(() => 0.6 * rnd.next());
  const memBase = [44 + 4 * rnd.next(), 46 + 4 * rnd.next()];
  const diskBase = [36 + 6 * rnd.next(), 48 + 6 * rnd.next()];
  const dbUsed0 = (112 + 10 * rnd.next()) * GIB;
  const dbGrowthPerDay = (0.25 + 0.2 * rnd.next()) * GIB;

  for (let i = 0; i < n; i++) {
    const t = start + i * PERIOD_MS;
    drift = 0.985 * drift + 0.012 * rnd.normal();
    const load = dailyProfile(t) * weeklyFactor(t, options.weekly) * Math.exp(drift) * fx.m('traffic', 'all', i);
    const L = peak * load;
    const bots = fx.a('botRequests', 'shop-api', i);

    // --- RDS first: its latency slows the worker and (slightly) the catalog.
    const dbCpu = clampPct(9 + 34 * load + fx.a('dbCpu', 'shop-db', i) + 1.5 * rnd.normal());
    const dbSlow = fx.m('dbLatency', 'shop-db', i) * (dbCpu > 85 ? 1 + (dbCpu - 85) / 4 : 1);

    // --- orders table write capacity: demand from checkout (2 WCU each), the worker (1 each) and any backfill.
    const provisioned = fx.s('provisionedWcu', 'orders', i, ORDERS_PROVISIONED_WCU);

    // --- API-fronted functions.
    const inv: Record<string, number> = {};
    const err: Record<string, number> = {};
    const p90: Record<string, number> = {};
    let apiErrors = 0;
    let apiRequests = 0;
    let apiLatencyWeighted = 0;
    for (const fn of API_FUNCTIONS) {
      const prof = FUNCTION_PROFILES[fn];
      const demand = pois(L * prof.share * fx.m('route', fn, i) + (fn === 'catalog' ? 0.7 * bots : 0));
      let dep = 1;
      if (fn === 'checkout') dep *= 1 + 3 * ordersThrottlePrev;
      if (fn === 'catalog') dep *= 1 + 0.004 * (dbSlow - 1);
      const median = prof.p90Ms * fx.m('latency', fn, i) * dep;
      const meanConc = (demand / PERIOD_SECONDS) * (median / 1000 / 1.7);
      const demandMax = meanConc + 3 * Math.sqrt(meanConc) + 0.3;
      const limit = fx.s('concurrencyLimit', fn, i, prof.concurrencyLimit);
      let throttled = 0;
      let conc: number;
      if (demandMax > limit) {
        throttled = Math.min(demand, pois(demand * Math.min(0.95, ((demandMax - limit) / demandMax) * 0.8)));
        conc = limit - (rnd.next() < 0.25 ? 1 : 0);
      } else {
        conc = demand === 0 ? 0 : Math.min(limit, Math.max(1, Math.round(demandMax + 0.7 * rnd.normal())));
      }
      const invocations = demand - throttled;
      let rate = prof.errorRate + fx.a('errors', fn, i);
      if (fn === 'checkout') rate += 0.35 * ordersThrottlePrev + fx.a('sendFailures', fn, i);
      const errors = Math.min(invocations, pois(invocations * Math.min(1, rate)) + errorBurst(invocations));
      const duration = median * logn(0.05 + 0.4 / Math.sqrt(invocations + 1)) * slowOutlier();
      inv[fn] = invocations;
      err[fn] = errors;
      p90[fn] = duration;
      apiErrors += errors + throttled;
      apiRequests += demand;
      apiLatencyWeighted += invocations * duration;
      if (invocations > 0) {
        put(`${fn}.invocations`, i, invocations);
        put(`${fn}.errors`, i, errors);
        put(`${fn}.throttles`, i, throttled);
        put(`${fn}.duration`, i, duration);
        put(`${fn}.concurrent`, i, conc);
      }
    }

    // --- API Gateway.
    const other = pois(L * 0.05);
    const apiCount = apiRequests + other + Math.round(0.3 * bots);
    const routed = (inv.catalog ?? 0) + (inv.cart ?? 0) + (inv.checkout ?? 0);
    const latency = (routed > 0 ? ((apiLatencyWeighted / routed) * 1.15 + 14) * logn(0.03) : 14 * logn(0.1)) * slowOutlier();
    put('api.count', i, apiCount);
    put('api.5xx', i, apiErrors + pois(apiCount * 0.0001));
    put('api.4xx', i, pois(apiCount * 0.012 + 0.03 * bots));
    put('api.latency', i, latency);

    // --- orders-queue and order-worker.
    const checkoutOk = (inv.checkout ?? 0) - (err.checkout ?? 0);
    const sent = checkoutOk + Math.round(fx.a('batchMessages', 'orders-queue', i));
    if (sent > 0) chunks.push({ t: t + rnd.next() * PERIOD_MS, count: sent });
    backlog += sent;
    const wprof = FUNCTION_PROFILES['order-worker'];
    const perMessageS = (0.01 + 0.025 * dbSlow) * fx.m('latency', 'order-worker', i);
    const wlimit = fx.s('concurrencyLimit', 'order-worker', i, wprof.concurrencyLimit);
    const capacity = ((wlimit * PERIOD_SECONDS) / perMessageS) * 0.8 * fx.m('workerCapacity', 'order-worker', i);
    const attempted = Math.floor(Math.min(backlog, capacity));
    const wrate = Math.min(1, wprof.errorRate + fx.a('errors', 'order-worker', i) + 0.3 * ordersThrottlePrev);
    const failed = Math.min(attempted, pois(attempted * wrate));
    const processed = attempted - failed;
    const toDlq = Math.min(failed, pois(failed * wrate * wrate * 0.8));
    backlog -= processed + toDlq;
    dlq += toDlq;
    let remove = processed + toDlq;
    while (remove > 0 && chunks.length > 0) {
      const c = chunks[0]!;
      if (c.count <= remove) {
        remove -= c.count;
        chunks.shift();
      } else {
        c.count -= remove;
        remove = 0;
      }
    }
    const batch = Math.min(10, Math.max(1, 1 + attempted / 400));
    const winv = attempted > 0 ? Math.max(1, pois(attempted / batch)) : 0;
    const werr = Math.min(winv, pois(failed / batch));
    const wdur = (80 + perMessageS * 1000 * batch) * logn(0.05 + 0.4 / Math.sqrt(winv + 1));
    const wMeanConc = (winv / PERIOD_SECONDS) * (wdur / 1000 / 1.7);
    const wconc = backlog > capacity * 0.25 && winv > 0 ? wlimit : Math.min(wlimit, Math.max(1, Math.round(wMeanConc + 3 * Math.sqrt(wMeanConc) + 0.3 + 0.7 * rnd.normal())));
    if (winv > 0) {
      put('order-worker.invocations', i, winv);
      put('order-worker.errors', i, werr);
      put('order-worker.throttles', i, 0);
      put('order-worker.duration', i, wdur);
      put('order-worker.concurrent', i, wconc);
    }
    const inFlight = pois((sent / PERIOD_SECONDS) * 1.5);
    put('queue.sent', i, sent);
    put('queue.deleted', i, processed);
    put('queue.visible', i, Math.max(0, Math.round(backlog)) + inFlight);
    const oldest = chunks[0];
    const idleAge = 1 + 3 * logn(0.5) / Math.sqrt(load + 0.1);
    put('queue.age', i, oldest && backlog > 0 ? Math.max(idleAge, (t + PERIOD_MS - oldest.t) / 1000) : idleAge);
    put('dlq.visible', i, dlq);

    // --- DynamoDB.
    const ordersDemand = ((inv.checkout ?? 0) * 2 + workerProcessedPrev + fx.a('extraWrites', 'orders', i) * PERIOD_SECONDS) * (1 + 0.02 * rnd.normal());
    const ordersCap = provisioned * PERIOD_SECONDS;
    let ordersConsumed = ordersDemand;
    let writeThrottles = 0;
    let throttleFraction = 0;
    if (ordersDemand > ordersCap) {
      ordersConsumed = ordersCap * (0.96 + 0.03 * rnd.next());
      throttleFraction = (ordersDemand - ordersCap) / ordersDemand;
      writeThrottles = pois((ordersDemand - ordersCap) / 1.5);
    }
    put('orders.wcu', i, Math.max(0, ordersConsumed));
    put('orders.rcu', i, Math.max(0, (processed * 0.5 + (inv.checkout ?? 0) * 0.5) * (1 + 0.02 * rnd.normal())));
    put('orders.writeThrottles', i, writeThrottles);
    put('orders.readThrottles', i, 0);
    put('orders.provisionedWcu', i, provisioned);
    const catalogOk = (inv.catalog ?? 0) - (err.catalog ?? 0);
    const cartOk = (inv.cart ?? 0) - (err.cart ?? 0);
    put('products.rcu', i, Math.max(0, catalogOk * 1.5 * (1 + 0.02 * rnd.normal())));
    put('products.wcu', i, pois(20 * load + 2));
    put('products.readThrottles', i, 0);
    put('products.writeThrottles', i, 0);
    put('carts.rcu', i, Math.max(0, cartOk * 0.5 * (1 + 0.02 * rnd.normal())));
    put('carts.wcu', i, Math.max(0, cartOk * 0.7 * (1 + 0.02 * rnd.normal())));
    put('carts.readThrottles', i, 0);
    put('carts.writeThrottles', i, 0);

    // --- RDS.
    const days = (t - start) / DAY;
    const used = dbUsed0 + dbGrowthPerDay * days + fx.a('dbUsedBytes', 'shop-db', i) + 15e6 * rnd.normal();
    put('db.cpu', i, dbCpu);
    put('db.free', i, Math.max(0, Math.round(DB_ALLOCATED_BYTES - used)));
    const workerDown = Math.min(1, wprof.errorRate + fx.a('errors', 'order-worker', i));
    put('db.connections', i, Math.max(0, 10 + 24 * load + wconc * (1 - workerDown) * 2 + 1.5 * rnd.normal()));
    put('db.readLatency', i, 0.0011 * dbSlow * (1 + 0.4 * load) * logn(0.12) * slowOutlier());
    put('db.writeLatency', i, 0.0024 * dbSlow * (1 + 0.3 * load) * logn(0.12) * slowOutlier());

    // --- EC2 search instances with the CloudWatch agent.
    const midnight = (t % DAY) === 0;
    INSTANCES.forEach((inst, k) => {
      const cpu = clampPct(6 + 38 * load * fx.m('cpu', inst, i) + (0.7 * bots * 19) / peak + 1.2 * rnd.normal());
      put(`${inst}.cpu`, i, cpu);
      put(`${inst}.networkIn`, i, Math.round(catalogOk * 0.5 * 3200 * logn(0.05)));
      put(`${inst}.statusCheck`, i, 0);
      put(`${inst}.mem`, i, clampPct(memBase[k]! + 5 * load + fx.a('memory', inst, i) + 0.5 * rnd.normal()));
      if (midnight && fx.a('noRotation', inst, i) === 0) logAcc[k] = 0;
      // A clean-up job deleting old files frees this many points of the disk at once.
      const freed = fx.a('diskCleanup', inst, i);
      if (freed > 0) logAcc[k] = Math.max(0, logAcc[k]! - freed);
      logAcc[k] = logAcc[k]! + (1.1 * (load / 0.45) + fx.a('disk', inst, i)) * (PERIOD_MS / DAY);
      put(`${inst}.disk`, i, clampPct(diskBase[k]! + 0.03 * days + logAcc[k]! + 0.03 * rnd.normal()));
    });

    ordersThrottlePrev = throttleFraction;
    workerProcessedPrev = processed;
  }
  return out;
}
