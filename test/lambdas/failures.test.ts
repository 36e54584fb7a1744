/**
 * Handler-level failure paths: a malformed message fails alone (partial batch response), so
 * SQS retries it and then moves it to the dead-letter queue, while the good messages of the
 * same batch are not re-run.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/local/embedded-dynamo';
import { builtinScenario } from '../../src/local/scenario/builtin';
import type { Runtime } from '../../lambdas/shared/runtime';
import { ACCOUNT, CORRELATE_QUEUE, FakeAws, REGION, WORK_QUEUE, sqsRecord, virtualTimer } from './harness';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

describe('Lambda failure paths', () => {
  const aws = new FakeAws(builtinScenario());
  let emb: EmbeddedStore;
  let rt: Runtime;

  beforeAll(async () => {
    emb = await startEmbeddedStore();
    const { observability } = await import('../../lambdas/shared/observability');
    const config = parseConfig({ coverage: { mode: 'stacks', stacks: ['checkout-service'] } });
    rt = {
      env: { tableName: emb.tableName, workQueueUrl: WORK_QUEUE, correlateQueueUrl: CORRELATE_QUEUE, accountId: ACCOUNT, region: REGION, config },
      clients: aws.clients(emb),
      obs: observability('opsight-test'),
      clock: () => Date.UTC(2026, 10, 19),
      timer: virtualTimer(),
    };
  });

  afterAll(async () => {
    aws.restore();
    await emb?.close();
  });

  it('analyzer: reports only the malformed work items as failures', async () => {
    const { createAnalyzerHandler } = await import('../../lambdas/analyzer');
    const analyzer = createAnalyzerHandler(rt);
    // A work item of a cycle nobody planned is skipped (stale), not failed.
    const stale = JSON.stringify({ version: 1, cycleId: 'c-unplanned', shard: 0, shards: 1, now: Date.UTC(2026, 10, 19), resources: [] });
    const out = await analyzer({
      Records: [sqsRecord('bad-json', '{not json', WORK_QUEUE), sqsRecord('ok-stale', stale, WORK_QUEUE), sqsRecord('bad-shape', JSON.stringify({ shard: 'x' }), WORK_QUEUE)],
    });
    expect(out.batchItemFailures.map((f) => f.itemIdentifier).sort()).toEqual(['bad-json', 'bad-shape']);
  });

  it('correlator: reports only the malformed requests as failures', async () => {
    const { createCorrelatorHandler } = await import('../../lambdas/correlator');
    const correlator = createCorrelatorHandler(rt);
    const out = await correlator({ Records: [sqsRecord('bad', '[]', CORRELATE_QUEUE), sqsRecord('unknown-cycle', JSON.stringify({ cycleId: 'c-unknown' }), CORRELATE_QUEUE)] });
    expect(out.batchItemFailures.map((f) => f.itemIdentifier)).toEqual(['bad']);
  });
});
