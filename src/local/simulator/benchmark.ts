/**
 * The benchmark suite: scenario families of the simulated shop with the untidiness of real
 * operations data — heavy-tailed noise, daily and weekly seasonality, routine nightly batch jobs,
 * change noise (harmless deployments, configuration and IAM changes, CodeDeploy rollouts with the
 * `UpdateAlias` records they write, pipelines' `PublishVersion`), marketing surges, data gaps,
 * sparse series, concurrent incidents, decoy rollouts, slow degradations, sawtooth disks and
 * recoveries. Every scenario carries its family, so results can be grouped and a family left out.
 * Deterministic: a family and a seed always give the same bundle.
 */
import type { OpsEvent } from '../../core';
import { seededRandom, type Random } from '../random';
import type { Label, ScenarioBundle } from '../scenario/bundle';
import { lambda, EventFactory } from './events';
import type { IncidentKind, IncidentSpec } from './incidents';
import { simulateShop, type DataGap, type Planner } from './scenario';
import { DAY, FUNCTION_PROFILES, HOUR, INSTANCE_IDS, INSTANCES, MINUTE, PERIOD_MS, STACK_API, STACK_DATA, type ApiFunctionName, type InstanceName } from './shop';

/** Tuesday 3 February 2026, 00:00 UTC: the benchmark's calendar starts here (after the shipped suite's). */
export const BENCHMARK_EPOCH = Date.UTC(2026, 1, 3);
/** Seeds per family. */
export const BENCHMARK_SEEDS = [1, 2, 3, 4, 5] as const;

const HISTORY = 3 * DAY;
const REACTIVE_WINDOW = 8 * HOUR;
/** Cadence of the slow families (forecasts, quiet days): false insights do not depend on it, lead time is resolved to it. */
const SLOW_STEP = 2 * HOUR;
const QUIET_WINDOW = 3 * DAY;
const PROACTIVE_WINDOW = 4 * DAY;
const FIVE_MIN = 5 * MINUTE;

/** Office-software week for the weekly-seasonality family: quiet weekends (Sunday first). */
const B2B_WEEK = [0.38, 1.0, 1.03, 1.02, 1.0, 0.9, 0.42];

const uniform = (rnd: Random, lo: number, hi: number) => lo + (hi - lo) * rnd.next();
const choose = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd.next() * items.length)]!;
const grid = (t: number) => Math.floor(t / PERIOD_MS) * PERIOD_MS;
const weekdayOf = (t: number) => (Math.floor(t / DAY) + 4) % 7; // 0 = Sunday

/** A time on one of 8 weeks' days, between the given hours (UTC), on a working day when asked. */
function pickTime(rnd: Random, from: number, to: number, workingDay: boolean): number {
  let day = BENCHMARK_EPOCH + HISTORY + Math.floor(rnd.next() * 56) * DAY;
  if (workingDay) while (weekdayOf(day) === 0 || weekdayOf(day) === 6) day += DAY;
  return grid(day + (from + rnd.next() * (to - from)) * HOUR);
}

// ---------------------------------------------------------------------------------------------
// Routine activity and untidiness shared by every scenario.

/**
 * A nightly batch job (an export or reconciliation): every night at the same time it pushes a
 * few thousand messages through orders-queue and loads shop-db for 30–60 minutes. It runs in the
 * history too, so it is part of the daily pattern.
 */
export function nightlyBatch(hour: number, minutes: number, messagesPerPeriod: number): Planner {
  return (ctx) => {
    const k = Math.round((minutes * MINUTE) / PERIOD_MS);
    for (let day = Math.floor(ctx.start / DAY) * DAY; day < ctx.start + ctx.n * PERIOD_MS; day += DAY) {
      const i0 = Math.round((day + hour * HOUR - ctx.start) / PERIOD_MS);
      ctx.fx.plus('batchMessages', 'orders-queue', i0, i0 + k, () => messagesPerPeriod * uniform(ctx.rnd, 0.85, 1.15));
      ctx.fx.plus('dbCpu', 'shop-db', i0, i0 + k, () => 22);
      ctx.fx.multiply('dbLatency', 'shop-db', i0, i0 + k, () => 1.8);
    }
    return { events: [], labels: [] };
  };
}

/**
 * Change noise beyond the shop's routine: IAM policy changes outside any stack, parameter
 * updates, EC2 fleet rollouts and extra function deployments, all harmless. `intensity` scales
 * the rates (1 = a busy team).
 */
