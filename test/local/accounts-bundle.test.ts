/**
 * Scenario bundles naming member accounts: every bundle written before accounts existed loads
 * exactly as before, a member resource's series are read in its account, and the two-account
 * demo replays into one insight per account.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startEmbeddedStore } from '../../src/local/embedded-dynamo';
import { MemoryNotifier } from '../../src/local/notifier';
import { replayScenario } from '../../src/local/replay-run';
import { bundleAccountStatuses, builtinScenario, parseBundle, ScenarioBundleSchema, twoAccountScenario } from '../../src/local/scenario';
import { demoScenario, shippedSuite } from '../../src/local/simulator';
import { seriesKey } from '../../src/core';

function docsExample(): unknown {
  const md = readFileSync(join(import.meta.dirname, '../../docs/scenarios.md'), 'utf8');
  return JSON.parse(/```json\n([\s\S]*?)\n```/.exec(md.slice(md.indexOf('## Example')))![1]!);
}

describe('scenario bundles and accounts', () => {
  it('loads every bundle without accounts exactly as the schema reads it (nothing added)', () => {
    const bundles: unknown[] = [docsExample(), builtinScenario(), demoScenario(), ...shippedSuite().slice(0, 6)].map((b) => JSON.parse(JSON.stringify(b)));
    for (const raw of bundles) {
      const parsed = parseBundle(raw);
      expect(parsed).toEqual(ScenarioBundleSchema.parse(raw));
      expect(parsed).not.toHaveProperty('accounts');
      expect(parsed.series.some((s) => 'accountId' in s)).toBe(false);
    }
  });

  it("reads a member resource's series in its account and region, and refuses a series of another account in one line", () => {
    const raw = JSON.parse(JSON.stringify(builtinScenario())) as { resources: Array<Record<string, unknown>>; series: Array<Record<string, unknown>> };
    raw.resources[1] = { ...raw.resources[1], accountId: '111122223333', region: 'eu-west-1' };
    const parsed = parseBundle(raw);
    const own = parsed.series.filter((s) => s.resourceId === 'checkout');
    expect(own.length).toBeGreaterThan(0);
    for (const s of own) expect(seriesKey(s)).toMatch(/\|@111122223333\/eu-west-1$/);
    expect(parsed.series.filter((s) => s.resourceId !== 'checkout').every((s) => s.accountId === undefined)).toBe(true);

    const wrong = raw.series.findIndex((s) => s.resourceId === 'checkout');
    raw.series[wrong] = { ...raw.series[wrong], accountId: '444455556666', region: 'eu-west-1' };
    expect(() => parseBundle(raw)).toThrow(
      new RegExp(`^Invalid scenario bundle: series\\.${wrong}\\.accountId: 444455556666/eu-west-1 is not the account and region of resource checkout \\(111122223333/eu-west-1\\)$`),
    );
    expect(() => parseBundle({ ...raw, accounts: [{ id: '12' }] })).toThrow(/accounts\.0\.id: must be a 12-digit AWS account id/);
  });

  it('reports the member accounts of a bundle as collection statuses', () => {
    const b = twoAccountScenario();
    expect(bundleAccountStatuses(b, b.end)).toEqual([
      { accountId: '111122223333', alias: 'shop-prod', organizationalUnitId: 'ou-demo-produnit1', regions: ['eu-west-1'], state: 'OK', resources: 3, lastSuccessAt: b.end },
      { accountId: '444455556666', alias: 'shop-staging', organizationalUnitId: 'ou-demo-testunit1', regions: ['us-east-1'], state: 'OK', resources: 3, lastSuccessAt: b.end },
    ]);
    expect(bundleAccountStatuses(builtinScenario(), 0)).toEqual([]);
  });

  it('replays the two-account demo into one insight per account, each blaming its own deployment', async () => {
    const bundle = parseBundle(JSON.parse(JSON.stringify(twoAccountScenario())));
    const emb = await startEmbeddedStore();
    try {
      await replayScenario(bundle, emb.store, new MemoryNotifier());
      const reactive = (await emb.store.listInsights({ limit: 50 })).items.filter((i) => i.type === 'REACTIVE');
      const accounts = [...new Set(reactive.map((i) => i.accountId))].sort();
      expect(accounts).toEqual(['111122223333', '444455556666']);
      for (const i of reactive.filter((x) => x.name === 'Errors increased on Lambda function checkout')) {
        expect(i.collection.accountId).toBe(i.accountId);
        expect(i.relevantEventIds[0]).toBe(`${i.accountId}-d-CHK123`);
      }
      expect(reactive.filter((x) => x.name === 'Errors increased on Lambda function checkout')).toHaveLength(2);
    } finally {
      await emb.close();
    }
  });
});
