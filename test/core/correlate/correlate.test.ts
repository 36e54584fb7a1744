import { describe, expect, it } from 'vitest';
import { correlate, DEFAULT_CORRELATOR_CONFIG, MAX_LISTED_ANOMALIES, type Anomaly, type CorrelateInput, type CorrelateOutput, type Insight, type OpsEvent } from '../../../src/core';
import { anomaly, api5xx, apiCount, apiLatency, deployment, event, lambdaDuration, lambdaErrors, MIN, PERIOD_MS, T0, tableThrottles, tableWrites } from './fixtures';

function run(changed: Anomaly[], events: OpsEvent[] = [], now = T0 + 20 * MIN, prev?: { out: CorrelateOutput; known: Map<string, Anomaly> }): CorrelateOutput {
  const input: CorrelateInput = {
    now,
    changed,
    ongoing: prev ? prev.out.insights.filter((i) => i.status === 'ONGOING') : [],
    known: prev?.known ?? new Map(),
    events,
  };
  return correlate(input);
}

/** Simulates the store between cycles: anomalies as last written. */
function knownAfter(out: CorrelateOutput, before = new Map<string, Anomaly>()): Map<string, Anomaly> {
  const m = new Map(before);
  for (const a of out.anomalies) m.set(a.id, a);
  return m;
}

const byId = (out: CorrelateOutput) => new Map(out.anomalies.map((a) => [a.id, a]));

