/**
 * Episode stage: one deviation is reported once. A detection opens an episode; while it lasts,
 * scores are damped so the same deviation does not fire on every point. The episode ends when
 * the series has been back to normal (inside its band, no detection-level score) for a while,
 * not after a fixed time, so a second event after a return to normal fires like the first.
 * Within an episode, a deviation to the other side (a dip after a spike) or one clearly larger
 * than the episode's peak (an escalation) is news and fires.
 */
import type { EngineParams } from './params';
import type { Episode } from './state';

/** A deviation this many times the episode's peak is an escalation, reported again. */
const ESCALATION = 1.5;

/** What the episode stage needs to know about a point. */
export interface PointEvidence {
  /** Undamped score. */
  readonly score: number;
  /** Residual in scales. */
  readonly nats: number;
  /** Absolute deviation from the forecast, in the metric's units. */
  readonly deviation: number;
  /** 1 above the forecast, -1 below, 0 on it. */
  readonly side: number;
}

function open(ep: Episode, p: PointEvidence): void {
  ep.active = true;
  ep.quiet = 0;
  ep.side = p.side;
  ep.peak = p.deviation;
}

/** The score to report for a point; updates the episode. */
export function throughEpisode(ep: Episode, p: PointEvidence, P: EngineParams): number {
  if (ep.active) {
    ep.quiet = p.nats < P.quietNats && p.score < P.threshold ? ep.quiet + 1 : 0;
    if (ep.quiet >= P.quietSteps) ep.active = false;
  }
  if (!ep.active) {
    if (p.score >= P.threshold) open(ep, p);
    return p.score;
  }
  const news = (p.side !== 0 && p.side !== ep.side) || p.deviation > ESCALATION * ep.peak;
  if (p.score >= P.threshold && news) {
    open(ep, p);
    return p.score;
  }
  if (p.side === ep.side && p.deviation > ep.peak) ep.peak = p.deviation;
  return p.score * P.suppressFactor;
}