export function changeNoise(intensity: number): Planner {
  return (ctx) => {
    const events: OpsEvent[] = [];
    const end = ctx.start + ctx.n * PERIOD_MS;
    const roles = Object.values(FUNCTION_PROFILES).map((p) => p.role);
    for (let day = Math.floor(ctx.start / DAY) * DAY; day < end; day += DAY) {
      const wd = weekdayOf(day);
      if (wd === 0 || wd === 6) continue;
      const when = () => Math.round((day + uniform(ctx.rnd, 8.5, 18.5) * HOUR) / 1000) * 1000;
      for (let k = ctx.rnd.poisson(0.6 * intensity); k > 0; k--) {
        const name = choose(ctx.rnd, ['PutRolePolicy', 'AttachRolePolicy', 'DetachRolePolicy', 'UpdateAssumeRolePolicy']);
        events.push(ctx.events.cloudTrail(when(), 'iam.amazonaws.com', name, 'SECURITY_CHANGE', [{ type: 'AWS::IAM::Role', name: choose(ctx.rnd, roles) }], undefined));
      }
      for (let k = ctx.rnd.poisson(0.4 * intensity); k > 0; k--) {
        events.push(ctx.events.cloudTrail(when(), 'ssm.amazonaws.com', 'PutParameter', 'CONFIG_CHANGE', [{ type: 'AWS::SSM::Parameter', name: choose(ctx.rnd, ['/shop/feature-flags', '/shop/search/boost', '/shop/checkout/limits']) }], undefined));
      }
      for (let k = ctx.rnd.poisson(0.3 * intensity); k > 0; k--) {
        const inst = choose(ctx.rnd, INSTANCES);
        events.push(ctx.events.codeDeploy(when(), [{ type: 'AWS::EC2::Instance', name: INSTANCE_IDS[inst] }], 'search-service', STACK_DATA));
      }
      for (let k = ctx.rnd.poisson(1.0 * intensity); k > 0; k--) {
        events.push(ctx.events.deployFunction(when(), choose(ctx.rnd, ['catalog', 'cart', 'checkout', 'order-worker'] as const)));
      }
    }
    return { events, labels: [] };
  };
}

/** Gaps real data has: the CloudWatch agent of an instance down for a while, RDS metrics late. */
function randomGaps(rnd: Random, from: number, to: number, count: number): DataGap[] {
  const out: DataGap[] = [];
  for (let k = 0; k < count; k++) {
    const at = grid(from + rnd.next() * (to - from));
    if (rnd.next() < 0.6) {
      const inst = choose(rnd, INSTANCES);
      const len = grid(uniform(rnd, 20, 360) * MINUTE) + PERIOD_MS;
      out.push({ key: `${inst}.mem`, from: at, to: at + len }, { key: `${inst}.disk`, from: at, to: at + len });
    } else {
      const len = grid(uniform(rnd, 10, 30) * MINUTE) + PERIOD_MS;
      for (const key of ['db.cpu', 'db.connections', 'db.readLatency', 'db.writeLatency', 'db.free']) out.push({ key, from: at, to: at + len });
    }
  }
  return out;
}

/**
 * Adds the records real rollouts leave besides the one the shop emits: a CodeDeploy deployment
 * of a Lambda function shifts traffic with `UpdateAlias` (the canary step, then the rest), and a
 * pipeline's `UpdateFunctionCode` is followed by `PublishVersion` and `UpdateAlias`. A label
 * caused by such a deployment lists every record of it in `causeEventIds`.
 */
export function withRolloutRecords(bundle: ScenarioBundle, seed: number): ScenarioBundle {
  const rnd = seededRandom(seed * 92_821 + 5);
  const factory = new EventFactory(rnd);
  const added: OpsEvent[] = [];
  const siblings = new Map<string, string[]>();
  for (const e of bundle.events) {
    const fns = e.resources.filter((r) => r.type === 'AWS::Lambda::Function');
    if (fns.length === 0) continue;
    const records: OpsEvent[] = [];
    if (e.dataSource === 'CODE_DEPLOY') {
      const canary = e.time + Math.round(uniform(rnd, 15, 45)) * 1000;
      const rest = e.time + Math.round(uniform(rnd, 5, 10) * 60) * 1000;
      for (const t of [canary, rest]) records.push(factory.cloudTrail(t, 'lambda.amazonaws.com', 'UpdateAlias', 'DEPLOYMENT', fns, e.stack, 'CodeDeployServiceRole'));
    } else if (e.name === 'UpdateFunctionCode' && e.user === 'ci-pipeline') {
      records.push(factory.cloudTrail(e.time + Math.round(uniform(rnd, 10, 30)) * 1000, 'lambda.amazonaws.com', 'PublishVersion', 'DEPLOYMENT', fns, e.stack, 'ci-pipeline'));
      records.push(factory.cloudTrail(e.time + Math.round(uniform(rnd, 35, 80)) * 1000, 'lambda.amazonaws.com', 'UpdateAlias', 'DEPLOYMENT', fns, e.stack, 'ci-pipeline'));
    }
    const kept = records.filter((r) => r.time < bundle.end);
    added.push(...kept);
    siblings.set(e.id, kept.map((r) => r.id));
  }
  const labels: Label[] = bundle.labels.map((l) => {
    const more = l.causeEventId !== undefined ? (siblings.get(l.causeEventId) ?? []) : [];
    return more.length ? { ...l, causeEventIds: [l.causeEventId!, ...more] } : l;
  });
  return { ...bundle, events: [...bundle.events, ...added].sort((a, b) => a.time - b.time || a.id.localeCompare(b.id)), labels };
}

