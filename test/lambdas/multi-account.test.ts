/**
 * The single-mode cycle function with an organisation config: one member account answers, the
 * other refuses AssumeRole. The cycle still completes, the member's series are read with its
 * role, and the refused account is logged in one line, counted by account and region, and
 * written FAILED in the account-status document.
 */
import { GetMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ACCOUNT_STATUS_DOCUMENT, parseAccountStatuses, parseConfig, type AccountStatus } from '../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/local/embedded-dynamo';
import { builtinScenario } from '../../src/local/scenario/builtin';
import { ACCOUNT, FakeAws, MEMBER, REFUSING, REGION, TOPIC, accessKeyOf, mockMemberRoles, virtualTimer } from './harness';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const HOUR = 3_600_000;

describe('cycle function over an organisation with one refusing member', () => {
  const bundle = builtinScenario();
  const aws = new FakeAws(bundle);
  const sts = mockMemberRoles();
  let emb: EmbeddedStore;
  let statuses: AccountStatus[] = [];
  const errors: string[] = [];
  const failureMetrics: Array<{ dims: Record<string, string>; name: string; value: number }> = [];
  const outcomes: string[] = [];
  const memberReads: number[] = [];
  const start = bundle.start + 12 * HOUR;

  beforeAll(async () => {
    emb = await startEmbeddedStore();
    const { createCycleHandler } = await import('../../lambdas/cycle');
    const { observability } = await import('../../lambdas/shared/observability');
    const obs = observability('opsight-test');
    vi.spyOn(obs.logger, 'error').mockImplementation((...args: unknown[]) => void errors.push(String(args[0])));
    vi.spyOn(obs.metrics, 'singleMetric').mockImplementation(() => {
      const dims: Record<string, string> = {};
      return { addDimension: (k: string, v: string) => void (dims[k] = v), addMetric: (name: string, _unit: unknown, value: number) => void failureMetrics.push({ dims, name, value }) } as never;
    });
    const config = parseConfig({
      coverage: { mode: 'stacks', stacks: ['checkout-service'] },
      cadence: { goldenSignalsMinutes: 60, capacityMinutes: 60 },
      organization: { externalId: 'ext-1', accounts: [{ id: MEMBER, coverage: { mode: 'stacks', stacks: ['checkout-service'] } }, { id: REFUSING }] },
    });
    let wall = 0;
    const cycle = createCycleHandler({
      env: { tableName: emb.tableName, topicArn: TOPIC, accountId: ACCOUNT, region: REGION, config },
      clients: aws.clients(emb),
      obs,
      clock: () => wall,
      cycleOptions: { warmStartMs: 6 * HOUR },
      timer: virtualTimer(),
    });
    aws.cw.on(GetMetricDataCommand).callsFake(async (input, getClient) => {
      const key = await accessKeyOf(getClient);
      if (key === `AK${MEMBER}`) memberReads.push(input.MetricDataQueries?.length ?? 0);
      return { MetricDataResults: [] };
    });
    for (const now of [start, start + HOUR]) {
      wall = now + 30_000;
      outcomes.push(await cycle({ time: new Date(now).toISOString() }));
    }
    statuses = parseAccountStatuses((await emb.store.getConfig(ACCOUNT_STATUS_DOCUMENT))?.value);
  }, 120_000);

  afterAll(async () => {
    aws.restore();
    sts.restore();
    await emb.close();
  });

  it('completes every cycle and reads the answering member with its own role', () => {
    expect(outcomes).toEqual(['correlated', 'correlated']);
    expect(memberReads.length).toBeGreaterThan(0);
  });

  it('writes the member OK and the refusing account FAILED with a one-line error', () => {
    const [member, refusing] = statuses;
    expect(member).toMatchObject({ accountId: MEMBER, state: 'OK', regions: [REGION] });
    expect(member!.resources).toBeGreaterThan(0);
    expect(refusing).toMatchObject({ accountId: REFUSING, state: 'FAILED', resources: 0, lastError: `${REGION}: AccessDenied assuming role OpsightMemberRead in ${REFUSING}` });
    expect(refusing!.failingSince).toBe(start);
    expect(refusing!.lastSuccessAt).toBeUndefined();
    expect(member!.lastSuccessAt).toBe(start + HOUR);
    expect(refusing!.lastError).not.toContain('\n');
  });

  it('logs each failure in one line naming account, region and reason, and counts it by account and region', () => {
    expect(errors).toContain(`account ${REFUSING} ${REGION}: coverage not collected: AccessDenied assuming role OpsightMemberRead in ${REFUSING}`);
    expect(errors.every((e) => !e.includes(MEMBER))).toBe(true);
    // One line and one count per failing account and region and cycle (its event read fails too, for the same cause).
    expect(errors.filter((e) => e.includes(REFUSING))).toHaveLength(2);
    expect(failureMetrics).toEqual([1, 2].map(() => ({ dims: { AccountId: REFUSING, Region: REGION }, name: 'AccountCollectionFailures', value: 1 })));
  });
});
