import { Aws, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';

/** The log groups Opsight reads: those of covered Lambda functions, REST APIs and RDS instances. */
export const READ_LOG_GROUP_PATTERNS = ['/aws/lambda/*', 'API-Gateway-Execution-Logs_*', '/aws/rds/instance/*'];

/**
 * Lets a function read log evidence: find the log groups of covered resources
 * (DescribeLogGroups), read their events (FilterLogEvents, only the groups of the services
 * Opsight covers) and the findings of CloudWatch Logs anomaly detectors. Read-only.
 */
export function grantLogReads(fn: lambda.IFunction, extraLogGroups: readonly string[] = []): void {
  const arn = (resource: string) => `arn:${Aws.PARTITION}:logs:${Aws.REGION}:${Aws.ACCOUNT_ID}:${resource}`;
  const groups = [...READ_LOG_GROUP_PATTERNS, ...extraLogGroups];
  fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'ReadCoveredLogGroups', actions: ['logs:FilterLogEvents'], resources: groups.map((g) => arn(`log-group:${g}:*`)) }));
  fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'FindLogGroups', actions: ['logs:DescribeLogGroups'], resources: [arn('log-group:*')] }));
  fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'ReadLogAnomalies', actions: ['logs:ListAnomalies', 'logs:ListLogAnomalyDetectors'], resources: [arn('anomaly-detector:*')] }));
  const ack = (resource: string, reason: string) => Validations.of(fn.role ?? fn).acknowledge({ id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:logs:<AWS::Region>:<AWS::AccountId>:${resource}]`, reason });
  for (const g of groups) ack(`log-group:${g}:*`, 'Log events are read only from the log groups of covered resources, found at run time (coverage can change through the API); the pattern limits reads to these services.');
  ack('log-group:*', 'DescribeLogGroups finds the log groups of covered resources by name prefix; it lists names only and reads no events.');
  ack('anomaly-detector:*', 'Anomaly detectors watching covered log groups are discovered at run time; listing them and their anomalies is read-only.');
}
