import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../src/core';
import { sharedCycleOptions, type Runtime } from '../../lambdas/shared/runtime';

const runtime = (config: unknown): Runtime => ({ env: { config: parseConfig(config) } }) as unknown as Runtime;

describe('the cycle options every function shares', () => {
  it('carry the organisation’s dependencies and the central account to the correlator', () => {
    const org = {
      externalId: 'opsight-x',
      accounts: [{ id: '111122223333' }, { id: '444455556666' }],
      dependencies: [{ from: { account: '111122223333' }, to: { account: '444455556666', stack: 'data' } }],
    };
    const options = sharedCycleOptions(runtime({ organization: org }), '999988887777');
    expect(options.accountId).toBe('999988887777');
    expect(options.correlator?.accounts).toEqual({ dependencies: org.dependencies, centralAccountId: '999988887777' });
  });

  it('leave the correlator at its defaults for one account', () => {
    expect(sharedCycleOptions(runtime({}), '999988887777')).toEqual({ accountId: '999988887777' });
  });
});