// ---------------------------------------------------------------------------------------------
// Incidents and routine events outside the shop's catalogue.

/** A CodeDeploy canary rollout (10 % for 10 minutes, then all traffic) of a bad version of an API function. */
function canaryRollout(onset: number): Planner {
  return (ctx) => {
    const fn: ApiFunctionName = choose(ctx.rnd, ['catalog', 'cart', 'checkout'] as const);
    const stack = FUNCTION_PROFILES[fn].stack;
    const deploy = ctx.events.codeDeploy(onset - Math.round(uniform(ctx.rnd, 40, 200)) * 1000, [lambda(fn)], `${stack}-app`, stack);
    const canary = ctx.events.cloudTrail(onset - 20_000, 'lambda.amazonaws.com', 'UpdateAlias', 'DEPLOYMENT', [lambda(fn)], stack, 'CodeDeployServiceRole');
    const full = ctx.events.cloudTrail(onset + 10 * MINUTE - 20_000, 'lambda.amazonaws.com', 'UpdateAlias', 'DEPLOYMENT', [lambda(fn)], stack, 'CodeDeployServiceRole');
    const rate = uniform(ctx.rnd, 0.03, 0.15);
    const k = Math.round(uniform(ctx.rnd, 30, 90) / 5);
    const i0 = (onset - ctx.start) / PERIOD_MS;
    ctx.fx.plus('errors', fn, i0, i0 + 2, () => rate * 0.1);
    ctx.fx.plus('errors', fn, i0 + 2, i0 + k, () => rate);
    const rollbackAt = onset + k * PERIOD_MS - 90_000;
    const rollback = ctx.events.codeDeploy(rollbackAt, [lambda(fn)], `${stack}-app`, stack, { user: 'oncall' });
    return {
      events: [deploy, canary, full, rollback],
      labels: [
        {
          kind: 'bad-deployment',
          start: onset,
          end: onset + k * PERIOD_MS,
          resourceId: fn,
          expect: 'REACTIVE',
          causeEventId: deploy.id,
          causeEventIds: [deploy.id, canary.id, full.id],
          affectedResourceIds: fn === 'checkout' ? ['shop-api', 'orders', 'orders-queue', 'order-worker'] : fn === 'cart' ? ['shop-api', 'carts'] : ['shop-api', 'products'],
          description: `${deploy.name} shifts 10 % of ${fn}'s traffic to a bad version, then all of it: ${(rate * 100).toFixed(1)} % errors for ${k * 5} min until rolled back.`,
        },
      ],
    };
  };
}

/** An IAM policy change made outside CloudFormation (no stack) takes away a permission a function needs. */
function iamWithoutStack(onset: number): Planner {
  return (ctx) => {
    const fn = choose(ctx.rnd, ['checkout', 'order-worker'] as const);
    const role = FUNCTION_PROFILES[fn].role;
    const name = choose(ctx.rnd, ['PutRolePolicy', 'DetachRolePolicy']);
    const change = ctx.events.cloudTrail(onset - Math.round(uniform(ctx.rnd, 40, 240)) * 1000, 'iam.amazonaws.com', name, 'SECURITY_CHANGE', [{ type: 'AWS::IAM::Role', name: role }], undefined, choose(ctx.rnd, ['alice', 'bob']));
    const k = Math.round(uniform(ctx.rnd, 25, 75) / 5);
    const i0 = (onset - ctx.start) / PERIOD_MS;
    if (fn === 'checkout') ctx.fx.plus('sendFailures', 'checkout', i0, i0 + k, () => 0.97);
    else ctx.fx.plus('errors', 'order-worker', i0, i0 + k, () => 0.96);
    const restore = ctx.events.cloudTrail(onset + k * PERIOD_MS - 60_000, 'iam.amazonaws.com', 'PutRolePolicy', 'SECURITY_CHANGE', [{ type: 'AWS::IAM::Role', name: role }], undefined, 'oncall');
    return {
      events: [change, restore],
      labels: [
        {
          kind: 'iam-policy',
          start: onset,
          end: onset + k * PERIOD_MS + (fn === 'order-worker' ? 6 * PERIOD_MS : 0),
          resourceId: fn,
          expect: 'REACTIVE',
          causeEventId: change.id,
          affectedResourceIds: fn === 'checkout' ? ['shop-api', 'orders', 'orders-queue', 'order-worker'] : ['orders-queue', 'orders-dlq', 'orders', 'shop-db'],
          description: `${name} on ${role}, made by hand outside any stack, removes a permission ${fn} needs; it fails for ${k * 5} min.`,
        },
      ],
    };
  };
}

