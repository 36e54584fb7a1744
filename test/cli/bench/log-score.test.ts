import { describe, expect, it } from 'vitest';
import { scoreScenario, summarise, type InsightOutcome, type ScenarioOutcome } from '../../../src/cli/bench/scenarios';
import { logCauseHit } from '../../../src/cli/bench/scenarios/score';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T = 5 * DAY;
const api = { type: 'STACK' as const, name: 'shop-api' };
const cause = { logGroups: ['/aws/lambda/checkout'], text: 'AccessDeniedException' };
const log = (template: string, logGroup = '/aws/lambda/checkout') => ({ logGroup, template, kind: 'KEYWORD' });

function outcome(logAnomalies: InsightOutcome['logAnomalies'], labelled = true): ScenarioOutcome {
  const insight: InsightOutcome = {
    id: 'i-1',
    name: 'Errors increased on checkout',
    type: 'REACTIVE',
    collection: api,
    start: T,
    end: T + HOUR,
    createdAt: T + 5 * MIN,
    relevantEventIds: [],
    anomalyCount: 1,
    anomalies: [{ resourceId: 'checkout', metric: 'Errors', start: T, end: T + HOUR, reportedAt: T + 5 * MIN, lastAnomalousAt: T + HOUR }],
    ...(logAnomalies ? { logAnomalies } : {}),
  };
  return {
    name: 's',
    family: 'f',
    start: 0,
    end: 7 * DAY,
    historyMs: 3 * DAY,
    stepMs: 5 * MIN,
    cycles: 0,
    labels: labelled ? [{ kind: 'config-change', start: T, end: T + HOUR, resourceId: 'checkout', expect: 'REACTIVE', causeLog: cause }] : [],
    collections: { checkout: api },
    periodMs: { checkout: 5 * MIN },
    resourceCount: 7,
    insights: [insight],
    elapsedMs: 0,
  };
}

describe('log evidence scoring', () => {
  it('counts a hit when the cause-bearing template is among the first three in a named group', () => {
    expect(logCauseHit({ logAnomalies: [log('a'), log('b'), log('x AccessDeniedException: y')] }, cause)).toBe(true);
    expect(logCauseHit({ logAnomalies: [log('a'), log('b'), log('c'), log('AccessDeniedException')] }, cause)).toBe(false);
    expect(logCauseHit({ logAnomalies: [log('AccessDeniedException', '/aws/lambda/cart')] }, cause)).toBe(false);
    expect(logCauseHit({}, cause)).toBe(false);
  });

  it('reports the top-3 rate over matched incidents with a cause in the logs, and the quiet rate per resource-week', () => {
    const hit = scoreScenario(outcome([log('AccessDeniedException: no')]));
    const miss = scoreScenario(outcome([log('something else')]));
    expect(hit.labels[0]!.logCause).toBe('hit');
    expect(miss.labels[0]!.logCause).toBe('miss');
    // An incident-free scenario whose (false) insight carries two log anomalies: 7 resources × 4 days.
    const quiet = scoreScenario(outcome([log('a'), log('b')], false));
    const f = summarise([hit, miss, quiet]);
    expect(f.logCauseTop3).toBeCloseTo(0.5);
    expect(f.quietLogAnomaliesPerResourceWeek).toBeCloseTo(2 / ((7 * 4) / 7));
    expect(summarise([hit]).quietLogAnomaliesPerResourceWeek).toBeNull();
  });
});
