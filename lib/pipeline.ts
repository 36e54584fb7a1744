import { Aws, Duration, Stack, Validations, type CfnResource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { DynamoEventSource, SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { OpsightConfig } from '../src/core/config';
import { OpsightFunction } from './function';
import { METRIC_DATA_TPS_ENV, STATE_WRITES_ENV, metricDataBudget } from './pacing';
import { grantTelemetry } from './permissions';
import { grantLogReads } from './log-permissions';
import { collectingRoleName, grantMemberAccess } from './member-access';
import { OpsightQueue } from './queue';
import type { OpsightStorage } from './storage';

export interface OpsightPipelineProps {
  readonly storage: OpsightStorage;
  readonly config: OpsightConfig;
  /** Topic the notifier publishes insights to. */
  readonly topic: sns.ITopic;
  /** Topic the notifier publishes chat cards to, if any. */
  readonly chatTopic?: sns.ITopic;
}

/**
 * The analysis pipeline. Every cycle EventBridge Scheduler starts either the single cycle
 * function (`pipeline.mode: single`, the default) or the planner, which fans shards out
 * through SQS to analyzers whose last shard triggers the correlator (`distributed`). Insight
 * changes reach the notifier through the table's stream in both modes.
 */
export class OpsightPipeline extends Construct {
  /** The scheduled function: the cycle function (single) or the planner (distributed). */
  public readonly scheduled: OpsightFunction;
  public readonly analyzer?: OpsightFunction;
  public readonly correlator?: OpsightFunction;
  public readonly notifier: OpsightFunction;
  public readonly workQueue?: OpsightQueue;
  public readonly correlateQueue?: OpsightQueue;
  public readonly schedule: scheduler.Schedule;
  /** Failed asynchronous invocations of every function. */
  public readonly failures: OpsightQueue;
  /**
   * Stream batches the notifier could not deliver within its retries: the notifier itself
   * consumes this queue and replays them from the stream; its dead-letter queue is alarmed and
   * `opsight redrive` moves messages back.
   */
  public readonly notifierFailures: OpsightQueue;
  public readonly cycleTimeout = Duration.minutes(5);
  /** Every function of the pipeline, by name (for monitoring). */
  public readonly functions: Record<string, lambda.IFunction> = {};

  constructor(scope: Construct, id: string, props: OpsightPipelineProps) {
    super(scope, id);
    const { config, storage } = props;
    const account = Stack.of(this).account;
    const common = { TABLE_NAME: storage.table.tableName, OPSIGHT_CONFIG: JSON.stringify(config), ACCOUNT_ID: account };
    this.failures = new OpsightQueue(this, 'Failures');
    // Visibility above the notifier's 1-minute timeout; 5 replays (≈ 30 min) before the DLQ.
    this.notifierFailures = new OpsightQueue(this, 'NotifierFailures', { visibilityTimeout: Duration.minutes(6), maxReceiveCount: 5 });
    const distributed = config.pipeline.mode === 'distributed';
    // The account's GetMetricData quota, divided between the functions that read metrics.
    const pacing = metricDataBudget();
    // Organisation mode: the functions reading member accounts get fixed role names (trusted by the member role).
    const org = config.organization;
    const roleName = (fnId: string) => {
      const name = collectingRoleName(Stack.of(this), org, fnId);
      return name ? { roleName: name } : {};
    };

    if (distributed) {
      this.workQueue = new OpsightQueue(this, 'Work', { visibilityTimeout: Duration.minutes(6) });
      this.correlateQueue = new OpsightQueue(this, 'Correlate', { visibilityTimeout: Duration.minutes(6) });
    }
    const queueEnv: Record<string, string> = distributed
      ? { WORK_QUEUE_URL: this.workQueue!.queue.queueUrl, CORRELATE_QUEUE_URL: this.correlateQueue!.queue.queueUrl }
      : {};

    this.scheduled = new OpsightFunction(this, distributed ? 'Planner' : 'Cycle', {
      entry: distributed ? 'lambdas/planner.ts' : 'lambdas/cycle.ts',
      description: distributed ? 'Opsight planner: coverage, change events, forecasts, shards to SQS' : 'Opsight cycle: collect, detect, correlate, forecast',
      // Single mode: 256 MB, the size the cost model assumes; large coverages use distributed mode.
      memorySize: distributed ? 512 : 256,
      timeout: this.cycleTimeout,
      failureQueue: this.failures.queue,
      ...roleName(distributed ? 'Planner' : 'Cycle'),
      environment: {
        ...common,
        ...queueEnv,
        [METRIC_DATA_TPS_ENV]: String(distributed ? pacing.plannerTps : pacing.cycleTps),
        ...(distributed ? {} : { [STATE_WRITES_ENV]: String(pacing.stateWriteBudget) }),
      },
    });
    const scheduledFn = this.scheduled.function;
    this.functions[distributed ? 'Planner' : 'Cycle'] = scheduledFn;
    storage.grantData(scheduledFn, 'readwrite');
    grantTelemetry(scheduledFn, ['coverage', 'metrics', 'events']);
    if (!distributed && config.logs.enabled) grantLogReads(scheduledFn, config.logs.extraLogGroups);
    if (org) grantMemberAccess(scheduledFn, org, { listUnits: true });

    if (distributed) {
      this.analyzer = new OpsightFunction(this, 'Analyzer', {
        entry: 'lambdas/analyzer.ts',
        description: 'Opsight analyzer: one shard of series per message',
        memorySize: 1024,
        timeout: this.cycleTimeout,
        failureQueue: this.failures.queue,
        ...roleName('Analyzer'),
        environment: { ...common, ...queueEnv, [METRIC_DATA_TPS_ENV]: String(pacing.analyzerTps), [STATE_WRITES_ENV]: String(pacing.analyzerStateWrites) },
      });
      this.correlator = new OpsightFunction(this, 'Correlator', {
        entry: 'lambdas/correlator.ts',
        description: "Opsight correlator: a cycle's anomalies into insights",
        memorySize: 512,
        timeout: this.cycleTimeout,
        failureQueue: this.failures.queue,
        environment: common,
        // Log evidence of a member account's insight is read through its member role.
        ...(config.logs.enabled ? roleName('Correlator') : {}),
      });
      this.functions.Analyzer = this.analyzer.function;
      this.functions.Correlator = this.correlator.function;
      storage.grantData(this.analyzer.function, 'readwrite');
      storage.grantData(this.correlator.function, 'readwrite');
      grantTelemetry(this.analyzer.function, ['metrics']);
      if (config.logs.enabled) grantLogReads(this.correlator.function, config.logs.extraLogGroups);
      if (org) grantMemberAccess(this.analyzer.function, org, { listUnits: false });
      if (org && config.logs.enabled) grantMemberAccess(this.correlator.function, org, { listUnits: false });
      this.workQueue!.queue.grantSendMessages(scheduledFn);
      this.correlateQueue!.queue.grantSendMessages(scheduledFn);
      this.correlateQueue!.queue.grantSendMessages(this.analyzer.function);
      // At most `analyzerConcurrency` analyzers at once, each paced at its share of the quotas.
      this.analyzer.function.addEventSource(new SqsEventSource(this.workQueue!.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: pacing.analyzerConcurrency }));
      // One correlation at a time keeps insights in time order.
      this.correlator.function.addEventSource(new SqsEventSource(this.correlateQueue!.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: 2 }));
      for (const f of [this.analyzer, this.correlator]) {
        Validations.of(f).acknowledge({
          id: 'Serverless-LambdaEventSourceMappingDestination',
          reason: "SQS event sources fail over through the queue's redrive policy (dead-letter queue after 3 receives); mapping destinations apply to stream sources.",
        });
      }
    }

    this.notifier = new OpsightFunction(this, 'Notifier', {
      entry: 'lambdas/notifier.ts',
      description: 'Opsight notifier: SNS (e-mail, chat), EventBridge and OpsCenter from insight changes',
      memorySize: 256,
      timeout: Duration.minutes(1),
      failureQueue: this.failures.queue,
      environment: { ...common, TOPIC_ARN: props.topic.topicArn, EVENT_BUS_NAME: 'default', ...(props.chatTopic ? { CHAT_TOPIC_ARN: props.chatTopic.topicArn } : {}) },
    });
    const notifierFn = this.notifier.function;
    this.functions.Notifier = notifierFn;
    storage.grantData(notifierFn, 'readwrite');
    props.topic.grantPublish(notifierFn);
    props.chatTopic?.grantPublish(notifierFn);
    notifierFn.addToRolePolicy(
      new iam.PolicyStatement({ sid: 'PublishInsightEvents', actions: ['events:PutEvents'], resources: [Stack.of(this).formatArn({ service: 'events', resource: 'event-bus', resourceName: 'default' })] }),
    );
    if (config.opsCenter.enabled) {
      notifierFn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'CreateOpsItems',
          // CreateOpsItem and DescribeOpsItems have no resource-level permissions.
          actions: ['ssm:CreateOpsItem', 'ssm:DescribeOpsItems'],
          resources: ['*'],
        }),
      );
      notifierFn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'UpdateOpsItems',
          // OpsItem ids are assigned by SSM at creation: any OpsItem of this account and region.
          actions: ['ssm:UpdateOpsItem'],
          resources: [`arn:${Aws.PARTITION}:ssm:${Aws.REGION}:${Aws.ACCOUNT_ID}:opsitem/*`],
        }),
      );
    }
    notifierFn.addEventSource(
      new DynamoEventSource(storage.table, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 10,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        retryAttempts: 10,
        parallelizationFactor: 1,
        onFailure: new SqsDlq(this.notifierFailures.queue),
        filters: [lambda.FilterCriteria.filter({ eventName: lambda.FilterRule.or('INSERT', 'MODIFY'), dynamodb: { Keys: { sk: { S: lambda.FilterRule.isEqual('INSIGHT') } } } })],
      }),
    );

    // Exhausted stream batches come back through the queue and are replayed from the stream.
    notifierFn.addEventSource(new SqsEventSource(this.notifierFailures.queue, { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: 2 }));
    Validations.of(this.notifier).acknowledge({
      id: 'Serverless-LambdaEventSourceMappingDestination',
      reason: "The replay queue fails over through its redrive policy (dead-letter queue after 5 receives, alarmed); the stream's own mapping sends failed batches to that queue.",
    });

    const scheduleRole = new iam.Role(this, 'ScheduleRole', { assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'), description: 'Lets EventBridge Scheduler start Opsight cycles' });
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(config.cadence.goldenSignalsMinutes)),
      // The scheduled time makes a retried invocation work on the same cycle.
      target: new targets.LambdaInvoke(scheduledFn, {
        retryAttempts: 2,
        deadLetterQueue: this.failures.queue,
        role: scheduleRole,
        input: scheduler.ScheduleTargetInput.fromObject({ time: scheduler.ContextAttribute.scheduledTime }),
      }),
      description: 'Opsight analysis cycle',
    });

    const fnId = Stack.of(this).resolve(Stack.of(this).getLogicalId(scheduledFn.node.defaultChild as CfnResource)) as string;
    Validations.of(scheduleRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${fnId}.Arn>:*]`,
      reason: "The scheduler's role may invoke the scheduled function's versions and aliases (the function ARN with its qualifier).",
    });
    Validations.of(this.notifier).acknowledge({
      id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      reason: "Publishing to the KMS-encrypted topic needs GenerateDataKey* on that topic's key only.",
    });
    if (config.opsCenter.enabled) {
      Validations.of(this.notifier).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'CreateOpsItem and DescribeOpsItems have no resource-level permissions (and X-Ray writes neither).' });
      Validations.of(this.notifier).acknowledge({
        id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:ssm:<AWS::Region>:<AWS::AccountId>:opsitem/*]',
        reason: 'OpsItem ids are assigned by SSM at creation, so updates are granted on any OpsItem of this account and region.',
      });
    }
  }
}
