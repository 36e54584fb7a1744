import { describe, expect, it } from 'vitest';
import { buildMessage, resourceArns } from '../../../src/aws/outputs';
import { anomaly, insight, notification, T0 } from './fixtures';

const ctx = { accountId: '123456789012', region: 'eu-west-1', insightUrl: (id: string) => `https://opsight.example.com/insights/${id}` };

describe('DevOps-Guru-shaped message', () => {
  it('carries the documented top-level fields and one sourceDetails entry per anomaly', () => {
    const m = buildMessage(notification('NEW_INSIGHT'), ctx);
    expect(m).toMatchObject({
      accountId: '123456789012',
      region: 'eu-west-1',
      messageType: 'NEW_INSIGHT',
      insightId: 'ins-1',
      insightUrl: 'https://opsight.example.com/insights/ins-1',
      insightType: 'REACTIVE',
      insightDescription: 'Errors increased on checkout',
      insightSeverity: 'high',
      startTime: T0,
      resourceCollection: { cloudFormation: { stackNames: ['shop'] } },
      rootCause: 'Deployment d-1 on checkout, 6 min before onset',
    });
    expect(m.anomalies).toHaveLength(1);
    expect(m.anomalies[0]).toMatchObject({
      id: 'a1',
      anomalySeverity: 'high',
      anomalyResources: [{ name: 'checkout', type: 'AWS::Lambda::Function' }],
      associatedResourceArns: ['arn:aws:lambda:eu-west-1:123456789012:function:checkout'],
      sourceDetails: [{ dataSource: 'CW_METRICS', dataIdentifiers: { namespace: 'AWS/Lambda', name: 'Errors', stat: 'Sum', period: 300, dimensions: '{"FunctionName":"checkout"}' } }],
    });
    expect(m.anomaliesOmitted).toBeUndefined();
  });

  it('describes tag and account collections the way DevOps Guru does', () => {
    const tag = buildMessage(notification('NEW_INSIGHT', insight({ collection: { type: 'TAG', name: 'payments', tagKey: 'devops-guru-app' } })), ctx);
    expect(tag.resourceCollection).toEqual({ tags: [{ appBoundaryKey: 'devops-guru-app', tagValues: ['payments'] }] });
    const acct = buildMessage(notification('NEW_INSIGHT', insight({ collection: { type: 'ACCOUNT', name: '123456789012' } })), ctx);
    expect(acct.resourceCollection).toEqual({});
  });

  it('stays under the size limit by dropping the least severe anomalies and says how many', () => {
    const many = Array.from({ length: 3000 }, (_, i) => anomaly(`a${i}`, { severity: i === 2999 ? 'HIGH' : 'LOW', resourceName: `fn-${'x'.repeat(40)}-${i}` }));
    const m = buildMessage(notification('NEW_INSIGHT', insight(), many), ctx);
    const size = Buffer.byteLength(JSON.stringify(m), 'utf8');
    expect(size).toBeLessThanOrEqual(250_000);
    expect(m.anomalies.length).toBeGreaterThan(100);
    expect(m.anomalies.length + (m.anomaliesOmitted ?? 0)).toBe(3000);
    // The one HIGH anomaly is kept although it came last.
    expect(m.anomalies[0]!.id).toBe('a2999');
    // A tighter limit keeps fewer.
    const small = buildMessage(notification('NEW_INSIGHT', insight(), many), ctx, 20_000);
    expect(Buffer.byteLength(JSON.stringify(small), 'utf8')).toBeLessThanOrEqual(20_000);
  });

  it('lists only real ARNs as resources', () => {
    expect(resourceArns([anomaly('a'), anomaly('b', { resourceId: 'plain-id' }), anomaly('c')])).toEqual(['arn:aws:lambda:eu-west-1:123456789012:function:checkout']);
  });
});
