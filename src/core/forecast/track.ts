/**
 * Hysteresis for proactive insights: a prediction opens only after it has held for
 * `openAfter` consecutive evaluations under the strict test, and closes only after the looser
 * keep test has failed `closeAfter` evaluations in a row. One evaluation per complete hourly
 * bucket, so the counts are hours.
 */

export interface TrackConfig {
  /** Consecutive evaluations passing the open test before opening. @default 2 */
  readonly openAfter: number;
  /**
   * Consecutive evaluations failing the keep test before closing. Half a day: right after a
   * clean-up, or while a full disk sits at its limit, the fit has too little of the new regime
   * to say, and closing then would open a second insight about the same exhaustion hours later.
   * @default 12
   */
  readonly closeAfter: number;
}

export const DEFAULT_TRACK_CONFIG: TrackConfig = { openAfter: 2, closeAfter: 12 };

export interface Track {
  readonly phase: 'IDLE' | 'OPEN';
  /** Consecutive evaluations toward the next transition. */
  readonly streak: number;
  /** When the current prediction opened (epoch ms). */
  readonly openedAt?: number;
}

export type Transition = 'OPENED' | 'CLOSED' | 'HELD' | 'NONE';

export const IDLE: Track = { phase: 'IDLE', streak: 0 };

/**
 * Advances the track by one evaluation at time `t`. `opens` and `keeps` are the strict and
 * loose tests. HELD means an open prediction stays open. O(1).
 */
export function stepTrack(track: Track, t: number, opens: boolean, keeps: boolean, config: TrackConfig = DEFAULT_TRACK_CONFIG): { track: Track; transition: Transition } {
  if (track.phase === 'IDLE') {
    if (!opens) return { track: IDLE, transition: 'NONE' };
    const streak = track.streak + 1;
    if (streak >= config.openAfter) return { track: { phase: 'OPEN', streak: 0, openedAt: t }, transition: 'OPENED' };
    return { track: { phase: 'IDLE', streak }, transition: 'NONE' };
  }
  if (keeps || opens) return { track: { ...track, streak: 0 }, transition: 'HELD' };
  const streak = track.streak + 1;
  if (streak >= config.closeAfter) return { track: IDLE, transition: 'CLOSED' };
  return { track: { ...track, streak }, transition: 'HELD' };
}
