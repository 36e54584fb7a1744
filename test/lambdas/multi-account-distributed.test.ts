/**
 * Distributed mode over an organisation: the planner lists the member's coverage with its role
 * and sends shards whose resources and series carry the member's account and region; the
 * analyzers read those series with the member role; a refusing member is written FAILED by the
 * planner and stops nothing.
 */
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCOUNT_STATUS_DOCUMENT, parseAccountStatuses, parseConfig, parseWorkItem, type AccountStatus, type WorkItem } from '../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/local/embedded-dynamo';
import { builtinScenario } from '../../src/local/scenario/builtin';
import { ACCOUNT, CORRELATE_QUEUE, FakeAws, MEMBER, REFUSING, REGION, TOPIC, WORK_QUEUE, accessKeyOf, mockMemberRoles, virtualTimer } from './harness';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const HOUR = 3_600_000;

describe('planner and analyzers over an organisation', () => {
  const bundle = builtinScenario();
  const aws = new FakeAws(bundle);
  const sts = mockMemberRoles();
  let emb: EmbeddedStore;
  const items: WorkItem[] = [];
  const readsByKey = new Map<string, number>();
  let statuses: AccountStatus[] = [];
  const outcomes: unknown[] = [];

  beforeAll(async () => {
    aws.cw.on(GetMetricDataCommand).callsFake(async (_input, getClient) => {
      const key = await accessKeyOf(getClient);
      readsByKey.set(key, (readsByKey.get(key) ?? 0) + 1);
      return { MetricDataResults: [] };
    });
    emb = await startEmbeddedStore();
    const { createPlannerHandler } = await import('../../lambdas/planner');
    const { createAnalyzerHandler } = await import('../../lambdas/analyzer');
    const { createCorrelatorHandler } = await import('../../lambdas/correlator');
    const { observability } = await import('../../lambdas/shared/observability');
    const config = parseConfig({
      coverage: { mode: 'stacks', stacks: ['checkout-service'] },
      cadence: { goldenSignalsMinutes: 60, capacityMinutes: 60 },
      pipeline: { mode: 'distributed' },
      organization: { externalId: 'ext-1', includeCentralAccount: false, accounts: [{ id: MEMBER, coverage: { mode: 'stacks', stacks: ['checkout-service'] } }, { id: REFUSING }] },
    });
    const now = bundle.start + 12 * HOUR;
    const rt = {
      env: { tableName: emb.tableName, workQueueUrl: WORK_QUEUE, correlateQueueUrl: CORRELATE_QUEUE, topicArn: TOPIC, accountId: ACCOUNT, region: REGION, config },
      clients: aws.clients(emb),
      obs: observability('opsight-test'),
      clock: () => now + 30_000,
      cycleOptions: { warmStartMs: 6 * HOUR },
      timer: virtualTimer(),
    };
    outcomes.push(await createPlannerHandler(rt)({ time: new Date(now).toISOString() }));
    const work = aws.drain(WORK_QUEUE);
    items.push(...work.Records.map((r) => parseWorkItem(JSON.parse(r.body))));
    outcomes.push((await createAnalyzerHandler(rt)(work)).batchItemFailures);
    outcomes.push((await createCorrelatorHandler(rt)(aws.drain(CORRELATE_QUEUE))).batchItemFailures);
    statuses = parseAccountStatuses((await emb.store.getConfig(ACCOUNT_STATUS_DOCUMENT))?.value);
  }, 120_000);

  afterAll(async () => {
    aws.restore();
    sts.restore();
    await emb.close();
  });

  it('plans, analyzes and correlates without a failed message', () => {
    expect(outcomes).toEqual(['planned', [], []]);
  });

  it('sends shards whose resources and series carry the member scope (the central account left out)', () => {
    const resources = items.flatMap((i) => i.resources);
    expect(resources.length).toBeGreaterThan(0);
    for (const r of resources) {
      expect(r).toMatchObject({ accountId: MEMBER, region: REGION });
      expect(r.id.startsWith(`${MEMBER}/${REGION}:`)).toBe(true);
      for (const s of r.series) expect(s).toMatchObject({ accountId: MEMBER, region: REGION });
    }
  });

  it('reads the member series with the member role only', () => {
    expect([...readsByKey.keys()]).toEqual([`AK${MEMBER}`]);
  });

  it('writes the statuses from the planner', () => {
    expect(statuses.map((s) => [s.accountId, s.state])).toEqual([
      [MEMBER, 'OK'],
      [REFUSING, 'FAILED'],
    ]);
  });
});
