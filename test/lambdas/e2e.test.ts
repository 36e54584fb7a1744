/**
 * Acceptance: planner → analyzers → correlator → notifier, in-process, on the built-in
 * scenario (a bad deployment of the checkout function), through mocked AWS clients with
 * DynamoDB on dynalite. Every schedule tick, SQS message and stream record is delivered
 * twice; each insight, OpsItem and SNS message must come out exactly once, and the cost
 * model's per-cycle call counts must equal the calls counted here.
 */
import { PublishCommand } from '@aws-sdk/client-sns';
import { PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { CreateOpsItemCommand, UpdateOpsItemCommand } from '@aws-sdk/client-ssm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseConfig, type Insight } from '../../src/core';
import { catalogFor } from '../../src/aws/coverage';
import { estimateCycleCalls } from '../../src/aws/cost';
import { startEmbeddedStore, type EmbeddedStore } from '../../src/local/embedded-dynamo';
import { builtinScenario } from '../../src/local/scenario/builtin';
import { ACCOUNT, CORRELATE_QUEUE, FakeAws, REGION, SimulatedStream, TOPIC, WORK_QUEUE, virtualTimer } from './harness';

process.env.POWERTOOLS_METRICS_DISABLED = 'true';
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';

const CHAT_TOPIC = `arn:aws:sns:${REGION}:${ACCOUNT}:opsight-chat`;
const API_URL = 'https://a1b2c3d4e5.execute-api.eu-west-1.amazonaws.com/prod/';
const HOUR = 3_600_000;
const DAY = 86_400_000;

describe('serverless pipeline end to end, every message delivered twice', () => {
  const bundle = builtinScenario();
  const label = bundle.labels[0]!;
  const aws = new FakeAws(bundle);
  let emb: EmbeddedStore;
  const perCycle: Array<{ now: number; first: boolean; planner: FakeAws['counts']; analyzers: FakeAws['counts']; events: number; deployments: number }> = [];
  const config = parseConfig({
    coverage: { mode: 'stacks', stacks: ['checkout-service'] },
    cadence: { goldenSignalsMinutes: 60, capacityMinutes: 60 },
    notifications: { severities: ['LOW', 'MEDIUM', 'HIGH'], messageTypes: ['NEW_INSIGHT', 'CLOSED_INSIGHT', 'NEW_ASSOCIATION', 'SEVERITY_UPGRADED', 'NEW_RECOMMENDATION'] },
    opsCenter: { enabled: true, minSeverity: 'MEDIUM' },
  });
  const warmStartMs = 3 * DAY;

  beforeAll(async () => {
    emb = await startEmbeddedStore();
    const { createPlannerHandler } = await import('../../lambdas/planner');
    const { createAnalyzerHandler } = await import('../../lambdas/analyzer');
    const { createCorrelatorHandler } = await import('../../lambdas/correlator');
    const { createNotifierHandler } = await import('../../lambdas/notifier');
    const { observability } = await import('../../lambdas/shared/observability');
    let wall = 0;
    const rt = {
      env: {
        tableName: emb.tableName,
        workQueueUrl: WORK_QUEUE,
        correlateQueueUrl: CORRELATE_QUEUE,
        topicArn: TOPIC,
        chatTopicArn: CHAT_TOPIC,
        apiUrl: API_URL,
        eventBusName: 'opsight',
        accountId: ACCOUNT,
        region: REGION,
        config,
      },
      clients: aws.clients(emb),
      obs: observability('opsight-test'),
      clock: () => wall,
      cycleOptions: { warmStartMs },
      timer: virtualTimer(),
    };
    const planner = createPlannerHandler(rt);
    const analyzer = createAnalyzerHandler(rt);
    const correlator = createCorrelatorHandler(rt);
    const notifier = createNotifierHandler(rt);
    const stream = new SimulatedStream(emb);

    const first = label.start - 2 * HOUR;
    for (let now = first; now <= label.start + 6 * HOUR; now += HOUR) {
      wall = now + 30_000;
      aws.resetCounts();
      // The schedule fires twice for the same tick.
      const time = new Date(now).toISOString();
      expect(await planner({ time })).toBe('planned');
      const plannerCounts = { ...aws.counts };
      aws.resetCounts();
      // Work items: each delivered, then delivered again.
      const work = aws.drain(WORK_QUEUE);
      expect(work.Records.length).toBeGreaterThan(0);
      expect((await analyzer(work)).batchItemFailures).toEqual([]);
      const analyzerCounts = { ...aws.counts };
      expect((await analyzer(work)).batchItemFailures).toEqual([]);
      // The second planner invocation for the tick re-sends the shards (idempotent downstream).
      expect(await planner({ time })).toBe('planned');
      const again = aws.drain(WORK_QUEUE);
      expect((await analyzer(again)).batchItemFailures).toEqual([]);
      // Correlate requests (one per completing delivery), each delivered twice.
      const corr = aws.drain(CORRELATE_QUEUE);
      expect(corr.Records.length).toBeGreaterThanOrEqual(1);
      expect((await correlator(corr)).batchItemFailures).toEqual([]);
      expect((await correlator(corr)).batchItemFailures).toEqual([]);
      expect(aws.queues.get(CORRELATE_QUEUE)).toEqual([]);
      // The table's stream: each batch delivered twice; then the notifier's own writes.
      const changes = await stream.next();
      expect((await notifier(changes)).batchItemFailures).toEqual([]);
      expect((await notifier(changes)).batchItemFailures).toEqual([]);
      const own = await stream.next();
      expect((await notifier(own)).batchItemFailures).toEqual([]);
      expect((await notifier(own)).batchItemFailures).toEqual([]);
      const events = bundle.events.filter((e) => e.dataSource === 'CLOUD_TRAIL' && e.time >= now - HOUR && e.time < now).length;
      const deployments = bundle.events.filter((e) => e.dataSource === 'CODE_DEPLOY' && e.time >= now - HOUR && e.time < now).length;
      perCycle.push({ now, first: now === first, planner: plannerCounts, analyzers: analyzerCounts, events, deployments });
    }
  }, 120_000);

  afterAll(async () => {
    aws.restore();
    await emb?.close();
  });

  async function allInsights(): Promise<Insight[]> {
    return (await emb.store.listInsights({ limit: 100 })).items;
  }

  it('opens one insight for the bad deployment, explains it and closes it', async () => {
    const insights = await allInsights();
    const hit = insights.filter((i) => i.timeRange.start >= label.start - 10 * 60_000 && i.timeRange.start <= label.start + 15 * 60_000);
    expect(hit).toHaveLength(1);
    expect(hit[0]!.collection).toEqual({ type: 'STACK', name: 'checkout-service' });
    expect(hit[0]!.relevantEventIds).toContain('d-CHK123');
    expect(hit[0]!.status).toBe('CLOSED');
    const anomalies = (await emb.store.listAnomaliesForInsight(hit[0]!.id)).items;
    expect(anomalies.length).toBeGreaterThanOrEqual(2);
    expect(new Set(insights.map((i) => i.id)).size).toBe(insights.length);
    // No anomaly belongs to two insights.
    const owners = new Map<string, string>();
    for (const i of insights) for (const a of i.anomalyIds) {
      expect(owners.get(a) ?? i.id).toBe(i.id);
      owners.set(a, i.id);
    }
  });

  it('publishes each SNS message exactly once, and exactly one NEW_INSIGHT and one CLOSED_INSIGHT per insight', async () => {
    const published = aws.sns
      .commandCalls(PublishCommand)
      .filter((c) => c.args[0].input.TopicArn === TOPIC)
      .map((c) => JSON.parse((JSON.parse(c.args[0].input.Message!) as { default: string }).default) as { insightId: string; messageType: string; insightSeverity: string });
    const keys = published.map((m) => `${m.insightId}|${m.messageType}`);
    expect(published.length).toBeGreaterThan(0);
    const insights = await allInsights();
    for (const i of insights) {
      expect(keys.filter((k) => k === `${i.id}|NEW_INSIGHT`)).toHaveLength(1);
      expect(keys.filter((k) => k === `${i.id}|CLOSED_INSIGHT`)).toHaveLength(i.status === 'CLOSED' ? 1 : 0);
    }
    // Every message sent once: the delivery ledger holds one delivered record per message.
    const eventsPut = aws.eb.commandCalls(PutEventsCommand).map((c) => c.args[0].input.Entries![0]!);
    expect(eventsPut).toHaveLength(published.length);
    const detailKeys = eventsPut.map((e) => {
      const d = JSON.parse(e.Detail!) as { insightId: string; messageType: string; startTime: number };
      return `${d.insightId}|${d.messageType}|${e.Time!.getTime()}`;
    });
    expect(new Set(detailKeys).size).toBe(detailKeys.length);
    expect(eventsPut.find((e) => e.DetailType === 'Opsight New Insight Open')).toBeDefined();
  });

  it('mails people text with absolute links and sends one chat card per message, threaded by insight', async () => {
    const calls = aws.sns.commandCalls(PublishCommand).map((c) => c.args[0].input);
    const mails = calls.filter((c) => c.TopicArn === TOPIC).map((c) => (JSON.parse(c.Message!) as { email: string }).email);
    const cards = calls.filter((c) => c.TopicArn === CHAT_TOPIC).map((c) => JSON.parse(c.Message!) as { version: string; source: string; id: string; metadata: { threadId: string } });
    expect(mails.length).toBeGreaterThan(0);
    expect(cards).toHaveLength(mails.length);
    for (const m of mails) expect(m).toMatch(new RegExp(`API \\(IAM-signed GET\\): ${API_URL}insights/\\S+`));
    const insights = await allInsights();
    for (const card of cards) {
      expect(card).toMatchObject({ version: '1.0', source: 'custom' });
      expect(insights.map((i) => i.id)).toContain(card.metadata.threadId);
    }
    expect(new Set(cards.map((c) => c.id)).size).toBe(cards.length);
  });

  it('creates one OpsItem per eligible insight, keeps its id on the insight and resolves it at close', async () => {
    const insights = await allInsights();
    const eligible = insights.filter((i) => i.severity !== 'LOW');
    expect(eligible.length).toBeGreaterThan(0);
    const created = aws.ssm.commandCalls(CreateOpsItemCommand).map((c) => JSON.parse(c.args[0].input.OperationalData!['/aws/dedup']!.Value!).dedupString as string);
    expect(created.sort()).toEqual(eligible.map((i) => `opsight:${i.id}`).sort());
    for (const i of eligible) expect(i.opsItemId).toMatch(/^oi-\d+$/);
    const resolved = aws.ssm.commandCalls(UpdateOpsItemCommand).filter((c) => c.args[0].input.Status === 'Resolved').map((c) => c.args[0].input.OpsItemId);
    expect(resolved.sort()).toEqual(eligible.filter((i) => i.status === 'CLOSED').map((i) => i.opsItemId).sort());
  });

  it('makes the CloudWatch, CloudTrail, CodeDeploy and SQS calls the cost model predicts for each cycle', async () => {
    const resources = await catalogFor(
      { cloudwatch: aws.clients(emb).cloudwatch, cloudformation: aws.clients(emb).cloudformation, tagging: aws.clients(emb).tagging },
      config.coverage,
    ).list();
    expect(perCycle.length).toBe(9);
    for (const c of perCycle) {
      const model = estimateCycleCalls(resources, config.cadence, {
        at: c.now,
        firstCycle: c.first,
        shape: { mode: 'distributed', warmStartMs, cloudTrailEventsPerCycle: c.events, deploymentsPerCycle: c.deployments },
      });
      // Detection reads (the analyzers): exactly the model's GetMetricData calls and metrics.
      expect({ at: c.now, calls: c.analyzers.getMetricData, metrics: c.analyzers.metricsRequested }).toEqual({
        at: c.now,
        calls: model.detectionReads.calls,
        metrics: model.detectionReads.metricsRequested,
      });
      // Forecast reads (the planner's proactive pass): exactly the model's too.
      expect({ at: c.now, calls: c.planner.getMetricData, metrics: c.planner.metricsRequested }).toEqual({
        at: c.now,
        calls: model.forecastReads.calls,
        metrics: model.forecastReads.metricsRequested,
      });
      expect(c.planner.lookupEvents).toBe(model.lookupEvents.calls);
      expect(c.planner.listDeployments).toBe(model.codeDeploy.listDeployments);
      expect(c.planner.batchGetDeployments).toBe(model.codeDeploy.batchGetDeployments);
      // Work items sent by the planner plus the one correlate request of the last shard.
      expect(c.planner.sqsMessages + c.analyzers.sqsMessages).toBe(model.sqsMessages);
      expect(c.analyzers.lookupEvents + c.analyzers.listDeployments).toBe(0);
    }
    // The built-in scenario has no capacity-bound series: the forecast reads are zero throughout.
  });
});
