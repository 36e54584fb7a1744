import { describe, expect, it } from 'vitest';
import { buildMessage, insightLinks, opsItemDescription, renderEmail, summarize } from '../../../src/aws/outputs';
import { logAnomalyLine, type LogAnomaly } from '../../../src/core';
import { anomaly, insight, T0 } from './fixtures';

const ctx = { accountId: '123456789012', region: 'eu-west-1' };
const log = (template: string, over: Partial<LogAnomaly> = {}): LogAnomaly => ({
  logGroup: '/aws/lambda/checkout',
  template,
  kind: 'KEYWORD',
  baselineCount: 0,
  windowCount: 42,
  expectedCount: 0.1,
  firstSeen: T0,
  score: 0.9,
  samples: ['Task timed out after 3.00 seconds'],
  ...over,
});

describe('log evidence in messages', () => {
  it('writes one line per log anomaly with its group, template and counts', () => {
    expect(logAnomalyLine(log('<*> Task timed out after <*> seconds'))).toBe('error in /aws/lambda/checkout: "<*> Task timed out after <*> seconds" — 42 lines since onset (0 before)');
    const long = logAnomalyLine(log('x'.repeat(1000)), 160);
    expect(long.length).toBeLessThanOrEqual(160);
    expect(long).toContain('…" — 42 lines since onset');
  });

  it('adds the lines to the SNS/EventBridge message, within the size limit', () => {
    const i = insight({ logAnomalies: [log('A'), log('B', { kind: 'HTTP_STATUS', windowCount: 1 })] });
    const n = { messageType: 'NEW_INSIGHT' as const, insight: i, anomalies: [anomaly('a1')], id: 'n1' };
    expect(buildMessage(n, ctx).logAnomalies).toEqual(['error in /aws/lambda/checkout: "A" — 42 lines since onset (0 before)', 'HTTP status in /aws/lambda/checkout: "B" — 1 line since onset (0 before)']);
    // Room for one line beyond the message without log evidence (and the 64 bytes kept for anomaliesOmitted).
    const limit = JSON.stringify(buildMessage({ ...n, insight: insight() }, ctx)).length + 64 + 120;
    const small = buildMessage(n, ctx, limit);
    expect(small.logAnomalies).toHaveLength(1);
    expect(JSON.stringify(small).length).toBeLessThanOrEqual(limit);
    expect(buildMessage({ ...n, insight: insight() }, ctx).logAnomalies).toBeUndefined();
  });

  it('adds them to the e-mail and the OpsItem description, which drops them first when short of room', () => {
    const i = insight({ logAnomalies: [log('<*> Task timed out after <*> seconds')] });
    const n = { messageType: 'NEW_INSIGHT' as const, insight: i, anomalies: [anomaly('a1')], id: 'n1' };
    const s = summarize(n, { ...ctx, links: insightLinks({ apiUrl: 'https://api.example.com/prod/' }) });
    expect(renderEmail(s, 'n1')).toContain('What the logs say:\n  - error in /aws/lambda/checkout: "<*> Task timed out after <*> seconds"');
    expect(opsItemDescription(s)).toContain('Logs:\n- error in /aws/lambda/checkout');
    const crowded = { ...s, cause: 'x'.repeat(600), anomalies: Array.from({ length: 30 }, () => s.anomalies[0]!) };
    const text = opsItemDescription(crowded);
    expect(text.length).toBeLessThanOrEqual(2_048);
    expect(text).not.toContain('Logs:');
  });
});
