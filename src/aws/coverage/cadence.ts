/**
 * Cadence tiers at run time: which series are due in the cycle that runs at `now`.
 *
 * A cycle runs every `goldenSignalsMinutes`. A series of a tier with interval I is due when a
 * multiple of I falls in (now - golden interval, now]: golden series every cycle, capacity
 * series in one cycle per `capacityMinutes`. The rule is stateless (no bookkeeping to lose)
 * and a missed cycle loses nothing: a series always fetches from the point after the last
 * one it consumed.
 *
 * Adaptive cadence: a golden series that is quiet (no open anomaly, no recovery under way,
 * nothing but zeros or no data for `QUIET_AFTER_MS`) is read only every
 * `quietGoldenMinutes`, by the same stateless rule; its stored state says whether it is quiet,
 * so the analyzer decides (`adaptiveReadFilter`), and its next read returns all the points
 * since the last one in the same single GetMetricData query.
 */
import type { Clock, ReadFilter, Resource, ResourceCatalog, SeriesState } from '../../core';
import { tierOf, type CadenceTier } from './metric-catalog';

export interface Cadence {
  /** Minutes between cycles; golden signals are fetched every cycle. @default 5 */
  readonly goldenSignalsMinutes: number;
  /** Minutes between fetches of capacity-tier series. @default 60 */
  readonly capacityMinutes: number;
  /** Minutes between reads of quiet golden series (absent or ≤ golden: every cycle). @default 15 */
  readonly quietGoldenMinutes?: number;
}

export const DEFAULT_CADENCE: Cadence = { goldenSignalsMinutes: 5, capacityMinutes: 60, quietGoldenMinutes: 15 };

const MINUTE = 60_000;

/** A golden series with only zeros or no data for this long is quiet. */
export const QUIET_AFTER_MS = 60 * MINUTE;

/** Minutes between reads of quiet golden series (the golden interval when the adaptive cadence is off). */
export function quietIntervalMs(cadence: Cadence): number {
  return Math.max(cadence.quietGoldenMinutes ?? cadence.goldenSignalsMinutes, cadence.goldenSignalsMinutes) * MINUTE;
}

/** Whether a multiple of `everyMs` falls in the cycle ending at `now`. O(1). */
export function isDueEvery(everyMs: number, now: number, cadence: Cadence): boolean {
  const cycle = cadence.goldenSignalsMinutes * MINUTE;
  return Math.floor(now / everyMs) !== Math.floor((now - cycle) / everyMs);
}

/** Quiet: no anomaly open or recovering, and no nonzero point for `QUIET_AFTER_MS`. */
export function isQuiet(state: SeriesState | undefined, now: number): boolean {
  if (!state || state.open || state.recovery) return false;
  return (state.lastActiveT ?? Number.NEGATIVE_INFINITY) <= now - QUIET_AFTER_MS;
}

/** The analyzer's read filter for the adaptive cadence (undefined when it is off). */
export function adaptiveReadFilter(cadence: Cadence): ReadFilter | undefined {
  const quietMs = quietIntervalMs(cadence);
  if (quietMs <= cadence.goldenSignalsMinutes * MINUTE) return undefined;
  return (series, state, now) => tierOf(series) !== 'golden' || !isQuiet(state, now) || isDueEvery(quietMs, now, cadence);
}

export function tierIntervalMs(tier: CadenceTier, cadence: Cadence): number {
  return (tier === 'golden' ? cadence.goldenSignalsMinutes : Math.max(cadence.capacityMinutes, cadence.goldenSignalsMinutes)) * MINUTE;
}

/** Whether a series of `tier` is fetched by the cycle at `now`. O(1). */
export function isDue(tier: CadenceTier, now: number, cadence: Cadence = DEFAULT_CADENCE): boolean {
  return isDueEvery(tierIntervalMs(tier, cadence), now, cadence);
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
