import { describe, expect, it } from 'vitest';
import { TemplateMiner, isMinerState, maskToken, shapeOf, WILDCARD } from '../../../src/core/logs';
import { seededRandom } from '../../../src/local/random';

const rid = (r: { next(): number }) => Math.floor(r.next() * 1e12).toString(16).padStart(10, '0');

describe('masking', () => {
  it('masks ids, numbers, IPs, durations and hex, keeps words, keys and HTTP statuses', () => {
    const { tokens, status } = shapeOf('GET /products/123 from 10.0.0.12:443 took 12.5ms req=ab12cd deadbeefcafe1 HTTP/1.1 503 ok');
    expect(tokens).toEqual(['GET', WILDCARD, 'from', WILDCARD, 'took', WILDCARD, 'req=<*>', WILDCARD, WILDCARD, '503', 'ok']);
    expect(status).toBe(503);
    expect(maskToken('deadbeefcafe', false)).toBe(WILDCARD);
    expect(maskToken('503', false)).toBe(WILDCARD);
    expect(shapeOf('Lambda invocation failed with status: 429. TooManyRequestsException').status).toBe(429);
    expect(maskToken('Exception:', false)).toBe('Exception:');
  });

  it('clusters only the first line of a multi-line message', () => {
    expect(shapeOf('TypeError: boom\n    at x (/var/task/a.js:1:2)').tokens).toEqual(['TypeError:', 'boom']);
  });
});

describe('TemplateMiner', () => {
  it('merges lines that differ in variables into one template with counts per period', () => {
    const m = new TemplateMiner({ periodMs: 60_000 });
    const r = seededRandom(1);
    for (let i = 0; i < 100; i++) m.add(i * 10_000, `START RequestId: ${rid(r)} Version: $LATEST`);
    for (let i = 0; i < 50; i++) m.add(i * 10_000, `INFO cart ${rid(r)} updated: ${i % 7} items for user alice`);
    const ts = m.templates();
    expect(ts.map((t) => t.tokens.join(' ')).sort()).toEqual(['INFO cart <*> updated: <*> items for user alice', 'START RequestId: <*> Version: $LATEST']);
    const start = ts.find((t) => t.tokens[0] === 'START')!;
    expect(start.total).toBe(100);
    expect(TemplateMiner.countIn(start, 0, 1)).toBe(6);
    expect(start.samples).toHaveLength(3);
  });

  it('turns differing constant positions into wildcards (Drain merge) but keeps error lines apart', () => {
    const m = new TemplateMiner();
    m.add(0, 'user alice logged in from web');
    m.add(1, 'user bob logged in from web');
    m.add(2, 'user carol failed to log in');
    const texts = m.templates().map((t) => t.tokens.join(' '));
    expect(texts).toContain('user <*> logged in from web');
    expect(texts).toContain('user carol failed to log in');
  });

  it('keeps at most maxTemplates, dropping the least recently seen and counting what it dropped', () => {
    const m = new TemplateMiner({ maxTemplates: 5 });
    for (let i = 0; i < 20; i++) m.add(i, `distinct${'x'.repeat(i)} event kind`);
    expect(m.templates()).toHaveLength(5);
    expect(m.evictedTemplates).toBe(15);
    expect(m.evictedLines).toBe(15);
    expect(m.templates().map((t) => t.firstSeen)).toEqual([15, 16, 17, 18, 19]);
  });

  it('round-trips its state through JSON and keeps mining into the same templates', () => {
    const m = new TemplateMiner();
    const r = seededRandom(2);
    for (let i = 0; i < 200; i++) m.add(i * 1000, `REPORT RequestId: ${rid(r)} Duration: ${(r.next() * 100).toFixed(2)} ms`);
    const state = JSON.parse(JSON.stringify(m.toState()));
    expect(isMinerState(state)).toBe(true);
    const back = new TemplateMiner({}, state);
    const t = back.add(500_000, `REPORT RequestId: ${rid(r)} Duration: 1.00 ms`);
    expect(back.templates()).toHaveLength(1);
    expect(t.total).toBe(201);
    expect(back.toState().templates[0]!.counts.reduce((s, [, c]) => s + c, 0)).toBe(201);
  });

  it('drops counts older than maxPeriods', () => {
    const m = new TemplateMiner({ periodMs: 1000, maxPeriods: 10 });
    for (let i = 0; i < 50; i++) m.add(i * 1000, 'tick');
    const t = m.templates()[0]!;
    expect(Math.min(...t.counts.keys())).toBe(40);
    expect(t.total).toBe(50);
  });
});
