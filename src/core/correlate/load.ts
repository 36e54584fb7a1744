/**
 * Counts read against traffic. When a marketing e-mail brings three times the usual requests,
 * a function fails three times as many of them at an unchanged error *rate*, runs three times
 * as many at once, and the servers behind it work harder: nothing is wrong. The detector sees each series alone and rightly flags
 * the error count; this step reads such counts against the load of the moment before they may
 * open an insight or be chosen as a cause.
 *
 * Load-proportional metrics: fault counts summed over the period (Errors, 5XXError, Throttles,
 * WriteThrottleEvents, …) and the saturation that grows with the work served (concurrency, CPU
 * utilisation, database connections, queue depth). Load: the traffic anomalies that rose in the same
 * group (requests, invocations, messages sent, consumed capacity), on the same resource when it
 * has one, else on its callers (a resource no deeper in the call direction). At each evidence
 * point the load factor is observed ÷ expected traffic (at least 1: a drop in traffic excuses
 * nothing), and the count's expected value and band are scaled by it, so a count that rose no
 * faster than its traffic no longer deviates, while one that rose faster (or from zero) still does.
 * Pure.
 */
import type { Anomaly, EvidencePoint, Series } from '../model';
import { metricRole, TIER_DEPTH, tierOf } from './topology';

/**
 * Saturation that grows with the work served: concurrency, CPU, connections, and the messages
 * waiting in a queue (by Little's law the messages in a queue are the arrival rate times the
 * time each waits, so three times the arrivals at the same wait is three times the depth; a
 * consumer that stopped shows in the age of the oldest message, which is not read against load).
 */
const LOAD_SATURATION = /(concurren|cpuutilization|connections|numberofmessagesvisible|queuedepth)/i;
const SUMMED = new Set(['Sum', 'SampleCount']);

/** Messages and records through a queue or stream: the work a batch consumer is handed. */
const MESSAGES = /(messages|records)/i;

/** Whether the anomaly is the duration of a function, which a batch consumer's batch size drives (module comment). */
function isBatchDuration(a: Anomaly): boolean {
  return a.resourceType === 'AWS::Lambda::Function' && metricRole(a.series) === 'LATENCY' && /duration/i.test(a.series.metricName);
}

/** Whether a metric's value grows with the load it serves (see the module comment). */
export function isLoadProportional(a: Pick<Anomaly, 'series'>): boolean {
  const role = metricRole(a.series);
  if (role === 'FAULT') return SUMMED.has(a.series.stat) && a.series.unit !== 'Percent';
  return role === 'SATURATION' && LOAD_SATURATION.test(a.series.metricName);
}

/** Whether a series counts the work a resource is given (requests, invocations, messages, consumed capacity). */
export function isTrafficSeries(series: Pick<Series, 'metricName' | 'stat'>): boolean {
  return metricRole(series) === 'TRAFFIC' && SUMMED.has(series.stat);
}

function isLoad(a: Anomaly): boolean {
  return isTrafficSeries(a.series) && a.direction === 'ABOVE';
}

/** Observed ÷ expected traffic at each evidence time, the largest over `load` (at least 1). */
function loadFactors(load: readonly Anomaly[]): Map<number, number> {
  const out = new Map<number, number>();
  for (const a of load) {
    for (const p of a.evidence) {
      if (!(p.expected > 0)) continue;
      const f = p.v / p.expected;
      if (f > (out.get(p.t) ?? 1)) out.set(p.t, f);
    }
  }
  return out;
}

function scaled(p: EvidencePoint, f: number): EvidencePoint {
  return f === 1 ? p : { ...p, expected: p.expected * f, lower: p.lower * f, upper: p.upper * f };
}

/** Messages per invocation of `a`'s function: queue and stream traffic ÷ its own invocations, at each time (above 1 only). */
function batchFactors(a: Anomaly, load: readonly Anomaly[]): Map<number, number> {
  const messages = loadFactors(load.filter((l) => tierOf(l.resourceType) === 'DATA' && MESSAGES.test(l.series.metricName)));
  const invocations = loadFactors(load.filter((l) => l.resourceId === a.resourceId && /invocations/i.test(l.series.metricName)));
  const out = new Map<number, number>();
  for (const [t, m] of messages) {
    const f = m / (invocations.get(t) ?? 1);
    if (f > 1) out.set(t, f);
  }
  return out;
}

/** The load that bears on `a`: rising traffic on its resource, else on its callers. */
function loadFor(a: Anomaly, load: readonly Anomaly[]): Anomaly[] {
  const own = load.filter((l) => l.resourceId === a.resourceId);
  if (own.length) return own;
  const depth = TIER_DEPTH[tierOf(a.resourceType)];
  return load.filter((l) => TIER_DEPTH[tierOf(l.resourceType)] <= depth);
}

/**
 * The anomalies with every load-proportional count (and every function's duration, against its
 * batch size) read against its load: evidence and peak scaled by the load factor at their time.
 * Others are returned as they are. The load is looked for in `pool` (by default `list`), within
 * the anomaly's own account and region. O(n·m·evidence).
 */
export function readAgainstLoad(list: readonly Anomaly[], pool: readonly Anomaly[] = list): Anomaly[] {
  const load = pool.filter(isLoad);
  return list.map((a) => {
    if (a.direction !== 'ABOVE') return a;
    const batch = isBatchDuration(a);
    if (!batch && !isLoadProportional(a)) return a;
    const own = load.filter((l) => l.accountId === a.accountId && l.region === a.region);
    const factors = own.length === 0 ? new Map<number, number>() : batch ? batchFactors(a, own) : loadFactors(loadFor(a, own));
    // The traffic of its own resource, noted on each point when it was analysed (`EvidencePoint.load`).
    const noted = a.evidence.some((p) => p.load !== undefined);
    if (factors.size === 0 && !noted) return a;
    const at = (t: number) => factors.get(t) ?? 1;
    let peak: EvidencePoint | undefined;
    const evidence = a.evidence.map((p) => {
      const q = scaled(p, Math.max(at(p.t), p.load ?? 1));
      if (!peak || q.v - q.upper > peak.v - peak.upper) peak = q;
      return q;
    });
    const top = peak ?? { v: a.observed, expected: a.expected, lower: a.lower, upper: a.upper };
    return { ...a, evidence, observed: top.v, expected: top.expected, lower: top.lower, upper: top.upper };
  });
}
