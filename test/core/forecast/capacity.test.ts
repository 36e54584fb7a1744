import { describe, expect, it } from 'vitest';
import { capacitySpecOf, normaliseValue, resolveLimit } from '../../../src/core/forecast';
import { seriesKey, type Series } from '../../../src/core/model';

const s = (namespace: string, metricName: string, over: Partial<Series> = {}): Series => ({
  namespace,
  metricName,
  dimensions: { Name: 'x' },
  stat: 'Average',
  periodSeconds: 300,
  kind: 'generic',
  ...over,
});
const res = (tags: Record<string, string> = {}) => ({ id: 'r-1', name: 'web-1', tags });

describe('capacity specs and limits', () => {
  it('recognises exactly the capacity-bound series', () => {
    expect(capacitySpecOf(s('CWAgent', 'disk_used_percent'))?.kind).toBe('disk');
    expect(capacitySpecOf(s('CWAgent', 'mem_used_percent'))?.kind).toBe('memory');
    expect(capacitySpecOf(s('AWS/RDS', 'FreeStorageSpace'))).toMatchObject({ kind: 'rds-storage', direction: 'BELOW' });
    expect(capacitySpecOf(s('AWS/DynamoDB', 'ConsumedWriteCapacityUnits'))?.companionMetric).toBe('ProvisionedWriteCapacityUnits');
    expect(capacitySpecOf(s('AWS/Lambda', 'ConcurrentExecutions'))?.kind).toBe('lambda-concurrency');
    expect(capacitySpecOf(s('AWS/SQS', 'ApproximateAgeOfOldestMessage'))?.kind).toBe('sqs-retention');
    expect(capacitySpecOf(s('AWS/EC2', 'CPUUtilization'))).toBeUndefined();
    expect(capacitySpecOf(s('AWS/Lambda', 'Errors'))).toBeUndefined();
  });

  it('uses documented defaults', () => {
    const limit = (ns: string, m: string, companion?: number) => resolveLimit(capacitySpecOf(s(ns, m))!, s(ns, m), res(), {}, companion);
    expect(limit('CWAgent', 'disk_used_percent')).toBe(100);
    expect(limit('AWS/RDS', 'FreeStorageSpace')).toBe(0);
    expect(limit('AWS/Lambda', 'ConcurrentExecutions')).toBe(1000);
    expect(limit('AWS/SQS', 'ApproximateAgeOfOldestMessage')).toBe(4 * 86_400);
    expect(limit('AWS/DynamoDB', 'ConsumedReadCapacityUnits', 250)).toBe(250);
    expect(limit('AWS/DynamoDB', 'ConsumedReadCapacityUnits')).toBeUndefined();
  });

  it('takes limits from options, tags and allocated storage, most specific first', () => {
    const sqs = s('AWS/SQS', 'ApproximateAgeOfOldestMessage');
    const spec = capacitySpecOf(sqs)!;
    expect(resolveLimit(spec, sqs, res(), { sqsRetentionSeconds: 1_209_600 })).toBe(1_209_600);
    expect(resolveLimit(spec, sqs, res({ 'opsight:limit:ApproximateAgeOfOldestMessage': '60' }), { sqsRetentionSeconds: 1_209_600 })).toBe(60);
    expect(resolveLimit(spec, sqs, res(), { limits: { 'web-1/ApproximateAgeOfOldestMessage': 7 } })).toBe(7);
    expect(resolveLimit(spec, sqs, res(), { limits: { [seriesKey(sqs)]: 9, 'r-1/ApproximateAgeOfOldestMessage': 8 } })).toBe(9);
    const rds = s('AWS/RDS', 'FreeStorageSpace');
    const rdsSpec = capacitySpecOf(rds)!;
    expect(resolveLimit(rdsSpec, rds, res({ 'opsight:allocated-storage-gib': '200' }), { rdsMinFreePercent: 10 })).toBe(20 * 1024 ** 3);
    expect(resolveLimit(rdsSpec, rds, res(), { rdsMinFreePercent: 10, rdsAllocatedBytes: { 'r-1': 1000 } })).toBe(100);
    const lambda = s('AWS/Lambda', 'ConcurrentExecutions');
    expect(resolveLimit(capacitySpecOf(lambda)!, lambda, res(), { lambdaConcurrency: 3000 })).toBe(3000);
  });

  it('converts DynamoDB consumed Sum per period into units per second', () => {
    const spec = capacitySpecOf(s('AWS/DynamoDB', 'ConsumedWriteCapacityUnits'))!;
    expect(normaliseValue(spec, { stat: 'Sum', periodSeconds: 300 }, 1500)).toBe(5);
    expect(normaliseValue(spec, { stat: 'Average', periodSeconds: 300 }, 7)).toBe(7);
    expect(normaliseValue(capacitySpecOf(s('CWAgent', 'disk_used_percent'))!, { stat: 'Sum', periodSeconds: 300 }, 50)).toBe(50);
  });
});
