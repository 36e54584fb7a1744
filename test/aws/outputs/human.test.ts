/**
 * What people receive: the e-mail in the SNS message structure (beside the unchanged
 * DevOps-Guru JSON for machines), the chat card, and the OpsItem's description and operational
 * data. Checked for content (cause, units, links), what changed, sizes and shapes.
 */
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { Ajv } from 'ajv';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  ChatTarget,
  OPSITEM_DESCRIPTION_MAX,
  RUNBOOKS,
  buildChatNotification,
  buildMessage,
  buildMessageStructure,
  insightLinks,
  opsItemData,
  opsItemDescription,
  renderEmail,
  resourceArn,
  runbookFor,
  summarize,
} from '../../../src/aws/outputs';
import { CATALOG, type Anomaly, type Recommendation } from '../../../src/core';
import { anomaly, insight, notification, T0 } from './fixtures';

const links = insightLinks({ apiUrl: 'https://api.example.com/prod/', dashboardUrl: 'https://opsight.example.com' });
const ctx = { accountId: '123456789012', region: 'eu-west-1', links };
const sns = mockClient(SNSClient);
afterEach(() => sns.reset());

const slow: Anomaly = anomaly('a2', {
  series: { namespace: 'AWS/Lambda', metricName: 'Duration', dimensions: { FunctionName: 'checkout' }, stat: 'p90', periodSeconds: 300, kind: 'latency' },
  severity: 'MEDIUM',
  observed: 1840,
  expected: 200,
  lower: 120,
  upper: 300,
  timeRange: { start: T0 + 60_000, end: T0 + 30 * 60_000 },
});
const rec = (name: string): Recommendation => ({ name, description: 'd', reason: `because of ${name}`, link: 'https://docs.aws.amazon.com/x.html', relatedAnomalies: [], relatedEvents: [] });
const ruleName = (id: string) => CATALOG.find((r) => r.id === id)!.name;

function structure(n = notification('NEW_INSIGHT', insight(), [anomaly('a1'), slow]), maxBytes?: number): Record<string, string> {
  return JSON.parse(buildMessageStructure(n, ctx, maxBytes)) as Record<string, string>;
}