/** A harmless rollout of something else shortly before an incident. */
function decoyRollout(onset: number, target: string): Planner {
  return (ctx) => {
    const at = onset - Math.round(uniform(ctx.rnd, 20, 90)) * 1000;
    if (target.startsWith('search-')) {
      return { events: [ctx.events.codeDeploy(at, [{ type: 'AWS::EC2::Instance', name: INSTANCE_IDS[target as InstanceName] }], 'search-service', STACK_DATA)], labels: [] };
    }
    return { events: [ctx.events.deployFunction(at, target as 'catalog')], labels: [] };
  };
}

/** A function slowly gets slower (a growing cache, an unindexed table): ×3 over 2–3 days, until a fix. */
function latencyCreep(from: number, rampMs: number, fixAfterMs: number): Planner {
  return (ctx) => {
    const fn: ApiFunctionName = choose(ctx.rnd, ['catalog', 'cart'] as const);
    const i0 = (from - ctx.start) / PERIOD_MS;
    const ramp = rampMs / PERIOD_MS;
    const fixAt = grid(from + rampMs + fixAfterMs);
    const i1 = (fixAt - ctx.start) / PERIOD_MS;
    ctx.fx.multiply('latency', fn, i0, i1, (i) => 1 + 2 * Math.min(1, (i - i0) / ramp));
    const fix = ctx.events.deployFunction(fixAt - 90_000, fn);
    // The label starts when the slowdown reaches 1.5× (before that it hides in the noise).
    const noticeable = grid(from + 0.25 * rampMs);
    return {
      events: [fix],
      labels: [
        {
          kind: 'latency-creep',
          start: noticeable,
          end: fixAt,
          resourceId: fn,
          expect: 'REACTIVE',
          affectedResourceIds: ['shop-api'],
          description: `${fn}'s p90 duration creeps up to 3× over ${(rampMs / DAY).toFixed(1)} days (1.5× from the label's start) until a fix is deployed.`,
        },
      ],
    };
  };
}

/** A bad release makes catalog fail most requests; the rollback brings errors from thousands back to a handful. */
function outage(onset: number): Planner {
  return (ctx) => {
    const fn = 'catalog';
    const stack = STACK_API;
    const deploy = ctx.events.cloudTrail(onset - Math.round(uniform(ctx.rnd, 60, 300)) * 1000, 'lambda.amazonaws.com', 'UpdateFunctionCode', 'DEPLOYMENT', [lambda(fn)], stack, 'ci-pipeline');
    const rate = uniform(ctx.rnd, 0.6, 0.95);
    const k = Math.round(uniform(ctx.rnd, 20, 45) / 5);
    const i0 = (onset - ctx.start) / PERIOD_MS;
    ctx.fx.plus('errors', fn, i0, i0 + k, () => rate);
    const rollback = ctx.events.cloudTrail(onset + k * PERIOD_MS - 100_000, 'lambda.amazonaws.com', 'UpdateAlias', 'DEPLOYMENT', [lambda(fn)], stack, 'oncall');
    return {
      events: [deploy, rollback],
      labels: [
        {
          kind: 'outage',
          start: onset,
          end: onset + k * PERIOD_MS,
          resourceId: fn,
          expect: 'REACTIVE',
          causeEventId: deploy.id,
          affectedResourceIds: ['shop-api', 'products', INSTANCE_IDS['search-1'], INSTANCE_IDS['search-2']],
          description: `A bad catalog release fails ${(rate * 100).toFixed(0)} % of requests for ${k * 5} min; the rollback ends it (the recovery is no new problem).`,
        },
      ],
    };
  };
}

