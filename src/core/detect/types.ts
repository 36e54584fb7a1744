/**
 * The contract every streaming detector fulfils. Detectors are pure: state is plain,
 * JSON-serialisable data with a `version` field, and `update` is
 * `(state, observation) -> { state, result }`. For speed an implementation may return
 * the same state object it was given (ownership passes to the caller); callers must
 * always use the returned state.
 */

/** What a metric measures; chooses priors (bounds, transforms), never labels. */
export type MetricKind = 'percent' | 'count' | 'latency' | 'bytes' | 'generic';

/** Metadata about a series known before any data point is seen. */
export interface SeriesMeta {
  /** What the values measure. */
  readonly kind: MetricKind;
  /** Nominal sampling period in seconds (300 for 5-minute CloudWatch data). */
  readonly periodSeconds: number;
  /** Hard lower bound of the value domain, if any (0 for counts and percentages). */
  readonly min?: number;
  /** Hard upper bound of the value domain, if any (100 for percentages). */
  readonly max?: number;
}

/** Direction of a deviation from the expected band. */
export type Direction = 'ABOVE' | 'BELOW' | 'NONE';

/** Per-point output of a detector. */
export interface DetectionResult {
  /** Anomaly score in [0, 1]; 0 = perfectly normal. */
  readonly score: number;
  /** The value the detector expected at this time. */
  readonly expected: number;
  /** Lower edge of the expected band. */
  readonly lower: number;
  /** Upper edge of the expected band. */
  readonly upper: number;
  /** Which side of the band the observation fell on. */
  readonly direction: Direction;
  /**
   * The part of `expected` that is the time-of-day and day-of-week pattern (0 or absent when the
   * detector expects no pattern). A baseline frozen at an anomaly's onset moves by the change in
   * this part, so the daily rhythm keeps its course while the level stays where it was.
   */
  readonly seasonal?: number;
}

/** A streaming detector over one series. `S` is its serialisable state. */
export interface Detector<S extends { readonly version: number }> {
  /** Short stable name, used in results folders and state records. */
  readonly name: string;
  /** Score at or above which a point counts as anomalous (the operating threshold). */
  readonly threshold: number;
  /** Fresh state for a series never seen before. */
  init(meta: SeriesMeta): S;
  /** Consume one observation (epoch milliseconds, value); causal, O(1) amortised. */
  update(state: S, t: number, value: number): { state: S; result: DetectionResult };
  /**
   * Initialise from history fetched at first sight (oldest first), so detection works on
   * the first day of a deployment. Returns the state after learning from the points.
   */
  warmStart(state: S, points: ReadonlyArray<{ readonly t: number; readonly v: number }>): S;
}
