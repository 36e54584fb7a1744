import { Aws, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';

/**
 * What a function reads from the account, all read-only:
 * - `coverage`: list the covered resources (ListMetrics, ListStackResources, tag:GetResources);
 * - `metrics`: read metric data (GetMetricData);
 * - `events`: read change events (CloudTrail LookupEvents, CodeDeploy listings).
 *
 * Coverage can be changed at run time through the API (`PUT /coverage`), so listing is granted
 * for any stack and any tag rather than only the deployed coverage.
 */
export function grantTelemetry(fn: lambda.IFunction, what: ReadonlyArray<'coverage' | 'metrics' | 'events'>): void {
  const wildcard: string[] = [];
  if (what.includes('metrics')) wildcard.push('cloudwatch:GetMetricData');
  if (what.includes('coverage')) wildcard.push('cloudwatch:ListMetrics', 'tag:GetResources');
  if (what.includes('events')) wildcard.push('cloudtrail:LookupEvents', 'codedeploy:ListDeployments', 'codedeploy:BatchGetDeployments', 'codedeploy:GetDeploymentGroup');
  if (wildcard.length) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadTelemetry',
        // GetMetricData, ListMetrics, tag:GetResources and LookupEvents have no resource-level
        // permissions; CodeDeploy deployment groups are discovered at run time in every application.
        actions: wildcard.sort(),
        resources: ['*'],
      }),
    );
  }
  if (what.includes('coverage')) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ListStackResources',
        actions: ['cloudformation:ListStackResources'],
        resources: [`arn:${Aws.PARTITION}:cloudformation:${Aws.REGION}:${Aws.ACCOUNT_ID}:stack/*`],
      }),
    );
    Validations.of(fn.role ?? fn).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:cloudformation:<AWS::Region>:<AWS::AccountId>:stack/*]',
      reason: 'Coverage can name any stack of this account and region at run time (PUT /coverage); listing the resources of a stack is read-only.',
    });
  }
  Validations.of(fn.role ?? fn).acknowledge({
    id: 'AwsSolutions-IAM5[Resource::*]',
    reason: 'GetMetricData, ListMetrics, LookupEvents, tag:GetResources, CodeDeploy listing and X-Ray writes have no usable resource-level permissions.',
  });
}
