/**
 * `Resource: "*"` only where an action has no resource-level permissions. Every such statement
 * of the synthesized template (identity policies, and resource policies where "*" means the
 * resource itself) is listed with the reason it cannot be narrowed; any other action granted on
 * "*" fails the test. Reasons follow the AWS service authorization reference (actions with no
 * resource type must name "*").
 */
import { describe, expect, it } from 'vitest';
import { synth } from './helpers';

/** Actions that may be granted on "*" in an identity policy, and why. */
const NO_RESOURCE_LEVEL: Readonly<Record<string, string>> = {
  'cloudwatch:GetMetricData': 'GetMetricData has no resource type: metric reads cannot be scoped',
  'cloudwatch:ListMetrics': 'ListMetrics has no resource type',
  'tag:GetResources': 'Resource Groups Tagging API actions have no resource type',
  'cloudtrail:LookupEvents': 'LookupEvents has no resource type (it reads the account-wide event history)',
  'ssm:CreateOpsItem': 'CreateOpsItem has no resource type (the OpsItem id does not exist before the call)',
  'ssm:DescribeOpsItems': 'DescribeOpsItems has no resource type',
  'xray:PutTraceSegments': 'X-Ray trace writes have no resource type (added by active tracing)',
  'xray:PutTelemetryRecords': 'X-Ray telemetry writes have no resource type (added by active tracing)',
  'dynamodb:ListStreams': 'ListStreams has no resource type (added by the table stream event source)',
};

type Statement = { Effect: string; Action: string | string[]; Resource?: unknown; Principal?: unknown };
type Resource = { Type: string; Properties?: Record<string, unknown> };

/** Every policy statement of the template with where it comes from. */
function statements(resources: Record<string, Resource>): Array<{ id: string; type: string; statement: Statement }> {
  const out: Array<{ id: string; type: string; statement: Statement }> = [];
  for (const [id, r] of Object.entries(resources)) {
    const p = r.Properties ?? {};
    const docs: unknown[] = [];
    if (['AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::SNS::TopicPolicy', 'AWS::SQS::QueuePolicy'].includes(r.Type)) docs.push(p.PolicyDocument);
    if (r.Type === 'AWS::IAM::Role') for (const inline of (p.Policies as Array<{ PolicyDocument: unknown }> | undefined) ?? []) docs.push(inline.PolicyDocument);
    if (r.Type === 'AWS::KMS::Key') docs.push(p.KeyPolicy);
    for (const d of docs) for (const statement of (d as { Statement: Statement[] }).Statement) out.push({ id, type: r.Type, statement });
  }
  return out;
}

const wildcard = (s: Statement) => [s.Resource].flat().includes('*');

describe.each([
  ['single mode', { coverage: { mode: 'stacks', stacks: ['shop'] }, notifications: { emails: ['oncall@example.com'] } }],
  ['distributed mode with OpsCenter', { coverage: { mode: 'account' }, pipeline: { mode: 'distributed' }, opsCenter: { enabled: true } }],
  [
    'distributed mode with an organisation',
    { pipeline: { mode: 'distributed' }, organization: { externalId: 'opsight-7f3a', accounts: [{ id: '111122223333' }], organizationalUnits: [{ id: 'ou-ab12-11111111' }] } },
  ],
])('IAM wildcards (%s)', (_name, config) => {
  const { template } = synth(config);
  const all = statements((template.toJSON() as { Resources: Record<string, Resource> }).Resources);

  it('grants on "*" only actions without resource-level permissions, each with its reason', () => {
    const listed: string[] = [];
    const unexplained: string[] = [];
    for (const { id, type, statement } of all.filter((x) => x.statement.Effect === 'Allow' && wildcard(x.statement))) {
      // In a key policy "*" is the key itself.
      if (type === 'AWS::KMS::Key') {
        listed.push(`${id}: ${JSON.stringify(statement.Action)} on this key (a key policy's "*" is the key itself)`);
        continue;
      }
      for (const action of [statement.Action].flat()) {
        const reason = NO_RESOURCE_LEVEL[action];
        if (reason) listed.push(`${id}: ${action}: ${reason}`);
        else unexplained.push(`${id}: ${action}`);
      }
    }
    expect(unexplained).toEqual([]);
    expect(listed.length).toBeGreaterThan(0);
  });

  it('scopes CodeDeploy reads to deployment groups and applications of the account and region', () => {
    const cd = all.filter((x) => [x.statement.Action].flat().some((a) => a.startsWith('codedeploy:')));
    expect(cd.length).toBeGreaterThan(0);
    for (const { statement } of cd) {
      expect(wildcard(statement)).toBe(false);
      const arns = JSON.stringify(statement.Resource);
      expect(arns).toContain(':codedeploy:');
      expect(arns).toContain('deploymentgroup:*');
      expect(arns).toContain('{"Ref":"AWS::Region"}');
      expect(arns).toContain('{"Ref":"AWS::AccountId"}');
    }
  });

  it('scopes OpsItem updates to OpsItem ARNs', () => {
    const updates = all.filter((x) => [x.statement.Action].flat().includes('ssm:UpdateOpsItem'));
    expect(updates.length).toBe('opsCenter' in config ? 1 : 0);
    for (const { statement } of updates) {
      expect(wildcard(statement)).toBe(false);
      expect(JSON.stringify(statement.Resource)).toMatch(/:ssm:.*:opsitem\/\*/);
    }
  });
});
