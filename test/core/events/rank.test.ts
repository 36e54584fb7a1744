import { describe, expect, it } from 'vitest';
import { rankEvents, relativeToOnset, rootCauseHypothesis, type OpsEvent, type RankContext } from '../../../src/core';
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
    const after = event('after', T0 + 3 * MIN, 'DEPLOYMENT', [{ name: 'other-fn' }], { stack: 'shop' });
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

describe('rootCauseHypothesis', () => {
  it('names a CodeDeploy deployment by id, its target and its distance to onset', () => {
    const ranked = rankEvents(ctx, [deployment('d-123', T0 - 6 * MIN)]);
    expect(rootCauseHypothesis(ranked)).toBe('Likely cause: deployment d-123 of Lambda function checkout, 6 min before onset.');
  });

  it('names a CloudTrail change with its API call, target and user, never by its event id', () => {
    const ranked = rankEvents(ctx, [event('581f0496-3222-4661-96e2-1dab3f029bd0', T0 - 12 * MIN, 'CONFIG_CHANGE', [{ name: 'checkout' }], { user: 'alice' })]);
    expect(rootCauseHypothesis(ranked)).toBe(
      'Likely cause: configuration change UpdateFunctionConfiguration on Lambda function checkout by alice, 12 min before onset.',
    );
  });

  it('calls an IAM policy edit a policy change', () => {
    const ranked = rankEvents(ctx, [event('e-1', T0 - 4 * MIN, 'SECURITY_CHANGE', [{ type: 'AWS::IAM::Role', name: 'checkout-role' }], { name: 'PutRolePolicy', user: 'ci' })]);
    expect(rootCauseHypothesis(ranked)).toMatch(/^(Likely cause|Possibly related): policy change PutRolePolicy on IAM role checkout-role by ci, 4 min before onset\.$/);
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
