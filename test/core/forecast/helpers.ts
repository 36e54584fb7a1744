/** Deterministic synthetic series for the forecast tests. */

const HOUR = 3_600_000;

/** A small seeded generator (LCG + Box-Muller) so tests never depend on Math.random. */
export function seeded(seed: number): { uniform(): number; normal(): number } {
  let s = seed >>> 0 || 1;
  const uniform = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  return { uniform, normal: () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()) };
}

/** Points every `stepMs` from `start` (inclusive) to `end` (exclusive) of `f(t)`. */
export function sample(start: number, end: number, stepMs: number, f: (t: number) => number): Array<{ t: number; v: number }> {
  const out = [];
  for (let t = start; t < end; t += stepMs) out.push({ t, v: f(t) });
  return out;
}

/** Hour of day in [0, 24). */
export function hourOfDay(t: number): number {
  return (t % 86_400_000) / HOUR;
}

export const T0 = Date.UTC(2026, 0, 5);
export { HOUR };
export const DAY = 86_400_000;
