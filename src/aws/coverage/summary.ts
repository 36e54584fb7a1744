/**
 * What the coverage holds, per stack: resources by type and series by cadence tier. Resources
 * outside any stack (a tag or account coverage) are counted under `stack: null`.
 */
import type { Resource } from '../../core';
import { tierOf } from './metric-catalog';

export interface StackCoverage {
  readonly stack: string | null;
  readonly resources: number;
  /** Resources per CloudFormation type, e.g. `{ "AWS::Lambda::Function": 3 }`. */
  readonly types: Record<string, number>;
  /** Series per cadence tier. */
  readonly series: { golden: number; capacity: number };
}

/** Per-stack counts, stacks by name with the stack-less group last. O(resources + series). */
export function coverageByStack(resources: readonly Resource[]): StackCoverage[] {
  const byStack = new Map<string | null, { resources: number; types: Record<string, number>; series: { golden: number; capacity: number } }>();
  for (const r of resources) {
    const key = r.stack ?? null;
    let row = byStack.get(key);
    if (!row) byStack.set(key, (row = { resources: 0, types: {}, series: { golden: 0, capacity: 0 } }));
    row.resources += 1;
    row.types[r.type] = (row.types[r.type] ?? 0) + 1;
    for (const s of r.series) row.series[tierOf(s)] += 1;
  }
  return [...byStack.entries()]
    .map(([stack, row]) => ({ stack, ...row }))
    .sort((a, b) => (a.stack === null ? 1 : b.stack === null ? -1 : a.stack.localeCompare(b.stack)));
}
