/**
 * The simulated shop: a small serverless e-commerce back end in three CloudFormation stacks.
 *
 *   shop-api     API Gateway `shop-api` → Lambdas `catalog`, `cart`, `checkout`;
 *                DynamoDB `products` and `carts` (on demand)
 *   shop-orders  SQS `orders-queue` (+ `orders-dlq`) → Lambda `order-worker`;
 *                DynamoDB `orders` (provisioned capacity)
 *   shop-data    RDS `shop-db`; EC2 `search-1`, `search-2` (search service, CloudWatch agent)
 *
 * Calls: catalog → products, shop-db (cache misses), search-1/2; cart → carts;
 * checkout → orders, orders-queue; orders-queue → order-worker → orders, shop-db.
 */
import type { MetricKind, Resource, Series } from '../../core';

export const PERIOD_SECONDS = 300;
export const PERIOD_MS = PERIOD_SECONDS * 1000;
export const MINUTE = 60_000;
export const HOUR = 3_600_000;
export const DAY = 86_400_000;
export const GIB = 1024 ** 3;

export const REGION = 'eu-west-1';
export const ACCOUNT = '123456789012';

export const STACK_API = 'shop-api';
export const STACK_ORDERS = 'shop-orders';
export const STACK_DATA = 'shop-data';

/** Lambda functions behind the API, with their share of API requests. */
export const API_FUNCTIONS = ['catalog', 'cart', 'checkout'] as const;
export const FUNCTIONS = [...API_FUNCTIONS, 'order-worker'] as const;
export type FunctionName = (typeof FUNCTIONS)[number];
export type ApiFunctionName = (typeof API_FUNCTIONS)[number];
export const TABLES = ['products', 'carts', 'orders'] as const;
export type TableName = (typeof TABLES)[number];
export const INSTANCES = ['search-1', 'search-2'] as const;
export type InstanceName = (typeof INSTANCES)[number];

export interface FunctionProfile {
  readonly stack: string;
  /** Share of API requests routed to it (API functions only). */
  readonly share: number;
  /** Typical p90 duration, ms. */
  readonly p90Ms: number;
  /** Background error rate (fraction of invocations). */
  readonly errorRate: number;
  /** Reserved concurrency, or the account limit when none is reserved. */
  readonly concurrencyLimit: number;
  readonly role: string;
}

export const FUNCTION_PROFILES: Record<FunctionName, FunctionProfile> = {
  catalog: { stack: STACK_API, share: 0.62, p90Ms: 110, errorRate: 0.0008, concurrencyLimit: 1000, role: 'catalog-role' },
  cart: { stack: STACK_API, share: 0.25, p90Ms: 70, errorRate: 0.0005, concurrencyLimit: 1000, role: 'cart-role' },
  checkout: { stack: STACK_API, share: 0.08, p90Ms: 320, errorRate: 0.001, concurrencyLimit: 10, role: 'checkout-role' },
  'order-worker': { stack: STACK_ORDERS, share: 0, p90Ms: 450, errorRate: 0.0001, concurrencyLimit: 10, role: 'order-worker-role' },
};

/** Provisioned write capacity of the `orders` table (WCU per second). */
export const ORDERS_PROVISIONED_WCU = 100;
/** Allocated storage of `shop-db`. */
export const DB_ALLOCATED_BYTES = 200 * GIB;

/** EC2 instance ids of the search service. */
export const INSTANCE_IDS: Record<InstanceName, string> = {
  'search-1': 'i-0a3f5c2e9b1d40001',
  'search-2': 'i-0a3f5c2e9b1d40002',
};

/** Resource ids as they appear in bundles (EC2 instances use their instance id). */
export function resourceIdOf(name: string): string {
  return (INSTANCE_IDS as Record<string, string>)[name] ?? name;
}

/** A series of the shop, keyed by a short local name used by the simulation. */
export interface ShopSeries {
  readonly key: string;
  readonly resourceId: string;
  readonly series: Series;
  /** Decimal places kept in the bundle. */
  readonly decimals: number;
}

function series(
  namespace: string,
  metricName: string,
  dimensions: Record<string, string>,
  stat: string,
  kind: MetricKind,
  unit: string,
): Series {
  return { namespace, metricName, dimensions, stat, periodSeconds: PERIOD_SECONDS, unit, kind };
}