/** A marketing e-mail: traffic ×2–3 for a few hours; error counts rise with it, error rates do not. */
function marketingSurge(onset: number): Planner {
  return (ctx) => {
    const peak = uniform(ctx.rnd, 2, 3);
    const k = Math.round(uniform(ctx.rnd, 60, 180) / 5);
    const i0 = (onset - ctx.start) / PERIOD_MS;
    // Up within 15 minutes, then fading out.
    ctx.fx.multiply('traffic', 'all', i0, i0 + k, (i) => 1 + (peak - 1) * Math.min(1, (i - i0 + 1) / 3) * Math.max(0, 1 - (i - i0) / k) ** 0.5);
    return {
      events: [],
      labels: [
        {
          kind: 'marketing-surge',
          start: onset,
          end: onset + k * PERIOD_MS,
          resourceId: 'shop-api',
          expect: 'HARMLESS',
          affectedResourceIds: ['catalog', 'cart', 'checkout', 'products', 'carts', 'orders', 'orders-queue', 'order-worker', 'shop-db', INSTANCE_IDS['search-1'], INSTANCE_IDS['search-2']],
          description: `A campaign e-mail brings ${peak.toFixed(1)}× the usual traffic for ${(k / 12).toFixed(1)} h; more requests, more errors, the same error rate.`,
        },
      ],
    };
  };
}

/**
 * Disk usage in a sawtooth: no nightly rotation, a weekly clean-up job (Sunday 03:00) frees
 * `freedPerWeek` points. With `freedPerWeek` at least a week's growth the disk never fills
 * (HARMLESS); with less, the envelope rises until it does (PROACTIVE, exhaustion where the
 * simulated disk first reaches 100 %).
 */
function sawtoothDisk(inst: InstanceName, growthPerDay: number, freedPerWeek: number, filling: boolean, labelFrom: number, labelTo: number): Planner {
  return (ctx) => {
    ctx.fx.plus('noRotation', inst, 0, ctx.n, () => 1);
    ctx.fx.plus('disk', inst, 0, ctx.n, () => growthPerDay);
    for (let day = Math.floor(ctx.start / DAY) * DAY; day < ctx.start + ctx.n * PERIOD_MS; day += DAY) {
      if (weekdayOf(day) !== 0) continue;
      const i = Math.round((day + 3 * HOUR - ctx.start) / PERIOD_MS);
      ctx.fx.plus('diskCleanup', inst, i, i + 1, () => freedPerWeek);
    }
    const label: Label = filling
      ? {
          kind: 'disk-sawtooth',
          start: labelFrom,
          end: labelFrom,
          resourceId: INSTANCE_IDS[inst],
          expect: 'PROACTIVE',
          description: `${inst}'s disk grows ${growthPerDay.toFixed(1)} points a day and a weekly clean-up frees only ${freedPerWeek.toFixed(0)}: the sawtooth's envelope rises to 100 %.`,
        }
      : {
          kind: 'disk-cleanups',
          start: labelFrom,
          end: labelTo,
          resourceId: INSTANCE_IDS[inst],
          expect: 'HARMLESS',
          description: `${inst}'s disk grows ${growthPerDay.toFixed(1)} points a day between weekly clean-ups that free it: a sawtooth that never fills.`,
        };
    return { events: [], labels: [label], exhaustion: [filling ? { seriesKey: `${inst}.disk`, limit: 100, direction: 'up', firstReach: true } : undefined] };
  };
}

// ---------------------------------------------------------------------------------------------
// Families.

interface Shape {
  readonly start: number;
  readonly end: number;
  readonly historyMs: number;
  readonly stepMs: number;
}

/** A reactive window: history, then 8 hours replayed every 5 minutes, the onset 1.5–2.5 hours in. */
function reactiveShape(rnd: Random, onset: number): Shape {
  const lead = grid(uniform(rnd, 1.5, 2.5) * HOUR);
  const scored = onset - lead;
  return { start: scored - HISTORY, end: scored + REACTIVE_WINDOW, historyMs: HISTORY, stepMs: FIVE_MIN };
}

function slowShape(scoredStart: number, windowMs: number, historyMs = HISTORY, stepMs = SLOW_STEP): Shape {
  const scored = grid(scoredStart);
  return { start: scored - historyMs, end: scored + windowMs, historyMs, stepMs };
}

interface FamilyDraw {
  readonly shape: Shape;
  readonly incidents?: readonly IncidentSpec[];
  readonly plans?: readonly Planner[];
  readonly peakRequests?: number;
  readonly weekly?: readonly number[];
  /** Add this many random gaps (besides the default chance of a few). */
  readonly gaps?: number;
  /** Always run the nightly batch job. */
  readonly batch?: boolean;
  /** Change-noise intensity. @default 1 */
  readonly changeNoise?: number;
}

