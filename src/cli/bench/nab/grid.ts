/**
 * The detector constants chosen by looking at benchmark scores, with the values each may take.
 * `opsight bench nab --cv` chooses among their combinations by leave-one-category-out
 * cross-validation; every other constant of the detector follows from a stated principle
 * (src/core/detect/params.ts). Ablations are single overrides that switch a stage off.
 */
import type { EngineParams } from '../../../core/detect/params';

export type Overrides = Partial<Record<keyof EngineParams, number>>;

/** Candidate values of each cross-validated constant; the first is the shipped default. */
export const CV_GRID: Readonly<Partial<Record<keyof EngineParams, readonly number[]>>> = {
  // How long a series must be back to normal before a new detection counts as a new event.
  quietSteps: [12, 6, 24],
  // The score at which a detection opens an episode (the operating threshold).
  threshold: [0.47, 0.42, 0.52],
  // How many times the plain expert's scale the seasonal expert's may reach and still be trusted.
  trustRatio: [3, 5, 1e9],
};

/** Every combination of the grid, the default first. */
export function gridCandidates(grid = CV_GRID): Array<{ name: string; overrides: Overrides }> {
  let out: Array<{ name: string; overrides: Overrides }> = [{ name: '', overrides: {} }];
  for (const [key, values] of Object.entries(grid) as Array<[keyof EngineParams, readonly number[]]>) {
    out = out.flatMap((c) => values.map((v) => ({ name: c.name ? `${c.name} ${key}=${v}` : `${key}=${v}`, overrides: { ...c.overrides, [key]: v } })));
  }
  return out;
}

/** One stage off at a time, by its neutral value. */
export const ABLATIONS: ReadonlyArray<{ readonly name: string; readonly overrides: Overrides }> = [
  { name: 'no context', overrides: { ctxWeight: 0 } },
  { name: 'context counted twice (ctxWeight 2)', overrides: { ctxWeight: 2 } },
  { name: 'no range novelty', overrides: { noveltyMargin: Number.POSITIVE_INFINITY } },
  { name: 'no episodes (every point reported)', overrides: { suppressFactor: 1 } },
  { name: 'no seasonal expert', overrides: { switchIn: 0 } },
  { name: 'no flatline', overrides: { flatCap: 0 } },
];
