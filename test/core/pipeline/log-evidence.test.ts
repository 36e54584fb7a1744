import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { attachLogEvidence, logStateKey, parseConfig, withEvidence, type Insight, type InsightNotification, type Resource } from '../../../src/core';
import { startEmbeddedStore, type EmbeddedStore } from '../../../src/local/embedded-dynamo';
import { seededRandom } from '../../../src/local/random';
import { ReplayLogSource } from '../../../src/local/scenario/replay-logs';
import { anomaly, insight } from '../../api/fixtures';

const MIN = 60_000;
const HOUR = 60 * MIN;
const ONSET = Date.UTC(2026, 0, 1, 12);
const GROUP = '/aws/lambda/checkout';

/** Four hours of normal checkout logs, and access-denied errors from onset on. */
function lines(): Array<[number, string]> {
  const r = seededRandom(9);
  const out: Array<[number, string]> = [];
  for (let t = ONSET - 4 * HOUR; t < ONSET + 2 * HOUR; t += 20_000) {
    const id = Math.floor(r.next() * 1e12).toString(16);
    out.push([t, `START RequestId: ${id} Version: $LATEST`], [t + 5, `INFO order ${id} accepted, total ${(r.next() * 100).toFixed(2)} EUR`], [t + 9, `REPORT RequestId: ${id} Duration: ${(r.next() * 200).toFixed(2)} ms`]);
    if (t >= ONSET && r.next() < 0.5) out.push([t + 7, `ERROR AccessDeniedException: User: arn:aws:sts::123456789012:assumed-role/checkout-role/checkout is not authorized to perform: sqs:SendMessage on resource ${id}`]);
  }
  return out;
}

const checkout: Resource = { id: 'checkout', type: 'AWS::Lambda::Function', name: 'checkout', stack: 'shop', tags: {}, series: [] };
const open = (over: Partial<Insight> = {}) => insight('ins-1', { status: 'ONGOING', timeRange: { start: ONSET }, anomalyIds: ['a1'], recommendations: [{ name: 'Older advice', description: 'd', reason: 'r', link: 'https://docs.aws.amazon.com/x.html', relatedAnomalies: [], relatedEvents: [] }], ...over });

