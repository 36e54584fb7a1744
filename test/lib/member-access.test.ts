import { describe, expect, it } from 'vitest';
import { callerRoleName } from '../../lib/member-access';
import { nagFindings, synth } from './helpers';

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
type Template = ReturnType<typeof synth>['template'];

function statementsOf(template: Template, rolePrefix: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(rolePrefix))
    .flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement);
}

const actions = (ss: Statement[]) => ss.flatMap((s) => [s.Action].flat());
const roleNames = (template: Template) =>
  Object.values(template.findResources('AWS::IAM::Role'))
    .map((r) => (r as { Properties: { RoleName?: string } }).Properties.RoleName)
    .filter(Boolean)
    .sort();
const everyAction = (template: Template) => JSON.stringify(template.findResources('AWS::IAM::Policy'));

const ACCOUNTS = { externalId: 'opsight-7f3a', accounts: [{ id: '111122223333' }, { id: '444455556666', alias: 'payments' }] };
const UNITS = { externalId: 'opsight-7f3a', organizationalUnits: [{ id: 'ou-ab12-11111111' }, { id: 'r-ab12' }] };

/** The Metrics Insights queries the stack's alarms evaluate. */
const alarmQueries = (template: Template): string[] =>
  Object.values(template.findResources('AWS::CloudWatch::Alarm')).flatMap((a) =>
    ((a as { Properties: { Metrics?: { Expression?: string }[] } }).Properties.Metrics ?? []).flatMap((m) => (m.Expression ? [m.Expression] : [])),
  );

describe('central stack with an organisation', () => {
  it('alarms on member accounts and units that could not be read, only in organisation mode', () => {
    expect(alarmQueries(synth({ organization: ACCOUNTS }).template).sort()).toEqual([
      'SELECT SUM(AccountCollectionFailures) FROM Opsight',
      'SELECT SUM(OrganizationalUnitListingFailures) FROM Opsight',
    ]);
    expect(alarmQueries(synth({ coverage: { mode: 'account' } }).template)).toEqual([]);
  });

  it('single account: no assume-role grant, no Organizations reads, generated role names', () => {
    const { template } = synth({ coverage: { mode: 'account' } });
    expect(everyAction(template)).not.toContain('sts:AssumeRole"');
    expect(everyAction(template)).not.toContain('organizations:');
    expect(roleNames(template)).toEqual([]);
  });

  it('lets the cycle assume the member role of each named account, nothing else', () => {
    const { template, stack } = synth({ organization: ACCOUNTS });
    const assume = statementsOf(template, 'PipelineCycleRole').filter((s) => s.Sid === 'AssumeMemberRoles');
    expect(assume).toHaveLength(1);
    expect(assume[0]!.Action).toBe('sts:AssumeRole');
    expect(JSON.stringify(assume[0]!.Resource)).toBe(
      JSON.stringify(['111122223333', '444455556666'].map((a) => ({ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, `:iam::${a}:role/OpsightMemberRead`]] }))),
    );
    expect(actions(statementsOf(template, 'PipelineCycleRole')).some((a) => a.startsWith('organizations:'))).toBe(false);
    for (const other of ['PipelineNotifierRole', 'ScheduleRole']) expect(actions(statementsOf(template, other))).not.toContain('sts:AssumeRole');
    // The API charts member series through the same roles, without listing units.
    const api = statementsOf(template, 'ApiHandlerRole');
    expect(api.filter((s) => s.Sid === 'AssumeMemberRoles')).toHaveLength(1);
    expect(actions(api).some((a) => a.startsWith('organizations:'))).toBe(false);
    // The member role trusts the caller roles by name.
    expect(roleNames(template)).toEqual(['OpsightCaller-Test-Api', 'OpsightCaller-Test-Cycle']);
    expect(nagFindings(stack)).toEqual([]);
  });

  it('distributed with units: assume-role inside the units (org paths), Organizations listing for the planner only', () => {
    const { template, stack } = synth({ pipeline: { mode: 'distributed' }, organization: { ...UNITS, roleName: 'ShopOpsRead' } });
    const planner = statementsOf(template, 'PipelinePlannerRole');
    const inUnits = planner.find((s) => s.Sid === 'AssumeMemberRolesInUnits')!;
    expect(JSON.stringify(inUnits.Resource)).toContain(':iam::*:role/ShopOpsRead');
    expect(inUnits.Condition).toEqual({ 'ForAnyValue:StringLike': { 'aws:ResourceOrgPaths': ['o-*/*ou-ab12-11111111/*', 'o-*/*r-ab12/*'] } });
    expect(planner.some((s) => s.Sid === 'AssumeMemberRoles')).toBe(false);
    expect(actions(planner).filter((a) => a.startsWith('organizations:')).sort()).toEqual(['organizations:ListAccountsForParent', 'organizations:ListChildren']);
    const analyzer = statementsOf(template, 'PipelineAnalyzerRole');
    expect(analyzer.some((s) => s.Sid === 'AssumeMemberRolesInUnits')).toBe(true);
    expect(actions(analyzer).some((a) => a.startsWith('organizations:'))).toBe(false);
    // The correlator reads member log evidence.
    expect(statementsOf(template, 'PipelineCorrelatorRole').some((s) => s.Sid === 'AssumeMemberRolesInUnits')).toBe(true);
    expect(roleNames(template)).toEqual(['OpsightCaller-Test-Analyzer', 'OpsightCaller-Test-Api', 'OpsightCaller-Test-Correlator', 'OpsightCaller-Test-Planner']);
    expect(nagFindings(stack)).toEqual([]);
  });

  it('leaves the correlator out when log evidence is off', () => {
    const { template } = synth({ pipeline: { mode: 'distributed' }, logs: { enabled: false }, organization: ACCOUNTS });
    expect(actions(statementsOf(template, 'PipelineCorrelatorRole'))).not.toContain('sts:AssumeRole');
    expect(roleNames(template)).toEqual(['OpsightCaller-Test-Analyzer', 'OpsightCaller-Test-Api', 'OpsightCaller-Test-Planner']);
  });

  it('keeps caller role names within 64 characters', () => {
    const name = callerRoleName('a'.repeat(128), 'Correlator');
    expect(name).toHaveLength(64);
    expect(name.startsWith('OpsightCaller-a')).toBe(true);
    expect(name.endsWith('-Correlator')).toBe(true);
    expect(callerRoleName('Opsight', 'Cycle')).toBe('OpsightCaller-Opsight-Cycle');
  });
});