describe('SNS message structure', () => {
  it('gives e-mail subscribers plain text and every other protocol the DevOps-Guru JSON unchanged', () => {
    const n = notification('NEW_INSIGHT', insight(), [anomaly('a1'), slow]);
    const s = structure(n);
    // Only `default` and `email`: sqs, lambda, http/https and email-json fall back to `default`.
    expect(Object.keys(s).sort()).toEqual(['default', 'email']);
    expect(JSON.parse(s.default!)).toEqual(buildMessage(n, { ...ctx, insightUrl: links.primary }));
    expect(s.email!.trimStart().startsWith('{')).toBe(false);
  });

  it('publishes with MessageStructure json and the same filterable attributes', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const { SnsTarget } = await import('../../../src/aws/outputs');
    await new SnsTarget({ client: new SNSClient({}), topicArn: 'arn:aws:sns:eu-west-1:123456789012:t', ...ctx }).deliver(notification('NEW_INSIGHT'));
    const input = sns.commandCalls(PublishCommand)[0]!.args[0].input;
    expect(input.MessageStructure).toBe('json');
    expect(Object.keys(JSON.parse(input.Message!) as object).sort()).toEqual(['default', 'email']);
    expect(input.MessageAttributes?.severity?.StringValue).toBe('HIGH');
  });

  it('writes a mail that says what, where, since when, the cause, values with units against normal, what to do and absolute links', () => {
    const n = notification('NEW_INSIGHT', insight({ recommendations: [rec('Roll back the function deployment')] }), [anomaly('a1'), slow]);
    const mail = structure(n).email!;
    expect(mail).toContain('HIGH reactive insight: Errors increased on checkout');
    expect(mail).toContain('stack shop, account 123456789012, eu-west-1');
    expect(mail).toContain('ongoing since 2026-01-05 12:00 UTC');
    expect(mail).toContain('Cause: Deployment d-1 on checkout, 6 min before onset');
    expect(mail).toContain('Errors on Lambda function checkout: 42 (normal 0–3)');
    expect(mail).toContain('Duration on Lambda function checkout: 1.84 s (normal 120 ms–300 ms)');
    expect(mail).toContain('1. Roll back the function deployment');
    expect(mail).toContain('Dashboard: https://opsight.example.com/#/insights/ins-1');
    expect(mail).toContain('https://api.example.com/prod/insights/ins-1');
    // The worst anomaly comes first.
    expect(mail.indexOf('Errors on')).toBeLessThan(mail.indexOf('Duration on'));
  });

  it('says what changed in closing and severity-change mails', () => {
    const closed = insight({ status: 'CLOSED', timeRange: { start: T0, end: T0 + 55 * 60_000 }, version: 4 });
    const closing = structure(notification('CLOSED_INSIGHT', closed)).email!;
    expect(closing).toContain('Closed: back to normal at 2026-01-05 12:55 UTC, after 55 min.');
    expect(closing).toContain('2026-01-05 12:00–12:55 UTC (55 min), closed');
    const settled = structure(notification('CLOSED_INSIGHT', closed, [anomaly('a1', { status: 'CLOSED', closeReason: 'NEW_NORMAL' })])).email!;
    expect(settled).toContain('Closed at 2026-01-05 12:55 UTC, after 55 min: the shift lasted and is now the new normal');
    const mixed = structure(notification('CLOSED_INSIGHT', closed, [anomaly('a1', { closeReason: 'RECOVERED' }), anomaly('a2', { closeReason: 'NEW_NORMAL' })])).email!;
    expect(mixed).toContain('1 anomaly back to normal, 1 now the new normal');
    const upgraded = { ...notification('SEVERITY_UPGRADED', insight({ severity: 'HIGH', version: 3 })), previous: { severity: 'MEDIUM' as const, status: 'ONGOING' as const } };
    expect(structure(upgraded).email).toContain('Severity raised from MEDIUM to HIGH.');
    expect(structure(notification('SEVERITY_UPGRADED', insight({ version: 3 }))).email).toContain('Severity raised to HIGH.');
  });

  it('keeps the whole structure under the limit for a huge insight and says how many anomalies were left out', () => {
    const many = Array.from({ length: 3000 }, (_, i) => anomaly(`a${i}`, { resourceName: `fn-${'x'.repeat(60)}-${i}`, severity: i % 2 ? 'LOW' : 'HIGH' }));
    const n = notification('NEW_INSIGHT', insight({ name: `Errors ${'é'.repeat(2000)}`, rootCause: 'x'.repeat(5000) }), many);
    const body = buildMessageStructure(n, ctx);
    expect(Buffer.byteLength(body, 'utf8')).toBeLessThanOrEqual(250_000);
    const s = JSON.parse(body) as Record<string, string>;
    const machine = JSON.parse(s.default!) as { anomalies: unknown[]; anomaliesOmitted?: number };
    expect(machine.anomalies.length + (machine.anomaliesOmitted ?? 0)).toBe(3000);
    expect(machine.anomaliesOmitted).toBeGreaterThan(0);
    expect(s.email).toContain('… and 2995 more');
    expect(s.email!.length).toBeLessThan(10_000);
    // A smaller limit holds too.
    expect(Buffer.byteLength(buildMessageStructure(n, ctx, 30_000), 'utf8')).toBeLessThanOrEqual(30_000);
  });

  it('shows a proactive insight by its level and trend and its prediction window', () => {
    const leak = anomaly('p1', {
      series: { namespace: 'CWAgent', metricName: 'mem_used_percent', dimensions: { InstanceId: 'i-0abc' }, stat: 'Average', periodSeconds: 300, kind: 'percent' },
      resourceId: 'i-0abc',
      resourceType: 'AWS::EC2::Instance',
      resourceName: 'search-2',
      observed: 61.26,
      severity: 'LOW',
    });
    const p = insight({ type: 'PROACTIVE', severity: 'LOW', predictionTimeRange: { start: T0 + 9 * 86_400_000, end: T0 + 10 * 86_400_000 } });
    const mail = renderEmail(summarize(notification('NEW_INSIGHT', p, [leak]), ctx), 'ntf-1');
    expect(mail).toContain('LOW proactive insight');
    expect(mail).toContain('mem_used_percent on EC2 instance search-2: at 61.3 % and rising');
    expect(mail).toContain('Predicted to run out: between 2026-01-14 12:00 UTC and 2026-01-15 12:00 UTC');
  });
});

