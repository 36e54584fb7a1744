import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface OpsightPipelineProps {
  readonly table: dynamodb.ITable;
  /** CloudFormation stacks to cover. */
  readonly stacks: readonly string[];
  /**
   * Time between analysis cycles.
   * @default Duration.minutes(5)
   */
  readonly cadence?: Duration;
}

/** The scheduled analysis cycle: EventBridge Scheduler invokes the cycle Lambda. */
export class OpsightPipeline extends Construct {
  public readonly cycleFunction: NodejsFunction;
  public readonly schedule: scheduler.Schedule;

  constructor(scope: Construct, id: string, props: OpsightPipelineProps) {
    super(scope, id);
    this.cycleFunction = new NodejsFunction(this, 'Cycle', {
      entry: join(root, 'lambdas/cycle.ts'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: 512,
      timeout: Duration.minutes(5),
      tracing: lambda.Tracing.ACTIVE,
      logGroup: new logs.LogGroup(this, 'CycleLogs', { retention: logs.RetentionDays.ONE_MONTH }),
      environment: {
        TABLE_NAME: props.table.tableName,
        COVERAGE_STACKS: props.stacks.join(','),
        POWERTOOLS_SERVICE_NAME: 'opsight',
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        forceDockerBundling: false,
        mainFields: ['module', 'main'],
        banner: "import { createRequire as __cr } from 'module'; const require = __cr(import.meta.url);",
      },
      projectRoot: root,
      depsLockFilePath: join(root, 'package-lock.json'),
    });
    props.table.grantReadWriteData(this.cycleFunction);
    this.cycleFunction.addToRolePolicy(
      new iam.PolicyStatement({
        // GetMetricData and LookupEvents have no resource-level permissions.
        actions: ['cloudwatch:GetMetricData', 'cloudtrail:LookupEvents'],
        resources: ['*'],
      }),
    );
    if (props.stacks.length > 0) {
      this.cycleFunction.addToRolePolicy(
        new iam.PolicyStatement({
          actions: ['cloudformation:ListStackResources'],
          resources: props.stacks.map((s) => `arn:aws:cloudformation:*:*:stack/${s}/*`),
        }),
      );
    }
    this.schedule = new scheduler.Schedule(this, 'Schedule', {
      schedule: scheduler.ScheduleExpression.rate(props.cadence ?? Duration.minutes(5)),
      target: new targets.LambdaInvoke(this.cycleFunction, { retryAttempts: 0 }),
      description: 'Opsight analysis cycle',
    });
  }
}
