/**
 * Phase 1, the planner: lists the covered resources, loads the cycle marker and splits the
 * series into work items (shards) of bounded size, so one GetMetricData call (500 queries)
 * serves a steady-state shard and one SQS message carries it.
 */
import { z } from 'zod';
import { EpochMs, ResourceSchema, seriesKey, type Resource, type Series } from '../model';
import type { ResourceCatalog, StateStore } from '../ports';
import { CYCLE_STATE_KEY, isCycleMarker, type CycleMarker, type ResolvedOptions } from './options';

/** One shard of a cycle: the resources it covers, each with only this shard's series. */
export const WorkItemSchema = z.object({
  version: z.literal(1),
  cycleId: z.string().min(1),
  now: EpochMs,
  shard: z.number().int().nonnegative(),
  shards: z.number().int().positive(),
  resources: z.array(ResourceSchema),
});
export type WorkItem = z.infer<typeof WorkItemSchema>;

export interface CyclePlan {
  readonly cycleId: string;
  readonly now: number;
  /** End of the last completed cycle (or `now - warmStartMs` on the first run). */
  readonly previousEnd: number;
  readonly marker: CycleMarker | undefined;
  readonly resources: Resource[];
  /** Distinct series across all shards. */
  readonly series: number;
  readonly items: WorkItem[];
}

/** Deterministic cycle id: the same schedule tick always plans the same cycle. */
export function cycleIdFor(now: number): string {
  return `cyc-${Math.floor(now).toString().padStart(13, '0')}`;
}

interface Entry {
  readonly key: string;
  readonly series: Series;
  readonly resource: Resource;
}

/** Distinct series of the resources, the first resource naming a series owning it. */
export function seriesEntries(resources: readonly Resource[]): Entry[] {
  const out: Entry[] = [];
  const seen = new Set<string>();
  for (const resource of resources) {
    for (const series of resource.series) {
      const key = seriesKey(series);
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({ key, series, resource });
    }
  }
  return out;
}

function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

/**
 * Splits series into shards of at most `maxSeries` series and about `maxBytes` serialised
 * bytes. Series are ordered by resource then key, so a resource's series stay together and the
 * same coverage always gives the same shards. O(n log n).
 */
export function shardSeries(
  resources: readonly Resource[],
  cycle: { readonly cycleId: string; readonly now: number },
  limits: { readonly maxSeries: number; readonly maxBytes: number },
): WorkItem[] {
  const entries = seriesEntries(resources).sort((a, b) => a.resource.id.localeCompare(b.resource.id) || a.key.localeCompare(b.key));
  const groups: Array<Map<string, Resource>> = [];
  let current = new Map<string, Resource>();
  let count = 0;
  let bytes = 0;
  const envelope = 160;
  for (const e of entries) {
    const seriesBytes = utf8Length(JSON.stringify(e.series)) + 1;
    const resourceBytes = current.has(e.resource.id) ? 0 : utf8Length(JSON.stringify({ ...e.resource, series: [] })) + 1;
    if (count > 0 && (count + 1 > limits.maxSeries || envelope + bytes + seriesBytes + resourceBytes > limits.maxBytes)) {
      groups.push(current);
      current = new Map();
      count = 0;
      bytes = 0;
    }
    const holder = current.get(e.resource.id) ?? { ...e.resource, series: [] };
    if (!current.has(e.resource.id)) {
      bytes += utf8Length(JSON.stringify({ ...e.resource, series: [] })) + 1;
      current.set(e.resource.id, holder);
    }
    holder.series.push(e.series);
    bytes += seriesBytes;
    count++;
  }
  if (count > 0) groups.push(current);
  return groups.map((g, shard) => ({ version: 1, cycleId: cycle.cycleId, now: cycle.now, shard, shards: groups.length, resources: [...g.values()] }));
}

/** Reads the cycle marker (undefined before the first cycle). */
export async function loadMarker(state: StateStore): Promise<CycleMarker | undefined> {
  const raw = (await state.getStates([CYCLE_STATE_KEY])).get(CYCLE_STATE_KEY);
  return isCycleMarker(raw) ? raw : undefined;
}

/** Plans the cycle at `now`: resources, the previous cycle's end and the shards. */
export async function planCycle(ports: { readonly catalog: ResourceCatalog; readonly state: StateStore }, now: number, options: ResolvedOptions): Promise<CyclePlan> {
  const [resources, marker] = await Promise.all([ports.catalog.list(), loadMarker(ports.state)]);
  const cycleId = cycleIdFor(now);
  const items = shardSeries(resources, { cycleId, now }, { maxSeries: options.maxSeriesPerShard, maxBytes: options.maxShardBytes });
  return {
    cycleId,
    now,
    previousEnd: marker?.lastCycleEnd ?? now - options.warmStartMs,
    marker,
    resources,
    series: items.reduce((n, i) => n + i.resources.reduce((m, r) => m + r.series.length, 0), 0),
    items,
  };
}
