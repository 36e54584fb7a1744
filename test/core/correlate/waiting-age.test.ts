import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/core/correlate/config';
import { isNotable, isStalled, notableIds } from '../../../src/core/correlate/significance';
import { anomaly, T0 } from './fixtures';

const queueAge = (periods: number, excess: number) =>
  anomaly({ resource: 'orders-queue', type: 'AWS::SQS::Queue', namespace: 'AWS/SQS', metric: 'ApproximateAgeOfOldestMessage', start: T0, periods, excess });
const workerDuration = anomaly({ resource: 'order-worker', type: 'AWS::Lambda::Function', namespace: 'AWS/Lambda', metric: 'Duration', start: T0, periods: 1 });

describe('the age of the oldest waiting message', () => {
  const cfg = resolveConfig(undefined);

  it('is a backlog when the oldest message has waited through the whole anomaly', () => {
    // 20 minutes of anomaly, the oldest message 2,010 s old: nothing has been taken since before it began.
    const stuck = queueAge(5, 1000);
    expect(isStalled(stuck)).toBe(true);
    expect(isNotable(stuck, cfg)).toBe(true);
  });

  it('is a lag, not a backlog, when it rose and held below the time elapsed', () => {
    // 20 minutes of anomaly at a 30 s age: the consumer is behind but still takes the oldest messages.
    const lagging = queueAge(5, 1);
    expect(isStalled(lagging)).toBe(false);
    expect(isNotable(lagging, cfg)).toBe(false);
    // Nor does it corroborate the worker's duration into an insight.
    expect(notableIds([lagging, workerDuration], cfg).size).toBe(0);
  });

  it('leaves every other metric to the usual rules', () => {
    const depth = anomaly({ resource: 'orders-queue', type: 'AWS::SQS::Queue', namespace: 'AWS/SQS', metric: 'ApproximateNumberOfMessagesVisible', start: T0, periods: 5, excess: 1 });
    expect(isStalled(depth)).toBe(true);
  });
});
