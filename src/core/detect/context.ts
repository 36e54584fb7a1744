/**
 * Context stage (after CAD OSE and HTM's temporal anomaly): values are quantised into buckets
 * across the remembered range, and a transition between two buckets that the series has not
 * made in the last one or two epochs is evidence of an anomaly, weighted by how rare novel
 * transitions are for this series. The memory is a 144-bit set, two epochs deep.
 */
import { DAY_MS, rateOver } from './clock';
import type { EngineParams } from './params';
import { CTX_BUCKETS, CTX_WORD_BITS, type DetectorState } from './state';

/** Surprise in nats of the transition into `x` (0 when seen before or while muted); learns it. */
export function contextNats(s: DetectorState, x: number, t: number, steps: number, P: EngineParams): number {
  const c = s.context;
  const range = s.range.max - s.range.min;
  if (!(range > 0)) return 0;
  const span = c.width * CTX_BUCKETS;
  if (!(c.width > 0) || range > P.ctxRebase * span || range * P.ctxRebase < span) {
    // The range has changed so much that the old buckets mean something else: re-anchor.
    c.origin = s.range.min;
    c.width = range / CTX_BUCKETS;
    c.seen.fill(0);
    c.older.fill(0);
    c.anchoredAt = t;
    c.previous = -1;
  }
  let k = Math.floor((x - c.origin) / c.width);
  if (k < 0) k = 0;
  else if (k >= CTX_BUCKETS) k = CTX_BUCKETS - 1;
  let nats = 0;
  if (c.previous >= 0) {
    const bit = c.previous * CTX_BUCKETS + k;
    const w = (bit / CTX_WORD_BITS) | 0;
    const mask = 1 << bit % CTX_WORD_BITS;
    const seen = ((c.seen[w]! | c.older[w]!) & mask) !== 0;
    if (!seen && t - c.anchoredAt >= P.ctxMuteDays * DAY_MS && s.clock.n >= P.warmupSteps) {
      nats = -Math.log(Math.max(c.novelRate, P.ctxFloor));
    }
    // A running mean at first (1 / points), then the configured memory.
    const a = Math.max(1 / s.clock.n, rateOver(P.ctxAlpha, steps));
    c.novelRate += a * ((seen ? 0 : 1) - c.novelRate);
    c.seen[w] = c.seen[w]! | mask;
  }
  c.previous = k;
  if (t - c.epochStart >= P.ctxEpochDays * DAY_MS) {
    c.older = c.seen.slice();
    c.seen.fill(0);
    c.epochStart = t;
  }
  return nats;
}