describe('attachLogEvidence', () => {
  let emb: EmbeddedStore;
  beforeEach(async () => {
    emb = await startEmbeddedStore();
    await emb.store.putAnomalies([anomaly('a1', 'ins-1', ONSET)]);
  });
  afterEach(async () => emb.close());

  it('stores the cause-bearing template on the insight, with a log-based recommendation first', async () => {
    await emb.store.saveInsight(open());
    const logs = new ReplayLogSource([{ logGroup: GROUP, resourceId: 'checkout', lines: lines() }]);
    const report = await attachLogEvidence({ insights: emb.store, state: emb.store, logs }, ONSET + HOUR, [checkout]);
    expect(report.insights).toHaveLength(1);
    const stored = (await emb.store.getInsight('ins-1'))!;
    expect(stored.version).toBe(2);
    expect(stored.logAnomalies![0]).toMatchObject({ logGroup: GROUP, resourceId: 'checkout', kind: 'KEYWORD', baselineCount: 0 });
    expect(stored.logAnomalies![0]!.template).toContain('AccessDeniedException');
    expect(stored.logAnomalies!.every((l) => !/START|REPORT|INFO/.test(l.template))).toBe(true);
    expect(stored.recommendations.map((r) => r.name)).toEqual(['Restore the permission the denied call needs', 'Older advice']);
    expect(stored.recommendations[0]!.reason).toContain('AccessDeniedException');
  });

  it('reads only what is new, at most every refreshMinutes', async () => {
    await emb.store.saveInsight(open());
    const logs = new ReplayLogSource([{ logGroup: GROUP, resourceId: 'checkout', lines: lines() }]);
    const ports = { insights: emb.store, state: emb.store, logs };
    const first = await attachLogEvidence(ports, ONSET + HOUR, [checkout]);
    // The baseline (3 h + 5 min margin) and the first hour: 3 lines every 20 s, plus the errors.
    expect(first.lines).toBeGreaterThan(3 * 3 * 4 * 60);
    // Within refreshMinutes (15) of the last read: nothing is read.
    expect((await attachLogEvidence(ports, ONSET + HOUR + 5 * MIN, [checkout])).lines).toBe(0);
    const second = await attachLogEvidence(ports, ONSET + HOUR + 15 * MIN, [checkout]);
    // 15 minutes: 45 invocations of 3 lines, and about half as many errors.
    expect(second.lines).toBeLessThan(3 * 45 + 45 + 1);
    expect(second.lines).toBeGreaterThan(3 * 45);
    const state = (await emb.store.getStates([logStateKey('ins-1')])).get(logStateKey('ins-1')) as { readTo: number; lines: number };
    expect(state.readTo).toBe(ONSET + HOUR + 15 * MIN);
    expect(state.lines).toBe(first.lines + second.lines);
  });

  it('stops at the per-insight budget and says which insights were cut', async () => {
    await emb.store.saveInsight(open());
    const logs = new ReplayLogSource([{ logGroup: GROUP, resourceId: 'checkout', lines: lines() }]);
    const config = parseConfig({ logs: { maxLinesPerInsight: 300 } }).logs;
    const report = await attachLogEvidence({ insights: emb.store, state: emb.store, logs }, ONSET + HOUR, [checkout], config);
    expect(report.lines).toBeLessThanOrEqual(300);
    expect(report.truncated).toEqual(['ins-1']);
  });

  it('stops reading windowMinutes after onset', async () => {
    await emb.store.saveInsight(open());
    const logs = new ReplayLogSource([{ logGroup: GROUP, resourceId: 'checkout', lines: lines() }]);
    const config = parseConfig({ logs: { windowMinutes: 30 } }).logs;
    const ports = { insights: emb.store, state: emb.store, logs };
    expect((await attachLogEvidence(ports, ONSET + HOUR, [checkout], config)).lines).toBeGreaterThan(0);
    expect((await attachLogEvidence(ports, ONSET + 2 * HOUR, [checkout], config)).lines).toBe(0);
    expect(logs.linesRead).toBeLessThan(3 * 3 * (3 * 60 + 35) + 3 * 90);
  });

  it('does nothing when disabled, for proactive or closed insights, or without log groups', async () => {
    await emb.store.saveInsight(open());
    const logs = new ReplayLogSource([{ logGroup: GROUP, resourceId: 'checkout', lines: lines() }]);
    const off = parseConfig({ logs: { enabled: false } }).logs;
    expect((await attachLogEvidence({ insights: emb.store, state: emb.store, logs }, ONSET + HOUR, [checkout], off)).lines).toBe(0);
    const none = new ReplayLogSource([]);
    expect((await attachLogEvidence({ insights: emb.store, state: emb.store, logs: none }, ONSET + HOUR, [checkout])).insights).toEqual([]);
    expect((await emb.store.getInsight('ins-1'))!.logAnomalies).toBeUndefined();
  });

  it('reads an insight that opened and closed within the cycle, up to its end, once', async () => {
    const closed = open({ status: 'CLOSED', timeRange: { start: ONSET, end: ONSET + 40 * MIN } });
    await emb.store.saveInsight(closed);
    const logs = new ReplayLogSource([{ logGroup: GROUP, resourceId: 'checkout', lines: lines() }]);
    const ports = { insights: emb.store, state: emb.store, logs };
    // Not ongoing: only found because the cycle changed it.
    expect((await attachLogEvidence(ports, ONSET + HOUR, [checkout])).lines).toBe(0);
    const report = await attachLogEvidence(ports, ONSET + HOUR, [checkout], undefined, [closed]);
    expect(report.insights[0]!.logAnomalies![0]!.template).toContain('AccessDeniedException');
    const state = (await emb.store.getStates([logStateKey('ins-1')])).get(logStateKey('ins-1')) as { readTo: number };
    expect(state.readTo).toBe(ONSET + 40 * MIN);
    const again = await attachLogEvidence(ports, ONSET + 2 * HOUR, [checkout], undefined, [report.insights[0]!]);
    expect(again.lines).toBe(0);
  });

  it('replaces the insight in notifications with the version that carries the evidence', () => {
    const n: InsightNotification = { id: 'n', messageType: 'NEW_INSIGHT', insight: open(), anomalies: [] };
    const updated = open({ version: 2, logAnomalies: [] });
    expect(withEvidence([n], [updated])[0]!.insight.version).toBe(2);
    expect(withEvidence([n], [])[0]).toBe(n);
  });
});
