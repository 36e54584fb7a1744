/**
 * Change events of the simulated shop, shaped as Opsight's normalisers shape real ones
 * (src/core/events): CodeDeploy deployments named `Deployment d-…` listing the functions and
 * the application; CloudTrail management events named by their base event name, classed as
 * the mapping table classes them, with the resource's stack. Also the background of routine,
 * harmless changes every real account has (deployments, configuration tweaks, tags).
 */
import type { EventClass, OpsEvent } from '../../core';
import type { Random } from '../random';
import { DAY, FUNCTION_PROFILES, FUNCTIONS, HOUR, INSTANCE_IDS, INSTANCES, STACK_API, STACK_DATA, STACK_ORDERS, TABLES, type FunctionName } from './shop';

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const HEX = '0123456789abcdef';

const USERS = ['ci-pipeline', 'ci-pipeline', 'ci-pipeline', 'alice', 'bob', 'oncall'];

export type EventResource = OpsEvent['resources'][number];

/** Makes events with ids drawn from its own random stream (so ids never collide within a scenario). */
export class EventFactory {
  private readonly used = new Set<string>();

  constructor(private readonly rnd: Random) {}

  private pick(chars: string, len: number): string {
    let s = '';
    for (let i = 0; i < len; i++) s += chars[Math.floor(this.rnd.next() * chars.length)];
    return s;
  }

  private unique(make: () => string): string {
    for (;;) {
      const id = make();
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }

  /** A CodeDeploy deployment of Lambda functions (blue/green via aliases) or of an EC2 fleet. */
  codeDeploy(time: number, targets: EventResource[], application: string, stack: string, options: { user?: string; status?: string } = {}): OpsEvent {
    const id = this.unique(() => `d-${this.pick(ALNUM, 9)}`);
    return {
      id,
      time: Math.round(time),
      source: 'codedeploy.amazonaws.com',
      name: `Deployment ${id}`,
      dataSource: 'CODE_DEPLOY',
      class: 'DEPLOYMENT',
      resources: [...targets, { type: 'AWS::CodeDeploy::Application', name: application }],
      stack,
      user: options.user ?? 'ci-pipeline',
      status: options.status ?? 'Succeeded',
    };
  }

  /** A CloudTrail management event. */
  cloudTrail(time: number, source: string, name: string, cls: EventClass, resources: EventResource[], stack: string | undefined, user?: string): OpsEvent {
    const id = this.unique(() => `${this.pick(HEX, 8)}-${this.pick(HEX, 4)}-4${this.pick(HEX, 3)}-${this.pick('89ab', 1)}${this.pick(HEX, 3)}-${this.pick(HEX, 12)}`);
    return {
      id,
      time: Math.round(time),
      source,
      name,
      dataSource: 'CLOUD_TRAIL',
      class: cls,
      resources,
      ...(stack ? { stack } : {}),
      user: user ?? USERS[Math.floor(this.rnd.next() * USERS.length)]!,
    };
  }

  /** A code deployment of one function: CodeDeploy for the API functions, a direct UpdateFunctionCode for the worker. */
  deployFunction(time: number, fn: FunctionName, user?: string): OpsEvent {
    const stack = FUNCTION_PROFILES[fn].stack;
    if (fn === 'order-worker') return this.cloudTrail(time, 'lambda.amazonaws.com', 'UpdateFunctionCode', 'DEPLOYMENT', [lambda(fn)], stack, user ?? 'ci-pipeline');
    return this.codeDeploy(time, [lambda(fn)], `${stack}-app`, stack, { user });
  }
}

export function lambda(fn: string): EventResource {
  return { type: 'AWS::Lambda::Function', name: fn };
}

/** Working hours (UTC) on weekdays, when people change things. */
function isWorkingTime(t: number): boolean {
  const day = (Math.floor(t / DAY) + 4) % 7; // 0 = Sunday
  const h = (t % DAY) / HOUR;
  return day >= 1 && day <= 5 && h >= 8 && h < 18.5;
}

/**
 * Routine changes over [start, end): per working day about 2 code deployments, and now and
 * then a configuration tweak, an API stage deployment, a fleet deployment, a table setting,
 * an IAM policy attachment or tags. None of them changes behaviour in the simulation.
 */
export function backgroundEvents(rnd: Random, factory: EventFactory, start: number, end: number): OpsEvent[] {
  const out: OpsEvent[] = [];
  const pickFn = () => FUNCTIONS[Math.floor(rnd.next() * FUNCTIONS.length)]!;
  const firstDay = Math.floor(start / DAY) * DAY;
  for (let day = firstDay; day < end; day += DAY) {
    if (!isWorkingTime(day + 12 * HOUR)) {
      // Weekends: the odd hotfix.
      if (rnd.next() < 0.2) {
        const t = day + (9 + 10 * rnd.next()) * HOUR;
        if (t >= start && t < end) out.push(factory.deployFunction(t, pickFn(), 'oncall'));
      }
      continue;
    }
    const when = () => day + (8.5 + 9.5 * rnd.next()) * HOUR;
    const kinds: Array<[number, (t: number) => OpsEvent]> = [
      [2.0, (t) => factory.deployFunction(t, pickFn())],
      [0.35, (t) => {
        const fn = pickFn();
        return factory.cloudTrail(t, 'lambda.amazonaws.com', 'UpdateFunctionConfiguration', 'CONFIG_CHANGE', [lambda(fn)], FUNCTION_PROFILES[fn].stack);
      }],
      [0.3, (t) => factory.cloudTrail(t, 'apigateway.amazonaws.com', 'CreateDeployment', 'DEPLOYMENT', [{ type: 'AWS::ApiGateway::RestApi', name: 'shop-api' }], STACK_API, 'ci-pipeline')],
      [0.25, (t) => {
        const inst = INSTANCES[Math.floor(rnd.next() * INSTANCES.length)]!;
        return factory.codeDeploy(t, [{ type: 'AWS::EC2::Instance', name: INSTANCE_IDS[inst] }], 'search-service', STACK_DATA);
      }],
      [0.15, (t) => {
        const table = TABLES[Math.floor(rnd.next() * TABLES.length)]!;
        return factory.cloudTrail(t, 'dynamodb.amazonaws.com', 'UpdateContinuousBackups', 'CONFIG_CHANGE', [{ type: 'AWS::DynamoDB::Table', name: table }], table === 'orders' ? STACK_ORDERS : STACK_API);
      }],
      [0.1, (t) => {
        const fn = pickFn();
        return factory.cloudTrail(t, 'iam.amazonaws.com', 'AttachRolePolicy', 'SECURITY_CHANGE', [{ type: 'AWS::IAM::Role', name: FUNCTION_PROFILES[fn].role }], FUNCTION_PROFILES[fn].stack);
      }],
      [0.3, (t) => {
        const fn = pickFn();
        return factory.cloudTrail(t, 'lambda.amazonaws.com', 'TagResource', 'CONFIG_CHANGE', [lambda(fn)], FUNCTION_PROFILES[fn].stack);
      }],
      [0.08, (t) => factory.cloudTrail(t, 'rds.amazonaws.com', 'ModifyDBInstance', 'CONFIG_CHANGE', [{ type: 'AWS::RDS::DBInstance', name: 'shop-db' }], STACK_DATA)],
    ];
    for (const [mean, make] of kinds) {
      const count = rnd.poisson(mean);
      for (let k = 0; k < count; k++) {
        const t = Math.round(when() / 1000) * 1000;
        if (t >= start && t < end) out.push(make(t));
      }
    }
  }
  return out.sort((a, b) => a.time - b.time || a.id.localeCompare(b.id));
}
