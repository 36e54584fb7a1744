import { Duration, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigateway';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { Organization } from '../src/core';
import { OpsightFunction } from './function';
import { callerRoleName, grantMemberAccess } from './member-access';
import { grantTelemetry } from './permissions';
import type { OpsightStorage } from './storage';

export interface OpsightApiProps {
  readonly storage: OpsightStorage;
  readonly failureQueue: sqs.IQueue;
  readonly environment?: Record<string, string>;
  /** Organisation mode: the API charts member accounts' series through their read-only role. */
  readonly organization?: Organization;
  /** Steady-state requests per second per account and stage. @default 50 */
  readonly rateLimit?: number;
  /** @default 100 */
  readonly burstLimit?: number;
}

/**
 * The REST API: API Gateway with IAM (SigV4) authorisation on every method, JSON access logs,
 * execution logging, X-Ray, throttling and request validation, proxying to the API Lambda.
 */
export class OpsightApi extends Construct {
  public readonly api: apigw.RestApi;
  public readonly handler: OpsightFunction;
  public readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: OpsightApiProps) {
    super(scope, id);
    this.handler = new OpsightFunction(this, 'Handler', {
      entry: 'lambdas/api.ts',
      description: 'Opsight REST API',
      memorySize: 512,
      // API Gateway's integration timeout is 29 s; the Lambda must finish before it.
      timeout: Duration.seconds(28),
      failureQueue: props.failureQueue,
      environment: { TABLE_NAME: props.storage.table.tableName, ...props.environment },
      ...(props.organization ? { roleName: callerRoleName(Stack.of(this).stackName, 'Api') } : {}),
    });
    if (props.organization) {
      grantMemberAccess(this.handler.function, props.organization, { listUnits: false });
      // The central account's own records are asked for by its id.
      this.handler.function.addEnvironment('ACCOUNT_ID', Stack.of(this).account);
    }
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', { retention: logs.RetentionDays.THREE_MONTHS });
    this.api = new apigw.RestApi(this, 'Api', {
      description: 'Opsight insights API (IAM auth)',
      cloudWatchRole: true,
      deployOptions: {
        stageName: 'v1',
        accessLogDestination: new apigw.LogGroupLogDestination(this.accessLogs),
        accessLogFormat: apigw.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigw.MethodLoggingLevel.ERROR,
        tracingEnabled: true,
        throttlingRateLimit: props.rateLimit ?? 50,
        throttlingBurstLimit: props.burstLimit ?? 100,
      },
      defaultMethodOptions: { authorizationType: apigw.AuthorizationType.IAM },
      endpointTypes: [apigw.EndpointType.REGIONAL],
    });
    const validator = this.api.addRequestValidator('Validator', { validateRequestBody: true, validateRequestParameters: true });
    const integration = new apigw.LambdaIntegration(this.handler.function);
    this.api.root.addMethod('ANY', integration, { requestValidator: validator });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-APIG3',
      reason: 'Every method requires IAM (SigV4) authorisation and the stage is throttled; attach a WAF web ACL in your account if your policy requires one.',
    });
    Validations.of(this.api).acknowledge({ id: 'AwsSolutions-COG4', reason: 'The API uses IAM (SigV4) authorisation, not Cognito: its callers are operators and tools with AWS credentials.' });
    Validations.of(this.api).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      reason: "API Gateway's account-level CloudWatch role, required for execution logging, uses the AWS-managed policy that API Gateway documents for it.",
    });
    props.storage.grantData(this.handler.function, 'readwrite');
    // GET /cost lists the covered resources; anomaly charts read the metric's history.
    grantTelemetry(this.handler.function, ['coverage', 'metrics']);
    this.api.root.addProxy({ defaultIntegration: integration, defaultMethodOptions: { requestValidator: validator, authorizationType: apigw.AuthorizationType.IAM }, anyMethod: true });
  }
}
