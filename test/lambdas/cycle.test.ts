/**
 * Single mode: the one scheduled cycle function plans, analyzes and correlates in one
 * invocation (no queues); the notifier delivers from the table stream. Every schedule tick and
 * stream batch is delivered twice; each insight and SNS message must come out exactly once,
 * and the detection reads must equal the cost model's single-mode prediction.
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core';
import { catalogFor } from '../../src/aws/coverage';
import { estimateCycleCalls } from '../../src/aws/cost';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/local/embedded-dynamo';
import { builtinScenario } from '../../src/local/scenario/builtin';
import { ACCOUNT, FakeAws, REGION, SimulatedStream, TOPIC, virtualTimer } from './harness';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const HOUR = 3_600_000;
const DAY = 86_400_000;

describe('single-mode cycle function, every tick delivered twice', () => {
  const bundle = builtinScenario();
  const label = bundle.labels[0]!;
  const aws = new FakeAws(bundle);
  let emb: EmbeddedStore;
  const config = parseConfig({
    coverage: { mode: 'stacks', stacks: ['checkout-service'] },
    cadence: { goldenSignalsMinutes: 60, capacityMinutes: 60 },
    notifications: { severities: ['LOW', 'MEDIUM', 'HIGH'] },
  });
  const warmStartMs = 3 * DAY;
  const statuses: string[] = [];
  const reads: Array<{ now: number; first: boolean; calls: number; metrics: number }> = [];

  beforeAll(async () => {
    emb = await startEmbeddedStore();
    const { createCycleHandler } = await import('../../lambdas/cycle');
    const { createNotifierHandler } = await import('../../lambdas/notifier');
    const { observability } = await import('../../lambdas/shared/observability');
    let wall = 0;
    const rt = {
      env: { tableName: emb.tableName, topicArn: TOPIC, accountId: ACCOUNT, region: REGION, config },
      clients: aws.clients(emb),
      obs: observability('opsight-test'),
      clock: () => wall,
      cycleOptions: { warmStartMs },
      timer: virtualTimer(),
    };
    const cycle = createCycleHandler(rt);
    const notifier = createNotifierHandler(rt);
    const stream = new SimulatedStream(emb);
    const first = label.start - 2 * HOUR;
    for (let now = first; now <= label.start + 6 * HOUR; now += HOUR) {
      wall = now + 30_000;
      const time = new Date(now).toISOString();
      aws.resetCounts();
      statuses.push(await cycle({ time }));
      reads.push({ now, first: now === first, calls: aws.counts.getMetricData, metrics: aws.counts.metricsRequested });
      statuses.push(await cycle({ time }));
      const changes = await stream.next();
      expect((await notifier(changes)).batchItemFailures).toEqual([]);
      expect((await notifier(changes)).batchItemFailures).toEqual([]);
      const own = await stream.next();
      expect((await notifier(own)).batchItemFailures).toEqual([]);
    }
  }, 120_000);

  afterAll(async () => {
    aws.restore();
    await emb?.close();
  });

  it('correlates each tick once; the duplicate tick finds it done', () => {
    expect(statuses.filter((_, i) => i % 2 === 0).every((s) => s === 'correlated')).toBe(true);
    expect(statuses.filter((_, i) => i % 2 === 1).every((s) => s === 'done')).toBe(true);
  });

  it('opens one insight for the bad deployment and sends each message once', async () => {
    const insights = (await emb.store.listInsights({ limit: 100 })).items;
    const hit = insights.filter((i) => i.timeRange.start >= label.start - 10 * 60_000 && i.timeRange.start <= label.start + 15 * 60_000);
    expect(hit).toHaveLength(1);
    expect(hit[0]!.relevantEventIds).toContain('d-CHK123');
    const keys = aws.sns.commandCalls(PublishCommand).map((c) => {
      const m = JSON.parse((JSON.parse(c.args[0].input.Message!) as { default: string }).default) as { insightId: string; messageType: string; updatedAt?: number };
      return `${m.insightId}|${m.messageType}`;
    });
    expect(keys.filter((k) => k === `${hit[0]!.id}|NEW_INSIGHT`)).toHaveLength(1);
    expect(keys.filter((k) => k === `${hit[0]!.id}|CLOSED_INSIGHT`)).toHaveLength(1);
  });

  it('reads exactly the metrics the single-mode cost model predicts', async () => {
    const c = aws.clients(emb);
    const resources = await catalogFor({ cloudwatch: c.cloudwatch, cloudformation: c.cloudformation, tagging: c.tagging }, config.coverage).list();
    for (const r of reads) {
      const model = estimateCycleCalls(resources, config.cadence, { at: r.now, firstCycle: r.first, shape: { mode: 'single', warmStartMs } });
      expect({ at: r.now, calls: r.calls, metrics: r.metrics }).toEqual({ at: r.now, calls: model.getMetricData.calls, metrics: model.getMetricData.metricsRequested });
    }
  });
});
