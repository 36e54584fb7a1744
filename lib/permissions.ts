import { Aws, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { IConstruct } from 'constructs';

/** What Opsight reads from an account: listing resources, metric data, change events. */
export type TelemetryRead = 'coverage' | 'metrics' | 'events';

/**
 * Where the reads are allowed: the region of ARNs (`Aws.REGION` in the stack's own account,
 * `*` for the member role, which IAM shares across regions) and how cdk-nag prints it.
 */
export interface ReadScope {
  readonly region: string;
  readonly nagRegion: string;
}

/** The stack's own account and region. */
export const OWN_REGION: ReadScope = { region: Aws.REGION, nagRegion: '<AWS::Region>' };

/** `arn:<partition>:<service>:<region>:<this account>:<resource>` and its cdk-nag spelling. */
export function scopedArn(scope: ReadScope, service: string, resource: string): { arn: string; nag: string } {
  return {
    arn: `arn:${Aws.PARTITION}:${service}:${scope.region}:${Aws.ACCOUNT_ID}:${resource}`,
    nag: `arn:<AWS::Partition>:${service}:${scope.nagRegion}:<AWS::AccountId>:${resource}`,
  };
}

/** A statement and the cdk-nag wildcard findings it raises, each with why it cannot be narrower. */
export interface ExplainedStatement {
  readonly statement: iam.PolicyStatement;
  readonly wildcards: ReadonlyArray<{ readonly resource: string; readonly reason: string }>;
}

/**
 * The read-only statements for `what`:
 * - `coverage`: list the covered resources (ListMetrics, ListStackResources, tag:GetResources);
 * - `metrics`: read metric data (GetMetricData);
 * - `events`: read change events (CloudTrail LookupEvents, CodeDeploy listings).
 *
 * Coverage can be changed at run time through the API (`PUT /coverage`), so listing is granted
 * for any stack and any tag rather than only the deployed coverage.
 */
export function telemetryStatements(what: readonly TelemetryRead[], scope: ReadScope = OWN_REGION): ExplainedStatement[] {
  const out: ExplainedStatement[] = [];
  const wildcard: string[] = [];
  if (what.includes('metrics')) wildcard.push('cloudwatch:GetMetricData');
  if (what.includes('coverage')) wildcard.push('cloudwatch:ListMetrics', 'tag:GetResources');
  if (what.includes('events')) wildcard.push('cloudtrail:LookupEvents');
  if (wildcard.length) {
    // These actions have no resource-level permissions (no resource type in the service
    // authorization reference): the only valid Resource is "*".
    out.push({ statement: new iam.PolicyStatement({ sid: 'ReadTelemetry', actions: wildcard.sort(), resources: ['*'] }), wildcards: [] });
  }
  if (what.includes('events')) {
    // ListDeployments, BatchGetDeployments and GetDeploymentGroup are authorised on the
    // deployment group; deployments are found in every application of the account.
    const group = scopedArn(scope, 'codedeploy', 'deploymentgroup:*');
    const app = scopedArn(scope, 'codedeploy', 'application:*');
    out.push({
      statement: new iam.PolicyStatement({
        sid: 'ReadDeployments',
        actions: ['codedeploy:BatchGetDeployments', 'codedeploy:GetDeploymentGroup', 'codedeploy:ListDeployments'],
        resources: [group.arn, app.arn],
      }),
      wildcards: [
        { resource: group.nag, reason: 'Deployments are read from every CodeDeploy deployment group of this account and region; the groups are discovered at run time.' },
        { resource: app.nag, reason: 'Deployments are read from every CodeDeploy application of this account and region; the applications are discovered at run time.' },
      ],
    });
  }
  if (what.includes('coverage')) {
    const stacks = scopedArn(scope, 'cloudformation', 'stack/*');
    out.push({
      statement: new iam.PolicyStatement({ sid: 'ListStackResources', actions: ['cloudformation:ListStackResources'], resources: [stacks.arn] }),
      wildcards: [{ resource: stacks.nag, reason: 'Coverage can name any stack of this account and region at run time (PUT /coverage); listing the resources of a stack is read-only.' }],
    });
  }
  return out;
}

/** Acknowledges the statements' wildcard findings on `target` (a role, or a function without one). */
export function acknowledgeWildcards(target: IConstruct, statements: readonly ExplainedStatement[]): void {
  for (const s of statements) for (const w of s.wildcards) Validations.of(target).acknowledge({ id: `AwsSolutions-IAM5[Resource::${w.resource}]`, reason: w.reason });
}

/** Lets a function read from its own account and region, read-only (see `telemetryStatements`). */
export function grantTelemetry(fn: lambda.IFunction, what: readonly TelemetryRead[]): void {
  const statements = telemetryStatements(what);
  for (const s of statements) fn.addToRolePolicy(s.statement);
  acknowledgeWildcards(fn.role ?? fn, statements);
  Validations.of(fn.role ?? fn).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'GetMetricData, ListMetrics, LookupEvents, tag:GetResources and the X-Ray writes have no resource-level permissions.',
  });
}
