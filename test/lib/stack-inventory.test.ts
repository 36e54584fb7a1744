/**
 * The cost model's picture of the stack (src/aws/cost/stack.ts) against the synthesized
 * template: the alarms, dashboards, KMS keys, functions and log retention it prices are the
 * ones the CDK app deploys, in both pipeline modes and with the optional parts on and off.
 */
import { describe, expect, it } from 'vitest';
import { stackInventory } from '../../src/aws/cost';
import { synth } from './helpers';

type Res = { Type: string; Properties: Record<string, unknown> };

describe.each([
  ['single, defaults', {}, { mode: 'single' as const, dashboard: false, throttleAlarms: false }],
  ['distributed, defaults', { pipeline: { mode: 'distributed' } }, { mode: 'distributed' as const, dashboard: false, throttleAlarms: false }],
  ['single, dashboard and throttle alarms', { monitoring: { dashboard: true, throttleAlarms: true } }, { mode: 'single' as const, dashboard: true, throttleAlarms: true }],
])('stack inventory (%s)', (_name, config, settings) => {
  const { template } = synth({ coverage: { mode: 'account' }, ...config });
  const resources = Object.values((template.toJSON() as { Resources: Record<string, Res> }).Resources);
  const ofType = (t: string) => resources.filter((r) => r.Type === t);
  const inv = stackInventory(settings);

  it('prices the alarms, dashboards and KMS keys the template holds', () => {
    expect(ofType('AWS::CloudWatch::Alarm')).toHaveLength(inv.alarms);
    expect(ofType('AWS::CloudWatch::Dashboard')).toHaveLength(inv.dashboards);
    expect(ofType('AWS::KMS::Key')).toHaveLength(inv.kmsKeys);
    const throttleAlarms = ofType('AWS::CloudWatch::Alarm').filter((a) => a.Properties.MetricName === 'Throttles');
    expect(throttleAlarms).toHaveLength(settings.throttleAlarms ? inv.functions.length : 0);
  });

  it('prices the functions the template holds, with their log retention', () => {
    const fns = ofType('AWS::Lambda::Function').filter((f) => String(f.Properties.Description ?? '').startsWith('Opsight'));
    expect(fns).toHaveLength(inv.functions.length);
    for (const f of fns) expect(f.Properties.TracingConfig).toEqual({ Mode: 'Active' });
    const retention = ofType('AWS::Logs::LogGroup').map((g) => g.Properties.RetentionInDays);
    expect(retention.filter((d) => d === inv.functionLogRetentionDays)).toHaveLength(inv.functions.length);
    expect(retention).toContain(inv.accessLogRetentionDays);
  });
});
