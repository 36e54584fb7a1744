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
  if (what.includes('events')) wildcard.push('cloudtrail:LookupEvents');
  if (wildcard.length) {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadTelemetry',
        // These actions have no resource-level permissions (no resource type in the service
        // authorization reference): the only valid Resource is "*".
        actions: wildcard.sort(),
        resources: ['*'],
      }),
    );
  }
  if (what.includes('events')) {
    // ListDeployments, BatchGetDeployments and GetDeploymentGroup are authorised on the
    // deployment group; deployments are found in every application of the account and region.
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        sid: 'ReadDeployments',
        actions: ['codedeploy:BatchGetDeployments', 'codedeploy:GetDeploymentGroup', 'codedeploy:ListDeployments'],
        resources: [
          `arn:${Aws.PARTITION}:codedeploy:${Aws.REGION}:${Aws.ACCOUNT_ID}:deploymentgroup:*`,
          `arn:${Aws.PARTITION}:codedeploy:${Aws.REGION}:${Aws.ACCOUNT_ID}:application:*`,
        ],
      }),
    );
    Validations.of(fn.role ?? fn).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:codedeploy:<AWS::Region>:<AWS::AccountId>:deploymentgroup:*]',
      reason: 'Deployments are read from every CodeDeploy deployment group of this account and region; the groups are discovered at run time.',
    });
    Validations.of(fn.role ?? fn).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:codedeploy:<AWS::Region>:<AWS::AccountId>:application:*]',
      reason: 'Deployments are read from every CodeDeploy application of this account and region; the applications are discovered at run time.',
    });
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
    reason: 'GetMetricData, ListMetrics, LookupEvents, tag:GetResources and the X-Ray writes have no resource-level permissions.',
  });
}
