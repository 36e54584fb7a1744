import { describe, expect, it } from 'vitest';
import { TemplateMiner, logPoissonTail, reportWindow } from '../../../src/core/logs';
import { seededRandom, type Random } from '../../../src/local/random';

const MIN = 60_000;
const HOUR = 60 * MIN;
const id = (r: Random) => Math.floor(r.next() * 1e12).toString(16);

/** Normal service logs: volume follows a ramp (busier later), template mix fixed. */
function normal(m: TemplateMiner, r: Random, from: number, to: number, perMinute: (t: number) => number): void {
  for (let t = from; t < to; t += MIN) {
    for (let k = r.poisson(perMinute(t)); k > 0; k--) {
      const u = r.next();
      const at = t + Math.floor(r.next() * MIN);
      if (u < 0.6) m.add(at, `INFO GET /products/${id(r)} served in ${(r.next() * 90).toFixed(1)} ms`);
      else if (u < 0.9) m.add(at, `REPORT RequestId: ${id(r)} Duration: ${(r.next() * 300).toFixed(2)} ms`);
      else if (u < 0.99) m.add(at, `WARN cache miss for product:${id(r)}`);
      else m.add(at, `ERROR ValidationError: quantity must be positive (got ${Math.floor(r.next() * 3) - 2})`);
    }
  }
}

const window = { baselineStart: 0, windowStart: 3 * HOUR, windowEnd: 5 * HOUR };

describe('logPoissonTail', () => {
  it('matches the exact tail for small counts and is 0 at or below the mean', () => {
    // P(X >= 3 | 1) = 1 - e^-1 (1 + 1 + 1/2)
    expect(Math.exp(logPoissonTail(3, 1))).toBeCloseTo(1 - Math.exp(-1) * 2.5, 10);
    expect(logPoissonTail(2, 2)).toBe(0);
    expect(logPoissonTail(400, 10) / Math.LN10).toBeLessThan(-300);
  });
});

describe('reportWindow', () => {
  it('reports a new error template first and nothing for templates that only follow traffic', () => {
    const r = seededRandom(3);
    const m = new TemplateMiner();
    normal(m, r, 0, 5 * HOUR, (t) => 5 + (t / HOUR) * 4); // traffic triples over the day
    for (let t = 3.5 * HOUR; t < 5 * HOUR; t += 2 * MIN) m.add(t, `ERROR ProvisionedThroughputExceededException: rate of requests exceeds the allowed throughput (request ${id(r)})`);
    const found = reportWindow(m, '/aws/lambda/checkout', window);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ logGroup: '/aws/lambda/checkout', kind: 'KEYWORD', baselineCount: 0, windowCount: 45 });
    expect(found[0]!.template).toContain('ProvisionedThroughputExceededException');
    expect(found[0]!.samples.length).toBeGreaterThan(0);
  });

  it('reports a rise of an HTTP 5XX status line as HTTP_STATUS and a rise of a routine line as RATE', () => {
    const r = seededRandom(4);
    const m = new TemplateMiner();
    normal(m, r, 0, 5 * HOUR, () => 8);
    for (let t = 0; t < 5 * HOUR; t += 20 * MIN) m.add(t, `(${id(r)}) Method completed with status: 502`);
    for (let t = 3 * HOUR; t < 5 * HOUR; t += MIN) m.add(t, `(${id(r)}) Method completed with status: 502`);
    for (let t = 3 * HOUR; t < 5 * HOUR; t += MIN / 5) m.add(t, `WARN cache miss for product:${id(r)}`);
    const kinds = reportWindow(m, 'api', window).map((a) => a.kind);
    expect(kinds).toEqual(['HTTP_STATUS', 'RATE']);
  });

  it('stays quiet on incident-free windows: false reports within the Bonferroni budget', () => {
    let reports = 0;
    const trials = 200;
    for (let s = 0; s < trials; s++) {
      const r = seededRandom(100 + s);
      const m = new TemplateMiner();
      normal(m, r, 0, 5 * HOUR, (t) => 3 + 6 * Math.sin((Math.PI * t) / (10 * HOUR)) ** 2);
      reports += reportWindow(m, 'g', window).length;
    }
    // The threshold allows 0.001 false reports per window: 0.2 expected in 200 windows.
    expect(reports).toBeLessThanOrEqual(2);
  });

  it('reports nothing without a baseline', () => {
    const m = new TemplateMiner();
    m.add(4 * HOUR, 'ERROR boom');
    expect(reportWindow(m, 'g', window)).toEqual([]);
  });
});