describe('correlate: grouping and causality', () => {
  it('groups a bad deployment into one insight whose cause is the Lambda errors and whose root cause is the deployment', () => {
    const errors = lambdaErrors(T0);
    const fivexx = api5xx(T0);
    const latency = apiLatency(T0 + PERIOD_MS);
    const writes = tableWrites(T0, { direction: 'BELOW' });
    const events = [deployment('d-123', T0 - 6 * MIN), event('ct-tag', T0 - 2 * MIN, 'CONFIG_CHANGE', [{ name: 'orders' }], { source: 'dynamodb.amazonaws.com', name: 'TagResource', stack: 'shop' })];
    const out = run([fivexx, latency, writes, errors], events);
    expect(out.insights).toHaveLength(1);
    const ins = out.insights[0]!;
    expect(ins.name).toBe('Errors increased on Lambda function checkout');
    expect(ins.description).toMatch(/^Errors \(Sum\) on Lambda function checkout increased to 30 where about 10 was expected/);
    expect(ins.collection).toEqual({ type: 'STACK', name: 'shop' });
    expect(ins.timeRange).toEqual({ start: T0 });
    expect(ins.anomalyIds.sort()).toEqual([errors.id, fivexx.id, latency.id, writes.id].sort());
    expect(ins.relevantEventIds[0]).toBe('d-123');
    expect(ins.rootCause).toMatch(/^Likely cause: deployment of Lambda function checkout \(CodeDeploy\), 6 min before onset\./);
    expect(ins.causes?.[0]).toMatchObject({ eventIds: ['d-123'], scope: 'RESOURCE', likely: true });
    const a = byId(out);
    expect(a.get(errors.id)).toMatchObject({ type: 'CAUSAL', insightId: ins.id });
    expect(a.get(errors.id)!.causalAnomalyId).toBeUndefined();
    for (const other of [fivexx, latency, writes]) expect(a.get(other.id)).toMatchObject({ type: 'CONTEXTUAL', causalAnomalyId: errors.id, insightId: ins.id });
    expect(out.notifications.map((n) => n.messageType)).toEqual(['NEW_INSIGHT']);
  });

  it('blames the deepest tier that reports a fault: DynamoDB throttles over Lambda errors over API 5XX', () => {
    const throttles = tableThrottles(T0 + PERIOD_MS);
    const out = run([api5xx(T0), lambdaErrors(T0), throttles]);
    expect(out.insights).toHaveLength(1);
    expect(byId(out).get(throttles.id)!.type).toBe('CAUSAL');
    expect(out.insights[0]!.name).toBe('WriteThrottleEvents increased on DynamoDB table orders');
  });

  it('prefers a fault over a traffic change on a deeper resource (fewer writes are an effect)', () => {
    const errors = lambdaErrors(T0);
    const out = run([tableWrites(T0, { direction: 'BELOW', excess: 50 }), errors]);
    expect(byId(out).get(errors.id)!.type).toBe('CAUSAL');
  });

  it('among traffic changes alone, blames the edge: a drop arrives at the API and propagates down', () => {
    const count = apiCount(T0, { direction: 'BELOW' });
    const out = run([tableWrites(T0, { excess: 30, direction: 'BELOW' }), count]);
    expect(out.insights).toHaveLength(1);
    expect(byId(out).get(count.id)!.type).toBe('CAUSAL');
  });

  it('a traffic surge alone opens nothing, however long and large', () => {
    expect(run([apiCount(T0, { periods: 24, excess: 40 }), tableWrites(T0, { periods: 24, excess: 40 })]).insights).toHaveLength(0);
  });

  it('an earlier anomaly still active when the main one starts is the cause; an earlier one that ended is not', () => {
    const mem = anomaly({ resource: 'web-1', type: 'AWS::EC2::Instance', namespace: 'CWAgent', metric: 'mem_used_percent', stack: 'shop', start: T0 - 20 * MIN, periods: 8, severity: 'MEDIUM' });
    const errs = anomaly({ resource: 'web-alb', type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', namespace: 'AWS/ApplicationELB', metric: 'HTTPCode_Target_5XX_Count', stack: 'shop', start: T0, periods: 3 });
    const out = run([errs, mem]);
    expect(byId(out).get(mem.id)!.type).toBe('CAUSAL');

    const blip = lambdaDuration(T0 - 20 * MIN, { periods: 2, closed: true });
    const out2 = run([blip, lambdaErrors(T0)]);
    expect(out2.insights).toHaveLength(1);
    const causal = out2.anomalies.find((a) => a.type === 'CAUSAL' && a.insightId);
    expect(causal?.series.metricName).toBe('Errors');
    // The finished blip does not pull the onset (and the event look-back) away from the cause.
    expect(out2.insights[0]!.timeRange.start).toBe(T0);
  });

  it('keeps collections apart and splits one collection in time', () => {
    const other = anomaly({ resource: 'billing', type: 'AWS::Lambda::Function', namespace: 'AWS/Lambda', metric: 'Errors', stack: 'billing', start: T0, periods: 3 });
    const later = lambdaErrors(T0 + 3 * 3_600_000);
    const out = run([lambdaErrors(T0), other, later], [], T0 + 4 * 3_600_000);
    expect(out.insights).toHaveLength(3);
    expect(new Set(out.insights.map((i) => i.collection.name))).toEqual(new Set(['shop', 'billing']));
  });

  it('one incident across two stacks is one insight: a table throttles in one, the function writing to it fails in the other', () => {
    const throttles = anomaly({ resource: 'orders', type: 'AWS::DynamoDB::Table', namespace: 'AWS/DynamoDB', metric: 'WriteThrottleEvents', stack: 'orders', start: T0, periods: 4 });
    const failing = lambdaErrors(T0 + PERIOD_MS, { periods: 4 });
    const out = run([failing, throttles]);
    expect(out.insights).toHaveLength(1);
    // It belongs where the problem originates: the deepest tier that reports a fault.
    expect(out.insights[0]!.collection).toEqual({ type: 'STACK', name: 'orders' });
    expect(new Set(out.anomalies.map((a) => a.insightId))).toEqual(new Set([out.insights[0]!.id]));
    // The same two an hour apart are two incidents.
    expect(run([lambdaErrors(T0 + 60 * MIN, { periods: 4 }), throttles], [], T0 + 90 * MIN).insights).toHaveLength(2);
  });

  it('groups by tag value under tag coverage, and by account otherwise', () => {
    const tagged = anomaly({ resource: 'a', type: 'AWS::Lambda::Function', namespace: 'AWS/Lambda', metric: 'Errors', tags: { 'devops-guru-app': 'shop' }, start: T0, periods: 3 });
    const loose = anomaly({ resource: 'b', type: 'AWS::Lambda::Function', namespace: 'AWS/Lambda', metric: 'Errors', start: T0, periods: 3 });
    const out = run([tagged, loose]);
    expect(out.insights.map((i) => i.collection).sort((x, y) => x.type.localeCompare(y.type))).toEqual([
      { type: 'ACCOUNT', name: 'account' },
      { type: 'TAG', name: 'shop', tagKey: 'devops-guru-app' },
    ]);
  });
});

describe('correlate: noise suppression', () => {
  it('a single-point blip on a LOW metric opens no insight and stays unattached', () => {
    const blip = apiCount(T0, { periods: 1, excess: 20 });
    const out = run([blip]);
    expect(out.insights).toEqual([]);
    expect(out.notifications).toEqual([]);
    expect(out.anomalies).toHaveLength(1);
    expect(out.anomalies[0]!.insightId).toBeUndefined();
  });

  it('a drop in traffic opens an insight where requests arrive, not in the data tier behind them', () => {
    expect(run([apiCount(T0, { periods: 6, direction: 'BELOW' })]).insights).toHaveLength(1);
    expect(run([lambdaErrors(T0, { metric: 'Invocations', periods: 6, direction: 'BELOW' })]).insights).toHaveLength(1);
    const tableDrop = run([tableWrites(T0, { periods: 12, direction: 'BELOW' })]);
    expect(tableDrop.insights).toHaveLength(0);
    // It still joins an insight that is open beside it, as context.
    const withErrors = run([lambdaErrors(T0), tableWrites(T0, { direction: 'BELOW' })]);
    expect(withErrors.insights).toHaveLength(1);
    expect(withErrors.anomalies.every((a) => a.insightId === withErrors.insights[0]!.id)).toBe(true);
  });

  it('a LOW or MEDIUM metric opens an insight once it deviates three periods; a HIGH one two', () => {
    expect(run([apiCount(T0, { periods: 2, direction: 'BELOW' })]).insights).toHaveLength(0);
    expect(run([apiCount(T0, { periods: 3, direction: 'BELOW' })]).insights).toHaveLength(1);
    expect(run([apiLatency(T0, { periods: 2 })]).insights).toHaveLength(0);
    expect(run([apiLatency(T0, { periods: 3 })]).insights).toHaveLength(1);
    expect(run([lambdaErrors(T0, { periods: 1, excess: 2 })]).insights).toHaveLength(0);
    expect(run([lambdaErrors(T0, { periods: 2, excess: 2 })]).insights).toHaveLength(1);
  });

  it('a one-period error wobble within a few band widths is suppressed; a huge one opens at once', () => {
    expect(run([lambdaErrors(T0, { periods: 1, excess: 1.5 })]).insights).toHaveLength(0);
    expect(run([lambdaErrors(T0, { periods: 1, excess: 40 })]).insights).toHaveLength(1);
    // MEDIUM latency needs persistence whatever its size.
    expect(run([apiLatency(T0, { periods: 1, excess: 40 })]).insights).toHaveLength(0);
  });

  it('counts points still outside the band after a detector stops flagging them as persistence', () => {
    const suppressed = apiLatency(T0, { periods: 1, trailingOutside: 2, closed: true, excess: 1.5 });
    expect(run([suppressed]).insights).toHaveLength(1);
    const recovered = apiLatency(T0, { periods: 1, trailingNormal: 3, closed: true, excess: 1.5 });
    expect(run([recovered]).insights).toHaveLength(0);
  });

  it('treats client errors (4XX) as MEDIUM: two periods of them alone open nothing, two of 5XX do', () => {
    expect(run([api5xx(T0, { periods: 2, excess: 2 })]).insights).toHaveLength(1);
    expect(run([api5xx(T0, { periods: 2, excess: 2, metric: '4XXError' })]).insights).toHaveLength(0);
    expect(run([api5xx(T0, { periods: 3, excess: 2, metric: '4XXError' })]).insights).toHaveLength(1);
  });

  it('ignores deviations in the harmless direction: fewer errors or lower latency than expected is good news', () => {
    expect(run([lambdaErrors(T0, { direction: 'BELOW', periods: 5 })]).insights).toHaveLength(0);
    expect(run([apiLatency(T0, { direction: 'BELOW', periods: 5 })]).insights).toHaveLength(0);
    // Less free storage is bad news; a drop in traffic may be an outage upstream.
    const storage = anomaly({ resource: 'db', type: 'AWS::RDS::DBInstance', namespace: 'AWS/RDS', metric: 'FreeStorageSpace', stack: 'shop', start: T0, periods: 3, direction: 'BELOW' });
    expect(run([storage]).insights).toHaveLength(1);
    expect(run([apiCount(T0, { direction: 'BELOW' })]).insights).toHaveLength(1);
  });

  it('does not count flagged points whose values stay inside the band, nor deviations under 10 % of the expected value', () => {
    const inside = lambdaErrors(T0, { periods: 4 });
    const insideBand: Anomaly = { ...inside, evidence: inside.evidence.map((p) => ({ ...p, v: p.expected + 0.5 })), observed: inside.expected + 0.5 };
    expect(run([insideBand]).insights).toHaveLength(0);
    // Disk 50.3 % expected, band ±0.2: 50.8 % is outside the narrow band but only 1 % off.
    const disk = anomaly({ resource: 'web-1', type: 'AWS::EC2::Instance', namespace: 'CWAgent', metric: 'disk_used_percent', stack: 'shop', start: T0, periods: 4, expected: 50.3, halfWidth: 0.2, excess: 1.25 });
    expect(run([disk]).insights).toHaveLength(0);
  });

  it('opens at once on two simultaneous, clearly deviating anomalies of different series (corroboration), not on one', () => {
    expect(run([lambdaDuration(T0, { periods: 1, excess: 3 })]).insights).toHaveLength(0);
    // A function's duration and its errors are two signals.
    const pair = run([lambdaDuration(T0, { periods: 1, excess: 3 }), lambdaErrors(T0 + PERIOD_MS, { periods: 1, excess: 3 })]);
    expect(pair.insights).toHaveLength(1);
    // The API's latency only echoes its function's duration: no corroboration.
    expect(run([lambdaDuration(T0, { periods: 1, excess: 3 }), apiLatency(T0 + PERIOD_MS, { periods: 1, excess: 3 })]).insights).toHaveLength(0);
    expect(run([lambdaErrors(T0, { periods: 1, excess: 3 }), api5xx(T0, { periods: 1, excess: 3 })]).insights).toHaveLength(0);
    // Too far apart in time, too small, or a LOW metric: no corroboration.
    expect(run([lambdaDuration(T0, { periods: 1, excess: 3 }), lambdaErrors(T0 + 4 * PERIOD_MS, { periods: 1, excess: 3 })]).insights).toHaveLength(0);
    expect(run([lambdaDuration(T0, { periods: 1, excess: 1 }), lambdaErrors(T0, { periods: 1, excess: 1 })]).insights).toHaveLength(0);
    expect(run([lambdaDuration(T0, { periods: 1, excess: 3 }), apiCount(T0, { periods: 1, excess: 3 })]).insights).toHaveLength(0);
  });

  it('a weak anomaly joins an open insight of its collection as CONTEXTUAL with NEW_ASSOCIATION', () => {
    const first = run([lambdaErrors(T0)]);
    const ins = first.insights[0]!;
    const blip = apiCount(T0 + 10 * MIN, { periods: 1 });
    const second = run([blip], [], T0 + 25 * MIN, { out: first, known: knownAfter(first) });
    expect(second.insights).toHaveLength(1);
    expect(second.insights[0]!.id).toBe(ins.id);
    expect(second.insights[0]!.version).toBe(2);
    expect(second.insights[0]!.anomalyIds).toContain(blip.id);
    expect(byId(second).get(blip.id)).toMatchObject({ type: 'CONTEXTUAL', insightId: ins.id });
    expect(second.notifications.map((n) => n.messageType)).toEqual(['NEW_ASSOCIATION']);
  });
});

describe('correlate: severity', () => {
  it('raises severity with a new HIGH anomaly and says SEVERITY_UPGRADED; never lowers it', () => {
    const first = run([apiLatency(T0)]);
    expect(first.insights[0]!.severity).toBe('MEDIUM');
    const second = run([lambdaErrors(T0 + 10 * MIN)], [], T0 + 30 * MIN, { out: first, known: knownAfter(first) });
    expect(second.insights[0]!.severity).toBe('HIGH');
    // The function's errors also bring advice the API latency alone did not: NEW_RECOMMENDATION.
    expect(second.notifications.map((n) => n.messageType).sort()).toEqual(['NEW_ASSOCIATION', 'NEW_RECOMMENDATION', 'SEVERITY_UPGRADED']);
    const before = new Set(first.insights[0]!.recommendations.map((r) => r.name));
    expect(second.insights[0]!.recommendations.some((r) => !before.has(r.name))).toBe(true);
    const known = knownAfter(second, knownAfter(first));
    const third = run([apiCount(T0 + 20 * MIN, { periods: 1, severity: 'LOW' })], [], T0 + 35 * MIN, { out: second, known });
    expect(third.insights[0]!.severity).toBe('HIGH');
  });

  it('a weak blip contributes at most MEDIUM; breadth over three resources raises one step', () => {
    const weakHigh = run([apiLatency(T0, { severity: 'LOW' }), lambdaErrors(T0 + PERIOD_MS, { periods: 1, excess: 1, severity: 'HIGH' })]);
    expect(weakHigh.insights[0]!.severity).toBe('MEDIUM');
    const narrow = run([apiLatency(T0, { severity: 'LOW' }), lambdaDuration(T0, { severity: 'LOW' })]);
    expect(narrow.insights[0]!.severity).toBe('LOW');
    const broad = run([apiLatency(T0, { severity: 'LOW' }), lambdaDuration(T0, { severity: 'LOW' }), tableThrottles(T0, { severity: 'LOW' })]);
    expect(broad.insights[0]!.severity).toBe('MEDIUM');
  });
});

describe('correlate: lifecycle and determinism', () => {
  it('closes after the quiet period once every anomaly is closed, not before', () => {
    const open = run([lambdaErrors(T0)]);
    const ins = open.insights[0]!;
    const closedErr = lambdaErrors(T0, { closed: true });
    const lastAnomalous = closedErr.lastAnomalousAt;
    const early = run([closedErr], [], lastAnomalous + DEFAULT_CORRELATOR_CONFIG.quietMs - MIN, { out: open, known: knownAfter(open) });
    expect(early.insights.every((i) => i.status === 'ONGOING')).toBe(true);
    expect(early.notifications).toEqual([]);
    const late = run([], [], lastAnomalous + DEFAULT_CORRELATOR_CONFIG.quietMs, { out: open, known: knownAfter(early, knownAfter(open)) });
    expect(late.insights).toHaveLength(1);
    expect(late.insights[0]!).toMatchObject({ id: ins.id, status: 'CLOSED', timeRange: { start: T0, end: closedErr.timeRange.end } });
    expect(late.notifications.map((n) => n.messageType)).toEqual(['CLOSED_INSIGHT']);
  });

  it('stays open while values remain outside the band even after the detector stops flagging', () => {
    const open = run([lambdaErrors(T0, { periods: 1, excess: 40 })]);
    const suppressed = lambdaErrors(T0, { periods: 1, excess: 40, trailingOutside: 3, closed: true });
    const lastOutside = T0 + 3 * PERIOD_MS;
    const out = run([suppressed], [], suppressed.lastAnomalousAt + DEFAULT_CORRELATOR_CONFIG.quietMs, { out: open, known: knownAfter(open) });
    expect(out.insights.every((i) => i.status === 'ONGOING')).toBe(true);
    const out2 = run([], [], lastOutside + DEFAULT_CORRELATOR_CONFIG.quietMs, { out: open, known: knownAfter(out, knownAfter(open)) });
    expect(out2.insights[0]!.status).toBe('CLOSED');
  });

  it('closes a reactive insight whose anomalies can no longer be read, after the quiet period', () => {
    const open = run([lambdaErrors(T0)]);
    const ins = open.insights[0]!;
    const lost = run([], [], ins.updatedAt + DEFAULT_CORRELATOR_CONFIG.quietMs, { out: open, known: new Map() });
    expect(lost.insights[0]).toMatchObject({ id: ins.id, status: 'CLOSED', timeRange: { start: T0, end: ins.updatedAt } });
    expect(run([], [], ins.updatedAt + MIN, { out: open, known: new Map() }).insights).toEqual([]);
  });

  it('gives the same ids for the same inputs and changes nothing when re-run with nothing new', () => {
    const changed = [api5xx(T0), lambdaErrors(T0)];
    const a = run(changed, [deployment('d-1', T0 - 5 * MIN)]);
    const b = run(changed, [deployment('d-1', T0 - 5 * MIN)]);
    expect(a).toEqual(b);
    const again = run([], [deployment('d-1', T0 - 5 * MIN)], T0 + 21 * MIN, { out: a, known: knownAfter(a) });
    expect(again.insights).toEqual([]);
    expect(again.notifications).toEqual([]);
  });

  it('recreates the same insight when anomalies were stored with its id but the insight was not (crash between writes)', () => {
    const first = run([api5xx(T0), lambdaErrors(T0)]);
    const id = first.insights[0]!.id;
    const retry = run(first.anomalies);
    expect(retry.insights.map((i) => i.id)).toEqual([id]);
    expect(retry.insights[0]!.version).toBe(1);
  });

  it('an anomaly updated in a later cycle stays in its insight without a new notification', () => {
    const first = run([lambdaErrors(T0)]);
    const ins: Insight = first.insights[0]!;
    const grown = { ...lambdaErrors(T0, { periods: 5 }), insightId: ins.id };
    const next = run([grown], [], T0 + 30 * MIN, { out: first, known: knownAfter(first) });
    expect(next.notifications).toEqual([]);
    expect(next.anomalies.find((x) => x.id === grown.id)).toMatchObject({ insightId: ins.id, type: 'CAUSAL' });
  });
});

describe('correlate: bounded insight items', () => {
  it('lists at most MAX_LISTED_ANOMALIES ids, keeps the causal and open ones, and counts every member', () => {
    const many = Array.from({ length: 230 }, (_, i) =>
      anomaly({ resource: `fn-${i}`, type: 'AWS::Lambda::Function', namespace: 'AWS/Lambda', metric: 'Duration', stack: 'shop', start: T0 + (i % 3) * PERIOD_MS, periods: 3, severity: 'MEDIUM', closed: i % 2 === 0 }),
    );
    const first = run([lambdaErrors(T0), ...many.slice(0, 150)]);
    const ins = first.insights[0]!;
    expect(ins.anomalyIds).toHaveLength(151);
    expect(ins.anomalyCount).toBe(151);
    const second = run(many.slice(150), [], T0 + 25 * MIN, { out: first, known: knownAfter(first) });
    const grown = second.insights.find((i) => i.id === ins.id)!;
    expect(grown.anomalyCount).toBe(231);
    expect(grown.anomalyIds).toHaveLength(MAX_LISTED_ANOMALIES);
    const causal = second.anomalies.find((a) => a.type === 'CAUSAL' && a.insightId === ins.id) ?? first.anomalies.find((a) => a.type === 'CAUSAL');
    expect(grown.anomalyIds).toContain(causal!.id);
    // Every open member is listed; only closed ones were left off, and they keep the insight's id.
    const open = [...first.anomalies, ...second.anomalies].filter((a) => a.status === 'ONGOING');
    for (const a of open) expect(grown.anomalyIds).toContain(a.id);
    const leftOff = second.anomalies.filter((a) => !grown.anomalyIds.includes(a.id));
    for (const a of leftOff) expect(a.insightId).toBe(ins.id);
    expect(JSON.stringify(grown).length).toBeLessThan(40_000);
  });
});

describe('correlate: independent incidents stay apart', () => {
  it('a second function failing 30 minutes into an incident opens its own insight; the API symptoms stay with the first', () => {
    const catalogSlow = anomaly({ resource: 'catalog', type: 'AWS::Lambda::Function', namespace: 'AWS/Lambda', metric: 'Duration', stack: 'shop', start: T0, periods: 12, severity: 'MEDIUM' });
    const first = run([catalogSlow, apiLatency(T0, { periods: 12 })], [], T0 + 25 * MIN);
    expect(first.insights).toHaveLength(1);
    const cartErrors = anomaly({ resource: 'cart', type: 'AWS::Lambda::Function', namespace: 'AWS/Lambda', metric: 'Errors', stack: 'shop', start: T0 + 30 * MIN, periods: 3 });
    const later = run([cartErrors, api5xx(T0 + 30 * MIN, { periods: 3 })], [], T0 + 45 * MIN, { out: first, known: knownAfter(first) });
    const fresh = later.insights.filter((i) => i.id !== first.insights[0]!.id);
    expect(fresh).toHaveLength(1);
    expect(fresh[0]!.name).toBe('Errors increased on Lambda function cart');
    // A shared data store failing later is a symptom: the orders table throttling 30 minutes in joins.
    const throttles = tableThrottles(T0 + 30 * MIN, { periods: 3 });
    const joined = run([throttles], [], T0 + 45 * MIN, { out: first, known: knownAfter(first) });
    expect(joined.insights.map((i) => i.id)).toEqual([first.insights[0]!.id]);
    // A peer's anomaly right at the onset is part of the same incident.
    const together = run([catalogSlow, apiLatency(T0, { periods: 12 }), anomaly({ resource: 'cart', type: 'AWS::Lambda::Function', namespace: 'AWS/Lambda', metric: 'Errors', stack: 'shop', start: T0 + PERIOD_MS, periods: 3 })], [], T0 + 25 * MIN);
    expect(together.insights).toHaveLength(1);
  });
});
