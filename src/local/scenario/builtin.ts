/**
 * The built-in walking-skeleton scenario: a small checkout service (API Gateway → Lambda →
 * DynamoDB) in one CloudFormation stack, four days of 5-minute telemetry with a daily
 * traffic cycle and noise, and one bad deployment that raises the function's errors and the
 * API's 5XX and latency for 45 minutes until it is rolled back.
 */
import type { OpsEvent, Series } from '../../core';
import { seededRandom } from '../random';
import type { BundleSeries, ScenarioBundle } from './bundle';

const MIN = 60_000;
const DAY = 86_400_000;
const PERIOD = 300;

/** Traffic multiplier over the day: quiet at night, peaking mid-afternoon UTC. */
function daily(t: number): number {
  const h = ((t % DAY) / DAY) * 24;
  return 0.55 + 0.45 * Math.sin(((h - 8) / 24) * 2 * Math.PI);
}

export function builtinScenario(options: { seed?: number; start?: number; days?: number } = {}): ScenarioBundle {
  const rnd = seededRandom(options.seed ?? 7);
  const days = options.days ?? 4;
  const start = options.start ?? Date.UTC(2026, 10, 16);
  const end = start + days * DAY;
  const n = (end - start) / (PERIOD * 1000);
  const deployAt = start + (days - 1) * DAY + 14 * 60 * MIN;
  const onset = deployAt + 6 * MIN;
  const rollback = onset + 45 * MIN;
  const bad = (t: number) => t >= onset && t < rollback;

  const stack = 'checkout-service';
  const resources = [
    { id: 'shop-api', type: 'AWS::ApiGateway::RestApi', name: 'shop-api', stack, tags: {} },
    { id: 'checkout', type: 'AWS::Lambda::Function', name: 'checkout', stack, tags: {} },
    { id: 'orders', type: 'AWS::DynamoDB::Table', name: 'orders', stack, tags: {} },
  ];
  const mk = (resourceId: string, s: Omit<Series, 'periodSeconds'>, f: (t: number) => number): BundleSeries => {
    const values: number[] = [];
    for (let i = 0; i < n; i++) values.push(f(start + i * PERIOD * 1000));
    return { ...s, periodSeconds: PERIOD, resourceId, values };
  };
  const requests = (t: number) => rnd.poisson(600 * daily(t));
  const series: BundleSeries[] = [
    mk('shop-api', { namespace: 'AWS/ApiGateway', metricName: 'Count', dimensions: { ApiName: 'shop-api' }, stat: 'Sum', kind: 'count' }, requests),
    mk('shop-api', { namespace: 'AWS/ApiGateway', metricName: '5XXError', dimensions: { ApiName: 'shop-api' }, stat: 'Sum', kind: 'count' }, (t) =>
      rnd.poisson(bad(t) ? 90 * daily(t) : 0.3),
    ),
    mk('shop-api', { namespace: 'AWS/ApiGateway', metricName: 'Latency', dimensions: { ApiName: 'shop-api' }, stat: 'p90', kind: 'latency' }, (t) =>
      Math.max(20, (bad(t) ? 900 : 180) + 25 * rnd.normal()),
    ),
    mk('checkout', { namespace: 'AWS/Lambda', metricName: 'Invocations', dimensions: { FunctionName: 'checkout' }, stat: 'Sum', kind: 'count' }, (t) =>
      rnd.poisson(580 * daily(t)),
    ),
    mk('checkout', { namespace: 'AWS/Lambda', metricName: 'Errors', dimensions: { FunctionName: 'checkout' }, stat: 'Sum', kind: 'count' }, (t) =>
      rnd.poisson(bad(t) ? 85 * daily(t) : 0.2),
    ),
    mk('checkout', { namespace: 'AWS/Lambda', metricName: 'Duration', dimensions: { FunctionName: 'checkout' }, stat: 'p90', kind: 'latency' }, (t) =>
      Math.max(10, (bad(t) ? 780 : 140) + 20 * rnd.normal()),
    ),
    mk('orders', { namespace: 'AWS/DynamoDB', metricName: 'ConsumedWriteCapacityUnits', dimensions: { TableName: 'orders' }, stat: 'Sum', kind: 'count' }, (t) =>
      rnd.poisson(bad(t) ? 40 * daily(t) : 300 * daily(t)),
    ),
  ];
  const events: OpsEvent[] = [
    {
      id: 'd-CHK123',
      time: deployAt,
      source: 'codedeploy.amazonaws.com',
      name: 'Deployment d-CHK123',
      dataSource: 'CODE_DEPLOY',
      class: 'DEPLOYMENT',
      resources: [{ type: 'AWS::Lambda::Function', name: 'checkout' }],
      stack,
      status: 'Succeeded',
    },
    {
      id: 'ct-rollback-1',
      time: rollback - 2 * MIN,
      source: 'lambda.amazonaws.com',
      name: 'UpdateAlias',
      dataSource: 'CLOUD_TRAIL',
      class: 'DEPLOYMENT',
      resources: [{ type: 'AWS::Lambda::Function', name: 'checkout' }],
      stack,
      user: 'oncall',
    },
    {
      id: 'ct-tag-1',
      time: start + DAY + 10 * 60 * MIN,
      source: 'dynamodb.amazonaws.com',
      name: 'TagResource',
      dataSource: 'CLOUD_TRAIL',
      class: 'CONFIG_CHANGE',
      resources: [{ type: 'AWS::DynamoDB::Table', name: 'orders' }],
      stack,
    },
  ];
  return {
    name: 'builtin-bad-deployment',
    description: 'A bad deployment of the checkout function raises errors, 5XX and latency for 45 minutes.',
    start,
    end,
    resources,
    series,
    events,
    labels: [{ kind: 'bad-deployment', start: onset, end: rollback, resourceId: 'checkout', expect: 'REACTIVE', causeEventId: 'd-CHK123' }],
    logs: [],
  };
}
