/**
 * Per-metric-kind priors. They come from the series' metadata only (what the metric measures,
 * its declared bounds), never from labels or from the data of other series.
 */
import type { MetricKind, SeriesMeta } from './types';

export interface KindPrior {
  /** Lower edge of the value domain (the expected band is clipped to it), or -Infinity. */
  readonly lo: number;
  /** Upper edge of the value domain, or +Infinity. */
  readonly hi: number;
  /**
   * Smallest deviation scale worth reporting, in the metric's own units. Stops a flat or
   * nearly flat series from turning a rounding-level change into a huge z-score.
   */
  readonly absScaleFloor: number;
}

/**
 * Absolute scale floors per kind:
 * - percent: 0.01 percentage points, the resolution CloudWatch reports utilisation with
 *   (values arrive with two to three decimals), so anything finer is rounding noise;
 * - count: 0.5, half of one event, the resolution of an integer counter;
 * - bytes: 1 byte;
 * - latency and generic: no unit is known, so only the relative floor applies (0).
 */
const ABS_SCALE_FLOOR: Record<MetricKind, number> = {
  percent: 0.01,
  count: 0.5,
  bytes: 1,
  latency: 0,
  generic: 0,
};

/** Default bounds per kind: percentages live in [0, 100], counts, bytes and latencies are >= 0. */
const DEFAULT_LO: Record<MetricKind, number> = {
  percent: 0,
  count: 0,
  bytes: 0,
  latency: 0,
  generic: Number.NEGATIVE_INFINITY,
};
const DEFAULT_HI: Record<MetricKind, number> = {
  percent: 100,
  count: Number.POSITIVE_INFINITY,
  bytes: Number.POSITIVE_INFINITY,
  latency: Number.POSITIVE_INFINITY,
  generic: Number.POSITIVE_INFINITY,
};

/** Priors for a series: explicit `min`/`max` in the metadata win over the kind's defaults. O(1). */
export function priorFor(meta: SeriesMeta): KindPrior {
  const kind: MetricKind = meta.kind in ABS_SCALE_FLOOR ? meta.kind : 'generic';
  return {
    lo: meta.min ?? DEFAULT_LO[kind],
    hi: meta.max ?? DEFAULT_HI[kind],
    absScaleFloor: ABS_SCALE_FLOOR[kind],
  };
}