interface Family {
  readonly name: string;
  readonly description: string;
  readonly draw: (rnd: Random) => FamilyDraw;
  /** Whether a drawn scenario is what the family means (else the next draw is taken). */
  readonly accept?: (bundle: ScenarioBundle) => boolean;
}

/** A forecast label whose exhaustion falls 2–10 days after the scored window opens. */
const exhaustionInReach = (b: ScenarioBundle): boolean => {
  const scored = b.start + (b.replay?.historyMs ?? 0);
  return b.labels.every((l) => l.expect !== 'PROACTIVE' || (l.exhaustionAt !== undefined && l.exhaustionAt >= scored + 2 * DAY && l.exhaustionAt <= scored + 10 * DAY));
};

const catalogue = (kind: IncidentKind, variants: readonly string[], from: number, to: number, workingDay: boolean) => (rnd: Random): FamilyDraw => {
  const onset = pickTime(rnd, from, to, workingDay);
  return { shape: reactiveShape(rnd, onset), incidents: [{ kind, onset, variant: choose(rnd, variants) }] };
};

const proactive = (kind: IncidentKind) => (rnd: Random): FamilyDraw => {
  const onset = pickTime(rnd, 9, 17, true);
  return { shape: slowShape(onset - 2 * HOUR, PROACTIVE_WINDOW), incidents: [{ kind, onset }] };
};

