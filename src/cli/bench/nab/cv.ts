/**
 * Leave-one-category-out cross-validation of a detector configuration on a NAB corpus.
 *
 * Each *candidate* is one configuration of the detector (a set of constants), already run
 * over every file. For each fold, one category is held out: the candidate and its threshold
 * are chosen on the other categories alone (the candidate with the best normalised score
 * there, at its NAB-optimised threshold), then the held-out category is scored with that
 * candidate at that threshold. The pooled figure adds up the held-out raw scores of every
 * fold and normalises them over the whole corpus, so it reads like the in-sample corpus score
 * but every file was scored by settings chosen without it. Pure functions, no file system.
 */
import { normalise, optimiseThreshold, prepareCorpus, scoreFile, type CostMatrix, type PreparedFile, type Profiles } from './scorer';

/** One configuration's outputs over the corpus. */
export interface Candidate {
  /** Short label, e.g. `default` or `ctxWeight=1`. */
  readonly name: string;
  readonly files: readonly PreparedFile[];
}

/** What one fold chose and how it scored. */
export interface Fold {
  /** The held-out category. */
  readonly category: string;
  readonly files: number;
  readonly windows: number;
  /** The candidate chosen on the other categories, its threshold and normalised score there. */
  readonly chosen: string;
  readonly threshold: number;
  readonly trainNormalised: number;
  /** Raw score of the held-out files at that threshold, and normalised over their windows (NaN without windows). */
  readonly heldOutRaw: number;
  readonly heldOutNormalised: number;
}

/** Cross-validation on one profile. */
export interface CrossValidation {
  readonly profile: string;
  readonly folds: readonly Fold[];
  /** Mean of the held-out normalised scores over folds that have windows. */
  readonly meanNormalised: number;
  /** Sum of held-out raw scores over all folds, normalised over the whole corpus. */
  readonly pooledNormalised: number;
}

/** `<category>/<file>.csv` -> `<category>`. */
export function categoryOf(name: string): string {
  const slash = name.lastIndexOf('/');
  return slash < 0 ? '' : name.slice(0, slash);
}

function rawAt(files: readonly PreparedFile[], threshold: number, cost: CostMatrix): number {
  let raw = 0;
  for (const f of files) raw += scoreFile(f, threshold, cost).score;
  return raw;
}

function windowsOf(files: readonly PreparedFile[]): number {
  return files.reduce((a, f) => a + f.windowCount, 0);
}

/** Normalised score of `files` at their own optimised threshold. */
function fit(files: readonly PreparedFile[], cost: CostMatrix): { threshold: number; normalised: number } {
  const { threshold, score } = optimiseThreshold(prepareCorpus(files), cost);
  const w = windowsOf(files);
  return { threshold, normalised: normalise(score, -cost.fnWeight * w, cost.tpWeight * w) };
}

/** Leave-one-category-out over every category present, for one profile. O(F * C * N log N). */
export function crossValidate(candidates: readonly Candidate[], profile: string, cost: CostMatrix): CrossValidation {
  const first = candidates[0];
  if (!first) throw new RangeError('cross-validation needs at least one candidate');
  const categories = [...new Set(first.files.map((f) => categoryOf(f.name)))].sort();
  const folds: Fold[] = [];
  for (const category of categories) {
    let best: { name: string; threshold: number; normalised: number; heldOut: readonly PreparedFile[] } | undefined;
    for (const c of candidates) {
      const train = c.files.filter((f) => categoryOf(f.name) !== category);
      const r = fit(train, cost);
      if (!best || r.normalised > best.normalised) best = { name: c.name, ...r, heldOut: c.files.filter((f) => categoryOf(f.name) === category) };
    }
    if (!best) continue;
    const w = windowsOf(best.heldOut);
    const heldOutRaw = rawAt(best.heldOut, best.threshold, cost);
    folds.push({
      category,
      files: best.heldOut.length,
      windows: w,
      chosen: best.name,
      threshold: best.threshold,
      trainNormalised: best.normalised,
      heldOutRaw,
      heldOutNormalised: w > 0 ? normalise(heldOutRaw, -cost.fnWeight * w, cost.tpWeight * w) : Number.NaN,
    });
  }
  const scored = folds.filter((f) => f.windows > 0);
  const meanNormalised = scored.reduce((a, f) => a + f.heldOutNormalised, 0) / (scored.length || Number.NaN);
  const totalWindows = folds.reduce((a, f) => a + f.windows, 0);
  const pooledRaw = folds.reduce((a, f) => a + f.heldOutRaw, 0);
  return { profile, folds, meanNormalised, pooledNormalised: normalise(pooledRaw, -cost.fnWeight * totalWindows, cost.tpWeight * totalWindows) };
}

/** {@link crossValidate} for every profile. */
export function crossValidateAll(candidates: readonly Candidate[], profiles: Profiles): CrossValidation[] {
  return Object.entries(profiles).map(([profile, cost]) => crossValidate(candidates, profile, cost));
}
