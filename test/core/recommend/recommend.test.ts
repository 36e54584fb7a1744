import { describe, expect, it } from 'vitest';
import { CATALOG, defineRule, rankRules, recommend } from '../../../src/core/recommend';
import { anomaly as an, event as ev, insight, T0 } from './fixtures';

describe('recommend', () => {
  it('puts the deployment rollback first for a bad deployment and drops the advice it supersedes', () => {
    const errors = an('AWS/Lambda', 'Errors', 'ABOVE', { resourceName: 'checkout' });
    const duration = an('AWS/Lambda', 'Duration', 'ABOVE', { resourceName: 'checkout', type: 'CONTEXTUAL', severity: 'MEDIUM' });
    const api5xx = an('AWS/ApiGateway', '5XXError', 'ABOVE', { resourceName: 'shop-api', type: 'CONTEXTUAL' });
    const latency = an('AWS/ApiGateway', 'Latency', 'ABOVE', { resourceName: 'shop-api', type: 'CONTEXTUAL', severity: 'MEDIUM' });
    const deployment = ev('DEPLOYMENT', 'codedeploy.amazonaws.com', 'Deployment d-CHK123', 'checkout');
    const recs = recommend({ insight: insight(), anomalies: [latency, api5xx, duration, errors], events: [deployment] });
    expect(recs[0]!.name).toBe('Roll back the function deployment');
    expect(recs[0]!.relatedEvents).toEqual([deployment.id]);
    expect(recs[0]!.relatedAnomalies).toEqual([errors.id, duration.id]);
    expect(recs[0]!.reason).toMatch(/^Errors rose to 90 on checkout .*CodeDeploy deployment on checkout/);
    const names = recs.map((r) => r.name);
    expect(names).not.toContain('Investigate the function errors');
    expect(names).not.toContain('Tune the function memory size');
    expect(names).not.toContain('Check the function timeout');
    expect(names).toEqual(['Roll back the function deployment', 'Check the API integration backend', 'Cache API responses']);
  });

  it('returns nothing when no rule applies', () => {
    expect(recommend({ insight: insight(), anomalies: [an('AWS/Route53', 'HealthCheckStatus', 'BELOW')], events: [] })).toEqual([]);
  });

  it('returns at most `limit` recommendations, never two with the same link', () => {
    const anomalies = [
      an('AWS/Lambda', 'Errors'),
      an('AWS/Lambda', 'Duration'),
      an('AWS/Lambda', 'Throttles'),
      an('AWS/ApiGateway', '5XXError'),
      an('AWS/ApiGateway', '4XXError'),
      an('AWS/ApiGateway', 'Latency'),
      an('AWS/DynamoDB', 'WriteThrottleEvents'),
      an('AWS/RDS', 'CPUUtilization'),
    ];
    const all = recommend({ insight: insight(), anomalies, events: [] }, { limit: 100 });
    expect(all.length).toBeGreaterThan(5);
    expect(new Set(all.map((r) => r.link)).size).toBe(all.length);
    expect(recommend({ insight: insight(), anomalies, events: [] })).toHaveLength(5);
    expect(recommend({ insight: insight(), anomalies, events: [] }, { limit: 2 })).toEqual(all.slice(0, 2));
  });

  it('ranks a rule backed by an event and a causal, severe anomaly above a generic one', () => {
    const ranked = rankRules({
      insight: insight(),
      anomalies: [an('AWS/DynamoDB', 'WriteThrottleEvents', 'ABOVE', { type: 'CONTEXTUAL', severity: 'MEDIUM' }), an('AWS/RDS', 'CPUUtilization', 'ABOVE', { severity: 'LOW', type: 'CONTEXTUAL' })],
      events: [ev('SCHEMA_CHANGE', 'dynamodb.amazonaws.com', 'UpdateTable')],
    });
    const ids = ranked.map((r) => r.rule.id);
    expect(ids[0]).toBe('dynamodb-schema-change');
    expect(ids.indexOf('dynamodb-throttling-autoscaling')).toBeLessThan(ids.indexOf('rds-cpu-performance-insights'));
    for (let i = 1; i < ranked.length; i++) expect(ranked[i - 1]!.score).toBeGreaterThanOrEqual(ranked[i]!.score);
  });

  it('is deterministic and independent of input order', () => {
    const anomalies = [an('AWS/SQS', 'ApproximateAgeOfOldestMessage'), an('AWS/Lambda', 'Errors'), an('AWS/Kinesis', 'GetRecords.IteratorAgeMilliseconds')];
    const a = recommend({ insight: insight(), anomalies, events: [] });
    const b = recommend({ insight: insight(), anomalies: [...anomalies].reverse(), events: [] });
    expect(a).toEqual(b);
  });

  it('cites the forecast in proactive reasons when forecast facts are given', () => {
    const disk = an('CWAgent', 'disk_used_percent', 'ABOVE', { resourceName: 'web-1', observed: 82, series: { namespace: 'CWAgent', metricName: 'disk_used_percent', dimensions: { InstanceId: 'web-1', path: '/' }, stat: 'Average', periodSeconds: 300, kind: 'percent' } });
    const forecasts = new Map([[disk.id, { limit: 100, current: 82, perDay: 3.1, predictedAt: T0 + 5.8 * 86_400_000, earliest: T0 + 5 * 86_400_000, latest: T0 + 7 * 86_400_000 }]]);
    const recs = recommend({ insight: insight('PROACTIVE'), anomalies: [disk], events: [], forecasts });
    expect(recs[0]!.name).toBe('Increase the EBS volume size');
    expect(recs[0]!.reason).toBe(
      'disk_used_percent on web-1 is at 82 % and rising 3.1 % a day; forecast to reach 100 % around 2026-11-25 09:12 UTC (between 2026-11-24 14:00 UTC and 2026-11-26 14:00 UTC).',
    );
    expect(recs.map((r) => r.name)).not.toContain('Free disk space on the instance');
  });

  it('accepts a custom catalog', () => {
    const only = defineRule({
      id: 'custom-anything',
      name: 'Custom',
      service: 'EC2',
      link: 'https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/ec2-instance-resize.html',
      weight: 0.1,
      anomalies: [{ metric: /./ }],
      description: 'Anything.',
    });
    const recs = recommend({ insight: insight(), anomalies: [an('AWS/Lambda', 'Errors')], events: [] }, { catalog: [only] });
    expect(recs.map((r) => r.name)).toEqual(['Custom']);
    expect(CATALOG).not.toContain(only);
  });
});