/** The families, in report order. */
export const BENCHMARK_FAMILIES: readonly Family[] = [
  { name: 'bad-deployment', description: 'a direct or CodeDeploy deployment raises a function’s errors until rolled back', draw: catalogue('bad-deployment', ['codedeploy', 'update-function-code'], 9, 17.5, true) },
  {
    name: 'canary-rollout',
    description: 'a CodeDeploy canary (deployment + UpdateAlias records) of a bad version',
    draw: (rnd) => {
      const onset = pickTime(rnd, 9, 17.5, true);
      return { shape: reactiveShape(rnd, onset), plans: [canaryRollout(onset)] };
    },
  },
  { name: 'latency-regression', description: 'a deployment makes an API function 1.5–2.6× slower', draw: catalogue('latency-regression', ['codedeploy', 'update-function-code'], 9, 17, true) },
  { name: 'dynamodb-throttling', description: 'orders writes throttled (capacity lowered or a backfill)', draw: catalogue('dynamodb-throttling', ['capacity-lowered', 'backfill'], 11, 19, true) },
  { name: 'lambda-concurrency', description: 'checkout at its concurrency limit (flash sale or reserved concurrency)', draw: catalogue('lambda-concurrency', ['traffic-surge', 'reserved-concurrency'], 10, 18, true) },
  { name: 'queue-backlog', description: 'the order worker falls behind (database contention or a disabled trigger)', draw: catalogue('queue-backlog', ['db-contention', 'mapping-disabled'], 12, 20, false) },
  { name: 'config-change', description: 'a wrong environment variable breaks cart or the worker', draw: catalogue('config-change', ['env-cart', 'env-worker'], 9, 17.5, true) },
  {
    name: 'iam-without-stack',
    description: 'a hand-made IAM policy change (no CloudFormation stack) removes a permission',
    draw: (rnd) => {
      const onset = pickTime(rnd, 9, 17.5, true);
      return { shape: reactiveShape(rnd, onset), plans: [iamWithoutStack(onset)] };
    },
  },
  {
    name: 'decoy-rollout',
    description: 'a bad deployment, and a harmless rollout of an unrelated resource closer to the onset',
    draw: (rnd) => {
      const onset = pickTime(rnd, 9, 17.5, true);
      const target = choose(rnd, ['cart', 'checkout'] as const);
      const decoy = choose(rnd, target === 'cart' ? ['catalog', 'order-worker', 'search-1'] : ['catalog', 'search-2', 'order-worker']);
      return { shape: reactiveShape(rnd, onset), incidents: [{ kind: 'bad-deployment', onset, variant: 'codedeploy', target }], plans: [decoyRollout(onset, decoy)] };
    },
  },
  {
    name: 'concurrent-incidents',
    description: 'two independent incidents in one stack, 15–60 minutes apart',
    draw: (rnd) => {
      const onset = pickTime(rnd, 9.5, 15, true);
      const second = grid(onset + uniform(rnd, 15, 60) * MINUTE);
      const pair = choose(rnd, [
        [{ kind: 'latency-regression', variant: 'codedeploy', target: 'catalog' }, { kind: 'config-change', variant: 'env-cart' }],
        [{ kind: 'bad-deployment', variant: 'codedeploy', target: 'checkout' }, { kind: 'config-change', variant: 'env-cart' }],
        [{ kind: 'latency-regression', variant: 'update-function-code', target: 'cart' }, { kind: 'bad-deployment', variant: 'update-function-code', target: 'catalog' }],
      ] as const);
      return {
        shape: reactiveShape(rnd, onset),
        incidents: [
          { ...pair[0], onset },
          { ...pair[1], onset: second },
        ] as IncidentSpec[],
      };
    },
  },
  {
    name: 'outage-recovery',
    description: 'a release fails most catalog requests; errors fall from thousands back to a handful',
    draw: (rnd) => {
      const onset = pickTime(rnd, 9, 17.5, true);
      return { shape: reactiveShape(rnd, onset), plans: [outage(onset)] };
    },
  },
  {
    name: 'sparse-traffic',
    description: 'a small shop (a few hundred requests at peak, near-zero error series) with a broken configuration',
    draw: (rnd) => {
      const onset = pickTime(rnd, 9, 17.5, true);
      return { shape: reactiveShape(rnd, onset), incidents: [{ kind: 'config-change', onset, variant: choose(rnd, ['env-cart', 'env-worker', 'iam-policy']) }], peakRequests: Math.round(uniform(rnd, 250, 600)) };
    },
  },
  {
    name: 'latency-creep',
    description: 'a function slowly degrades, ×3 over 2–3 days',
    draw: (rnd) => {
      const from = pickTime(rnd, 0, 24, false);
      const ramp = uniform(rnd, 2, 3) * DAY;
      const fixAfter = uniform(rnd, 2, 8) * HOUR;
      return { shape: slowShape(from - 6 * HOUR, ramp + fixAfter + 12 * HOUR, HISTORY, HOUR), plans: [latencyCreep(from, ramp, fixAfter)] };
    },
  },
  { name: 'memory-leak', description: 'mem_used_percent of a search instance climbs 3–7 points a day', draw: proactive('memory-leak') },
  { name: 'disk-filling', description: 'log rotation broken: disk_used_percent climbs', draw: proactive('disk-filling') },
  { name: 'rds-storage', description: 'shop-db free storage falls 5–11 GiB a day', draw: proactive('rds-storage') },
  {
    name: 'disk-sawtooth',
    description: 'a disk with weekly clean-ups that free less than a week’s growth fills up in a sawtooth',
    draw: (rnd) => {
      // The window opens 1–5 days after a Sunday clean-up; ten days of history hold one or two more.
      let scored = pickTime(rnd, 0, 24, false);
      while (weekdayOf(scored) !== 0) scored += DAY;
      scored += grid(uniform(rnd, 1, 5) * DAY);
      const growth = uniform(rnd, 3, 5);
      const inst = choose(rnd, INSTANCES);
      return { shape: slowShape(scored, 5 * DAY, 10 * DAY), plans: [sawtoothDisk(inst, growth, growth * 7 * uniform(rnd, 0.45, 0.6), true, scored, scored)] };
    },
    accept: exhaustionInReach,
  },
  {
    name: 'disk-cleanups',
    description: 'a disk in a sawtooth that never fills: weekly clean-ups free a week’s growth',
    draw: (rnd) => {
      let scored = pickTime(rnd, 0, 24, false);
      while (weekdayOf(scored) !== 0) scored += DAY;
      scored += grid(uniform(rnd, 1, 4) * DAY);
      const growth = uniform(rnd, 1.5, 3);
      const inst = choose(rnd, INSTANCES);
      return { shape: slowShape(scored, QUIET_WINDOW, 10 * DAY), plans: [sawtoothDisk(inst, growth, 100, false, scored, scored + QUIET_WINDOW)] };
    },
  },
  {
    name: 'marketing-surge',
    description: 'traffic ×2–3 for hours: error counts rise, error rates stay flat (no incident)',
    draw: (rnd) => {
      const onset = pickTime(rnd, 9, 16, false);
      return { shape: reactiveShape(rnd, onset), plans: [marketingSurge(onset)] };
    },
  },
  {
    name: 'nightly-batch',
    description: 'a routine nightly batch job loads the queue and the database (no incident)',
    draw: (rnd) => ({ shape: slowShape(pickTime(rnd, 8, 12, false), QUIET_WINDOW), batch: true }),
  },
  { name: 'harmless-spike', description: 'a crawler, a cold-start blip or a cron job (no incident)', draw: catalogue('harmless-spike', ['crawler', 'cold-starts', 'cron-cpu'], 0, 23.5, false) },
  {
    name: 'weekly-seasonality',
    description: 'an office-hours workload with quiet weekends, over a weekend (no incident)',
    draw: (rnd) => {
      let scored = pickTime(rnd, 12, 18, false);
      while (weekdayOf(scored) !== 5) scored += DAY;
      return { shape: slowShape(scored, 4 * DAY, 8 * DAY), weekly: B2B_WEEK };
    },
  },
  {
    name: 'data-gaps',
    description: 'agent and database metrics missing for minutes to hours (no incident)',
    draw: (rnd) => ({ shape: slowShape(pickTime(rnd, 0, 24, false), QUIET_WINDOW), gaps: 6 }),
  },
  {
    name: 'change-noise',
    description: 'a busy week of harmless deployments, rollouts, configuration and IAM changes (no incident)',
    draw: (rnd) => ({ shape: slowShape(pickTime(rnd, 0, 24, true), QUIET_WINDOW), changeNoise: 4 }),
  },
];

