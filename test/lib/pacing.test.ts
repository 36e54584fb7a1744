/**
 * The GetMetricData quota is shared: on the synthesized template, every function that may call
 * GetMetricData from the pipeline carries its rate, the analyzers' event source caps how many
 * run at once, and Σ (instances at once × rate) stays within Opsight's budget (80 % of the
 * 50 TPS account quota). The API's chart reads are outside the budget, in the headroom.
 */
import { describe, expect, it } from 'vitest';
import { METRIC_DATA_TPS_ENV, STATE_WRITES_ENV, metricDataBudget } from '../../lib/pacing';
import { synth } from './helpers';

type Res = { Type: string; Properties: Record<string, unknown> };

function refId(x: unknown): string | undefined {
  if (x && typeof x === 'object') {
    if ('Ref' in x) return String((x as { Ref: unknown }).Ref);
    if ('Fn::GetAtt' in x) return String((x as { 'Fn::GetAtt': unknown[] })['Fn::GetAtt'][0]);
  }
  return undefined;
}

describe.each([
  ['single', { coverage: { mode: 'account' } }],
  ['distributed', { coverage: { mode: 'account' }, pipeline: { mode: 'distributed' } }],
])('GetMetricData pacing (%s mode)', (_mode, config) => {
  const { template } = synth(config);
  const resources = (template.toJSON() as { Resources: Record<string, Res> }).Resources;
  const byType = (t: string) => Object.entries(resources).filter(([, r]) => r.Type === t);

  // Roles allowed GetMetricData, then the pipeline functions running as them.
  const readerRoles = new Set(
    byType('AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties.PolicyDocument).includes('cloudwatch:GetMetricData'))
      .flatMap(([, p]) => (p.Properties.Roles as unknown[]).map(refId)),
  );
  const readers = byType('AWS::Lambda::Function').filter(([id, f]) => readerRoles.has(refId(f.Properties.Role)) && id.includes('Pipeline'));

  it('gives every pipeline reader a rate and bounds how many run at once', () => {
    expect(readers.length).toBe(_mode === 'single' ? 1 : 2);
    let total = 0;
    for (const [id, f] of readers) {
      const env = (f.Properties.Environment as { Variables: Record<string, string> }).Variables;
      const tps = Number(env[METRIC_DATA_TPS_ENV]);
      expect(tps, id).toBeGreaterThan(0);
      const mappings = byType('AWS::Lambda::EventSourceMapping').filter(([, m]) => refId(m.Properties.FunctionName) === id);
      let instances: number;
      if (mappings.length) {
        // Queue consumers: the event source's maximum concurrency bounds the instances.
        const max = mappings.map(([, m]) => (m.Properties.ScalingConfig as { MaximumConcurrency?: number } | undefined)?.MaximumConcurrency);
        expect(max.every((n) => typeof n === 'number'), `${id} has an event source without maximum concurrency`).toBe(true);
        instances = Math.max(...(max as number[]));
      } else {
        // The scheduled function: one invocation per cycle.
        instances = 1;
      }
      total += instances * tps;
    }
    const budget = metricDataBudget();
    expect(total).toBeLessThanOrEqual(budget.budgetTps);
    expect(budget.budgetTps).toBeLessThan(budget.quotaTps);
  });

  it('paces the state writes of the functions that write them within the table budget', () => {
    let total = 0;
    for (const [id, f] of readers) {
      const env = (f.Properties.Environment as { Variables: Record<string, string> }).Variables;
      const mappings = byType('AWS::Lambda::EventSourceMapping').filter(([, m]) => refId(m.Properties.FunctionName) === id);
      const instances = mappings.length ? Math.max(...mappings.map(([, m]) => (m.Properties.ScalingConfig as { MaximumConcurrency: number }).MaximumConcurrency)) : 1;
      // The planner writes no states; the cycle function and the analyzers do.
      if (id.includes('Planner')) {
        expect(env[STATE_WRITES_ENV]).toBeUndefined();
        continue;
      }
      expect(Number(env[STATE_WRITES_ENV]), id).toBeGreaterThan(0);
      total += instances * Number(env[STATE_WRITES_ENV]);
    }
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(metricDataBudget().stateWriteBudget);
  });
});

describe('the budget arithmetic', () => {
  it('divides what the planner leaves between the analyzers', () => {
    const b = metricDataBudget();
    expect(b).toMatchObject({ quotaTps: 50, budgetTps: 40, cycleTps: 40, plannerTps: 10, analyzerConcurrency: 5, analyzerTps: 6 });
    expect(b.plannerTps + b.analyzerConcurrency * b.analyzerTps).toBe(b.budgetTps);
    expect(metricDataBudget({ analyzerConcurrency: 10 }).analyzerTps).toBe(3);
    expect(metricDataBudget({ analyzerConcurrency: 1 }).analyzerConcurrency).toBe(2);
    // Half of what a new on-demand table absorbs, split between the analyzers.
    expect(b).toMatchObject({ stateWriteBudget: 2000, analyzerStateWrites: 400 });
  });
});
