/**
 * Cadence tiers at run time: which series are due in the cycle that runs at `now`.
 *
 * A cycle runs every `goldenSignalsMinutes`. A series of a tier with interval I is due when a
 * multiple of I falls in (now - golden interval, now]: golden series every cycle, capacity
 * series in one cycle per `capacityMinutes`. The rule is stateless (no bookkeeping to lose)
 * and a missed cycle loses nothing: a series always fetches from the point after the last
 * one it consumed.
 */
import type { Clock, Resource, ResourceCatalog } from '../../core';
import { tierOf, type CadenceTier } from './metric-catalog';

export interface Cadence {
  /** Minutes between cycles; golden signals are fetched every cycle. @default 5 */
  readonly goldenSignalsMinutes: number;
  /** Minutes between fetches of capacity-tier series. @default 60 */
  readonly capacityMinutes: number;
}

export const DEFAULT_CADENCE: Cadence = { goldenSignalsMinutes: 5, capacityMinutes: 60 };

const MINUTE = 60_000;

export function tierIntervalMs(tier: CadenceTier, cadence: Cadence): number {
  return (tier === 'golden' ? cadence.goldenSignalsMinutes : Math.max(cadence.capacityMinutes, cadence.goldenSignalsMinutes)) * MINUTE;
}

/** Whether a series of `tier` is fetched by the cycle at `now`. O(1). */
export function isDue(tier: CadenceTier, now: number, cadence: Cadence = DEFAULT_CADENCE): boolean {
  const every = tierIntervalMs(tier, cadence);
  const cycle = cadence.goldenSignalsMinutes * MINUTE;
  return Math.floor(now / every) !== Math.floor((now - cycle) / every);
}

/** The resources with only the series due at `now` (resources keep their place even when none is due). */
export function dueResources(resources: readonly Resource[], now: number, cadence: Cadence = DEFAULT_CADENCE): Resource[] {
  return resources.map((r) => ({ ...r, series: r.series.filter((s) => isDue(tierOf(s), now, cadence)) }));
}

/** A catalog that lists only the series due in the cycle running at `clock.now()`. */
export class TieredCatalog implements ResourceCatalog {
  constructor(
    private readonly inner: ResourceCatalog,
    private readonly clock: Clock,
    private readonly cadence: Cadence = DEFAULT_CADENCE,
  ) {}

  async list(): Promise<Resource[]> {
    return dueResources(await this.inner.list(), this.clock.now(), this.cadence);
  }
}

/**
 * Keeps the inner catalog's list for `ttlMs` (coverage changes slowly; listing a stack or the
 * account every five minutes would only spend API calls).
 */
export class CachedCatalog implements ResourceCatalog {
  private cached?: { at: number; resources: Resource[] };
  constructor(
    private readonly inner: ResourceCatalog,
    private readonly clock: Clock,
    private readonly ttlMs = 3_600_000,
  ) {}

  async list(): Promise<Resource[]> {
    const now = this.clock.now();
    if (this.cached && now - this.cached.at < this.ttlMs && now >= this.cached.at) return this.cached.resources;
    const resources = await this.inner.list();
    this.cached = { at: now, resources };
    return resources;
  }
}
