/**
 * The incident catalogue: each kind writes its effects into the world's channels, emits the
 * change events that cause and end it, and returns its label. Magnitudes and durations are
 * drawn from ranges typical of real incidents (see docs/scenarios.md); effects on callers
 * and dependencies come from the world model, not from the incident.
 */
import type { OpsEvent } from '../../core';
import type { Random } from '../random';
import type { Label } from '../scenario/bundle';
import type { Effects } from './effects';
import { lambda, type EventFactory } from './events';
import {
  API_FUNCTIONS,
  DAY,
  FUNCTION_PROFILES,
  FUNCTIONS,
  GIB,
  INSTANCE_IDS,
  INSTANCES,
  MINUTE,
  ORDERS_PROVISIONED_WCU,
  PERIOD_MS,
  STACK_API,
  STACK_DATA,
  STACK_ORDERS,
  type FunctionName,
  type InstanceName,
} from './shop';
import { dailyProfile, weeklyFactor } from './world';

export const INCIDENT_KINDS = [
  'bad-deployment',
  'latency-regression',
  'dynamodb-throttling',
  'lambda-concurrency',
  'memory-leak',
  'disk-filling',
  'queue-backlog',
  'rds-storage',
  'config-change',
  'harmless-spike',
] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

/** Variants of each kind (how it happens). */
export const INCIDENT_VARIANTS: Record<IncidentKind, readonly string[]> = {
  'bad-deployment': ['codedeploy', 'update-function-code'],
  'latency-regression': ['codedeploy', 'update-function-code'],
  'dynamodb-throttling': ['capacity-lowered', 'backfill'],
  'lambda-concurrency': ['traffic-surge', 'reserved-concurrency'],
  'memory-leak': ['leak'],
  'disk-filling': ['log-rotation'],
  'queue-backlog': ['db-contention', 'mapping-disabled'],
  'rds-storage': ['audit-rows'],
  'config-change': ['iam-policy', 'env-cart', 'env-worker'],
  'harmless-spike': ['crawler', 'cold-starts', 'cron-cpu'],
};

/** Kinds that should open a proactive insight rather than a reactive one. */
export const PROACTIVE_KINDS: ReadonlySet<IncidentKind> = new Set(['memory-leak', 'disk-filling', 'rds-storage']);

/** One incident to inject. */
export interface IncidentSpec {
  readonly kind: IncidentKind;
  /** Onset (epoch ms); rounded down to the 5-minute grid. */
  readonly onset: number;
  /** One of INCIDENT_VARIANTS[kind]; drawn from the random source when absent. */
  readonly variant?: string;
  /** Function, instance name (`search-1`) or table the incident hits; drawn when absent. */
  readonly target?: string;
}

export interface IncidentContext {
  readonly rnd: Random;
  readonly fx: Effects;
  readonly events: EventFactory;
  /** Scenario start (epoch ms) and number of periods. */
  readonly start: number;
  readonly n: number;
  /** API requests per 5 minutes at the average evening peak. */
  readonly peakRequests: number;
}

/** For proactive labels: the series whose mean path defines exhaustion, and its limit. */
export interface ExhaustionRule {
  readonly seriesKey: string;
  readonly limit: number;
  readonly direction: 'up' | 'down';
  /**
   * Exhaustion is when the simulated series first reaches the limit (hourly mean), rather than
   * where a straight line through it since onset does. Needs the scenario's look-ahead.
   */
  readonly firstReach?: boolean;
}

export interface PlannedIncident {
  readonly label: Label;
  readonly events: OpsEvent[];
  readonly exhaustion?: ExhaustionRule;
}

const uniform = (rnd: Random, lo: number, hi: number) => lo + (hi - lo) * rnd.next();
const choose = <T>(rnd: Random, items: readonly T[]): T => items[Math.floor(rnd.next() * items.length)]!;
const periods = (ms: number) => Math.max(1, Math.round(ms / PERIOD_MS));

