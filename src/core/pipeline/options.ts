/**
 * Options and stored shapes shared by the pipeline phases (plan, analyze, correlate, notify).
 */
import { DEFAULT_CORRELATOR_CONFIG, type CorrelatorConfig } from '../correlate';
import { defaultDetector } from '../detect';
import type { Detector } from '../detect/types';
import type { Series } from '../model';
import type { OpenAnomaly, Recovery } from './anomaly-tracker';
import type { GradualState } from './gradual';
import type { SensitivityConfig } from './sensitivity';
import { DEFAULT_LOGS_CONFIG, type LogsConfig } from '../logs/config';

/** Stored per series between cycles. */
export interface SeriesState {
  readonly version: 1;
  /** Name of the detector that owns `detector`; a different detector starts afresh. */
  detectorName: string;
  detector: { readonly version: number };
  /** Timestamp of the last point consumed. */
  lastT: number;
  open?: OpenAnomaly;
  /** The way back to the baseline of the anomaly that closed last (absent in older state). */
  recovery?: Recovery;
  /** Timestamp of the last point whose value was not zero (absent: none seen yet, or older state). */
  lastActiveT?: number;
  /** Onsets of the series' latest departures, history included, compactly coded (routine.ts `decodeOnsets`; absent in older state). */
  onsets?: number[];
  /** Hourly levels and the open slow degradation of a latency series (gradual.ts; absent in older state). */
  gradual?: GradualState;
}

/** Stored once: when the last completed cycle ended, and the distributed cycle in flight. */
export interface CycleMarker {
  readonly version: 1;
  lastCycleEnd: number;
  /** The distributed cycle planned but not yet correlated. */
  inFlight?: { readonly cycleId: string; readonly now: number; readonly plannedAt: number };
}

export const CYCLE_STATE_KEY = '__cycle__';

export interface CycleOptions {
  /** Detector for every series. @default defaultDetector */
  readonly detector?: Detector<{ readonly version: number }>;
  /** History fetched at first sight of a series, used to warm-start it. @default 3 days */
  readonly warmStartMs?: number;
  /** At first sight, points this recent are scored rather than only learned from. @default 1 hour */
  readonly firstSightScoreMs?: number;
  /** Points skipped beyond this age after a long outage (they are learned, not scored). @default 1 day */
  readonly maxCatchUpMs?: number;
  /** Normal points in a row that close an anomaly. @default 3 */
  readonly closeAfterPoints?: number;
  /**
   * An anomaly that lasts this long closes as NEW_NORMAL: the shifted level is accepted (the
   * detector has long adapted to it) and only a further departure opens a new anomaly. @default 12 hours
   */
  readonly newNormalAfterMs?: number;
  readonly correlator?: CorrelatorConfig;
  /** Account id used for the ACCOUNT collection. @default 'account' */
  readonly accountId?: string;
  /** Detection sensitivity per stack and namespace (the configuration's `sensitivity`). @default 1 everywhere */
  readonly sensitivity?: SensitivityConfig;
  /**
   * Most series in one work item: one GetMetricData call takes 500 queries, so a steady-state
   * shard is read with one call. @default 500
   */
  readonly maxSeriesPerShard?: number;
  /**
   * Most bytes of one serialised work item, below the SQS message limit (256 KiB) with room
   * for the envelope. @default 200_000
   */
  readonly maxShardBytes?: number;
  /**
   * Whether to read a series in this cycle (the adaptive cadence, src/aws/coverage/cadence.ts).
   * A series not read keeps its state, and its next read returns every point since its last
   * one. @default every series is read
   */
  readonly readFilter?: ReadFilter;
  /** Log evidence around open reactive insights (used when the ports have a log source). @default DEFAULT_LOGS_CONFIG */
  readonly logs?: LogsConfig;
}

/** Decides from a series and its stored state whether the cycle at `now` reads it. */
export type ReadFilter = (series: Series, state: SeriesState | undefined, now: number) => boolean;

/** Options with every default applied. */
export interface ResolvedOptions {
  readonly detector: Detector<{ readonly version: number }>;
  readonly warmStartMs: number;
  readonly firstSightScoreMs: number;
  readonly maxCatchUpMs: number;
  readonly closeAfterPoints: number;
  readonly newNormalAfterMs: number;
  readonly correlator: CorrelatorConfig;
  readonly accountId: string | undefined;
  readonly sensitivity: SensitivityConfig | undefined;
  readonly maxSeriesPerShard: number;
  readonly maxShardBytes: number;
  readonly readFilter: ReadFilter | undefined;
  readonly logs: LogsConfig;
}

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** GetMetricData accepts at most 500 queries per call. */
export const MAX_SERIES_PER_SHARD = 500;

export function resolveOptions(options: CycleOptions = {}): ResolvedOptions {
  return {
    detector: options.detector ?? defaultDetector,
    warmStartMs: options.warmStartMs ?? 3 * DAY,
    firstSightScoreMs: options.firstSightScoreMs ?? HOUR,
    maxCatchUpMs: options.maxCatchUpMs ?? DAY,
    closeAfterPoints: options.closeAfterPoints ?? 3,
    newNormalAfterMs: options.newNormalAfterMs ?? 12 * HOUR,
    correlator: options.correlator ?? DEFAULT_CORRELATOR_CONFIG,
    accountId: options.accountId,
    sensitivity: options.sensitivity,
    maxSeriesPerShard: Math.max(1, Math.min(options.maxSeriesPerShard ?? MAX_SERIES_PER_SHARD, MAX_SERIES_PER_SHARD)),
    maxShardBytes: Math.max(4_096, options.maxShardBytes ?? 200_000),
    readFilter: options.readFilter,
    logs: options.logs ?? DEFAULT_LOGS_CONFIG,
  };
}

export function isSeriesState(x: unknown): x is SeriesState {
  return typeof x === 'object' && x !== null && (x as SeriesState).version === 1 && typeof (x as SeriesState).lastT === 'number';
}

export function isCycleMarker(x: unknown): x is CycleMarker {
  return typeof x === 'object' && x !== null && (x as CycleMarker).version === 1 && typeof (x as CycleMarker).lastCycleEnd === 'number';
}
