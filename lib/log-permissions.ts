import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import { acknowledgeWildcards, OWN_REGION, scopedArn, type ExplainedStatement, type ReadScope } from './permissions';

/** The log groups Opsight reads: those of covered Lambda functions, REST APIs and RDS instances. */
export const READ_LOG_GROUP_PATTERNS = ['/aws/lambda/*', 'API-Gateway-Execution-Logs_*', '/aws/rds/instance/*'];

/**
 * Log evidence reads: find the log groups of covered resources (DescribeLogGroups), read their
 * events (FilterLogEvents, only the groups of the services Opsight covers) and the findings of
 * CloudWatch Logs anomaly detectors. Read-only.
 */
export function logReadStatements(extraLogGroups: readonly string[] = [], scope: ReadScope = OWN_REGION): ExplainedStatement[] {
  const groups = [...READ_LOG_GROUP_PATTERNS, ...extraLogGroups].map((g) => scopedArn(scope, 'logs', `log-group:${g}:*`));
  const all = scopedArn(scope, 'logs', 'log-group:*');
  const detectors = scopedArn(scope, 'logs', 'anomaly-detector:*');
  return [
    {
      statement: new iam.PolicyStatement({ sid: 'ReadCoveredLogGroups', actions: ['logs:FilterLogEvents'], resources: groups.map((g) => g.arn) }),
      wildcards: groups.map((g) => ({
        resource: g.nag,
        reason: 'Log events are read only from the log groups of covered resources, found at run time (coverage can change through the API); the pattern limits reads to these services.',
      })),
    },
    {
      statement: new iam.PolicyStatement({ sid: 'FindLogGroups', actions: ['logs:DescribeLogGroups'], resources: [all.arn] }),
      wildcards: [{ resource: all.nag, reason: 'DescribeLogGroups finds the log groups of covered resources by name prefix; it lists names only and reads no events.' }],
    },
    {
      statement: new iam.PolicyStatement({ sid: 'ReadLogAnomalies', actions: ['logs:ListAnomalies', 'logs:ListLogAnomalyDetectors'], resources: [detectors.arn] }),
      wildcards: [{ resource: detectors.nag, reason: 'Anomaly detectors watching covered log groups are discovered at run time; listing them and their anomalies is read-only.' }],
    },
  ];
}

/** Lets a function read log evidence in its own account and region (see `logReadStatements`). */
export function grantLogReads(fn: lambda.IFunction, extraLogGroups: readonly string[] = []): void {
  const statements = logReadStatements(extraLogGroups);
  for (const s of statements) fn.addToRolePolicy(s.statement);
  acknowledgeWildcards(fn.role ?? fn, statements);
}
