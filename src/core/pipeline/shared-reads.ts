/**
 * One cycle's metric reads, shared: when the proactive pass and the analyzer ask for the same
 * series in the same cycle (capacity series are read by both), the second asks nothing of
 * CloudWatch. A request is served from memory when the same series was fetched earlier in
 * this cycle, up to the same end, from a start no later than the one asked for.
 * Use one instance per cycle; it holds that cycle's points.
 */
import { seriesKey, type Observation, type Point } from '../model';
import type { MetricRequest, MetricSource } from '../ports';

export class SharedReads implements MetricSource {
  private readonly memo = new Map<string, { start: number; end: number; points: readonly Point[] }>();
  /** Requests answered from memory (for logs and tests). */
  hits = 0;

  constructor(private readonly inner: MetricSource) {}

  async fetch(requests: readonly MetricRequest[], end: number): Promise<Observation[]> {
    const served: Observation[] = [];
    const misses: MetricRequest[] = [];
    for (const r of requests) {
      const key = seriesKey(r.series);
      const m = this.memo.get(key);
      if (m && m.end === end && m.start <= r.start) {
        served.push({ seriesKey: key, points: m.points.filter((p) => p.t >= r.start) });
        this.hits++;
      } else {
        misses.push(r);
      }
    }
    if (misses.length === 0) return served;
    const fetched = await this.inner.fetch(misses, end);
    const startOf = new Map(misses.map((r) => [seriesKey(r.series), r.start]));
    for (const o of fetched) {
      const start = startOf.get(o.seriesKey);
      if (start !== undefined) this.memo.set(o.seriesKey, { start, end, points: o.points });
    }
    return [...served, ...fetched];
  }
}
