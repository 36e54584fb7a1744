import { describe, expect, it } from 'vitest';
import { nagFindings, synthMember } from './helpers';

const ORG = { externalId: 'opsight-7f3a', accounts: [{ id: '111122223333' }] };

type Statement = { Sid?: string; Effect: string; Action: string | string[]; Resource: unknown; Principal?: unknown; Condition?: Record<string, Record<string, unknown>> };
type RoleProps = { RoleName: string; AssumeRolePolicyDocument: { Statement: Statement[] }; Policies: Array<{ PolicyDocument: { Statement: Statement[] } }> };

function roleOf(template: ReturnType<typeof synthMember>['template']): RoleProps {
  const roles = Object.values(template.findResources('AWS::IAM::Role')) as Array<{ Properties: RoleProps }>;
  expect(roles).toHaveLength(1);
  return roles[0]!.Properties;
}

const actionsOf = (role: RoleProps) => role.Policies.flatMap((p) => p.PolicyDocument.Statement.flatMap((s) => [s.Action].flat())).sort();

describe('member stack', () => {
  it('grants exactly the reads the collectors, coverage catalogs and log evidence make', () => {
    const role = roleOf(synthMember({ organization: ORG }).template);
    // By service, as src/aws/collect, src/aws/coverage and the log evidence step call them.
    const expected = {
      cloudformation: ['ListStackResources'],
      cloudtrail: ['LookupEvents'],
      cloudwatch: ['GetMetricData', 'ListMetrics'],
      codedeploy: ['BatchGetDeployments', 'GetDeploymentGroup', 'ListDeployments'],
      logs: ['DescribeLogGroups', 'FilterLogEvents', 'ListAnomalies', 'ListLogAnomalyDetectors'],
      tag: ['GetResources'],
    };
    expect(actionsOf(role)).toEqual(Object.entries(expected).flatMap(([service, names]) => names.map((n) => `${service}:${n}`)));
    for (const s of role.Policies.flatMap((p) => p.PolicyDocument.Statement)) expect(s.Effect).toBe('Allow');
    // Without log evidence, no log reads.
    const noLogs = roleOf(synthMember({ organization: ORG, logs: { enabled: false } }).template);
    expect(actionsOf(noLogs).some((a) => a.startsWith('logs:'))).toBe(false);
    expect(actionsOf(noLogs)).toHaveLength(8);
  });

  it('names the role from the configuration and scopes ARNs to the member account in any region', () => {
    expect(roleOf(synthMember({ organization: ORG }).template).RoleName).toBe('OpsightMemberRead');
    const role = roleOf(synthMember({ organization: { ...ORG, roleName: 'ShopOpsRead' }, logs: { extraLogGroups: ['search/app'] } }).template);
    expect(role.RoleName).toBe('ShopOpsRead');
    const scoped = role.Policies.flatMap((p) => p.PolicyDocument.Statement).filter((s) => JSON.stringify(s.Resource) !== '"*"');
    expect(scoped.map((s) => s.Sid).sort()).toEqual(['FindLogGroups', 'ListStackResources', 'ReadCoveredLogGroups', 'ReadDeployments', 'ReadLogAnomalies']);
    for (const s of scoped) {
      const arns = JSON.stringify(s.Resource);
      expect(arns).toContain(':*:');
      expect(arns).toContain('{"Ref":"AWS::AccountId"}');
      expect(arns).not.toContain('AWS::Region');
    }
    expect(JSON.stringify(scoped.find((s) => s.Sid === 'ReadCoveredLogGroups')!.Resource)).toContain(':log-group:search/app:*');
  });

  it('trusts only the central account’s caller roles, with the external id', () => {
    const { template } = synthMember({ organization: ORG }, { centralAccountId: '999988887777' });
    const trust = roleOf(template).AssumeRolePolicyDocument.Statement;
    expect(trust).toHaveLength(1);
    const t = trust[0]!;
    expect(t.Action).toBe('sts:AssumeRole');
    expect(JSON.stringify(t.Principal)).toBe(JSON.stringify({ AWS: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'CentralAccountId' }, ':root']] } }));
    expect(t.Condition!.StringEquals).toEqual({ 'sts:ExternalId': 'opsight-7f3a' });
    expect(JSON.stringify(t.Condition!.ArnLike)).toBe(
      JSON.stringify({ 'aws:PrincipalArn': [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::', { Ref: 'CentralAccountId' }, ':role/OpsightCaller-*']] }] }),
    );
    // The central account is a parameter (a StackSet passes it), defaulting to the given id.
    template.hasParameter('CentralAccountId', { Type: 'String', Default: '999988887777', AllowedPattern: '^\\d{12}$' });
  });

  it('trusts explicit role ARNs instead of the name pattern when given', () => {
    const arns = ['arn:aws:iam::999988887777:role/ops-cycle', 'arn:aws:iam::999988887777:role/ops-analyzer'];
    const t = roleOf(synthMember({ organization: ORG }, { callerRoleArns: arns }).template).AssumeRolePolicyDocument.Statement[0]!;
    expect(t.Condition!.ArnLike).toEqual({ 'aws:PrincipalArn': arns });
    expect(t.Condition!.StringEquals).toEqual({ 'sts:ExternalId': 'opsight-7f3a' });
  });

  it('is cdk-nag clean', () => {
    expect(nagFindings(synthMember({ organization: ORG }).stack)).toEqual([]);
    expect(nagFindings(synthMember({ organization: ORG, logs: { enabled: false } }).stack)).toEqual([]);
  });

  it('synthesises a template a service-managed StackSet can take: no bootstrap, no assets, one role', () => {
    const { app, template } = synthMember({ organization: ORG });
    const json = template.toJSON() as Record<string, Record<string, { Type?: string }>>;
    expect(Object.keys(json).sort()).toEqual(['Outputs', 'Parameters', 'Resources']);
    expect(Object.keys(json.Parameters!)).toEqual(['CentralAccountId']);
    expect(Object.values(json.Resources!).map((r) => r.Type)).toEqual(['AWS::IAM::Role']);
    const text = JSON.stringify(json);
    for (const bootstrap of ['BootstrapVersion', 'cdk-hnb659fds', 'Fn::ImportValue', 'AWS::CDK::Metadata', 'aws:asset']) expect(text).not.toContain(bootstrap);
    const artifact = app.synth().getStackByName('Member');
    expect(artifact.assets).toEqual([]);
    expect(artifact.assumeRoleArn).toBeUndefined();
    expect(artifact.stackTemplateAssetObjectUrl).toBeUndefined();
    expect(artifact.dependencies).toEqual([]);
  });

  it('names what is wrong with its inputs', () => {
    expect(() => synthMember({})).toThrow(/opsight\.organization: the member stack needs an organization/);
    expect(() => synthMember({ organization: ORG }, { centralAccountId: '12345' })).toThrow(/opsight:centralAccount: must be the central account's 12-digit id, got "12345"/);
    expect(() => synthMember({ organization: ORG }, { callerRoleArns: ['ops-cycle'] })).toThrow(/opsight:callerRoleArns: "ops-cycle" is not an IAM role ARN/);
    expect(() => synthMember({ organization: { externalId: 'x y', accounts: [] } })).toThrow(/opsight\.organization/);
  });
});
