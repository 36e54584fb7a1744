import { describe, expect, it } from 'vitest';
import { correlate, type Anomaly } from '../../../src/core';
import { isLoadProportional, readAgainstLoad } from '../../../src/core/correlate/load';
import { anomaly, api5xx, lambdaErrors, MIN, T0, tableThrottles } from './fixtures';

const run = (changed: Anomaly[]) => correlate({ now: T0 + 40 * MIN, changed, ongoing: [], known: new Map(), events: [] });

/** Traffic of the checkout function at `factor` times its usual 100 per period, for 6 periods. */
const invocations = (factor: number, resource = 'checkout') =>
  anomaly({ resource, type: 'AWS::Lambda::Function', namespace: 'AWS/Lambda', metric: 'Invocations', stack: 'shop', start: T0, periods: 6, expected: 100, halfWidth: 10, excess: (factor * 100 - 100) / 20, severity: 'LOW' });
const apiCount = (factor: number) =>
  anomaly({ resource: 'shop-api', type: 'AWS::ApiGateway::RestApi', namespace: 'AWS/ApiGateway', metric: 'Count', stack: 'shop', start: T0, periods: 6, expected: 100, halfWidth: 10, excess: (factor * 100 - 100) / 20, severity: 'LOW' });
/** Errors of the checkout function at `factor` times their usual 10 per period (band ±1). */
const errors = (factor: number) => lambdaErrors(T0, { periods: 6, excess: (factor * 10 - 10) / 2 });

describe('counts read against traffic', () => {
  it('errors that rose as fast as the traffic open nothing; errors that rose faster do', () => {
    expect(run([invocations(3), errors(3)]).insights).toHaveLength(0);
    expect(run([invocations(3), errors(2.5)]).insights).toHaveLength(0);
    const worse = run([invocations(3), errors(6)]);
    expect(worse.insights).toHaveLength(1);
    expect(worse.anomalies.find((a) => a.type === 'CAUSAL' && a.insightId)?.series.metricName).toBe('Errors');
  });

  it('without a traffic anomaly the same errors open an insight', () => {
    expect(run([errors(3)]).insights).toHaveLength(1);
  });

  it('reads a function against its callers when its own traffic is not anomalous', () => {
    expect(run([apiCount(3), errors(3), api5xx(T0, { periods: 6, excess: 10 })]).insights).toHaveLength(0);
    // A table is deeper than the API: throttles that appear from nothing are never explained by load.
    expect(run([apiCount(3), tableThrottles(T0, { periods: 6, expected: 0, halfWidth: 0.5, excess: 20 })]).insights).toHaveLength(1);
  });

  it('scales the band of load-proportional counts only, and only by rises', () => {
    const view = readAgainstLoad([invocations(3), errors(3)]);
    const e = view.find((a) => a.series.metricName === 'Errors')!;
    expect(e.evidence[0]!.expected).toBeCloseTo(30, 6);
    expect(e.evidence[0]!.upper).toBeCloseTo(33, 6);
    const drop = readAgainstLoad([{ ...invocations(0.5), direction: 'BELOW' }, errors(3)]);
    expect(drop.find((a) => a.series.metricName === 'Errors')!.evidence[0]!.expected).toBe(10);
    expect(isLoadProportional(lambdaErrors(T0))).toBe(true);
    expect(isLoadProportional(anomaly({ resource: 'db', type: 'AWS::RDS::DBInstance', namespace: 'AWS/RDS', metric: 'CPUUtilization', stack: 's', start: T0 }))).toBe(true);
    expect(isLoadProportional(anomaly({ resource: 'i-1', type: 'AWS::EC2::Instance', namespace: 'CWAgent', metric: 'disk_used_percent', stack: 's', start: T0 }))).toBe(false);
    expect(isLoadProportional(anomaly({ resource: 'f', type: 'AWS::Lambda::Function', namespace: 'AWS/Lambda', metric: 'Duration', stack: 's', start: T0 }))).toBe(false);
  });
});

describe('load read across stacks and batch sizes', () => {
  /** `metric` of `resource` at `factor` times its usual 100 per period (band ±10), for 6 periods. */
  const traffic = (resource: string, type: string, metric: string, factor: number, stack = 'shop') =>
    anomaly({ resource, type, namespace: 'AWS/X', metric, stack, start: T0, periods: 6, expected: 100, halfWidth: 10, excess: (factor * 100 - 100) / 20, severity: 'LOW' });
  /** `metric` of `resource` at `factor` times its usual 200 (band ±20), for 6 periods. */
  const rise = (resource: string, type: string, metric: string, factor: number, stack = 'shop') =>
    anomaly({ resource, type, namespace: 'AWS/X', metric, stack, start: T0, periods: 6, expected: 200, halfWidth: 20, excess: (factor * 200 - 200) / 40, severity: 'MEDIUM' });
  const queueMessages = (factor: number) => traffic('orders-queue', 'AWS::SQS::Queue', 'NumberOfMessagesDeleted', factor);
  const workerDuration = (factor: number) => rise('order-worker', 'AWS::Lambda::Function', 'Duration', factor);
  const workerInvocations = (factor: number) => traffic('order-worker', 'AWS::Lambda::Function', 'Invocations', factor);

  it("a batch consumer's duration is read against the messages per invocation", () => {
    // Three times the messages in as many invocations as usual: fuller batches, longer runs.
    expect(run([queueMessages(3), workerDuration(2)]).insights).toHaveLength(0);
    // Slower than the fuller batches explain.
    expect(run([queueMessages(3), workerDuration(5)]).insights).toHaveLength(1);
    // Invocations that rose as fast as the messages: each run did as much as before, so the slowdown is real.
    expect(run([queueMessages(3), workerInvocations(3), workerDuration(2)]).insights).toHaveLength(1);
    // No message traffic: nothing excuses it.
    expect(run([workerDuration(2)]).insights).toHaveLength(1);
  });

  it('a queue three times as deep under three times the arrivals is no backlog (Little\'s law); deeper than that is', () => {
    const sent = traffic('orders-queue', 'AWS::SQS::Queue', 'NumberOfMessagesSent', 3);
    const depth = (factor: number) => rise('orders-queue', 'AWS::SQS::Queue', 'ApproximateNumberOfMessagesVisible', factor);
    expect(run([sent, depth(3)]).insights).toHaveLength(0);
    expect(run([sent, depth(8)]).insights).toHaveLength(1);
    expect(run([depth(3)]).insights).toHaveLength(1);
  });

  it("saturation is read against its callers' traffic in another stack of the account, not of another account", () => {
    const connections = rise('shop-db', 'AWS::RDS::DBInstance', 'DatabaseConnections', 1.8, 'data');
    const apiTraffic = traffic('shop-api', 'AWS::ApiGateway::RestApi', 'Count', 2, 'api');
    expect(run([apiTraffic, connections]).insights).toHaveLength(0);
    expect(run([connections]).insights).toHaveLength(1);
    expect(run([{ ...apiTraffic, accountId: '222222222222' }, connections]).insights).toHaveLength(1);
  });
});
