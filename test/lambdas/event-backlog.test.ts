/**
 * The scheduled function makes the change-event backlog visible: windows left for later
 * cycles are an info line and a metric; windows given up are an error line and a metric.
 */
import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EVENTS_STATE_KEY, parseConfig } from '../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/local/embedded-dynamo';
import { builtinScenario } from '../../src/local/scenario/builtin';
import { ACCOUNT, FakeAws, REGION, virtualTimer } from './harness';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const DAY = 86_400_000;

describe('cycle function: change-event backlog', () => {
  const bundle = builtinScenario();
  const aws = new FakeAws(bundle);
  let emb: EmbeddedStore;

  beforeAll(async () => {
    emb = await startEmbeddedStore();
  });
  afterAll(async () => {
    aws.restore();
    await emb.close();
  });

  it('logs and counts what it leaves for later cycles and what it gives up', async () => {
    // CloudTrail that always has another page: every read stops at its page budget.
    let page = 0;
    aws.ct.on(LookupEventsCommand).callsFake((input: { EndTime?: Date }) => {
      page++;
      const t = input.EndTime!.getTime() - page * 1_000;
      return {
        Events: [{ EventId: `ev-${page}`, EventName: 'UpdateFunctionCode20150331v2', EventSource: 'lambda.amazonaws.com', EventTime: new Date(t), ReadOnly: 'false', Resources: [] }],
        NextToken: `t${page}`,
      };
    });
    const now = bundle.labels[0]!.start;
    // A window older than CloudTrail keeps is waiting in the backlog: it can only be given up.
    await emb.store.putStates(new Map([[EVENTS_STATE_KEY, { version: 1, unread: [{ start: now - 120 * DAY, end: now - 100 * DAY }], dropped: { windows: 0, ms: 0 } }]]));

    const { createCycleHandler } = await import('../../lambdas/cycle');
    const { observability } = await import('../../lambdas/shared/observability');
    const obs = observability('opsight-test');
    const info = vi.spyOn(obs.logger, 'info');
    const error = vi.spyOn(obs.logger, 'error');
    const metric = vi.spyOn(obs.metrics, 'addMetric');
    const config = parseConfig({ coverage: { mode: 'stacks', stacks: ['checkout-service'] } });
    const cycle = createCycleHandler({
      env: { tableName: emb.tableName, accountId: ACCOUNT, region: REGION, config },
      clients: aws.clients(emb),
      obs,
      clock: () => now + 30_000,
      cycleOptions: { warmStartMs: DAY },
      timer: virtualTimer(),
    });
    await cycle({ time: new Date(now).toISOString() });

    expect(metric).toHaveBeenCalledWith('EventWindowsUnread', expect.anything(), 1);
    expect(info).toHaveBeenCalledWith('change events left for later cycles', expect.objectContaining({ windows: 1 }));
    expect(metric).toHaveBeenCalledWith('EventWindowsDropped', expect.anything(), 1);
    expect(error).toHaveBeenCalledWith(expect.stringContaining('change events given up'), expect.objectContaining({ dropped: [{ start: now - 120 * DAY, end: now - 100 * DAY }] }));
  });
});
