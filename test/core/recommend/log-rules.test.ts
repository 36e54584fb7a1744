import { describe, expect, it } from 'vitest';
import { recommend, type LogAnomaly } from '../../../src/core';
import { LOG_RULES } from '../../../src/core/recommend/log-rules';
import { anomaly, insight } from './fixtures';

const log = (template: string, over: Partial<LogAnomaly> = {}): LogAnomaly => ({
  logGroup: '/aws/lambda/checkout',
  resourceId: 'checkout',
  template,
  kind: 'KEYWORD',
  baselineCount: 1,
  windowCount: 40,
  expectedCount: 0.3,
  firstSeen: 0,
  score: 0.9,
  samples: [],
  ...over,
});

/** One log line per cause, and the rule that should read it. */
const CASES: Array<[string, string]> = [
  ['<*> <*> Task timed out after <*> seconds', 'lambda-log-timeout'],
  ['<*> <*> ERROR ProvisionedThroughputExceededException: The level of configured provisioned throughput for the table was exceeded.', 'dynamodb-log-throughput-exceeded'],
  ['(<*>) Lambda invocation failed with status: 429. TooManyRequestsException: Rate Exceeded.', 'lambda-log-throttled'],
  ['<*> <*> ERROR AccessDeniedException: User: <*> is not authorized to perform: sqs:SendMessage', 'iam-log-access-denied'],
  ['<*> <*> Runtime exited with error: signal: killed Runtime.ExitError (out of memory)', 'lambda-log-out-of-memory'],
  ['<*> <*> ERROR Error: connect ECONNREFUSED <*>', 'rds-log-connection-refused'],
];

describe('log-based recommendation rules', () => {
  it.each(CASES)('reads %s as %s, and only that rule applies', (template, id) => {
    const errors = anomaly('AWS/Lambda', 'Errors', 'ABOVE', { resourceName: 'checkout' });
    const ctx = { insight: insight('REACTIVE', { logAnomalies: [log(template)] }), anomalies: [errors, anomaly('AWS/SQS', 'ApproximateAgeOfOldestMessage', 'ABOVE', { resourceName: 'q' })], events: [] };
    expect(LOG_RULES.filter((r) => r.matches(ctx)).map((r) => r.id)).toEqual([id]);
    const rec = LOG_RULES.find((r) => r.id === id)!.recommend(ctx);
    expect(rec.reason).toContain('/aws/lambda/checkout');
    expect(rec.reason).toContain('40 lines since onset, 1 before');
    expect(rec.relatedAnomalies).toEqual([errors.id]);
  });

  it('apply to nothing without log evidence, and rank first in the catalog when they apply', () => {
    const errors = anomaly('AWS/Lambda', 'Errors', 'ABOVE', { resourceName: 'checkout' });
    const duration = anomaly('AWS/Lambda', 'Duration', 'ABOVE', { resourceName: 'checkout' });
    expect(LOG_RULES.some((r) => r.matches({ insight: insight(), anomalies: [errors], events: [] }))).toBe(false);
    const plain = recommend({ insight: insight(), anomalies: [errors, duration], events: [] });
    expect(plain.map((r) => r.name)).toContain('Check the function timeout');
    const withLogs = recommend({ insight: insight('REACTIVE', { logAnomalies: [log('<*> Task timed out after <*> seconds')] }), anomalies: [errors, duration], events: [] });
    expect(withLogs[0]!.name).toBe('Find what the timed-out invocations wait on');
    // It supersedes the metric-only timeout advice.
    expect(withLogs.map((r) => r.name)).not.toContain('Check the function timeout');
  });
});
