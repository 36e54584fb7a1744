import { Validations } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { describe, expect, it } from 'vitest';
import { TABLE } from '../../src/aws/store/table';
import { ValidationError } from '../../src/core';
import { nagFindings, synth } from './helpers';

type Statement = { Action: string | string[]; Resource: unknown; Effect: string; Condition?: unknown };

function statementsOf(template: ReturnType<typeof synth>['template'], rolePrefix: string): Statement[] {
  const policies = template.findResources('AWS::IAM::Policy');
  return Object.values(policies)
    .filter((p) => JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(rolePrefix))
    .flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement);
}

function actions(statements: Statement[]): string[] {
  return [...new Set(statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])))].sort();
}

describe('OpsightStack template', () => {
  const { template, stack } = synth({ coverage: { mode: 'stacks', stacks: ['shop'] }, notifications: { emails: ['oncall@example.com'], severities: ['HIGH'] } });

  it('has the single table with its keys, indexes, TTL, PITR and stream', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true },
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
      GlobalSecondaryIndexes: Match.arrayWith([Match.objectLike({ IndexName: TABLE.gsi1.name }), Match.objectLike({ IndexName: TABLE.gsi2.name })]),
    });
    template.hasResource('AWS::DynamoDB::Table', { DeletionPolicy: 'Retain' });
  });

  it('schedules the cycle at the golden-signal cadence through its own role', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'rate(5 minutes)',
      State: 'ENABLED',
      Target: Match.objectLike({
        RetryPolicy: Match.objectLike({ MaximumRetryAttempts: 2 }),
        DeadLetterConfig: Match.anyValue(),
        Input: JSON.stringify({ time: '<aws.scheduler.scheduled-time>' }),
      }),
    });
    const scheduler = statementsOf(template, 'ScheduleRole');
    expect(actions(scheduler)).toEqual(['lambda:InvokeFunction', 'sqs:SendMessage']);
  });

  it('builds every function the same way: latest Node.js, arm64, tracing, failure destination', () => {
    const fns = template.findResources('AWS::Lambda::Function');
    expect(Object.keys(fns).length).toBeGreaterThanOrEqual(2);
    for (const f of Object.values(fns)) {
      const p = (f as { Properties: Record<string, unknown> }).Properties;
      expect(p.Runtime).toBe('nodejs24.x');
      expect(p.Architectures).toEqual(['arm64']);
      expect(p.TracingConfig).toEqual({ Mode: 'Active' });
    }
    expect(Object.keys(template.findResources('AWS::Lambda::EventInvokeConfig')).length).toBe(Object.keys(fns).length);
  });

  it('grants each function exactly what it calls', () => {
    const cycle = statementsOf(template, 'PipelineCycleRole');
    expect(actions(cycle)).toEqual(
      [
        'cloudformation:ListStackResources',
        'cloudtrail:LookupEvents',
        'cloudwatch:GetMetricData',
        'cloudwatch:ListMetrics',
        'codedeploy:BatchGetDeployments',
        'codedeploy:GetDeploymentGroup',
        'codedeploy:ListDeployments',
        'dynamodb:BatchGetItem',
        'dynamodb:BatchWriteItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:Query',
        'dynamodb:UpdateItem',
        'logs:CreateLogStream',
        'logs:PutLogEvents',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:SendMessage',
        'tag:GetResources',
        'xray:PutTelemetryRecords',
        'xray:PutTraceSegments',
      ].sort(),
    );
    expect(actions(cycle)).not.toContain('dynamodb:Scan');
    const api = statementsOf(template, 'ApiHandlerRole');
    expect(actions(api).filter((a) => a.startsWith('cloudwatch:') || a.startsWith('cloudtrail:'))).toEqual(['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics']);
    const wildcard = cycle.filter((s) => s.Resource === '*');
    expect(actions(wildcard)).toEqual([
      'cloudtrail:LookupEvents',
      'cloudwatch:GetMetricData',
      'cloudwatch:ListMetrics',
      'tag:GetResources',
      'xray:PutTelemetryRecords',
      'xray:PutTraceSegments',
    ]);
    expect(JSON.stringify(cycle.find((s) => s.Action === 'cloudformation:ListStackResources')?.Resource)).toContain(':stack/*');
    // The notifier publishes; it reads no telemetry.
    const notifier = statementsOf(template, 'PipelineNotifierRole');
    expect(actions(notifier)).toEqual(expect.arrayContaining(['sns:Publish', 'events:PutEvents', 'kms:GenerateDataKey*']));
    expect(actions(notifier).filter((a) => a.startsWith('cloudwatch:') || a.startsWith('ssm:'))).toEqual([]);
  });

  it('encrypts the topic, denies non-TLS publishing and filters e-mail by severity', () => {
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      PolicyDocument: {
        Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]),
      },
    });
    template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.com',
      FilterPolicy: Match.objectLike({ severity: ['HIGH'] }),
      RedrivePolicy: Match.anyValue(),
    });
  });

  it('requires IAM authorisation on every API method and logs access', () => {
    const methods = template.findResources('AWS::ApiGateway::Method');
    expect(Object.keys(methods).length).toBeGreaterThan(0);
    for (const m of Object.values(methods)) {
      const p = (m as { Properties: { AuthorizationType: string; HttpMethod: string } }).Properties;
      if (p.HttpMethod !== 'OPTIONS') expect(p.AuthorizationType).toBe('AWS_IAM');
    }
    template.hasResourceProperties('AWS::ApiGateway::Stage', {
      AccessLogSetting: Match.objectLike({ DestinationArn: Match.anyValue() }),
      TracingEnabled: true,
      MethodSettings: Match.arrayWith([Match.objectLike({ ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 })]),
    });
  });

  it('watches itself: alarms on errors, dead letters and cycle duration (dashboard and throttle alarms on request)', () => {
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm')).map((a) => (a as { Properties: { MetricName?: string } }).Properties.MetricName);
    expect(alarms).toEqual(expect.arrayContaining(['Errors', 'ApproximateNumberOfMessagesVisible', 'Duration', 'EventWindowsDropped']));
    expect(alarms).not.toContain('Throttles');
    template.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });

  it('gives every acknowledged cdk-nag finding a reason', () => {
    const acks: Array<{ id: string; reason: string }> = [];
    const visit = (c: IConstruct) => {
      for (const m of c.node.metadata) {
        if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
        for (const [id, reason] of Object.entries(m.data as Record<string, string>)) acks.push({ id, reason });
      }
      c.node.children.forEach(visit);
    };
    visit(stack);
    expect(acks.length).toBeGreaterThan(5);
    for (const a of acks) expect(a.reason.length, a.id).toBeGreaterThan(30);
  });

  it('matches the snapshot', () => {
    const json = JSON.stringify(template.toJSON(), null, 1).replace(/[0-9a-f]{64}(\.zip)?/g, '<asset-hash>');
    expect(json).toMatchSnapshot();
  });
});

