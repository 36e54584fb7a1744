import { describe, expect, it } from 'vitest';
import { rankEvents, relativeToOnset, roleServes, rootCauseHypothesis, type OpsEvent, type RankContext } from '../../../src/core';
import { deployment, event, MIN, T0 } from '../correlate/fixtures';

const ctx: RankContext = {
  onset: T0,
  origin: { id: 'checkout', name: 'checkout', type: 'AWS::Lambda::Function', arn: 'arn:aws:lambda:eu-west-1:1:function:checkout' },
  resources: [
    { id: 'checkout', name: 'checkout', type: 'AWS::Lambda::Function' },
    { id: 'shop-api', name: 'shop-api', type: 'AWS::ApiGateway::RestApi' },
  ],
  collection: { type: 'STACK', name: 'shop' },
};

const ids = (events: readonly OpsEvent[]) => rankEvents(ctx, events).map((r) => r.event.id);

describe('rankEvents', () => {
  it('ranks the origin resource above other insight resources, the stack, and the account', () => {
    const t = T0 - 10 * MIN;
    const events = [
      event('account', t, 'CONFIG_CHANGE', [{ name: 'other-fn' }]),
      event('stack', t, 'CONFIG_CHANGE', [{ name: 'other-fn' }], { stack: 'shop' }),
      event('related', t, 'CONFIG_CHANGE', [{ name: 'shop-api' }], { source: 'apigateway.amazonaws.com', name: 'UpdateStage' }),
      event('origin', t, 'CONFIG_CHANGE', [{ name: 'checkout' }]),
    ];
    expect(ids(events)).toEqual(['origin', 'related', 'stack', 'account']);
  });

  it('prefers a change just before the onset to a comparable one just after it', () => {
    // Both are deployments in the stack; the later one lands 3 min after the first anomalous
    // period's timestamp, the earlier 4 min before it.
    const before = event('before', T0 - 4 * MIN, 'DEPLOYMENT', [{ name: 'other-fn' }], { stack: 'shop' });
    const after = event('after', T0 + 3 * MIN, 'DEPLOYMENT', [{ name: 'another-fn' }], { stack: 'shop' });
    expect(ids([after, before])).toEqual(['before', 'after']);
    // Beyond the period's uncertainty an event is not a candidate at all.
    expect(ids([event('late', T0 + 10 * MIN, 'DEPLOYMENT', [{ name: 'checkout' }])])).toEqual([]);
  });

  it('matches a resource named by ARN', () => {
    expect(rankEvents(ctx, [event('arn', T0 - MIN, 'CONFIG_CHANGE', [{ name: 'arn:aws:lambda:eu-west-1:1:function:checkout' }])])[0]?.scope).toBe('RESOURCE');
  });

  it('weighs deployments and config changes above infrastructure changes at equal distance', () => {
    const t = T0 - 5 * MIN;
    const events = [
      event('infra', t, 'INFRASTRUCTURE', [{ name: 'checkout' }], { name: 'CreateEventSourceMapping' }),
      event('config', t, 'CONFIG_CHANGE', [{ name: 'checkout' }]),
      deployment('d-1', t),
    ];
    expect(ids(events)).toEqual(['d-1', 'config', 'infra']);
  });

  it('prefers the more recent of two similar changes, and a near config change over a distant deployment', () => {
    expect(ids([deployment('d-old', T0 - 90 * MIN), deployment('d-new', T0 - 10 * MIN)])).toEqual(['d-new', 'd-old']);
    expect(ids([deployment('d-old', T0 - 110 * MIN), event('cfg', T0 - 3 * MIN, 'CONFIG_CHANGE', [{ name: 'checkout' }])])[0]).toBe('cfg');
  });

  it('keeps only events from the look-back before onset to one period after it, and leaves out tagging noise', () => {
    const events = [
      deployment('too-old', T0 - 3 * 60 * MIN),
      deployment('after', T0 + 20 * MIN),
      deployment('just-after', T0 + 3 * MIN),
      event('tag', T0 - MIN, 'CONFIG_CHANGE', [{ name: 'other' }], { name: 'TagResource' }),
    ];
    expect(ids(events)).toEqual(['just-after']);
  });
});