/** Families whose labels are forecasts (their exhaustion is where the simulated series first reaches the limit). */
export const PROACTIVE_FAMILIES: ReadonlySet<string> = new Set(['memory-leak', 'disk-filling', 'rds-storage', 'disk-sawtooth']);

function hash(text: string): number {
  let h = 2_166_136_261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16_777_619);
  return h >>> 0;
}

/** One scenario of a family. */
export function benchmarkScenario(name: string, seed: number): ScenarioBundle {
  const fam = BENCHMARK_FAMILIES.find((f) => f.name === name);
  if (!fam) throw new Error(`unknown benchmark family "${name}"`);
  const base = (hash(name) ^ Math.imul(seed, 2_654_435_761)) >>> 0;
  const rnd = seededRandom(base);
  for (let attempt = 0; ; attempt++) {
    const bundle = drawScenario(fam, seed, base, rnd);
    if (!fam.accept || attempt >= 12 || fam.accept(bundle)) return bundle;
  }
}

function drawScenario(fam: Family, seed: number, base: number, rnd: Random): ScenarioBundle {
  const family = fam.name;
  const d = fam.draw(rnd);
  // Untidiness every scenario shares: change noise, a nightly batch job in half of them, a few gaps in a third.
  const batch = d.batch === true || rnd.next() < 0.5;
  const plans: Planner[] = [changeNoise(d.changeNoise ?? 1), ...(batch ? [nightlyBatch(uniform(rnd, 1, 3), uniform(rnd, 30, 60), uniform(rnd, 1500, 4000))] : []), ...(d.plans ?? [])];
  const gapCount = (d.gaps ?? 0) + (rnd.next() < 0.33 ? 1 + Math.floor(rnd.next() * 3) : 0);
  const gaps = randomGaps(rnd, d.shape.start, d.shape.end, gapCount);
  const proactiveFamily = PROACTIVE_FAMILIES.has(family);
  const bundle = simulateShop({
    name: `${family}-s${seed}`,
    description: `${fam.description[0]!.toUpperCase()}${fam.description.slice(1)}; seed ${seed}${batch ? ', with a nightly batch job' : ''}${gapCount ? `, ${gapCount} data gap(s)` : ''}.`,
    family,
    seed: base % 1_000_003,
    start: d.shape.start,
    end: d.shape.end,
    ...(d.incidents ? { incidents: d.incidents } : {}),
    plans,
    gaps,
    heavyTails: true,
    ...(d.peakRequests !== undefined ? { peakRequests: d.peakRequests } : {}),
    ...(d.weekly ? { weekly: d.weekly } : {}),
    ...(proactiveFamily ? { lookaheadMs: 20 * DAY, firstReach: true } : {}),
    replay: { historyMs: d.shape.historyMs, stepMs: d.shape.stepMs },
  });
  return withRolloutRecords(bundle, base);
}

export interface BenchmarkEntry {
  readonly name: string;
  readonly family: string;
  readonly seed: number;
  /** Cycles to replay (to schedule long ones first). */
  readonly cost: number;
}

/** Every scenario of the benchmark suite (cheap: nothing is simulated until built). */
export function benchmarkEntries(): BenchmarkEntry[] {
  const out: BenchmarkEntry[] = [];
  for (const fam of BENCHMARK_FAMILIES) {
    for (const seed of BENCHMARK_SEEDS) {
      const shape = fam.draw(seededRandom((hash(fam.name) ^ Math.imul(seed, 2_654_435_761)) >>> 0)).shape;
      out.push({ name: `${fam.name}-s${seed}`, family: fam.name, seed, cost: (shape.end - shape.start - shape.historyMs) / shape.stepMs + shape.historyMs / DAY });
    }
  }
  return out;
}