/** Every resource of the shop (without series). */
export function shopResources(): Omit<Resource, 'series'>[] {
  const arn = (service: string, rest: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${rest}`;
  const out: Omit<Resource, 'series'>[] = [
    { id: 'shop-api', type: 'AWS::ApiGateway::RestApi', name: 'shop-api', arn: `arn:aws:apigateway:${REGION}::/restapis/k3x9shop01`, stack: STACK_API, tags: { team: 'storefront' } },
  ];
  for (const fn of FUNCTIONS) {
    const p = FUNCTION_PROFILES[fn];
    out.push({ id: fn, type: 'AWS::Lambda::Function', name: fn, arn: arn('lambda', `function:${fn}`), stack: p.stack, tags: { team: fn === 'order-worker' ? 'fulfilment' : 'storefront' } });
  }
  for (const table of TABLES) {
    out.push({ id: table, type: 'AWS::DynamoDB::Table', name: table, arn: arn('dynamodb', `table/${table}`), stack: table === 'orders' ? STACK_ORDERS : STACK_API, tags: {} });
  }
  for (const q of ['orders-queue', 'orders-dlq']) {
    out.push({ id: q, type: 'AWS::SQS::Queue', name: q, arn: arn('sqs', q), stack: STACK_ORDERS, tags: { team: 'fulfilment' } });
  }
  out.push({ id: 'shop-db', type: 'AWS::RDS::DBInstance', name: 'shop-db', arn: arn('rds', 'db:shop-db'), stack: STACK_DATA, tags: { team: 'platform' } });
  for (const inst of INSTANCES) {
    out.push({ id: INSTANCE_IDS[inst], type: 'AWS::EC2::Instance', name: inst, arn: arn('ec2', `instance/${INSTANCE_IDS[inst]}`), stack: STACK_DATA, tags: { team: 'platform', Name: inst } });
  }
  return out;
}

/** Every series of the shop (57), in a stable order. */
export function shopSeries(): ShopSeries[] {
  const out: ShopSeries[] = [];
  const add = (key: string, resourceId: string, s: Series, decimals = 0) => out.push({ key, resourceId, series: s, decimals });
  const api = { ApiName: 'shop-api' };
  add('api.count', 'shop-api', series('AWS/ApiGateway', 'Count', api, 'Sum', 'count', 'Count'));
  add('api.5xx', 'shop-api', series('AWS/ApiGateway', '5XXError', api, 'Sum', 'count', 'Count'));
  add('api.4xx', 'shop-api', series('AWS/ApiGateway', '4XXError', api, 'Sum', 'count', 'Count'));
  add('api.latency', 'shop-api', series('AWS/ApiGateway', 'Latency', api, 'p90', 'latency', 'Milliseconds'), 1);
  for (const fn of FUNCTIONS) {
    const d = { FunctionName: fn };
    add(`${fn}.invocations`, fn, series('AWS/Lambda', 'Invocations', d, 'Sum', 'count', 'Count'));
    add(`${fn}.errors`, fn, series('AWS/Lambda', 'Errors', d, 'Sum', 'count', 'Count'));
    add(`${fn}.throttles`, fn, series('AWS/Lambda', 'Throttles', d, 'Sum', 'count', 'Count'));
    add(`${fn}.duration`, fn, series('AWS/Lambda', 'Duration', d, 'p90', 'latency', 'Milliseconds'), 1);
    add(`${fn}.concurrent`, fn, series('AWS/Lambda', 'ConcurrentExecutions', d, 'Maximum', 'count', 'Count'));
  }
  for (const table of TABLES) {
    const d = { TableName: table };
    add(`${table}.rcu`, table, series('AWS/DynamoDB', 'ConsumedReadCapacityUnits', d, 'Sum', 'count', 'Count'), 1);
    add(`${table}.wcu`, table, series('AWS/DynamoDB', 'ConsumedWriteCapacityUnits', d, 'Sum', 'count', 'Count'), 1);
    add(`${table}.readThrottles`, table, series('AWS/DynamoDB', 'ReadThrottleEvents', d, 'Sum', 'count', 'Count'));
    add(`${table}.writeThrottles`, table, series('AWS/DynamoDB', 'WriteThrottleEvents', d, 'Sum', 'count', 'Count'));
  }
  add('orders.provisionedWcu', 'orders', series('AWS/DynamoDB', 'ProvisionedWriteCapacityUnits', { TableName: 'orders' }, 'Average', 'count', 'Count'));
  const q = { QueueName: 'orders-queue' };
  add('queue.sent', 'orders-queue', series('AWS/SQS', 'NumberOfMessagesSent', q, 'Sum', 'count', 'Count'));
  add('queue.deleted', 'orders-queue', series('AWS/SQS', 'NumberOfMessagesDeleted', q, 'Sum', 'count', 'Count'));
  add('queue.visible', 'orders-queue', series('AWS/SQS', 'ApproximateNumberOfMessagesVisible', q, 'Maximum', 'count', 'Count'));
  add('queue.age', 'orders-queue', series('AWS/SQS', 'ApproximateAgeOfOldestMessage', q, 'Maximum', 'latency', 'Seconds'));
  add('dlq.visible', 'orders-dlq', series('AWS/SQS', 'ApproximateNumberOfMessagesVisible', { QueueName: 'orders-dlq' }, 'Maximum', 'count', 'Count'));
  const db = { DBInstanceIdentifier: 'shop-db' };
  add('db.cpu', 'shop-db', series('AWS/RDS', 'CPUUtilization', db, 'Average', 'percent', 'Percent'), 2);
  add('db.free', 'shop-db', series('AWS/RDS', 'FreeStorageSpace', db, 'Average', 'bytes', 'Bytes'));
  add('db.connections', 'shop-db', series('AWS/RDS', 'DatabaseConnections', db, 'Average', 'count', 'Count'), 1);
  add('db.readLatency', 'shop-db', series('AWS/RDS', 'ReadLatency', db, 'Average', 'latency', 'Seconds'), 5);
  add('db.writeLatency', 'shop-db', series('AWS/RDS', 'WriteLatency', db, 'Average', 'latency', 'Seconds'), 5);
  for (const inst of INSTANCES) {
    const id = INSTANCE_IDS[inst];
    const d = { InstanceId: id };
    add(`${inst}.cpu`, id, series('AWS/EC2', 'CPUUtilization', d, 'Average', 'percent', 'Percent'), 2);
    add(`${inst}.networkIn`, id, series('AWS/EC2', 'NetworkIn', d, 'Sum', 'bytes', 'Bytes'));
    add(`${inst}.statusCheck`, id, series('AWS/EC2', 'StatusCheckFailed', d, 'Maximum', 'count', 'Count'));
    add(`${inst}.mem`, id, series('CWAgent', 'mem_used_percent', d, 'Average', 'percent', 'Percent'), 2);
    add(`${inst}.disk`, id, series('CWAgent', 'disk_used_percent', { InstanceId: id, path: '/', device: 'nvme0n1p1', fstype: 'xfs' }, 'Average', 'percent', 'Percent'), 2);
  }
  return out;
}
