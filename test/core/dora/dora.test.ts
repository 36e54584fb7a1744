import { describe, expect, it } from 'vitest';
import { distinctDeployments, doraMetrics, isFailedDeployment, meanTimeToRecoverMinutes, type Insight, type OpsEvent } from '../../../src/core';
import { deployment, event, MIN, T0 } from '../correlate/fixtures';

const DAY = 86_400_000;

function insight(id: string, start: number, end: number | undefined, relevant: string[], stack = 'shop', type: Insight['type'] = 'REACTIVE'): Insight {
  return {
    id,
    name: id,
    type,
    severity: 'HIGH',
    status: end === undefined ? 'ONGOING' : 'CLOSED',
    timeRange: end === undefined ? { start } : { start, end },
    collection: { type: 'STACK', name: stack },
    anomalyIds: [],
    relevantEventIds: relevant,
    recommendations: [],
    createdAt: start,
    updatedAt: start,
    version: 1,
  };
}

const alias = (id: string, time: number, fn = 'checkout', stack = 'shop'): OpsEvent =>
  event(id, time, 'DEPLOYMENT', [{ type: 'AWS::Lambda::Function', name: fn }], { name: 'UpdateAlias', stack });

describe('distinctDeployments', () => {
  it('merges the records of one rollout (same stack and target, within the merge window), preferring the CodeDeploy id', () => {
    const ds = distinctDeployments([
      alias('ct-alias', T0 + 2 * MIN),
      deployment('d-1', T0),
      alias('ct-later', T0 + 40 * MIN),
      alias('ct-other-fn', T0 + MIN, 'payments'),
      event('cfg', T0, 'CONFIG_CHANGE', [{ name: 'checkout' }], { stack: 'shop' }),
    ]);
    expect(ds).toEqual([
      { id: 'd-1', time: T0, stack: 'shop', target: 'checkout', eventIds: ['d-1', 'ct-alias'] },
      { id: 'ct-other-fn', time: T0 + MIN, stack: 'shop', target: 'payments', eventIds: ['ct-other-fn'] },
      { id: 'ct-later', time: T0 + 40 * MIN, stack: 'shop', target: 'checkout', eventIds: ['ct-later'] },
    ]);
  });
});

describe('isFailedDeployment', () => {
  const [d] = distinctDeployments([deployment('d-1', T0), alias('ct-alias', T0 + MIN)]);
  it('is failed when a reactive insight starting within the window names any of its records', () => {
    expect(isFailedDeployment(d!, [insight('i', T0 + 10 * MIN, undefined, ['ct-alias'])])).toBe(true);
  });
  it('is not failed for insights before it, after the window, proactive, or not naming it', () => {
    expect(isFailedDeployment(d!, [insight('i', T0 - MIN, undefined, ['d-1'])])).toBe(false);
    expect(isFailedDeployment(d!, [insight('i', T0 + 2 * DAY, undefined, ['d-1'])])).toBe(false);
    expect(isFailedDeployment(d!, [insight('i', T0 + MIN, undefined, ['d-1'], 'shop', 'PROACTIVE')])).toBe(false);
    expect(isFailedDeployment(d!, [insight('i', T0 + MIN, undefined, ['d-other'])])).toBe(false);
    expect(isFailedDeployment(d!, [insight('i', T0 + 90 * MIN, undefined, ['d-1'])], 60 * MIN)).toBe(false);
  });
});

describe('meanTimeToRecoverMinutes', () => {
  it('averages closed reactive insights only', () => {
    expect(
      meanTimeToRecoverMinutes([insight('a', T0, T0 + 30 * MIN, []), insight('b', T0, T0 + 60 * MIN, []), insight('c', T0, undefined, []), insight('p', T0, T0 + 600 * MIN, [], 'shop', 'PROACTIVE')]),
    ).toBe(45);
    expect(meanTimeToRecoverMinutes([insight('c', T0, undefined, [])])).toBeNull();
  });
});

