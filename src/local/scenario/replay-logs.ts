/**
 * Serves a scenario bundle's log lines through the LogSource port: only lines before the
 * requested end (no look-ahead), cut at the read's budget.
 */
import type { LogBudget, LogGroupRef, LogRead, LogSource, Resource } from '../../core';
import type { BundleLogGroup } from './bundle';

/** First index whose time is at least `t` (lines sorted by time). */
function lowerBound(lines: BundleLogGroup['lines'], t: number): number {
  let [lo, hi] = [0, lines.length];
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (lines[mid]![0] < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export class ReplayLogSource implements LogSource {
  private readonly groups = new Map<string, BundleLogGroup>();
  /** Lines served, for tests and cost figures. */
  linesRead = 0;

  constructor(groups: readonly BundleLogGroup[]) {
    for (const g of groups) this.groups.set(g.logGroup, { ...g, lines: [...g.lines].sort((a, b) => a[0] - b[0]) });
  }

  async groupsFor(resources: readonly Resource[]): Promise<LogGroupRef[]> {
    return resources.flatMap((r) => [...this.groups.values()].filter((g) => g.resourceId === r.id).map((g) => ({ logGroup: g.logGroup, resourceId: g.resourceId })));
  }

  async read(logGroup: string, start: number, end: number, budget: LogBudget): Promise<LogRead> {
    const lines = this.groups.get(logGroup)?.lines ?? [];
    const events: Array<readonly [number, string]> = [];
    let bytes = 0;
    for (let i = lowerBound(lines, start); i < lines.length && lines[i]![0] < end; i++) {
      const [t, m] = lines[i]!;
      if (events.length >= budget.maxLines || bytes + m.length > budget.maxBytes) return this.done({ events, bytes, truncated: true });
      events.push([t, m]);
      bytes += m.length;
    }
    return this.done({ events, bytes, truncated: false });
  }

  private done(read: LogRead): LogRead {
    this.linesRead += read.events.length;
    return read;
  }
}