describe('synth per coverage mode and bad configuration', () => {
  it.each([[{ coverage: { mode: 'account' } }], [{ coverage: { mode: 'tags', tagKey: 'devops-guru-app', tagValues: ['shop'] } }]])('synthesises %j', (config) => {
    const { template } = synth(config);
    const cfg = Object.values(template.findResources('AWS::Lambda::Function'))
      .map((f) => (f as { Properties: { Environment?: { Variables?: Record<string, string> } } }).Properties.Environment?.Variables?.OPSIGHT_CONFIG)
      .filter((c): c is string => typeof c === 'string');
    expect(cfg.length).toBeGreaterThan(0);
    for (const c of cfg) expect(JSON.parse(c).coverage).toEqual(config.coverage.mode === 'tags' ? { ...config.coverage } : config.coverage);
  });

  it.each([
    [{ coverage: { mode: 'stacks', stacks: [] } }, 'opsight.coverage.stacks'],
    [{ notifications: { emails: ['nope'] } }, 'opsight.notifications.emails.0'],
    [{ cadence: { goldenSignalsMinutes: 0 } }, 'opsight.cadence.goldenSignalsMinutes'],
    [{ opsCentre: {} }, 'opsight.opsCentre'],
  ])('fails synth on %j naming the key', (config, key) => {
    expect(() => synth(config)).toThrow(ValidationError);
    expect(() => synth(config)).toThrow(key);
  });

  it('bundles the Lambdas with esbuild locally', () => {
    const { template } = synth({}, { bundle: true });
    const fns = Object.values(template.findResources('AWS::Lambda::Function'));
    for (const f of fns) expect(JSON.stringify((f as { Properties: { Code: unknown } }).Properties.Code)).toMatch(/S3Key/);
  });
});

