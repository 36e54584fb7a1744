/**
 * The member stack: one read-only role in a member account that the central Opsight pipeline
 * assumes. Deployed per account (`cdk deploy OpsightMember`) or to a whole organisation through
 * a CloudFormation StackSet with service-managed permissions, so its template needs no
 * bootstrap and no assets (LegacyStackSynthesizer: the template is deployed inline).
 */
import { CfnOutput, CfnParameter, LegacyStackSynthesizer, Stack, Validations, type StackProps } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type { Construct } from 'constructs';
import { parseConfig, type OpsightConfig } from '../src/core/config';
import { ValidationError } from '../src/core';
import { logReadStatements } from './log-permissions';
import { callerRolePattern } from './member-access';
import { acknowledgeWildcards, telemetryStatements, type ReadScope } from './permissions';

/** IAM roles are global: the member role reads every region the central stack covers. */
const ANY_REGION: ReadScope = { region: '*', nagRegion: '*' };

export interface OpsightMemberStackProps extends Omit<StackProps, 'synthesizer'> {
  /** The same Opsight configuration as the central stack; it must have an `organization`. */
  readonly config: unknown;
  /**
   * The central account's id: the default of the template's `CentralAccountId` parameter
   * (a StackSet passes it as a parameter instead). @default none: the parameter is required
   */
  readonly centralAccountId?: string;
  /**
   * Central roles trusted by ARN instead of the caller-role name pattern
   * (`arn:aws:iam::<central>:role/OpsightCaller-*`). @default the pattern
   */
  readonly callerRoleArns?: readonly string[];
}

/** The read-only role the central pipeline assumes in a member account. */
export class OpsightMemberStack extends Stack {
  public readonly role: iam.Role;
  public readonly config: OpsightConfig;

  constructor(scope: Construct, id: string, props: OpsightMemberStackProps) {
    super(scope, id, { ...props, synthesizer: new LegacyStackSynthesizer(), analyticsReporting: false });
    this.config = parseConfig(props.config);
    const org = this.config.organization;
    if (!org) throw new ValidationError('opsight.organization: the member stack needs an organization (roleName, externalId and the accounts or units)');
    if (props.centralAccountId !== undefined && !/^\d{12}$/.test(String(props.centralAccountId))) {
      throw new ValidationError(`opsight:centralAccount: must be the central account's 12-digit id, got "${String(props.centralAccountId)}"`);
    }
    for (const arn of props.callerRoleArns ?? []) {
      if (!/^arn:aws[\w-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/.test(arn)) throw new ValidationError(`opsight:callerRoleArns: "${arn}" is not an IAM role ARN`);
    }
    const central = new CfnParameter(this, 'CentralAccountId', {
      type: 'String',
      description: 'The AWS account Opsight runs in (its pipeline assumes this role)',
      allowedPattern: '^\\d{12}$',
      constraintDescription: 'must be a 12-digit AWS account id',
      ...(props.centralAccountId !== undefined ? { default: String(props.centralAccountId) } : {}),
    });
    const callers = props.callerRoleArns?.length ? [...props.callerRoleArns] : [callerRolePattern(central.valueAsString)];
    const principal = new iam.PrincipalWithConditions(new iam.AccountPrincipal(central.valueAsString), {
      StringEquals: { 'sts:ExternalId': org.externalId },
      ArnLike: { 'aws:PrincipalArn': callers },
    });
    const statements = [...telemetryStatements(['coverage', 'metrics', 'events'], ANY_REGION), ...(this.config.logs.enabled ? logReadStatements(this.config.logs.extraLogGroups, ANY_REGION) : [])];
    this.role = new iam.Role(this, 'ReadRole', {
      roleName: org.roleName,
      assumedBy: principal,
      description: 'Opsight member access: read-only metrics, change events, stack and tag listings (and log evidence) for the central Opsight pipeline',
      inlinePolicies: { OpsightRead: new iam.PolicyDocument({ statements: statements.map((s) => s.statement) }) },
    });
    acknowledgeWildcards(this.role, statements);
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: 'GetMetricData, ListMetrics, LookupEvents and tag:GetResources have no resource-level permissions.',
    });
    new CfnOutput(this, 'RoleArn', { value: this.role.roleArn, description: 'The role the central Opsight pipeline assumes in this account' });
  }
}
