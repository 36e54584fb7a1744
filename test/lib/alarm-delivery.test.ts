/**
 * Opsight's alarms must reach a human: on the synthesized template, every action of every
 * CloudWatch alarm is a topic with at least one e-mail subscription whose filter policy admits
 * the message CloudWatch publishes (a JSON body and no message attributes).
 */
import { describe, expect, it } from 'vitest';
import { synth } from './helpers';

type Json = Record<string, unknown>;

/** What CloudWatch publishes to SNS for an alarm: this body, no message attributes. */
const ALARM_MESSAGE = {
  attributes: {} as Json,
  body: { AlarmName: 'Opsight-CycleErrors', NewStateValue: 'ALARM', OldStateValue: 'OK', NewStateReason: 'Threshold Crossed', Trigger: { MetricName: 'Errors', Namespace: 'AWS/Lambda' } } as Json,
};

/** One condition of an SNS filter policy against a value (undefined = the key is absent). */
function conditionAdmits(condition: unknown, value: unknown): boolean {
  if (typeof condition === 'string' || typeof condition === 'number' || typeof condition === 'boolean') return value === condition || (Array.isArray(value) && value.includes(condition));
  if (condition && typeof condition === 'object') {
    const c = condition as Json;
    if ('exists' in c) return c.exists === (value !== undefined);
    if (value === undefined) return false;
    if ('prefix' in c) return typeof value === 'string' && value.startsWith(String(c.prefix));
    if ('anything-but' in c) return ![c['anything-but']].flat().includes(value);
  }
  return false;
}

/** Whether an SNS filter policy admits a message: every key must match one of its conditions. */
export function policyAdmits(policy: Json | undefined, scope: string | undefined, message: typeof ALARM_MESSAGE): boolean {
  if (!policy || Object.keys(policy).length === 0) return true;
  const walk = (p: Json, subject: Json | undefined): boolean =>
    Object.entries(p).every(([key, cond]) => {
      const value = subject?.[key];
      if (Array.isArray(cond)) return cond.some((c) => conditionAdmits(c, value));
      if (cond && typeof cond === 'object') return walk(cond as Json, value && typeof value === 'object' ? (value as Json) : undefined);
      return conditionAdmits(cond, value);
    });
  return walk(policy, scope === 'MessageBody' ? message.body : message.attributes);
}

function refOf(x: unknown): string | undefined {
  return x && typeof x === 'object' && 'Ref' in x ? String((x as { Ref: unknown }).Ref) : undefined;
}

describe.each([
  ['single mode', { coverage: { mode: 'account' }, notifications: { emails: ['oncall@example.com'], severities: ['HIGH'], messageTypes: ['NEW_INSIGHT'] } }],
  ['distributed mode with OpsCenter', { coverage: { mode: 'account' }, pipeline: { mode: 'distributed' }, opsCenter: { enabled: true }, notifications: { emails: ['a@example.com', 'b@example.com'] } }],
])('alarms reach e-mail (%s)', (_name, config) => {
  const { template } = synth(config);
  const alarms = Object.entries(template.findResources('AWS::CloudWatch::Alarm')) as Array<[string, { Properties: { AlarmActions?: unknown[] } }]>;
  const subscriptions = Object.values(template.findResources('AWS::SNS::Subscription')).map((s) => (s as { Properties: Json }).Properties);

  it('has alarms, each with at least one action', () => {
    expect(alarms.length).toBeGreaterThan(5);
    for (const [id, a] of alarms) expect(a.Properties.AlarmActions?.length ?? 0, id).toBeGreaterThan(0);
  });

  it('sends every alarm action to an e-mail subscription whose filter admits the alarm', () => {
    const unreachable: string[] = [];
    for (const [id, a] of alarms) {
      for (const action of a.Properties.AlarmActions ?? []) {
        const topic = refOf(action);
        const reaching = subscriptions.filter(
          (s) => topic !== undefined && refOf(s.TopicArn) === topic && s.Protocol === 'email' && policyAdmits(s.FilterPolicy as Json | undefined, s.FilterPolicyScope as string | undefined, ALARM_MESSAGE),
        );
        if (reaching.length === 0) unreachable.push(`${id} → ${JSON.stringify(action)}`);
      }
    }
    expect(unreachable).toEqual([]);
  });

  it('keeps insight e-mails filtered by severity and message type', () => {
    const filtered = subscriptions.filter((s) => s.FilterPolicy);
    expect(filtered.length).toBe((config.notifications.emails ?? []).length);
    expect(policyAdmits(filtered[0]!.FilterPolicy as Json, undefined, { attributes: { severity: 'LOW', messageType: 'NEW_INSIGHT' }, body: {} })).toBe(false);
  });
});

describe('the filter-policy evaluator', () => {
  it('admits an attribute-less message only when no key requires an attribute', () => {
    expect(policyAdmits(undefined, undefined, ALARM_MESSAGE)).toBe(true);
    expect(policyAdmits({ severity: ['HIGH'] }, undefined, ALARM_MESSAGE)).toBe(false);
    expect(policyAdmits({ severity: [{ exists: false }] }, undefined, ALARM_MESSAGE)).toBe(true);
    expect(policyAdmits({ NewStateValue: ['ALARM'] }, 'MessageBody', ALARM_MESSAGE)).toBe(true);
    expect(policyAdmits({ Trigger: { Namespace: [{ prefix: 'AWS/' }] } }, 'MessageBody', ALARM_MESSAGE)).toBe(true);
    expect(policyAdmits({ severity: ['HIGH'], messageType: ['NEW_INSIGHT'] }, undefined, { attributes: { severity: 'HIGH', messageType: 'NEW_INSIGHT' }, body: {} })).toBe(true);
  });
});