describe('rankEvents: changes, not records', () => {
  const alias = (id: string, time: number, user = 'CodeDeployServiceRole') =>
    event(id, time, 'DEPLOYMENT', [{ type: 'AWS::Lambda::Function', name: 'checkout' }], { name: 'UpdateAlias', user, stack: 'shop' });

  it('ranks a rollout once, named by its deployment, though its alias shift is nearer the onset', () => {
    const ranked = rankEvents(ctx, [alias('alias-2', T0 - 2 * MIN), deployment('d-1', T0 - 9 * MIN), alias('alias-1', T0 - 8 * MIN)]);
    expect(ranked).toHaveLength(1);
    expect(ranked[0]!.event.id).toBe('d-1');
    expect(ranked[0]!.records.map((e) => e.id)).toEqual(['d-1', 'alias-1', 'alias-2']);
    // It scores as its best record: the alias shift 2 min before onset.
    const aliasAlone = rankEvents(ctx, [alias('alias-2', T0 - 2 * MIN)])[0]!;
    expect(ranked[0]!.score).toBeCloseTo(aliasAlone.score, 10);
    expect(rootCauseHypothesis(ranked)).toBe('Likely cause: deployment of Lambda function checkout (CodeDeploy), 2 min before onset.');
  });

  it('keeps two rollouts of different functions, or of one function far apart, as two changes', () => {
    const other = event('other', T0 - 5 * MIN, 'DEPLOYMENT', [{ name: 'cart' }], { name: 'UpdateFunctionCode', stack: 'shop' });
    expect(rankEvents(ctx, [deployment('d-1', T0 - 9 * MIN), other])).toHaveLength(2);
    expect(rankEvents(ctx, [deployment('d-old', T0 - 60 * MIN), alias('alias', T0 - 5 * MIN)])).toHaveLength(2);
  });

  it('a policy change on the role a function uses reaches the function, without a stack, and beats an unrelated rollout', () => {
    const policy = event('iam-1', T0 - 3 * MIN, 'SECURITY_CHANGE', [{ type: 'AWS::IAM::Role', name: 'checkout-role' }], {
      source: 'iam.amazonaws.com',
      name: 'PutRolePolicy',
      user: 'alice',
    });
    const decoy = event('decoy', T0 - 2 * MIN, 'DEPLOYMENT', [{ name: 'catalog' }], { name: 'UpdateFunctionCode', stack: 'shop' });
    const ranked = rankEvents(ctx, [decoy, policy]);
    expect(ranked.map((r) => r.event.id)).toEqual(['iam-1', 'decoy']);
    expect(ranked[0]!.scope).toBe('RESOURCE');
    expect(rootCauseHypothesis(ranked)).toBe(
      'Likely cause: policy change PutRolePolicy on IAM role checkout-role (used by Lambda function checkout) by alice, 3 min before onset.',
    );
  });

  it('a change that touches no resource of the insight is never the likely cause, however close', () => {
    const decoy = event('decoy', T0 - MIN, 'DEPLOYMENT', [{ type: 'AWS::Lambda::Function', name: 'catalog' }], { name: 'UpdateFunctionCode', stack: 'shop' });
    const ranked = rankEvents(ctx, [decoy]);
    expect(ranked[0]!.score).toBeGreaterThan(0.25);
    expect(rootCauseHypothesis(ranked)).toMatch(/^Possibly related: deployment UpdateFunctionCode on Lambda function catalog/);
  });
});

describe('roleServes', () => {
  it('matches a role to the resource whose name its distinctive words make up', () => {
    const fn = (name: string) => ({ id: name, name, type: 'AWS::Lambda::Function' });
    expect(roleServes('checkout-role', fn('checkout'))).toBe(true);
    expect(roleServes('arn:aws:iam::123456789012:role/checkout-role', fn('checkout'))).toBe(true);
    expect(roleServes('ShopApi-CheckoutFnServiceRole12AB34CD-XYZ9', fn('ShopApi-CheckoutFn5E6F7A8B-QRS1'))).toBe(true);
    expect(roleServes('cart-role', fn('checkout'))).toBe(false);
    expect(roleServes('service-role', fn('checkout'))).toBe(false);
    expect(roleServes('api-role', fn('api'))).toBe(false);
  });
});

describe('rootCauseHypothesis', () => {
  it('names a CodeDeploy deployment by what it deployed and its distance to onset, never by id', () => {
    const ranked = rankEvents(ctx, [deployment('d-123', T0 - 6 * MIN)]);
    expect(rootCauseHypothesis(ranked)).toBe('Likely cause: deployment of Lambda function checkout (CodeDeploy), 6 min before onset.');
  });

  it('names a CloudTrail change with its API call, target and user', () => {
    const ranked = rankEvents(ctx, [event('ct-9', T0 - 12 * MIN, 'CONFIG_CHANGE', [{ name: 'checkout' }], { user: 'alice' })]);
    expect(rootCauseHypothesis(ranked)).toBe(
      'Likely cause: configuration change UpdateFunctionConfiguration on Lambda function checkout by alice, 12 min before onset.',
    );
  });

  it('hedges on weak evidence and falls back to the origin without events', () => {
    const weak = rankEvents(ctx, [event('acct', T0 - 30 * MIN, 'CONFIG_CHANGE', [{ name: 'elsewhere' }])]);
    expect(rootCauseHypothesis(weak)).toMatch(/^Possibly related: /);
    expect(rootCauseHypothesis([], 'The problem appears to start at X.')).toBe('No change event precedes the onset. The problem appears to start at X.');
    expect(rootCauseHypothesis([])).toBeUndefined();
  });

  it('formats distances', () => {
    expect(relativeToOnset(6.2)).toBe('6 min before onset');
    expect(relativeToOnset(0.2)).toBe('at onset');
    expect(relativeToOnset(-3)).toBe('3 min after onset');
    expect(relativeToOnset(150)).toBe('2.5 h before onset');
  });
});