describe('doraMetrics', () => {
  it('reports frequency, change-failure rate and MTTR per stack and in total', () => {
    const from = T0;
    const to = T0 + 4 * DAY;
    const events: OpsEvent[] = [
      deployment('d-1', T0 + 60 * MIN),
      alias('ct-1', T0 + 62 * MIN),
      deployment('d-2', T0 + DAY),
      deployment('d-3', T0 + 2 * DAY),
      deployment('d-4', T0 + 3 * DAY),
      deployment('b-1', T0 + DAY, 'billing-fn', 'billing'),
      deployment('b-2', T0 + 5 * DAY, 'billing-fn', 'billing'),
      deployment('x-1', T0 + DAY, 'loose-fn', null),
    ];
    const insights = [
      insight('i-1', T0 + 70 * MIN, T0 + 100 * MIN, ['ct-1']),
      insight('i-2', T0 + 2 * DAY + 5 * MIN, T0 + 2 * DAY + 15 * MIN, ['d-3']),
      insight('i-3', T0 + 3 * DAY, undefined, []),
    ];
    const r = doraMetrics({ events, insights, from, to });
    expect(r.days).toBe(4);
    expect(r.stacks.map((s) => s.stack)).toEqual(['account', 'billing', 'shop']);
    const shop = r.stacks.find((s) => s.stack === 'shop')!;
    expect(shop).toEqual({ stack: 'shop', deployments: 4, deploymentsPerDay: 1, failedDeployments: 2, changeFailureRate: 0.5, mttrMinutes: 20 });
    const billing = r.stacks.find((s) => s.stack === 'billing')!;
    expect(billing).toEqual({ stack: 'billing', deployments: 1, deploymentsPerDay: 0.25, failedDeployments: 0, changeFailureRate: 0, mttrMinutes: null });
    expect(r.total).toMatchObject({ stack: 'all', deployments: 6, failedDeployments: 2, changeFailureRate: 0.333, mttrMinutes: 20 });
  });

  it('filters to one stack and returns nulls without data', () => {
    const r = doraMetrics({ events: [deployment('b-1', T0, 'fn', 'billing')], insights: [], from: T0 - DAY, to: T0 + DAY, stack: 'shop' });
    expect(r.stacks).toEqual([]);
    expect(r.total).toEqual({ stack: 'shop', deployments: 0, deploymentsPerDay: 0, failedDeployments: 0, changeFailureRate: null, mttrMinutes: null });
  });
});

describe('doraMetrics per account', () => {
  const SHOP = '111122223333';
  const member = <T extends object>(x: T): T => ({ ...x, accountId: SHOP, region: 'eu-west-1' });

  it('counts a stack of one name in two accounts apart and adds one row per account', () => {
    const events = [deployment('d-home', T0), member(deployment('d-member', T0 + MIN)), member(deployment('d-member-2', T0 + 3 * 60 * MIN))];
    const insights = [member(insight('i-member', T0 + 10 * MIN, T0 + 40 * MIN, ['d-member']))];
    const report = doraMetrics({ events, insights, from: T0 - DAY, to: T0 + DAY });
    // Same stack and target, one minute apart, but two accounts: two deployments.
    expect(report.total.deployments).toBe(3);
    expect(report.stacks.map((r) => [r.accountId, r.stack, r.deployments, r.failedDeployments])).toEqual([
      [undefined, 'shop', 1, 0],
      [SHOP, 'shop', 2, 1],
    ]);
    expect(report.accounts?.map((r) => [r.accountId, r.deployments, r.changeFailureRate, r.mttrMinutes])).toEqual([
      [undefined, 1, 0, null],
      [SHOP, 2, 0.5, 30],
    ]);
    const only = doraMetrics({ events, insights, from: T0 - DAY, to: T0 + DAY, account: SHOP });
    expect(only.total).toMatchObject({ deployments: 2, failedDeployments: 1 });
  });

  it('adds no account rows when every record is in the account Opsight runs in', () => {
    const report = doraMetrics({ events: [deployment('d-1', T0)], insights: [], from: T0 - DAY, to: T0 + DAY });
    expect(report).not.toHaveProperty('accounts');
    expect(report.stacks[0]).not.toHaveProperty('accountId');
  });
});
