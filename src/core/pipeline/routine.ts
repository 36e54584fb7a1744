/**
 * Routine excursions. A nightly export, a reconciliation or a backup moves the same series at
 * the same time every day: the queue fills, the database slows, the worker runs longer. A
 * detector with a daily profile learns most of it, but not all (the job drifts by minutes, its
 * size varies). A departure that began at about this time of day on at least
 * `ROUTINE_MIN_DAYS` of the previous `ROUTINE_LOOKBACK_DAYS` days is routine: it is still an
 * anomaly, shown with the insight it belongs to, but it opens no insight on its own.
 *
 * Each series keeps the onsets of its last departures (a few numbers in its state), recorded
 * while learning history as well as live, so a routine is known from the first live day.
 * A departure is noted at a lower bar than the one that reports it: the score a point would need
 * at twice the sensitivity (`thresholdAt(threshold, 2)`). A job that is only just not alarming on
 * the nights the detector learns from, and crosses the bar on a later night (its size varies),
 * would otherwise look new on that night; a noted near-miss is still a departure from the band,
 * so noise that stays inside it is never noted.
 * Pure.
 */
import type { DetectionResult } from '../detect/types';
import { beyond } from './anomaly-tracker';
import { thresholdAt } from './sensitivity';

const DAY_MS = 86_400_000;
/** A routine's start may drift this much from one day to the next. */
export const ROUTINE_TOLERANCE_MS = 45 * 60_000;
/** Earlier days looked at. */
export const ROUTINE_LOOKBACK_DAYS = 7;
/** Earlier days on which a departure must have begun at about this time. */
export const ROUTINE_MIN_DAYS = 2;
/** Onsets kept per series (a week of one departure a day, with room for a few others). */
const MAX_ONSETS = 16;
/** Sensitivity, relative to the reporting one, at which a departure is noted as a possible routine. */
export const ROUTINE_NOTICE_SENSITIVITY = 2;
/** Departures starting closer than this to the previous one are the same departure. */
const SAME_DEPARTURE_MS = 60 * 60_000;

const MINUTE_MS = 60_000;
/** Stored onsets above this are epoch milliseconds, one per entry (state written before the compact form). */
const LEGACY_MS = 1e10;

/**
 * The stored onsets as epoch milliseconds. Stored compactly: the first in epoch minutes, each
 * next one as the minutes since the previous (about 1,440 for a daily job), so sixteen onsets
 * take under 100 bytes of a state that should fit one write unit. O(onsets).
 */
export function decodeOnsets(stored: readonly number[] | undefined): number[] {
  if (!stored?.length) return [];
  if (stored[0]! > LEGACY_MS) return [...stored];
  let minute = 0;
  return stored.map((d) => (minute += d) * MINUTE_MS);
}

function encodeOnsets(onsets: readonly number[]): number[] {
  let previous = 0;
  return onsets.map((t) => {
    const minute = Math.round(t / MINUTE_MS);
    const d = minute - previous;
    previous = minute;
    return d;
  });
}

/** Whether a departure starting at `t` is routine, given the stored onsets of its series. O(onsets). */
export function isRoutine(stored: readonly number[] | undefined, t: number): boolean {
  const onsets = decodeOnsets(stored);
  if (!onsets.length) return false;
  let days = 0;
  for (let k = 1; k <= ROUTINE_LOOKBACK_DAYS; k++) {
    const at = t - k * DAY_MS;
    if (onsets.some((o) => Math.abs(o - at) <= ROUTINE_TOLERANCE_MS)) days++;
  }
  return days >= ROUTINE_MIN_DAYS;
}

/** The stored onsets with `t` added (unless it continues the latest departure), the oldest dropped past the limit. */
export function recordOnset(stored: readonly number[] | undefined, t: number): number[] {
  const list = decodeOnsets(stored);
  const last = list[list.length - 1];
  if (last !== undefined && t - last < SAME_DEPARTURE_MS) return encodeOnsets(list);
  list.push(t);
  return encodeOnsets(list.slice(-MAX_ONSETS));
}

/** Whether a point scored `result` is far enough outside its band to be noted as a departure. O(1). */
export function noticesDeparture(result: DetectionResult, v: number, threshold: number): boolean {
  return result.direction !== 'NONE' && beyond(v, result, result.direction) && result.score >= thresholdAt(threshold, ROUTINE_NOTICE_SENSITIVITY);
}
