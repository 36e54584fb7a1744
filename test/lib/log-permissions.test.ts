import { describe, expect, it } from 'vitest';
import { READ_LOG_GROUP_PATTERNS } from '../../lib/log-permissions';
import { nagFindings, synth } from './helpers';

type Statement = { Sid?: string; Action: string | string[]; Resource: unknown };

function statements(template: ReturnType<typeof synth>['template'], rolePrefix: string): Statement[] {
  return Object.values(template.findResources('AWS::IAM::Policy'))
    .filter((p) => JSON.stringify((p as { Properties: { Roles: unknown } }).Properties.Roles).includes(rolePrefix))
    .flatMap((p) => (p as { Properties: { PolicyDocument: { Statement: Statement[] } } }).Properties.PolicyDocument.Statement);
}

describe('log reads in the stack', () => {
  it('lets the cycle read events only from the log groups of covered services, cdk-nag clean', () => {
    const { template, stack } = synth({ coverage: { mode: 'stacks', stacks: ['shop'] } });
    const read = statements(template, 'PipelineCycleRole').find((s) => s.Sid === 'ReadCoveredLogGroups')!;
    expect(read.Action).toBe('logs:FilterLogEvents');
    const resources = JSON.stringify(read.Resource);
    for (const g of READ_LOG_GROUP_PATTERNS) expect(resources).toContain(`:log-group:${g}:*`);
    expect(resources).not.toContain('log-group:*"');
    expect(nagFindings(stack)).toEqual([]);
  });

  it('adds the configured extra log groups, and grants nothing when log evidence is off', () => {
    const { template, stack } = synth({ logs: { extraLogGroups: ['search/app', 'agent-*'] } });
    const read = statements(template, 'PipelineCycleRole').find((s) => s.Sid === 'ReadCoveredLogGroups')!;
    expect(JSON.stringify(read.Resource)).toContain(':log-group:search/app:*');
    expect(JSON.stringify(read.Resource)).toContain(':log-group:agent-*:*');
    expect(nagFindings(stack)).toEqual([]);
    const off = synth({ logs: { enabled: false } }).template;
    expect(statements(off, 'PipelineCycleRole').some((s) => String(s.Action).includes('FilterLogEvents'))).toBe(false);
    expect(() => synth({ logs: { extraLogGroups: ['bad name with spaces'] } })).toThrow(/opsight\.logs\.extraLogGroups\.0: must be a log group name/);
  });

  it('grants the reads to the correlator, not the analyzers, in distributed mode', () => {
    const { template } = synth({ pipeline: { mode: 'distributed' } });
    const has = (role: string) => statements(template, role).some((s) => s.Action === 'logs:FilterLogEvents');
    expect(has('PipelineCorrelatorRole')).toBe(true);
    expect(has('PipelineAnalyzerRole')).toBe(false);
    expect(has('PipelinePlannerRole')).toBe(false);
  });
});
