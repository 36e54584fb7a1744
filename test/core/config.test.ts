import { describe, expect, it } from 'vitest';
import { ValidationError, parseConfig } from '../../src/core';

function errorOf(raw: unknown): ValidationError {
  try {
    parseConfig(raw);
  } catch (e) {
    if (e instanceof ValidationError) return e;
    throw e;
  }
  throw new Error('expected a ValidationError');
}

describe('parseConfig', () => {
  it('fills defaults', () => {
    const c = parseConfig({});
    expect(c.coverage).toEqual({ mode: 'account' });
    expect(c.cadence).toEqual({ goldenSignalsMinutes: 5, capacityMinutes: 60, quietGoldenMinutes: 15 });
    expect(c.monitoring).toEqual({ dashboard: false, throttleAlarms: false });
    expect(c.opsCenter.enabled).toBe(false);
    expect(c.retentionDays).toBe(90);
    expect(c.sensitivity.default).toBe(1);
  });

  it('accepts each coverage mode', () => {
    expect(parseConfig({ coverage: { mode: 'stacks', stacks: ['shop', 'api-prod'] } }).coverage).toEqual({ mode: 'stacks', stacks: ['shop', 'api-prod'] });
    expect(parseConfig({ coverage: { mode: 'tags', tagKey: 'devops-guru-app' } }).coverage).toEqual({ mode: 'tags', tagKey: 'devops-guru-app', tagValues: [] });
  });

  it.each([
    [{ coverage: { mode: 'stacks', stacks: ['1bad'] } }, 'opsight.coverage.stacks.0'],
    [{ coverage: { mode: 'stacks', stacks: [] } }, 'opsight.coverage.stacks'],
    [{ coverage: { mode: 'tags', tagKey: 'team' } }, 'opsight.coverage.tagKey'],
    [{ coverage: { mode: 'everything' } }, 'opsight.coverage.mode'],
    [{ notifications: { emails: ['not-an-email'] } }, 'opsight.notifications.emails.0'],
    [{ cadence: { goldenSignalsMinutes: 0 } }, 'opsight.cadence.goldenSignalsMinutes'],
    [{ opsCenter: { minSeverity: 'SEVERE' } }, 'opsight.opsCenter.minSeverity'],
    [{ sensitivity: { namespaces: { 'AWS/Lambda': 100 } } }, 'opsight.sensitivity.namespaces.AWS/Lambda'],
    [{ retentionDyas: 30 }, 'opsight.retentionDyas'],
  ])('names the bad key in %j', (raw, key) => {
    const e = errorOf(raw);
    expect(e.field).toBe(key);
    expect(e.message).toContain(key);
  });
});