/** The custom-notification event schema of AWS Chatbot (Amazon Q Developer in chat applications). */
const CHAT_SCHEMA = {
  type: 'object',
  required: ['version', 'source', 'content'],
  additionalProperties: false,
  properties: {
    version: { const: '1.0' },
    source: { const: 'custom' },
    id: { type: 'string' },
    content: {
      type: 'object',
      required: ['description'],
      additionalProperties: false,
      properties: {
        textType: { const: 'client-markdown' },
        title: { type: 'string' },
        description: { type: 'string' },
        nextSteps: { type: 'array', items: { type: 'string' } },
        keywords: { type: 'array', items: { type: 'string' } },
      },
    },
    metadata: {
      type: 'object',
      additionalProperties: false,
      properties: {
        threadId: { type: 'string' },
        summary: { type: 'string' },
        eventType: { type: 'string' },
        relatedResources: { type: 'array', items: { type: 'string' } },
        additionalContext: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
  },
} as const;

describe('chat card', () => {
  const validate = new Ajv({ strict: true }).compile(CHAT_SCHEMA);

  it('follows the custom-notification schema, threads by insight and lists next steps with runbooks', () => {
    const i = insight({ recommendations: [rec(ruleName('ec2-status-check')), rec('Something without a runbook')] });
    const card = buildChatNotification(notification('NEW_INSIGHT', i, [anomaly('a1'), slow]), ctx);
    expect(validate(card), JSON.stringify(validate.errors)).toBe(true);
    expect(card.content.title).toBe(':red_circle: HIGH reactive insight: Errors increased on checkout');
    expect(card.content.description).toContain('*New insight.*');
    expect(card.content.description).toContain('Duration on Lambda function checkout: 1.84 s (normal 120 ms–300 ms)');
    expect(card.content.description).toContain('https://opsight.example.com/#/insights/ins-1');
    expect(card.content.nextSteps).toEqual([`${ruleName('ec2-status-check')} (runbook AWS-RestartEC2Instance on the OpsItem)`, 'Something without a runbook']);
    expect(card.metadata.threadId).toBe('ins-1');
    expect(card.metadata.relatedResources).toEqual(['arn:aws:lambda:eu-west-1:123456789012:function:checkout']);
  });

  it('marks a closed insight and keeps a huge one readable', () => {
    const closed = buildChatNotification(notification('CLOSED_INSIGHT', insight({ status: 'CLOSED', timeRange: { start: T0, end: T0 + 600_000 } })), ctx);
    expect(closed.content.title.startsWith(':white_check_mark:')).toBe(true);
    const many = Array.from({ length: 500 }, (_, i) => anomaly(`a${i}`, { resourceName: 'y'.repeat(400) }));
    const big = buildChatNotification(notification('NEW_INSIGHT', insight({ name: 'n'.repeat(1000), rootCause: 'c'.repeat(3000) }), many), ctx);
    expect(validate(big)).toBe(true);
    expect(big.content.description.length).toBeLessThanOrEqual(3_000);
    expect(big.content.title.length).toBeLessThanOrEqual(250);
    expect(big.content.description).toContain('https://opsight.example.com/#/insights/ins-1');
  });

  it('publishes the card as the message of the chat topic, filtered like the e-mail', async () => {
    sns.on(PublishCommand).resolves({ MessageId: 'm' });
    const t = new ChatTarget({ client: new SNSClient({}), topicArn: 'arn:aws:sns:eu-west-1:123456789012:chat', ...ctx, filter: { severities: ['HIGH'], messageTypes: ['NEW_INSIGHT'] } });
    await t.deliver(notification('NEW_INSIGHT', insight({ severity: 'LOW' })));
    await t.deliver(notification('CLOSED_INSIGHT'));
    await t.deliver(notification('NEW_INSIGHT'));
    const calls = sns.commandCalls(PublishCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input.TopicArn).toBe('arn:aws:sns:eu-west-1:123456789012:chat');
    expect(validate(JSON.parse(calls[0]!.args[0].input.Message!))).toBe(true);
  });
});

describe('OpsItem', () => {
  it('lists related resources and only the runbooks of recommendations that have one', () => {
    const instance = anomaly('a3', { resourceId: 'i-0123456789abcdef0', resourceType: 'AWS::EC2::Instance', resourceName: 'web-1' });
    const table = anomaly('a4', { resourceId: 'orders', resourceType: 'AWS::DynamoDB::Table', resourceName: 'orders' });
    const api = anomaly('a5', { resourceId: 'shop-api', resourceType: 'AWS::ApiGateway::RestApi', resourceName: 'shop-api' });
    const i = insight({ recommendations: [rec(ruleName('ec2-status-check')), rec(ruleName('ec2-memory-leak')), rec(ruleName('lambda-throttles-concurrency')), rec(ruleName('dynamodb-throttling-autoscaling'))] });
    const data = opsItemData(notification('NEW_INSIGHT', i, [anomaly('a1'), instance, table, api]), ctx);
    expect(JSON.parse(data['/aws/resources']!.Value!)).toEqual([
      { arn: 'arn:aws:lambda:eu-west-1:123456789012:function:checkout' },
      { arn: 'arn:aws:ec2:eu-west-1:123456789012:instance/i-0123456789abcdef0' },
      { arn: 'arn:aws:dynamodb:eu-west-1:123456789012:table/orders' },
    ]);
    // The restart is listed once although two recommendations lead to it; none for reserved concurrency.
    expect(JSON.parse(data['/aws/automations']!.Value!)).toEqual([
      { automationType: 'AWS:SSM:Automation', automationId: 'AWS-RestartEC2Instance' },
      { automationType: 'AWS:SSM:Automation', automationId: 'AWS-EnableDynamoDbAutoscaling' },
    ]);
    expect(data['/aws/automations']!.Type).toBe('SearchableString');
    expect(data.opsightInsightUrl!.Value).toBe('https://opsight.example.com/#/insights/ins-1');
    const none = opsItemData(notification('NEW_INSIGHT', insight({ recommendations: [rec('Check the API integration backend')] })), ctx);
    expect(none['/aws/automations']).toBeUndefined();
  });

  it('caps related resources at OpsCenter’s 100', () => {
    const many = Array.from({ length: 150 }, (_, i) => anomaly(`a${i}`, { resourceId: `fn-${i}`, resourceName: `fn-${i}` }));
    const data = opsItemData(notification('NEW_INSIGHT', insight(), many), ctx);
    expect((JSON.parse(data['/aws/resources']!.Value!) as unknown[]).length).toBe(100);
    expect(Buffer.byteLength(data['/aws/resources']!.Value!, 'utf8')).toBeLessThan(20_000);
  });

  it('describes the insight like the mail within 2,048 characters, keeping the cause and the links', () => {
    const small = opsItemDescription(summarize(notification('NEW_INSIGHT', insight(), [anomaly('a1'), slow]), ctx));
    expect(small).toContain('Cause: Deployment d-1 on checkout');
    expect(small).toContain('Duration on Lambda function checkout: 1.84 s (normal 120 ms–300 ms)');
    const many = Array.from({ length: 50 }, (_, i) => anomaly(`a${i}`, { resourceName: `${'z'.repeat(140)}-${i}` }));
    const recs = Array.from({ length: 10 }, (_, i) => rec(`${'Do something long '.repeat(8)}${i}`));
    const big = opsItemDescription(summarize(notification('NEW_INSIGHT', insight({ recommendations: recs }), many), ctx));
    expect(big.length).toBeLessThanOrEqual(OPSITEM_DESCRIPTION_MAX);
    expect(big).toContain('Cause: Deployment d-1');
    expect(big).toContain('API (IAM-signed GET): https://api.example.com/prod/insights/ins-1');
  });
});

describe('runbooks and resource ARNs', () => {
  it('maps only real recommendation rules to AWS-owned runbooks', () => {
    const ids = new Set(CATALOG.map((r) => r.id));
    for (const [rule, book] of Object.entries(RUNBOOKS)) {
      expect(ids.has(rule), rule).toBe(true);
      expect(book.name).toMatch(/^AWS-[A-Za-z0-9]+$/);
    }
    expect(runbookFor({ name: ruleName('ec2-memory-resize') })?.name).toBe('AWS-ResizeInstance');
    expect(runbookFor({ name: ruleName('ec2-disk-extend') })?.name).toBe('AWS-ExtendEbsVolume');
    expect(runbookFor({ name: 'Not a catalog rule' })).toBeUndefined();
  });

  it('builds ARNs from names only where the name determines them, in the region’s partition', () => {
    const a = (resourceType: string, resourceId: string) => ({ resourceType, resourceId, resourceName: resourceId });
    expect(resourceArn(a('AWS::SQS::Queue', 'orders-queue'), ctx)).toBe('arn:aws:sqs:eu-west-1:123456789012:orders-queue');
    expect(resourceArn(a('AWS::RDS::DBInstance', 'shop-db'), { accountId: '1', region: 'cn-north-1' })).toBe('arn:aws-cn:rds:cn-north-1:1:db:shop-db');
    expect(resourceArn(a('AWS::EC2::Instance', 'search-1'), ctx)).toBeUndefined();
    expect(resourceArn(a('AWS::ApiGateway::RestApi', 'shop-api'), ctx)).toBeUndefined();
    expect(resourceArn(a('AWS::Lambda::Function', 'arn:aws:lambda:us-east-1:9:function:f'), ctx)).toBe('arn:aws:lambda:us-east-1:9:function:f');
  });
});
