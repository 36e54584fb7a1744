import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../src/core';
import { readEnv } from '../../lambdas/shared/runtime';

describe('readEnv', () => {
  it("reads the function's share of the GetMetricData quota", () => {
    expect(readEnv({ TABLE_NAME: 't', GET_METRIC_DATA_TPS: '6' }).getMetricDataTps).toBe(6);
    expect(readEnv({ TABLE_NAME: 't' }).getMetricDataTps).toBeUndefined();
  });

  it.each(['0', '-1', 'fast', 'Infinity'])('rejects GET_METRIC_DATA_TPS=%s naming the variable', (value) => {
    expect(() => readEnv({ TABLE_NAME: 't', GET_METRIC_DATA_TPS: value })).toThrow(ValidationError);
    expect(() => readEnv({ TABLE_NAME: 't', GET_METRIC_DATA_TPS: value })).toThrow(/GET_METRIC_DATA_TPS/);
  });
});
