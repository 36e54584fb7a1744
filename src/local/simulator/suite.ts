/**
 * Ready-made scenarios: one incident of a kind (for the benchmark suite), incident-free weeks
 * (for the false-insight rate), the shipped suite, and the 14-day history of the local demo.
 */
import { seededRandom, type Random } from '../random';
import type { ScenarioBundle } from '../scenario/bundle';
import { INCIDENT_KINDS, INCIDENT_VARIANTS, PROACTIVE_KINDS, type IncidentKind, type IncidentSpec } from './incidents';
import { benchmarkEntries, benchmarkScenario } from './benchmark';
import { simulateShop } from './scenario';
import { DAY, HOUR, MINUTE, PERIOD_MS } from './shop';

/** Monday 5 January 2026, 00:00 UTC: the suite's calendar starts here. */
export const SUITE_EPOCH = Date.UTC(2026, 0, 5);
/** History before the first cycle; the detectors warm-start on it. */
export const SUITE_HISTORY_MS = 3 * DAY;
/** Scored window of a reactive scenario (cycles every 5 minutes). */
export const REACTIVE_WINDOW_MS = 12 * HOUR;
/** Scored window of a proactive scenario. */
export const PROACTIVE_WINDOW_MS = 4 * DAY;
/** Scored window of an incident-free scenario. */
export const QUIET_WINDOW_MS = 7 * DAY;

/** Cycle cadence used when replaying: 5 minutes where detection delay is measured, hourly elsewhere. */
export const REACTIVE_STEP_MS = 5 * MINUTE;
export const SLOW_STEP_MS = HOUR;

/** Hours of day (UTC) when each kind's onset may fall, and whether it needs a working day. */
const ONSET_WINDOWS: Record<string, { from: number; to: number; weekday: boolean }> = {
  'bad-deployment': { from: 9, to: 17.5, weekday: true },
  'latency-regression': { from: 9, to: 17, weekday: true },
  'dynamodb-throttling/capacity-lowered': { from: 11, to: 19, weekday: true },
  'dynamodb-throttling/backfill': { from: 0, to: 23, weekday: false },
  'lambda-concurrency/traffic-surge': { from: 10, to: 19, weekday: false },
  'lambda-concurrency/reserved-concurrency': { from: 10, to: 18, weekday: true },
  'queue-backlog/db-contention': { from: 12, to: 20, weekday: false },
  'queue-backlog/mapping-disabled': { from: 9, to: 17, weekday: true },
  'config-change': { from: 9, to: 17.5, weekday: true },
  'harmless-spike': { from: 0, to: 23.5, weekday: false },
  'memory-leak': { from: 9, to: 17, weekday: true },
  'disk-filling': { from: 9, to: 17, weekday: true },
  'rds-storage': { from: 9, to: 17, weekday: true },
};

function weekday(t: number): number {
  return (Math.floor(t / DAY) + 4) % 7; // 0 = Sunday
}

function pickOnset(rnd: Random, kind: IncidentKind, variant: string): number {
  const w = ONSET_WINDOWS[`${kind}/${variant}`] ?? ONSET_WINDOWS[kind] ?? { from: 0, to: 23.5, weekday: false };
  let day = SUITE_EPOCH + SUITE_HISTORY_MS + Math.floor(rnd.next() * 56) * DAY;
  if (w.weekday) while (weekday(day) === 0 || weekday(day) === 6) day += DAY;
  const minutes = Math.floor((w.from * 60 + rnd.next() * (w.to - w.from) * 60) / 5) * 5;
  return day + minutes * MINUTE;
}

export interface IncidentScenarioOptions {
  readonly variant?: string;
  readonly target?: string;
}

/**
 * A scenario with one incident of `kind`: three days of history, then a scored window of
 * 12 hours (reactive and harmless kinds; onset 2–5 hours in) or 4 days (proactive kinds;
 * onset 2 hours in). Routine change events throughout.
 */
export function incidentScenario(kind: IncidentKind, seed: number, options: IncidentScenarioOptions = {}): ScenarioBundle {
  const rnd = seededRandom(seed * 977 + INCIDENT_KINDS.indexOf(kind) * 131 + 17);
  const variants = INCIDENT_VARIANTS[kind];
  const variant = options.variant ?? variants[Math.floor(rnd.next() * variants.length)]!;
  const onset = pickOnset(rnd, kind, variant);
  const proactive = PROACTIVE_KINDS.has(kind);
  const lead = proactive ? 2 * HOUR : Math.floor((2 * HOUR + rnd.next() * 3 * HOUR) / PERIOD_MS) * PERIOD_MS;
  const scoredStart = onset - lead;
  const start = scoredStart - SUITE_HISTORY_MS;
  const end = scoredStart + (proactive ? PROACTIVE_WINDOW_MS : REACTIVE_WINDOW_MS);
  const spec: IncidentSpec = { kind, onset, variant, ...(options.target ? { target: options.target } : {}) };
  return simulateShop({
    name: `${kind}-${variant}-s${seed}`,
    description: `The simulated shop with one ${kind} incident (${variant}), seed ${seed}.`,
    seed: seed * 1009 + INCIDENT_KINDS.indexOf(kind),
    start,
    end,
    incidents: [spec],
    replay: { historyMs: SUITE_HISTORY_MS, stepMs: proactive ? SLOW_STEP_MS : REACTIVE_STEP_MS },
  });
}

