import { describe, expect, it } from 'vitest';
import { correlate, correlatorForOrganization, DEFAULT_CORRELATOR_CONFIG, parseConfig, scopedResourceId, seriesKey, stableId, type Anomaly, type CorrelatorConfig, type OpsEvent } from '../../../src/core';
import { mayCorrelate } from '../../../src/core/accounts/scope';
import { anomaly, deployment, lambdaErrors, MIN, PERIOD_MS, T0 } from './fixtures';

const SHOP = '111122223333';
const DATA = '444455556666';
const REGION = 'eu-west-1';

/** The same anomaly read in a member account: every identity field scoped to the account. */
function inAccount(a: Anomaly, accountId: string): Anomaly {
  const series = { ...a.series, accountId, region: REGION };
  const key = seriesKey(series);
  return {
    ...a,
    id: stableId('anm', key, a.timeRange.start),
    seriesKey: key,
    series,
    resourceId: scopedResourceId(a.resourceName, accountId, REGION),
    collection: { ...a.collection, accountId },
    accountId,
    region: REGION,
  };
}

const ordersThrottle = () => anomaly({ resource: 'orders', type: 'AWS::DynamoDB::Table', namespace: 'AWS/DynamoDB', metric: 'WriteThrottleEvents', stack: 'orders', start: T0, periods: 4 });
const checkoutErrors = () => lambdaErrors(T0 + PERIOD_MS, { periods: 4 });

function run(changed: Anomaly[], events: OpsEvent[] = [], config: CorrelatorConfig = DEFAULT_CORRELATOR_CONFIG) {
  return correlate({ now: T0 + 20 * MIN, changed, ongoing: [], known: new Map(), events, config });
}

const linked = (from: { account: string; stack?: string }, to: { account: string; stack?: string }): CorrelatorConfig => ({
  ...DEFAULT_CORRELATOR_CONFIG,
  accounts: { dependencies: [{ from, to }] },
});

describe('correlate across member accounts', () => {
  it('keeps one incident shape in two accounts apart without a dependency', () => {
    const out = run([inAccount(checkoutErrors(), SHOP), inAccount(ordersThrottle(), DATA)]);
    expect(out.insights).toHaveLength(2);
    expect(out.insights.map((i) => i.accountId).sort()).toEqual([SHOP, DATA].sort());
    for (const i of out.insights) expect(i.region).toBe(REGION);
  });

  it('joins them into one insight through a dependency, in either direction, owned by the causal account', () => {
    for (const config of [linked({ account: SHOP }, { account: DATA }), linked({ account: DATA }, { account: SHOP })]) {
      const out = run([inAccount(checkoutErrors(), SHOP), inAccount(ordersThrottle(), DATA)], [], config);
      expect(out.insights).toHaveLength(1);
      const ins = out.insights[0]!;
      // The throttling table (deepest tier) is the cause, so the insight is the data account's.
      expect(ins).toMatchObject({ accountId: DATA, region: REGION, collection: { type: 'STACK', name: 'orders', accountId: DATA } });
      expect(ins.anomalyIds).toHaveLength(2);
    }
  });

  it('a dependency narrowed to another stack does not join them', () => {
    const out = run([inAccount(checkoutErrors(), SHOP), inAccount(ordersThrottle(), DATA)], [], linked({ account: SHOP, stack: 'billing' }, { account: DATA }));
    expect(out.insights).toHaveLength(2);
    const joined = run([inAccount(checkoutErrors(), SHOP), inAccount(ordersThrottle(), DATA)], [], linked({ account: SHOP, stack: 'shop' }, { account: DATA, stack: 'orders' }));
    expect(joined.insights).toHaveLength(1);
  });

  it("never ranks another account's change for an insight unless a dependency links the two", () => {
    const errors = inAccount(lambdaErrors(T0), SHOP);
    const elsewhere: OpsEvent = { ...deployment('d-other', T0 - 6 * MIN), accountId: DATA, region: REGION };
    const own: OpsEvent = { ...deployment('d-own', T0 - 20 * MIN), accountId: SHOP, region: REGION };
    const apart = run([errors], [elsewhere, own]).insights[0]!;
    expect(apart.relevantEventIds).toEqual(['d-own']);
    expect(apart.causes?.[0]).toMatchObject({ eventIds: ['d-own'], scope: 'RESOURCE', likely: true });
    // Linked: the other account's change is a candidate, but a function of the same name there is not this one.
    const together = run([errors], [elsewhere, own], linked({ account: SHOP }, { account: DATA })).insights[0]!;
    expect(together.relevantEventIds).toContain('d-other');
    expect(together.causes?.find((c) => c.eventIds[0] === 'd-other')).toMatchObject({ scope: 'ACCOUNT', likely: false });
    expect(together.causes?.[0]?.eventIds).toEqual(['d-own']);
  });

  it('leaves the account Opsight runs in unchanged: no account fields on its anomalies and insights', () => {
    const out = run([checkoutErrors(), ordersThrottle()]);
    expect(out.insights).toHaveLength(1);
    expect(out.insights[0]).not.toHaveProperty('accountId');
    expect(out.insights[0]).not.toHaveProperty('region');
  });
});

describe('mayCorrelate', () => {
  const deps = [{ from: { account: SHOP }, to: { account: '123456789012', stack: 'core' } }];
  it('matches a dependency on the central account through its id', () => {
    expect(mayCorrelate({ accountId: SHOP }, { stack: 'core' }, { dependencies: deps, centralAccountId: '123456789012' })).toBe(true);
    expect(mayCorrelate({ accountId: SHOP }, { stack: 'edge' }, { dependencies: deps, centralAccountId: '123456789012' })).toBe(false);
    expect(mayCorrelate({ accountId: SHOP }, { stack: 'core' }, { dependencies: deps })).toBe(false);
    expect(mayCorrelate({}, {}, { dependencies: [] })).toBe(true);
  });
});

describe('correlatorForOrganization', () => {
  it('carries the configured dependencies into the correlator, and nothing without any', () => {
    const org = parseConfig({ organization: { externalId: 'ext-1', accounts: [{ id: SHOP }, { id: DATA }], dependencies: [{ from: { account: SHOP }, to: { account: DATA, stack: 'orders' } }] } }).organization;
    const cfg = correlatorForOrganization(org, '123456789012');
    expect(cfg?.accounts).toEqual({ dependencies: [{ from: { account: SHOP }, to: { account: DATA, stack: 'orders' } }], centralAccountId: '123456789012' });
    const out = run([inAccount(checkoutErrors(), SHOP), inAccount(ordersThrottle(), DATA)], [], cfg);
    expect(out.insights).toHaveLength(1);
    expect(correlatorForOrganization(undefined)).toBeUndefined();
    expect(correlatorForOrganization({ dependencies: [] })).toBeUndefined();
  });
});
