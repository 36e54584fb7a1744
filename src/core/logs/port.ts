/**
 * The port through which the log-evidence step reads log events: src/aws implements it with
 * CloudWatch Logs, src/local with a scenario bundle's lines.
 */
import type { Resource } from '../model';
import type { LogAnomaly } from './schema';

/** A log group that belongs to a covered resource. */
export interface LogGroupRef {
  readonly logGroup: string;
  readonly resourceId: string;
}

/** At most this much is read by one call. */
export interface LogBudget {
  readonly maxLines: number;
  readonly maxBytes: number;
}

export interface LogRead {
  /** [epoch ms, message] pairs, oldest first. */
  readonly events: ReadonlyArray<readonly [number, string]>;
  /** Bytes of message text read. */
  readonly bytes: number;
  /** The budget ran out before the range was read whole. */
  readonly truncated: boolean;
}

export interface LogSource {
  /** The existing log groups of these resources (in the order of the resources). */
  groupsFor(resources: readonly Resource[]): Promise<LogGroupRef[]>;
  /** Events of one log group in [start, end), within the budget. */
  read(logGroup: string, start: number, end: number, budget: LogBudget): Promise<LogRead>;
  /** Anomalies a managed anomaly detector reported for the group in [start, end) (optional). */
  detectorAnomalies?(logGroup: string, start: number, end: number): Promise<LogAnomaly[]>;
}
