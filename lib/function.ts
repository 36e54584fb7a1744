import { Duration, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root: Lambda entries are resolved from here. */
export const PROJECT_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');

export interface OpsightFunctionProps {
  /** Entry file under lambdas/, e.g. `lambdas/planner.ts`. */
  readonly entry: string;
  /** Plain-language purpose, used as the function description. */
  readonly description: string;
  /** @default 256 */
  readonly memorySize?: number;
  /** @default Duration.seconds(30) */
  readonly timeout?: Duration;
  readonly environment?: Record<string, string>;
  /** Queue receiving failed asynchronous invocations. */
  readonly failureQueue: sqs.IQueue;
  /** @default logs.RetentionDays.ONE_MONTH */
  readonly logRetention?: logs.RetentionDays;
  /** Fixed name of the function's role (a member account's role trusts it by name). @default generated */
  readonly roleName?: string;
}

/**
 * A Lambda function the way every Opsight function is built: latest Node.js runtime, arm64,
 * bundled locally by esbuild (no Docker), X-Ray tracing, its own log group with retention,
 * and failed asynchronous invocations sent to a queue.
 */
export class OpsightFunction extends Construct {
  public readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, props: OpsightFunctionProps) {
    super(scope, id);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH });
    // Our own role instead of AWSLambdaBasicExecutionRole: logs only to this function's group.
    const role = new iam.Role(this, 'Role', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'), description: `Runs: ${props.description}`, ...(props.roleName ? { roleName: props.roleName } : {}) });
    logGroup.grantWrite(role);
    this.function = new NodejsFunction(this, 'Function', {
      entry: join(PROJECT_ROOT, props.entry),
      handler: 'handler',
      description: props.description,
      role,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 256,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      loggingFormat: lambda.LoggingFormat.JSON,
      onFailure: new SqsDestination(props.failureQueue),
      retryAttempts: 2,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'opsight',
        POWERTOOLS_METRICS_NAMESPACE: 'Opsight',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
        ...props.environment,
      },
      bundling: {
        format: OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        forceDockerBundling: false,
        mainFields: ['module', 'main'],
        // Some dependencies still call require(); give ESM bundles one.
        banner: "import { createRequire as __opsightRequire } from 'module'; const require = __opsightRequire(import.meta.url);",
      },
      projectRoot: PROJECT_ROOT,
      depsLockFilePath: join(PROJECT_ROOT, 'package-lock.json'),
    });
    Validations.of(role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'X-Ray PutTraceSegments/PutTelemetryRecords (added by active tracing) have no resource-level permissions.',
    });
    Validations.of(this.function).acknowledge({
      id: 'Serverless-LambdaDLQ',
      reason: 'Failed asynchronous invocations go to an on-failure destination (the failure queue), which records the error as well as the event.',
    });
  }
}
