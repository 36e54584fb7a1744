import { Duration, Stack, Validations, type CfnResource } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as sns from 'aws-cdk-lib/aws-sns';
import { Construct } from 'constructs';
import type { OpsightConfig } from '../src/core/config';
import { OpsightFunction } from './function';
import { OpsightQueue } from './queue';
import type { OpsightStorage } from './storage';

export interface OpsightPipelineProps {
  readonly storage: OpsightStorage;
  readonly config: OpsightConfig;
  /** Topic the notifier publishes insights to. */
  readonly topic: sns.ITopic;
}

/** The scheduled analysis pipeline: EventBridge Scheduler invokes the cycle function. */
export class OpsightPipeline extends Construct {
  public readonly cycle: OpsightFunction;
  public readonly schedule: scheduler.Schedule;
  /** Failed asynchronous invocations of every pipeline function. */
  public readonly failures: OpsightQueue;
  public readonly cycleTimeout = Duration.minutes(5);

  constructor(scope: Construct, id: string, props: OpsightPipelineProps) {
    super(scope, id);
    const { config } = props;
    this.failures = new OpsightQueue(this, 'Failures');
    this.cycle = new OpsightFunction(this, 'Cycle', {
      entry: 'lambdas/cycle.ts',
      description: 'Opsight analysis cycle: collect, detect, correlate, store, notify',
      memorySize: 1024,
      timeout: this.cycleTimeout,
      failureQueue: this.failures.queue,
      environment: {
        TABLE_NAME: props.storage.table.tableName,
        TOPIC_ARN: props.topic.topicArn,
        COVERAGE_STACKS: config.coverage.mode === 'stacks' ? config.coverage.stacks.join(',') : '',
        OPSIGHT_CONFIG: JSON.stringify(config),
      },
    });
    const fn = this.cycle.function;
    props.storage.grantData(fn, 'readwrite');
    props.topic.grantPublish(fn);
    Validations.of(this.cycle).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'GetMetricData, ListMetrics, LookupEvents, tag:GetResources and X-Ray writes have no resource-level permissions.',
    });
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadTelemetry',
        // GetMetricData, ListMetrics and LookupEvents have no resource-level permissions.
        actions: ['cloudwatch:GetMetricData', 'cloudwatch:ListMetrics', 'cloudtrail:LookupEvents'],
        resources: ['*'],
      }),
    );
    if (config.coverage.mode === 'stacks') {
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'ReadCoveredStacks',
          actions: ['cloudformation:ListStackResources'],
          resources: config.coverage.stacks.map((s) => `arn:aws:cloudformation:*:*:stack/${s}/*`),
        }),
      );
    }
    if (config.coverage.mode === 'tags') {
      fn.addToRolePolicy(
        new iam.PolicyStatement({
          sid: 'ReadTaggedResources',
          // The Resource Groups Tagging API has no resource-level permissions.
          actions: ['tag:GetResources'],
          resources: ['*'],
        }),
      );
    }
    const scheduleRole = new iam.Role(this, 'ScheduleRole', { assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com'), description: 'Lets EventBridge Scheduler start Opsight cycles' });
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      schedule: scheduler.ScheduleExpression.rate(Duration.minutes(config.cadence.goldenSignalsMinutes)),
      target: new targets.LambdaInvoke(fn, { retryAttempts: 0, deadLetterQueue: this.failures.queue, role: scheduleRole }),
      description: 'Opsight analysis cycle',
    });
    const fnId = Stack.of(this).resolve(Stack.of(this).getLogicalId(fn.node.defaultChild as CfnResource)) as string;
    Validations.of(scheduleRole).acknowledge({
      id: `AwsSolutions-IAM5[Resource::<${fnId}.Arn>:*]`,
      reason: "The scheduler's role may invoke the cycle function's versions and aliases (the function ARN with its qualifier).",
    });
    Validations.of(this.cycle).acknowledge({
      id: 'AwsSolutions-IAM5[Action::kms:GenerateDataKey*]',
      reason: "Publishing to the KMS-encrypted topic needs GenerateDataKey* on that topic's key only.",
    });
    if (config.coverage.mode === 'stacks') {
      for (const s of config.coverage.stacks) {
        Validations.of(this.cycle).acknowledge({
          id: `AwsSolutions-IAM5[Resource::arn:aws:cloudformation:*:*:stack/${s}/*]`,
          reason: 'A stack ARN ends with a generated id; the name fixes the stack.',
        });
      }
    }
  }
}
