/**
 * The central side of organisation-wide coverage: the collecting functions' roles get fixed
 * names (so a member role can trust exactly them) and may assume the member role of each
 * configured account, or of any account inside the configured organisational units.
 */
import { Aws, Validations, type Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Organization } from '../src/core/accounts/config';

/** Every central role that may assume a member role is named with this prefix. */
export const CALLER_ROLE_PREFIX = 'OpsightCaller-';

/** The name of a collecting function's role in organisation mode: `OpsightCaller-<stack>-<function>` (at most 64 characters). */
export function callerRoleName(stackName: string, functionId: string): string {
  return `${CALLER_ROLE_PREFIX}${stackName.slice(0, 64 - CALLER_ROLE_PREFIX.length - functionId.length - 1)}-${functionId}`;
}

/**
 * `aws:ResourceOrgPaths` patterns matching accounts in a unit or below it: the path is
 * `o-…/r-…/ou-…/…/`, and the unit may be anywhere in it.
 */
export function unitPathPatterns(org: Organization): string[] {
  return org.organizationalUnits.map((u) => `o-*/*${u.id}/*`);
}

/**
 * Lets `fn` assume the member role: in each named account, and (when units are named) in any
 * account whose organisation path contains one of them. `listUnits` adds the Organizations
 * reads that find the accounts of the units (the planning function only).
 */
export function grantMemberAccess(fn: lambda.IFunction, org: Organization, options: { listUnits: boolean }): void {
  const role = (account: string) => `arn:${Aws.PARTITION}:iam::${account}:role/${org.roleName}`;
  if (org.accounts.length) {
    fn.addToRolePolicy(new iam.PolicyStatement({ sid: 'AssumeMemberRoles', actions: ['sts:AssumeRole'], resources: org.accounts.map((a) => role(a.id)) }));
  }
  if (!org.organizationalUnits.length) return;
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'AssumeMemberRolesInUnits',
      actions: ['sts:AssumeRole'],
      resources: [role('*')],
      conditions: { 'ForAnyValue:StringLike': { 'aws:ResourceOrgPaths': unitPathPatterns(org) } },
    }),
  );
  const target = fn.role ?? fn;
  Validations.of(target).acknowledge({
    id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:iam::*:role/${org.roleName}]`,
    reason: 'The accounts of the configured organisational units are listed at run time; the role may be assumed only in accounts whose organisation path contains one of those units (aws:ResourceOrgPaths).',
  });
  if (!options.listUnits) return;
  // Organizations ARNs name the management account and organisation id, neither known here.
  const orgArn = (resource: string) => `arn:${Aws.PARTITION}:organizations::*:${resource}`;
  fn.addToRolePolicy(
    new iam.PolicyStatement({
      sid: 'ListUnitAccounts',
      actions: ['organizations:ListAccountsForParent', 'organizations:ListChildren'],
      resources: [orgArn('root/o-*/r-*'), orgArn('ou/o-*/ou-*')],
    }),
  );
  for (const r of ['root/o-*/r-*', 'ou/o-*/ou-*']) {
    Validations.of(target).acknowledge({
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:organizations::*:${r}]`,
      reason: 'Units are walked down to their child units, whose ids are found at run time; listing accounts and child units is read-only.',
    });
  }
}

/** The ARN pattern of every caller role of a central account (what a member role trusts by default). */
export function callerRolePattern(centralAccount: string): string {
  return `arn:${Aws.PARTITION}:iam::${centralAccount}:role/${CALLER_ROLE_PREFIX}*`;
}

/** The role name the pipeline gives a collecting function in organisation mode, or none. */
export function collectingRoleName(scope: Stack, org: Organization | undefined, functionId: string): string | undefined {
  return org ? callerRoleName(scope.stackName, functionId) : undefined;
}