describe('distributed pipeline and OpsCenter', () => {
  const { template, stack } = synth({ coverage: { mode: 'stacks', stacks: ['shop'] }, pipeline: { mode: 'distributed' }, opsCenter: { enabled: true } });

  it('fans shards out through SQS with DLQs and partial-batch responses', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).map((m) => (m as { Properties: Record<string, unknown> }).Properties);
    const sqs = mappings.filter((m) => m.EventSourceArn && JSON.stringify(m.EventSourceArn).includes('Queue'));
    // Work, correlate, and the notifier's replay queue.
    expect(sqs).toHaveLength(3);
    for (const m of sqs) {
      expect(m.BatchSize).toBe(1);
      expect(m.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    }
    const queues = Object.values(template.findResources('AWS::SQS::Queue')).map((q) => (q as { Properties: Record<string, unknown> }).Properties);
    expect(queues.filter((q) => q.RedrivePolicy).length).toBeGreaterThanOrEqual(3);
    const stream = mappings.find((m) => m.StartingPosition === 'TRIM_HORIZON');
    expect(stream).toMatchObject({ BisectBatchOnFunctionError: true, FunctionResponseTypes: ['ReportBatchItemFailures'], ParallelizationFactor: 1 });
    expect(JSON.stringify(stream?.FilterCriteria)).toContain('INSIGHT');
    // Exhausted stream batches go to the queue the notifier itself replays from.
    const onFailure = JSON.stringify((stream?.DestinationConfig as { OnFailure?: unknown } | undefined)?.OnFailure);
    expect(onFailure).toContain('NotifierFailures');
    const replay = sqs.find((m) => JSON.stringify(m.EventSourceArn).includes('NotifierFailures'));
    expect(JSON.stringify(replay?.FunctionName)).toContain('Notifier');
    expect(replay).toMatchObject({ BatchSize: 1, FunctionResponseTypes: ['ReportBatchItemFailures'] });
    template.hasResourceProperties('AWS::Lambda::Function', { Environment: { Variables: Match.objectLike({ WORK_QUEUE_URL: Match.anyValue(), CORRELATE_QUEUE_URL: Match.anyValue() }) } });
  });

  it('lets only the notifier manage OpsItems, and only the analyzer read metrics besides the planner', () => {
    expect(actions(statementsOf(template, 'PipelineNotifierRole'))).toEqual(expect.arrayContaining(['ssm:CreateOpsItem', 'ssm:UpdateOpsItem', 'ssm:DescribeOpsItems']));
    for (const role of ['PipelinePlannerRole', 'PipelineAnalyzerRole', 'PipelineCorrelatorRole']) {
      expect(actions(statementsOf(template, role)).filter((a) => a.startsWith('ssm:'))).toEqual([]);
    }
    expect(actions(statementsOf(template, 'PipelineAnalyzerRole')).filter((a) => a.startsWith('cloudwatch:'))).toEqual(['cloudwatch:GetMetricData']);
    expect(actions(statementsOf(template, 'PipelineCorrelatorRole')).filter((a) => a.startsWith('cloudwatch:') || a.startsWith('cloudtrail:'))).toEqual([]);
  });

  it('passes cdk-nag', () => {
    expect(nagFindings(stack)).toEqual([]);
  });

  it('matches the snapshot', () => {
    const json = JSON.stringify(template.toJSON(), null, 1).replace(/[0-9a-f]{64}(\.zip)?/g, '<asset-hash>');
    expect(json).toMatchSnapshot();
  });
});
