/**
 * The traffic of a resource, read beside its counts. A function's errors, an API's 5XX, a table's
 * throttles and a queue's depth grow with the work the resource is given; the correlator reads
 * them against it (correlate/load.ts). Read here, while the points are analysed, the traffic of
 * the same resource is known at every point, anomalous or not, and is kept on the count's evidence
 * points (`EvidencePoint.load`), so the reading does not depend on which anomalies the correlator
 * happens to see in a later cycle.
 *
 * The load factor at a time is the traffic observed ÷ the traffic expected: the baseline frozen at
 * the onset of the traffic's own anomaly while one is open (the detector's forecast follows a
 * surge within the hour; the count's baseline does not), else the detector's forecast. Only rises
 * are kept (a drop in traffic excuses nothing). Pure.
 */
import { isLoadProportional, isTrafficSeries } from '../correlate/load';
import { MIN_RELATIVE_DEVIATION } from '../correlate/significance';
import type { EvidencePoint, Series } from '../model';

/** Load factors per resource id, per point time. */
export type ResourceLoad = Map<string, Map<number, number>>;

/** The entries with each resource's traffic series first (so their factors are known before its counts are read). O(n log n). */
export function trafficFirst<E extends { readonly series: Series }>(entries: readonly E[]): E[] {
  return [...entries].sort((a, b) => Number(isTrafficSeries(b.series)) - Number(isTrafficSeries(a.series)));
}

/** Notes the traffic `v` of `resourceId` at `t` against `expected` (largest of the resource's traffic series). O(1). */
export function noteTraffic(load: ResourceLoad, resourceId: string, t: number, v: number, expected: number): void {
  if (!(expected > 0) || !(v > expected)) return;
  const byTime = load.get(resourceId) ?? new Map<number, number>();
  byTime.set(t, Math.max(byTime.get(t) ?? 1, Math.round((v / expected) * 100) / 100));
  load.set(resourceId, byTime);
}

/**
 * Marks `point` (of a load-proportional series of `resourceId`) with the resource's load factor at
 * its time, where it can matter: the point lies above its band, and the traffic rose by at least
 * the smallest deviation that counts (`MIN_RELATIVE_DEVIATION`; a forecast's everyday error is no
 * surge). Points inside the band need no excuse, and the open anomaly's state stays small. O(1).
 */
export function markLoad(load: ResourceLoad, resourceId: string, series: Series, point: EvidencePoint): void {
  if (!isLoadProportional({ series }) || !(point.v > point.upper)) return;
  const f = load.get(resourceId)?.get(point.t);
  if (f !== undefined && f >= 1 + MIN_RELATIVE_DEVIATION) point.load = f;
}

/** The expected value a traffic point is read against: its anomaly's frozen baseline while one is open, else the forecast. */
export function trafficExpected(openEvidence: readonly EvidencePoint[] | undefined, t: number, forecast: number): number {
  const last = openEvidence?.[openEvidence.length - 1];
  return last && last.t === t ? last.expected : forecast;
}
