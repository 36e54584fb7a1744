import { describe, expect, it } from 'vitest';
import { DEFAULT_CADENCE } from '../../../src/aws/coverage';
import { estimateCycleCalls, estimateMonthlyCalls, estimateMonthlyCost, estimateOrganizationCost, inMemberAccount, syntheticCoverage, type AccountCoverage } from '../../../src/aws/cost';

const SHOP = { lambda: 20, dynamodb: 5, sqs: 5 };
const PAYMENTS = { lambda: 8, rds: 1 };

function member(id: string, counts: Record<string, number>, regions: string[], coverage: AccountCoverage['coverage'] = 'account'): AccountCoverage {
  return { accountId: id, regions, coverage, resources: regions.flatMap((r) => inMemberAccount(syntheticCoverage(counts), id, r)) };
}

const central: AccountCoverage = { regions: ['eu-west-1'], coverage: 'account', resources: syntheticCoverage({ lambda: 1, dynamodb: 1, ec2: 1 }) };

describe('organisation cost', () => {
  it('with the central account alone, prices exactly what a single-account install prices', () => {
    const single = estimateMonthlyCost(central.resources, DEFAULT_CADENCE);
    const org = estimateOrganizationCost([central], DEFAULT_CADENCE);
    expect(org.total.totalUsd).toBe(single.totalUsd);
    expect(org.total.lines).toEqual(single.lines);
    // The lone account adds what covering it costs over the empty stack; the rest is shared.
    const empty = estimateMonthlyCost([], DEFAULT_CADENCE, { shape: { accountRegions: 0 } });
    expect(org.accounts[0]!.usd).toBeCloseTo(single.totalUsd - empty.totalUsd, 9);
    expect(org.sharedUsd).toBeCloseTo(empty.totalUsd, 9);
  });

  it('splits the total into what each account adds plus a shared part, and counts each account’s own metric reads', () => {
    const accounts = [central, member('111122223333', SHOP, ['eu-west-1', 'us-east-1']), member('444455556666', PAYMENTS, ['eu-west-1'], 'stacks')];
    const org = estimateOrganizationCost(accounts, DEFAULT_CADENCE);
    expect(org.accounts.reduce((s, a) => s + a.usd, 0) + org.sharedUsd).toBeCloseTo(org.total.totalUsd, 9);
    expect(org.sharedUsd).toBeGreaterThanOrEqual(org.total.fixedUsd);
    const [c, shop, payments] = org.accounts;
    expect(shop).toMatchObject({ accountId: '111122223333', regions: 2, resources: 60 });
    expect(payments).toMatchObject({ accountId: '444455556666', regions: 1, resources: 9 });
    // GetMetricData is priced per metric: an account requests what its series need, nothing shared.
    for (const [row, a] of [
      [c, accounts[0]],
      [shop, accounts[1]],
      [payments, accounts[2]],
    ] as const) {
      expect(row!.metricsRequested).toBe(estimateMonthlyCalls(a!.resources, DEFAULT_CADENCE).metricsRequested);
    }
    // Two regions of the same coverage read twice the metrics of one.
    expect(shop!.metricsRequested).toBe(2 * estimateMonthlyCalls(member('111122223333', SHOP, ['eu-west-1']).resources, DEFAULT_CADENCE).metricsRequested);
    // Member reads are part of what the member adds; the central account has none through a role.
    expect(shop!.memberReadsUsd).toBeGreaterThan(0);
    expect(shop!.memberReadsUsd).toBeLessThan(shop!.usd);
    expect(c!.memberReadsUsd).toBe(0);
    expect(org.accounts.reduce((s, a) => s + a.devOpsGuruUsd, 0)).toBeCloseTo(org.total.devOpsGuru.usd, 9);
  });

  it('reads change events once per account-region, and never batches metrics of two account-regions in one call', () => {
    const a = member('111122223333', SHOP, ['eu-west-1']).resources;
    const b = member('444455556666', SHOP, ['eu-west-1']).resources;
    const together = estimateCycleCalls([...a, ...b], DEFAULT_CADENCE, { shape: { accountRegions: 2 } });
    const alone = [estimateCycleCalls(a, DEFAULT_CADENCE), estimateCycleCalls(b, DEFAULT_CADENCE)];
    expect(together.getMetricData.calls).toBe(alone[0]!.getMetricData.calls + alone[1]!.getMetricData.calls);
    expect(together.getMetricData.metricsRequested).toBe(alone[0]!.getMetricData.metricsRequested + alone[1]!.getMetricData.metricsRequested);
    expect(together.lookupEvents.calls).toBe(2 * alone[0]!.lookupEvents.calls);
    expect(together.codeDeploy.listDeployments).toBe(2);
    // The same series in the central account alone batch into fewer calls than two accounts' do.
    const unscoped = estimateCycleCalls([...syntheticCoverage(SHOP), ...syntheticCoverage(SHOP).map((r) => ({ ...r, id: `${r.id}-b`, series: r.series.map((s) => ({ ...s, dimensions: { ...s.dimensions, copy: 'b' } })) }))], DEFAULT_CADENCE);
    expect(unscoped.getMetricData.calls).toBeLessThan(together.getMetricData.calls);
  });

  it('discovers coverage per account with its own mode: stacks coverage lists no catalog metrics', () => {
    const byService = (accounts: AccountCoverage[]) => estimateOrganizationCost(accounts, DEFAULT_CADENCE).total.lines.find((l) => l.service === 'CloudWatch ListMetrics')!.quantity;
    const asAccount = byService([member('444455556666', PAYMENTS, ['eu-west-1'], 'account')]);
    const asStacks = byService([member('444455556666', PAYMENTS, ['eu-west-1'], 'stacks')]);
    expect(asStacks).toBe(0);
    expect(asAccount).toBeGreaterThan(0);
    // Two account-regions list twice.
    expect(byService([member('444455556666', PAYMENTS, ['eu-west-1', 'us-east-1'], 'account')])).toBe(2 * asAccount);
  });
});