/** The shop over three days of history and a week without incidents (routine changes only). */
export function incidentFreeScenario(seed: number): ScenarioBundle {
  const rnd = seededRandom(seed * 7727 + 3);
  const start = SUITE_EPOCH + Math.floor(rnd.next() * 56) * DAY + Math.floor(rnd.next() * 288) * PERIOD_MS;
  return simulateShop({
    name: `incident-free-s${seed}`,
    description: `The simulated shop for ten days without incidents (routine deployments and changes only), seed ${seed}.`,
    seed: seed * 1009 + 500,
    start,
    end: start + SUITE_HISTORY_MS + QUIET_WINDOW_MS,
    replay: { historyMs: SUITE_HISTORY_MS, stepMs: SLOW_STEP_MS },
  });
}

/** Seeds of the shipped suite: three per kind (variants rotate), and four incident-free weeks. */
export const SUITE_SEEDS_PER_KIND = 3;
export const SUITE_QUIET_SEEDS = [1, 2, 3, 4] as const;

/** Name, expected labels and a generator for each scenario of the shipped suite (cheap to list). */
export interface SuiteEntry {
  readonly name: string;
  /** The incident kind (shipped suite) or the family (benchmark). */
  readonly kind: string;
  /** The scenario family, for per-family figures. */
  readonly family: string;
  /** Relative cost of replaying it (cycles), to schedule long ones first. */
  readonly cost: number;
  build(): ScenarioBundle;
}

export function shippedSuiteEntries(): SuiteEntry[] {
  const out: SuiteEntry[] = [];
  for (const kind of INCIDENT_KINDS) {
    const variants = INCIDENT_VARIANTS[kind];
    for (let s = 1; s <= SUITE_SEEDS_PER_KIND; s++) {
      const variant = variants[(s - 1) % variants.length]!;
      const cycles = PROACTIVE_KINDS.has(kind) ? PROACTIVE_WINDOW_MS / SLOW_STEP_MS : REACTIVE_WINDOW_MS / REACTIVE_STEP_MS;
      out.push({ name: `${kind}-${variant}-s${s}`, kind, family: kind, cost: cycles, build: () => incidentScenario(kind, s, { variant }) });
    }
  }
  for (const s of SUITE_QUIET_SEEDS) out.push({ name: `incident-free-s${s}`, kind: 'incident-free', family: 'incident-free', cost: QUIET_WINDOW_MS / SLOW_STEP_MS, build: () => incidentFreeScenario(s) });
  return out;
}

/** The shipped benchmark suite: 30 single-incident scenarios across the ten kinds, and four incident-free weeks. */
export function shippedSuite(): ScenarioBundle[] {
  return shippedSuiteEntries().map((e) => e.build());
}

export interface DemoOptions {
  readonly seed?: number;
  /** First grid point; rounded down to midnight UTC. @default 2 November 2026, 00:00 UTC */
  readonly start?: number;
}

/**
 * The local demo's history: 14 days of the shop with eight incidents of different kinds —
 * a bad deployment, DynamoDB throttling, a broken IAM policy, a harmless crawler spike, a
 * latency regression, a queue backlog, a flash sale that exhausts checkout's concurrency, and
 * a memory leak that is still growing at the end (a proactive insight).
 */
export function demoScenario(options: DemoOptions | number = {}): ScenarioBundle {
  const opts = typeof options === 'number' ? { seed: options } : options;
  const seed = opts.seed ?? 7;
  const start = Math.floor((opts.start ?? Date.UTC(2026, 10, 2)) / DAY) * DAY;
  const at = (day: number, hour: number, minute = 0) => start + day * DAY + hour * HOUR + minute * MINUTE;
  const incidents: IncidentSpec[] = [
    { kind: 'bad-deployment', onset: at(3, 14, 10), variant: 'codedeploy', target: 'checkout' },
    { kind: 'dynamodb-throttling', onset: at(4, 19, 35), variant: 'capacity-lowered' },
    { kind: 'config-change', onset: at(6, 11, 20), variant: 'iam-policy' },
    { kind: 'harmless-spike', onset: at(7, 3, 40), variant: 'crawler' },
    { kind: 'latency-regression', onset: at(8, 15, 5), variant: 'codedeploy', target: 'catalog' },
    { kind: 'memory-leak', onset: at(9, 10, 30), target: 'search-2' },
    { kind: 'queue-backlog', onset: at(10, 18, 15), variant: 'db-contention' },
    { kind: 'lambda-concurrency', onset: at(12, 12, 0), variant: 'traffic-surge' },
  ];
  return simulateShop({
    name: 'demo-shop-14-days',
    description:
      'Fourteen days of a serverless shop (API Gateway, four Lambdas, three DynamoDB tables, SQS, RDS and two EC2 instances in three stacks) with eight incidents: a bad deployment, DynamoDB throttling, a broken IAM policy, a harmless crawler spike, a latency regression, a memory leak, a queue backlog and a flash sale.',
    seed,
    start,
    end: start + 14 * DAY,
    incidents,
    replay: { historyMs: 2 * DAY, stepMs: HOUR },
  });
}

/** The suites `opsight bench scenarios --suite` knows; the first is the default. */
export const SUITES = ['benchmark', 'shipped'] as const;
export type SuiteName = (typeof SUITES)[number];

/** The entries of a named suite. */
export function suiteEntries(name: SuiteName): SuiteEntry[] {
  switch (name) {
    case 'benchmark':
      return benchmarkEntries().map((e) => ({ name: e.name, kind: e.family, family: e.family, cost: e.cost, build: () => benchmarkScenario(e.family, e.seed) }));
    case 'shipped':
      return shippedSuiteEntries();
  }
}