/** Plans one incident: writes effects, returns its events and label. */
export function planIncident(ctx: IncidentContext, spec: IncidentSpec): PlannedIncident {
  const { rnd, fx, events: ev } = ctx;
  const onset = Math.floor(spec.onset / PERIOD_MS) * PERIOD_MS;
  const i0 = (onset - ctx.start) / PERIOD_MS;
  const variants = INCIDENT_VARIANTS[spec.kind];
  const variant = spec.variant ?? choose(rnd, variants);
  if (!variants.includes(variant)) throw new Error(`unknown variant "${variant}" of ${spec.kind} (expected one of ${variants.join(', ')})`);
  const expectedRequests = (t: number) => ctx.peakRequests * dailyProfile(t) * weeklyFactor(t);
  const before = (lo: number, hi: number) => onset - Math.round(uniform(rnd, lo, hi) * 1000);
  const endOf = (k: number) => onset + k * PERIOD_MS;
  const fnTarget = (allowed: readonly FunctionName[]): FunctionName => {
    const t = spec.target ?? choose(rnd, allowed);
    if (!(allowed as readonly string[]).includes(t)) throw new Error(`${spec.kind}: target must be one of ${allowed.join(', ')}`);
    return t as FunctionName;
  };
  const instTarget = (): InstanceName => {
    const t = spec.target ?? choose(rnd, INSTANCES);
    if (!(INSTANCES as readonly string[]).includes(t)) throw new Error(`${spec.kind}: target must be one of ${INSTANCES.join(', ')}`);
    return t as InstanceName;
  };
  const callersOf = (fn: FunctionName): string[] =>
    fn === 'order-worker' ? ['orders-queue', 'orders-dlq', 'orders', 'shop-db'] : fn === 'checkout' ? ['shop-api', 'orders', 'orders-queue', 'order-worker'] : fn === 'cart' ? ['shop-api', 'carts'] : ['shop-api', 'products'];

  switch (spec.kind) {
    case 'bad-deployment': {
      const fn = fnTarget(FUNCTIONS);
      const deploy = variant === 'codedeploy' && fn !== 'order-worker' ? ev.deployFunction(before(60, 420), fn) : ev.cloudTrail(before(60, 420), 'lambda.amazonaws.com', 'UpdateFunctionCode', 'DEPLOYMENT', [lambda(fn)], FUNCTION_PROFILES[fn].stack, 'ci-pipeline');
      const k = periods(uniform(rnd, 20, 90) * MINUTE);
      const rate = uniform(rnd, 0.02, 0.15);
      const slower = uniform(rnd, 1.05, 1.3);
      fx.plus('errors', fn, i0, i0 + k, () => rate);
      fx.multiply('latency', fn, i0, i0 + k, () => slower);
      const rollbackAt = endOf(k) - Math.round(uniform(rnd, 60, 240) * 1000);
      const rollback = deploy.dataSource === 'CODE_DEPLOY' ? ev.codeDeploy(rollbackAt, [lambda(fn)], `${FUNCTION_PROFILES[fn].stack}-app`, FUNCTION_PROFILES[fn].stack, { user: 'oncall' }) : ev.cloudTrail(rollbackAt, 'lambda.amazonaws.com', 'UpdateAlias', 'DEPLOYMENT', [lambda(fn)], FUNCTION_PROFILES[fn].stack, 'oncall');
      return {
        events: [deploy, rollback],
        label: {
          kind: spec.kind,
          start: onset,
          end: endOf(k),
          resourceId: fn,
          expect: 'REACTIVE',
          causeEventId: deploy.id,
          affectedResourceIds: callersOf(fn),
          description: `${deploy.name} of ${fn} raises its error rate to ${(rate * 100).toFixed(1)} % for ${k * 5} min until rolled back.`,
        },
      };
    }
    case 'latency-regression': {
      const fn = fnTarget(API_FUNCTIONS);
      const deploy = variant === 'codedeploy' ? ev.deployFunction(before(60, 420), fn) : ev.cloudTrail(before(60, 420), 'lambda.amazonaws.com', 'UpdateFunctionCode', 'DEPLOYMENT', [lambda(fn)], FUNCTION_PROFILES[fn].stack, 'ci-pipeline');
      const k = periods(uniform(rnd, 120, 300) * MINUTE);
      const mult = uniform(rnd, 1.5, 2.6);
      fx.multiply('latency', fn, i0, i0 + k, () => mult);
      const fix = ev.deployFunction(endOf(k) - Math.round(uniform(rnd, 60, 240) * 1000), fn);
      return {
        events: [deploy, fix],
        label: {
          kind: spec.kind,
          start: onset,
          end: endOf(k),
          resourceId: fn,
          expect: 'REACTIVE',
          causeEventId: deploy.id,
          affectedResourceIds: ['shop-api'],
          description: `${deploy.name} of ${fn} makes it ${mult.toFixed(1)}× slower (p90 duration) for ${(k / 12).toFixed(1)} h until a fix is deployed.`,
        },
      };
    }
    case 'dynamodb-throttling': {
      const k = periods(uniform(rnd, 40, 120) * MINUTE);
      const affected = ['checkout', 'shop-api', 'order-worker', 'orders-queue'];
      if (variant === 'capacity-lowered') {
        const demandPerSecond = (expectedRequests(onset) * FUNCTION_PROFILES.checkout.share * 3) / 300;
        const lowered = Math.max(2, Math.round(demandPerSecond * uniform(rnd, 0.35, 0.6)));
        const change = ev.cloudTrail(before(30, 300), 'dynamodb.amazonaws.com', 'UpdateTable', 'CONFIG_CHANGE', [{ type: 'AWS::DynamoDB::Table', name: 'orders' }], STACK_ORDERS);
        const restore = ev.cloudTrail(endOf(k) - 60_000, 'dynamodb.amazonaws.com', 'UpdateTable', 'CONFIG_CHANGE', [{ type: 'AWS::DynamoDB::Table', name: 'orders' }], STACK_ORDERS, 'oncall');
        fx.override('provisionedWcu', 'orders', i0, i0 + k, () => lowered);
        return {
          events: [change, restore],
          label: {
            kind: spec.kind,
            start: onset,
            end: endOf(k),
            resourceId: 'orders',
            expect: 'REACTIVE',
            causeEventId: change.id,
            affectedResourceIds: affected,
            description: `UpdateTable lowers the provisioned write capacity of orders from ${ORDERS_PROVISIONED_WCU} to ${lowered} WCU, below demand; writes are throttled for ${k * 5} min.`,
          },
        };
      }
      const extra = ORDERS_PROVISIONED_WCU * uniform(rnd, 1.1, 1.8);
      fx.plus('extraWrites', 'orders', i0, i0 + k, () => extra);
      return {
        events: [],
        label: {
          kind: spec.kind,
          start: onset,
          end: endOf(k),
          resourceId: 'orders',
          expect: 'REACTIVE',
          affectedResourceIds: affected,
          description: `A backfill job writes ${Math.round(extra)} WCU/s into orders (provisioned ${ORDERS_PROVISIONED_WCU}) for ${k * 5} min; writes are throttled.`,
        },
      };
    }
    case 'lambda-concurrency': {
      const fn: FunctionName = 'checkout';
      const k = periods(uniform(rnd, 60, 150) * MINUTE);
      if (variant === 'traffic-surge') {
        const surge = uniform(rnd, 8, 12);
        fx.multiply('route', 'checkout', i0, i0 + k, () => surge);
        fx.multiply('route', 'cart', i0, i0 + k, () => surge / 4);
        fx.multiply('route', 'catalog', i0, i0 + k, () => 1.5);
        fx.multiply('latency', 'checkout', i0, i0 + k, () => 1.3);
        return {
          events: [],
          label: {
            kind: spec.kind,
            start: onset,
            end: endOf(k),
            resourceId: fn,
            expect: 'REACTIVE',
            affectedResourceIds: ['shop-api', 'cart', 'catalog', 'orders', 'orders-queue', 'order-worker', 'products', 'carts', INSTANCE_IDS['search-1'], INSTANCE_IDS['search-2']],
            description: `A flash sale multiplies checkout traffic ${surge.toFixed(1)}× for ${k * 5} min; checkout reaches its reserved concurrency (${FUNCTION_PROFILES.checkout.concurrencyLimit}) and is throttled.`,
          },
        };
      }
      const change = ev.cloudTrail(before(30, 300), 'lambda.amazonaws.com', 'PutFunctionConcurrency', 'CONFIG_CHANGE', [lambda(fn)], STACK_API);
      const restore = ev.cloudTrail(endOf(k) - 60_000, 'lambda.amazonaws.com', 'PutFunctionConcurrency', 'CONFIG_CHANGE', [lambda(fn)], STACK_API, 'oncall');
      fx.override('concurrencyLimit', fn, i0, i0 + k, () => 2);
      return {
        events: [change, restore],
        label: {
          kind: spec.kind,
          start: onset,
          end: endOf(k),
          resourceId: fn,
          expect: 'REACTIVE',
          causeEventId: change.id,
          affectedResourceIds: ['shop-api', 'orders', 'orders-queue', 'order-worker'],
          description: `PutFunctionConcurrency lowers checkout's reserved concurrency to 2; it is throttled for ${k * 5} min.`,
        },
      };
    }
    case 'memory-leak': {
      const inst = instTarget();
      const slope = uniform(rnd, 3, 7);
      const deploy = ev.codeDeploy(before(60, 600), [{ type: 'AWS::EC2::Instance', name: INSTANCE_IDS[inst] }], 'search-service', STACK_DATA);
      fx.plus('memory', inst, i0, ctx.n, (i) => (slope * (i - i0) * PERIOD_MS) / DAY);
      return {
        events: [deploy],
        exhaustion: { seriesKey: `${inst}.mem`, limit: 100, direction: 'up' },
        label: {
          kind: spec.kind,
          start: onset,
          end: onset,
          resourceId: INSTANCE_IDS[inst],
          expect: 'PROACTIVE',
          description: `After ${deploy.name}, the search service on ${inst} leaks memory: mem_used_percent climbs ${slope.toFixed(1)} points a day.`,
        },
      };
    }
    case 'disk-filling': {
      const inst = instTarget();
      const rate = uniform(rnd, 3, 8);
      const deploy = ev.codeDeploy(before(60, 600), [{ type: 'AWS::EC2::Instance', name: INSTANCE_IDS[inst] }], 'search-service', STACK_DATA);
      fx.plus('noRotation', inst, i0, ctx.n, () => 1);
      fx.plus('disk', inst, i0, ctx.n, () => rate);
      return {
        events: [deploy],
        exhaustion: { seriesKey: `${inst}.disk`, limit: 100, direction: 'up' },
        label: {
          kind: spec.kind,
          start: onset,
          end: onset,
          resourceId: INSTANCE_IDS[inst],
          expect: 'PROACTIVE',
          description: `${deploy.name} leaves debug logging on and breaks log rotation on ${inst}: disk_used_percent grows about ${(rate + 1).toFixed(1)} points a day.`,
        },
      };
    }
    case 'queue-backlog': {
      const k = periods(uniform(rnd, 60, 180) * MINUTE);
      const drain = 6;
      if (variant === 'db-contention') {
        const slow = uniform(rnd, 120, 220);
        const cpu = uniform(rnd, 35, 50);
        fx.multiply('dbLatency', 'shop-db', i0, i0 + k, () => slow);
        fx.plus('dbCpu', 'shop-db', i0, i0 + k, () => cpu);
        return {
          events: [],
          label: {
            kind: spec.kind,
            start: onset,
            end: endOf(k + drain),
            resourceId: 'orders-queue',
            expect: 'REACTIVE',
            affectedResourceIds: ['order-worker', 'shop-db', 'catalog', 'shop-api', 'orders'],
            description: `A reporting query locks shop-db for ${k * 5} min; the order worker slows down and orders-queue backs up.`,
          },
        };
      }
      const resources = [lambda('order-worker'), { type: 'AWS::SQS::Queue', name: 'orders-queue' }];
      const change = ev.cloudTrail(before(30, 300), 'lambda.amazonaws.com', 'UpdateEventSourceMapping', 'CONFIG_CHANGE', resources, STACK_ORDERS);
      const restore = ev.cloudTrail(endOf(k) - 60_000, 'lambda.amazonaws.com', 'UpdateEventSourceMapping', 'CONFIG_CHANGE', resources, STACK_ORDERS, 'oncall');
      fx.multiply('workerCapacity', 'order-worker', i0, i0 + k, () => 0);
      return {
        events: [change, restore],
        label: {
          kind: spec.kind,
          start: onset,
          end: endOf(k + drain),
          resourceId: 'orders-queue',
          expect: 'REACTIVE',
          causeEventId: change.id,
          affectedResourceIds: ['order-worker', 'orders', 'shop-db'],
          description: `UpdateEventSourceMapping disables the order worker's queue trigger for ${k * 5} min; orders-queue backs up.`,
        },
      };
    }
    case 'rds-storage': {
      const perDay = uniform(rnd, 5, 11) * GIB;
      const deploy = ev.deployFunction(before(60, 600), 'order-worker');
      fx.plus('dbUsedBytes', 'shop-db', i0, ctx.n, (i) => (perDay * (i - i0) * PERIOD_MS) / DAY);
      return {
        events: [deploy],
        exhaustion: { seriesKey: 'db.free', limit: 0, direction: 'down' },
        label: {
          kind: spec.kind,
          start: onset,
          end: onset,
          resourceId: 'shop-db',
          expect: 'PROACTIVE',
          description: `A new order-worker version writes an audit row per message; shop-db's free storage falls ${(perDay / GIB).toFixed(1)} GiB a day.`,
        },
      };
    }
    case 'config-change': {
      const k = periods(uniform(rnd, 20, 75) * MINUTE);
      if (variant === 'iam-policy') {
        const role = FUNCTION_PROFILES.checkout.role;
        const change = ev.cloudTrail(before(30, 240), 'iam.amazonaws.com', 'PutRolePolicy', 'SECURITY_CHANGE', [{ type: 'AWS::IAM::Role', name: role }], STACK_API);
        const restore = ev.cloudTrail(endOf(k) - 60_000, 'iam.amazonaws.com', 'PutRolePolicy', 'SECURITY_CHANGE', [{ type: 'AWS::IAM::Role', name: role }], STACK_API, 'oncall');
        fx.plus('sendFailures', 'checkout', i0, i0 + k, () => 0.98);
        return {
          events: [change, restore],
          label: {
            kind: spec.kind,
            start: onset,
            end: endOf(k),
            resourceId: 'checkout',
            expect: 'REACTIVE',
            causeEventId: change.id,
            affectedResourceIds: callersOf('checkout'),
            description: `PutRolePolicy on ${role} drops sqs:SendMessage; every checkout fails at its queue write for ${k * 5} min.`,
          },
        };
      }
      const fn: FunctionName = variant === 'env-cart' ? 'cart' : 'order-worker';
      const change = ev.cloudTrail(before(30, 240), 'lambda.amazonaws.com', 'UpdateFunctionConfiguration', 'CONFIG_CHANGE', [lambda(fn)], FUNCTION_PROFILES[fn].stack);
      const restore = ev.cloudTrail(endOf(k) - 60_000, 'lambda.amazonaws.com', 'UpdateFunctionConfiguration', 'CONFIG_CHANGE', [lambda(fn)], FUNCTION_PROFILES[fn].stack, 'oncall');
      fx.plus('errors', fn, i0, i0 + k, () => 0.97);
      return {
        events: [change, restore],
        label: {
          kind: spec.kind,
          start: onset,
          end: endOf(k),
          resourceId: fn,
          expect: 'REACTIVE',
          causeEventId: change.id,
          affectedResourceIds: callersOf(fn),
          description: `UpdateFunctionConfiguration sets a wrong ${fn === 'cart' ? 'table name' : 'database secret'} in ${fn}'s environment; it fails for ${k * 5} min until reverted.`,
        },
      };
    }
    case 'harmless-spike': {
      if (variant === 'crawler') {
        const k = periods(uniform(rnd, 5, 10) * MINUTE);
        const extra = expectedRequests(onset) * uniform(rnd, 0.8, 1.6);
        fx.plus('botRequests', 'shop-api', i0, i0 + k, () => extra);
        return {
          events: [],
          label: {
            kind: spec.kind,
            start: onset,
            end: endOf(k),
            resourceId: 'shop-api',
            expect: 'HARMLESS',
            affectedResourceIds: ['catalog', 'products', INSTANCE_IDS['search-1'], INSTANCE_IDS['search-2']],
            description: `A crawler adds ${Math.round(extra)} requests per 5 min for ${k * 5} min; nothing breaks.`,
          },
        };
      }
      if (variant === 'cold-starts') {
        const mult = uniform(rnd, 1.8, 2.6);
        fx.multiply('latency', 'catalog', i0, i0 + 1, () => mult);
        return {
          events: [],
          label: {
            kind: spec.kind,
            start: onset,
            end: endOf(1),
            resourceId: 'catalog',
            expect: 'HARMLESS',
            affectedResourceIds: ['shop-api'],
            description: `Cold starts after a scale-out make catalog ${mult.toFixed(1)}× slower for one 5-minute period.`,
          },
        };
      }
      const inst = instTarget();
      const k = periods(uniform(rnd, 5, 10) * MINUTE);
      const mult = uniform(rnd, 1.8, 2.4);
      fx.multiply('cpu', inst, i0, i0 + k, () => mult);
      return {
        events: [],
        label: {
          kind: spec.kind,
          start: onset,
          end: endOf(k),
          resourceId: INSTANCE_IDS[inst],
          expect: 'HARMLESS',
          description: `A cron re-index raises ${inst}'s CPU ${mult.toFixed(1)}× for ${k * 5} min.`,
        },
      };
    }
  }
}

