import { describe, expect, it } from 'vitest';
import { createApi } from '../../src/api';
import { InsightSchema, MAX_LOG_ANOMALIES } from '../../src/core';
import { insight } from './fixtures';

const log = { logGroup: '/aws/lambda/checkout', template: '<*> Task timed out after <*> seconds', kind: 'KEYWORD', baselineCount: 0, windowCount: 12, expectedCount: 0.04, firstSeen: 1, score: 0.8, samples: ['Task timed out after 3.00 seconds'] };

describe('log anomalies on insights', () => {
  it('are part of the Insight schema in /openapi.json', async () => {
    const doc = (await (await createApi({ store: {} as never }).request('/openapi.json')).json()) as { components: { schemas: Record<string, { properties?: Record<string, { type?: string; maxItems?: number; items?: { properties?: Record<string, unknown>; required?: string[] } }> }> } };
    const prop = doc.components.schemas.Insight!.properties!.logAnomalies!;
    expect(prop.type).toBe('array');
    expect(prop.maxItems).toBe(MAX_LOG_ANOMALIES);
    expect(prop.items!.required).toEqual(expect.arrayContaining(['logGroup', 'template', 'kind', 'baselineCount', 'windowCount', 'firstSeen', 'samples']));
  });

  it('survive a store round trip through the schema, and old insights without them still parse', () => {
    expect(InsightSchema.parse(insight('a', { logAnomalies: [log as never] })).logAnomalies).toEqual([log]);
    expect(InsightSchema.parse(insight('b')).logAnomalies).toBeUndefined();
    expect(InsightSchema.safeParse(insight('c', { logAnomalies: [{ ...log, samples: ['x', 'y', 'z', 'w'] } as never] })).success).toBe(false);
  });
});
