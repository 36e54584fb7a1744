import { describe, expect, it } from 'vitest';
import { parseBundle } from '../../../src/local/scenario/bundle';
import { builtinScenario } from '../../../src/local/scenario/builtin';
import { incidentFreeScenario, incidentScenario } from '../../../src/local/simulator';
import { API_LOG_GROUP } from '../../../src/local/simulator/logs';

const HOUR = 3_600_000;

describe('simulated logs', () => {
  const b = incidentScenario('dynamodb-throttling', 1);

  it('gives every function and the API a log group of sorted, varied lines that follow the day', () => {
    expect(b.logs.map((g) => g.logGroup).sort()).toEqual(['/aws/lambda/cart', '/aws/lambda/catalog', '/aws/lambda/checkout', '/aws/lambda/order-worker', API_LOG_GROUP].sort());
    const ids = new Set(b.resources.map((r) => r.id));
    for (const g of b.logs) {
      expect(ids.has(g.resourceId)).toBe(true);
      expect(g.lines.every(([t], i) => i === 0 || g.lines[i - 1]![0] <= t)).toBe(true);
    }
    const catalog = b.logs.find((g) => g.logGroup === '/aws/lambda/catalog')!.lines;
    const starts = catalog.filter(([, m]) => m.startsWith('START RequestId:'));
    expect(new Set(starts.map(([, m]) => m)).size).toBe(starts.length);
    const hourOf = (t: number) => new Date(t).getUTCHours();
    const night = starts.filter(([t]) => hourOf(t) >= 2 && hourOf(t) < 5).length;
    const evening = starts.filter(([t]) => hourOf(t) >= 19 && hourOf(t) < 22).length;
    expect(evening).toBeGreaterThan(3 * night);
    // Routine warnings and the odd validation error are part of normal operation.
    expect(catalog.some(([, m]) => m.includes('WARN\tcache miss'))).toBe(true);
  });

  it('writes the incident’s cause into the groups its label names, only while it lasts', () => {
    const label = b.labels[0]!;
    expect(label.causeLog).toEqual({ logGroups: ['/aws/lambda/checkout', '/aws/lambda/order-worker'], text: 'ProvisionedThroughputExceededException' });
    for (const group of label.causeLog!.logGroups) {
      const hits = b.logs.find((g) => g.logGroup === group)!.lines.filter(([, m]) => m.includes(label.causeLog!.text));
      expect(hits.length).toBeGreaterThan(10);
      expect(hits.every(([t]) => t >= label.start && t < label.end)).toBe(true);
    }
  });

  it('has no cause lines in an incident-free week, and names none on its labels', () => {
    const quiet = incidentFreeScenario(1);
    expect(quiet.labels.every((l) => !l.causeLog)).toBe(true);
    expect(quiet.logs.every((g) => g.lines.every(([, m]) => !/Exception:|timed out|ECONNREFUSED|KnexTimeout/.test(m)))).toBe(true);
    expect(quiet.logs.reduce((s, g) => s + g.lines.length, 0)).toBeGreaterThan(((quiet.end - quiet.start) / HOUR) * 20);
  });

  it('keeps bundles backward compatible: a bundle without logs loads with none; bad references are named', () => {
    const { logs: _drop, ...old } = builtinScenario();
    expect(parseBundle(JSON.parse(JSON.stringify(old))).logs).toEqual([]);
    expect(() => parseBundle({ ...old, logs: [{ logGroup: '/aws/lambda/x', resourceId: 'nope', lines: [] }] })).toThrow('logs.0.resourceId: unknown resource nope');
    const round = parseBundle(JSON.parse(JSON.stringify(b)));
    expect(round.logs).toEqual(b.logs);
    expect(round.labels[0]!.causeLog).toEqual(b.labels[0]!.causeLog);
  });
});
