/**
 * The Numenta Anomaly Benchmark (NAB) scorer, written from the rules in
 * Numenta Anomaly Benchmark's documentation and validated against NAB's published outputs
 * (`test/cli/bench/scorer.test.ts`). Pure functions, no file system.
 *
 * Vocabulary: a *row* is one line of a file; *scorable* rows are those after the
 * probationary period; a *detection* is a scorable row whose anomaly score is at or above
 * the threshold (ties are detections).
 *
 * Details fixed by reproducing NAB's stored results:
 * - window edges are inclusive and matched to row timestamps (parsed, compared as instants);
 *   rows are taken in file order, so a timestamp that repeats or steps back is kept where it
 *   is and a window spans from the first row at its start to the first row at its end;
 *   a window's width counts every row in it, including rows inside the probationary period;
 * - rows are scored relative to windows using *row indices*, never wall-clock time;
 * - a window only exists for scoring (as a false negative or a true positive) if at least
 *   one of its rows is scorable;
 * - the corpus threshold is the highest-scoring candidate; among equal raw scores the
 *   highest threshold wins (NAB keeps the first maximum of a descending sweep);
 * - `scaledSigmoid(x)` is exactly -1 for `x >= 3`, so a false positive before the first
 *   window costs exactly `fpWeight`.
 */
import { parseTimestamp, type CostMatrix, type Profiles, type WindowLimits } from './format';

export type { CostMatrix, Profiles, WindowLimits } from './format';

/** NAB's three profiles (its `profiles.json`). */
export const STANDARD_PROFILES: Profiles = {
  standard: { tpWeight: 1, fnWeight: 1, fpWeight: 0.11, tnWeight: 1 },
  reward_low_FP_rate: { tpWeight: 1, fnWeight: 1, fpWeight: 0.22, tnWeight: 1 },
  reward_low_FN_rate: { tpWeight: 1, fnWeight: 2, fpWeight: 0.11, tnWeight: 1 },
};

/** Fraction of each file (capped at this fraction of 5000 rows) that is not scored. */
export const PROBATION_PERCENT = 0.15;

/** Threshold reported for "no detections at all" when nothing scores better (NAB uses 1.1). */
export const NO_DETECTION_THRESHOLD = 1.1;

/** One file of detector output with its labelled windows. */
export interface NabFile {
  /** `<category>/<file>.csv`. */
  readonly name: string;
  /** Row timestamps, oldest first. */
  readonly timestamps: readonly string[];
  /** Anomaly score per row, normally in [0, 1]. */
  readonly scores: readonly number[];
  /** Labelled windows, inclusive `[start, end]` timestamps. */
  readonly windows: ReadonlyArray<WindowLimits>;
}

/** A file's score at one threshold; counts are over scorable rows. */
export interface FileScore {
  readonly name: string;
  /** Raw NAB score of the file. */
  readonly score: number;
  /** Detections inside a window. */
  readonly tp: number;
  /** Non-detections outside windows. */
  readonly tn: number;
  /** Detections outside windows. */
  readonly fp: number;
  /** Non-detections inside windows. */
  readonly fn: number;
  /** Scorable rows (tp + tn + fp + fn). */
  readonly total: number;
}

/**
 * NAB's scaled sigmoid, `2 / (1 + exp(5x)) - 1`, exactly -1 for `x >= 3`.
 * 0.9866 at x = -1 (left edge of a window), 0 at x = 0 (right edge), -0.9866 at x = 1. O(1).
 */
export function scaledSigmoid(x: number): number {
  if (x >= 3) return -1;
  return 2 / (1 + Math.exp(5 * x)) - 1;
}

/** `scaledSigmoid(-1)`: a detection at a window's left edge, scaled to earn exactly `tpWeight`. */
const MAX_TP = scaledSigmoid(-1);

/**
 * Length of the probationary period of a file with `rows` rows:
 * `min(floor(percent * rows), percent * 5000)` (may be fractional; row `i` is scored iff
 * `i >= probationLength`). O(1).
 */
export function probationLength(rows: number, percent = PROBATION_PERCENT): number {
  return Math.min(Math.floor(percent * rows), percent * 5000);
}

/** Inclusive row span of a window. */
interface Span {
  readonly left: number;
  readonly right: number;
}

/** Epoch milliseconds of every row, in file order (which may repeat or step back). */
function parseAll(name: string, timestamps: readonly string[]): Float64Array {
  const out = new Float64Array(timestamps.length);
  for (let i = 0; i < timestamps.length; i++) {
    const text = timestamps[i] ?? '';
    const t = parseTimestamp(text);
    if (Number.isNaN(t)) throw new RangeError(`${name}: row ${i + 1}: "${text}" is not a timestamp`);
    out[i] = t;
  }
  return out;
}

/** A window's limits as instants. */
interface Limits {
  readonly start: number;
  readonly end: number;
}

function parseLimits(name: string, windows: ReadonlyArray<WindowLimits>): Limits[] {
  const out = windows.map(([start, end]) => {
    const a = parseTimestamp(start);
    const b = parseTimestamp(end);
    if (Number.isNaN(a) || Number.isNaN(b)) throw new RangeError(`${name}: window [${start}, ${end}] has an unreadable timestamp`);
    if (b < a) throw new RangeError(`${name}: window [${start}, ${end}] ends before it starts`);
    return { start: a, end: b };
  });
  return out.sort((x, y) => x.start - y.start);
}

/** First row index whose time equals `t`, or -1. O(n). */
function firstAt(times: Float64Array, t: number, from = 0): number {
  for (let i = from; i < times.length; i++) if (times[i] === t) return i;
  return -1;
}

/** First row index at or after `from` whose time satisfies `test`, or `times.length`. O(n). */
function firstWhere(times: Float64Array, from: number, test: (t: number) => boolean): number {
  let i = from;
  while (i < times.length && !test(times[i]!)) i++;
  return i;
}

/**
 * Row spans of the windows that contain at least one row, in file order, located as NAB does:
 * a window starts at the first row whose timestamp equals its start and ends at the first row
 * whose timestamp equals its end, so rows that repeat a timestamp or step back in time keep
 * their place in the file. (NAB's windows are always written at row timestamps; a window edge
 * that falls between rows is taken at the first row at or after its start and the last row
 * before a timestamp past its end.) Throws on overlaps. O(n * w).
 */
function locateWindows(name: string, times: Float64Array, windows: ReadonlyArray<WindowLimits>): Span[] {
  const spans: Span[] = [];
  for (const { start, end } of parseLimits(name, windows)) {
    let left = firstAt(times, start);
    if (left < 0) left = firstWhere(times, 0, (t) => t >= start);
    if (left >= times.length) continue;
    let right = firstAt(times, end, left);
    if (right < 0) right = firstWhere(times, left, (t) => t > end) - 1;
    if (left <= right) spans.push({ left, right });
  }
  spans.sort((x, y) => x.left - y.left);
  for (let k = 1; k < spans.length; k++) {
    if (spans[k]!.left <= spans[k - 1]!.right) throw new RangeError(`${name}: labelled windows overlap`);
  }
  return spans;
}

/**
 * Per-row window membership, the `label` column of NAB results files: 1 if the row's
 * timestamp lies inside a labelled window (inclusive bounds), else 0, judged row by row by
 * time as NAB labels rows. O(n * w).
 */
export function windowLabels(name: string, timestamps: readonly string[], windows: ReadonlyArray<WindowLimits>): number[] {
  const times = parseAll(name, timestamps);
  const limits = parseLimits(name, windows);
  return Array.from(times, (t) => (limits.some((w) => t >= w.start && t <= w.end) ? 1 : 0));
}

/**
 * A file reduced to what scoring needs, independent of the profile: for every scorable row
 * its anomaly score, its window (or -1) and its unweighted contribution if detected
 * (`scaledSigmoid(position) / scaledSigmoid(-1)` inside a window, to be multiplied by
 * `tpWeight`; `scaledSigmoid(distance)` outside, to be multiplied by `fpWeight`).
 */
export interface PreparedFile {
  readonly name: string;
  /** All rows of the file. */
  readonly rows: number;
  /** Windows with at least one scorable row; ids 0..windowCount-1 in time order. */
  readonly windowCount: number;
  /** Scorable rows that lie inside a window. */
  readonly inWindow: number;
  readonly scores: Float64Array;
  readonly window: Int32Array;
  readonly weight: Float64Array;
}

/** Options shared by the preparation functions. */
export interface ScoringOptions {
  /** Probationary fraction of each file. @default 0.15 */
  readonly probationPercent?: number;
}

/**
 * Reduce a file to its scorable rows and their contributions. O(n + w log n).
 *
 * Inside a window of width `W` ending at row `R`, row `i` sits at `p = -(R - i + 1) / W`.
 * Outside windows, a row after a window (width `W`, right edge `R`) sits at
 * `(i - R) / (W - 1)`; a row before any window contributes -1 (width-1 windows give -1 too).
 */
export function prepareFile(file: NabFile, options: ScoringOptions = {}): PreparedFile {
  const n = file.timestamps.length;
  if (file.scores.length !== n) {
    throw new RangeError(`${file.name}: ${n} timestamps but ${file.scores.length} anomaly scores`);
  }
  const times = parseAll(file.name, file.timestamps);
  const spans = locateWindows(file.name, times, file.windows);
  const firstScored = Math.min(n, Math.ceil(probationLength(n, options.probationPercent ?? PROBATION_PERCENT)));
  const m = n - firstScored;
  const scores = new Float64Array(m);
  const window = new Int32Array(m).fill(-1);
  const weight = new Float64Array(m);

  let next = 0;
  let current: Span | undefined;
  let currentId = -1;
  let previous: Span | undefined;
  let windowCount = 0;
  let inWindow = 0;
  for (let i = 0; i < n; i++) {
    const upcoming = spans[next];
    if (current === undefined && upcoming !== undefined && upcoming.left === i) {
      current = upcoming;
      currentId = -1;
      next++;
    }
    let u: number;
    if (current !== undefined) {
      const width = current.right - current.left + 1;
      u = scaledSigmoid(-(current.right - i + 1) / width) / MAX_TP;
    } else if (previous !== undefined) {
      u = scaledSigmoid((i - previous.right) / (previous.right - previous.left));
    } else {
      u = -1;
    }
    if (i >= firstScored) {
      const k = i - firstScored;
      const s = file.scores[i]!;
      if (!Number.isFinite(s)) throw new RangeError(`${file.name}: row ${i + 1}: anomaly score ${s} is not finite`);
      scores[k] = s;
      weight[k] = u;
      if (current !== undefined) {
        if (currentId < 0) currentId = windowCount++;
        window[k] = currentId;
        inWindow++;
      }
    }
    if (current !== undefined && i === current.right) {
      previous = current;
      current = undefined;
    }
  }
  return { name: file.name, rows: n, windowCount, inWindow, scores, window, weight };
}

function isPrepared(f: NabFile | PreparedFile): f is PreparedFile {
  return 'weight' in f;
}

/**
 * Score one file at a threshold: detections are scorable rows with score >= threshold.
 * Each window adds its best (earliest) detection's `tpWeight * sigmoid / sigmoid(-1)`, or
 * `-fnWeight` if it has none; every detection outside a window adds its weighted FP term.
 * O(n).
 */
export function scoreFile(file: NabFile | PreparedFile, threshold: number, costMatrix: CostMatrix, options: ScoringOptions = {}): FileScore {
  const f = isPrepared(file) ? file : prepareFile(file, options);
  const tpScale = costMatrix.tpWeight;
  const best = new Float64Array(f.windowCount).fill(-costMatrix.fnWeight);
  let fpScore = 0;
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < f.scores.length; k++) {
    if (!(f.scores[k]! >= threshold)) continue;
    const w = f.window[k]!;
    if (w >= 0) {
      tp++;
      const v = f.weight[k]! * tpScale;
      if (v > best[w]!) best[w] = v;
    } else {
      fp++;
      fpScore += f.weight[k]! * costMatrix.fpWeight;
    }
  }
  let score = fpScore;
  for (let w = 0; w < best.length; w++) score += best[w]!;
  const total = f.scores.length;
  return { name: f.name, score, tp, fp, fn: f.inWindow - tp, tn: total - f.inWindow - fp, total };
}

/** A whole corpus prepared once and shared by every profile: flat rows sorted by score. */
export interface PreparedCorpus {
  readonly files: readonly PreparedFile[];
  /** Windows with at least one scorable row, over the whole corpus. */
  readonly windowCount: number;
  /** Flat, corpus-wide copies of the per-file arrays (window ids made corpus-unique). */
  readonly scores: Float64Array;
  readonly window: Int32Array;
  readonly weight: Float64Array;
  /** Row indices into the flat arrays, anomaly score descending. */
  readonly order: Uint32Array;
}

/** Prepare every file and sort all scorable rows of the corpus by score. O(N log N). */
export function prepareCorpus(files: ReadonlyArray<NabFile | PreparedFile>, options: ScoringOptions = {}): PreparedCorpus {
  const prepared = files.map((f) => (isPrepared(f) ? f : prepareFile(f, options)));
  const total = prepared.reduce((a, f) => a + f.scores.length, 0);
  const scores = new Float64Array(total);
  const window = new Int32Array(total);
  const weight = new Float64Array(total);
  let offset = 0;
  let windowOffset = 0;
  for (const f of prepared) {
    scores.set(f.scores, offset);
    weight.set(f.weight, offset);
    for (let k = 0; k < f.window.length; k++) {
      const w = f.window[k]!;
      window[offset + k] = w < 0 ? -1 : w + windowOffset;
    }
    offset += f.scores.length;
    windowOffset += f.windowCount;
  }
  const order = new Uint32Array(total);
  for (let k = 0; k < total; k++) order[k] = k;
  order.sort((a, b) => scores[b]! - scores[a]!);
  return { files: prepared, windowCount: windowOffset, scores, window, weight, order };
}

function isCorpus(x: PreparedCorpus | ReadonlyArray<NabFile | PreparedFile>): x is PreparedCorpus {
  return 'order' in x;
}

/** A candidate threshold and the corpus raw score it gives. */
export interface ThresholdScore {
  readonly threshold: number;
  readonly score: number;
}

/**
 * Sweep the threshold down through every distinct anomaly score of the corpus, starting
 * with no detections, calling `visit` with each threshold and the corpus raw score.
 *
 * Lowering the threshold only ever adds detections, and a detection's contribution never
 * depends on lower-scored rows: an FP adds its fixed weighted term, and a TP raises its
 * window's score to `max(current, its term)`. So the raw score is updated incrementally in
 * O(1) per row, after one sort: O(N log N) overall (the sort is done in `prepareCorpus`).
 */
export function sweepThresholds(corpus: PreparedCorpus, costMatrix: CostMatrix, visit: (threshold: number, score: number) => void): void {
  const { scores, window, weight, order } = corpus;
  const best = new Float64Array(corpus.windowCount).fill(-costMatrix.fnWeight);
  let total = 0 - costMatrix.fnWeight * corpus.windowCount; // 0 - x: never -0
  const top = order.length > 0 ? scores[order[0]!]! : 0;
  visit(top < NO_DETECTION_THRESHOLD ? NO_DETECTION_THRESHOLD : top + 1, total);
  let k = 0;
  while (k < order.length) {
    const s = scores[order[k]!]!;
    // Every row with this exact score joins at once: ties are detected together.
    while (k < order.length && scores[order[k]!] === s) {
      const r = order[k]!;
      const w = window[r]!;
      if (w >= 0) {
        const v = weight[r]! * costMatrix.tpWeight;
        if (v > best[w]!) {
          total += v - best[w]!;
          best[w] = v;
        }
      } else {
        total += weight[r]! * costMatrix.fpWeight;
      }
      k++;
    }
    visit(s, total);
  }
}

/** Every candidate threshold with its corpus raw score, highest threshold first. O(N log N). */
export function thresholdCurve(files: PreparedCorpus | ReadonlyArray<NabFile | PreparedFile>, costMatrix: CostMatrix, options: ScoringOptions = {}): ThresholdScore[] {
  const corpus = isCorpus(files) ? files : prepareCorpus(files, options);
  const out: ThresholdScore[] = [];
  sweepThresholds(corpus, costMatrix, (threshold, score) => out.push({ threshold, score }));
  return out;
}

/**
 * The one threshold, shared by every file, that maximises the corpus raw score; among equal
 * scores the highest threshold. O(N log N), or O(N) given a PreparedCorpus.
 */
export function optimiseThreshold(files: PreparedCorpus | ReadonlyArray<NabFile | PreparedFile>, costMatrix: CostMatrix, options: ScoringOptions = {}): ThresholdScore {
  const corpus = isCorpus(files) ? files : prepareCorpus(files, options);
  let bestThreshold = Number.NaN;
  let bestScore = Number.NEGATIVE_INFINITY;
  sweepThresholds(corpus, costMatrix, (threshold, score) => {
    if (score > bestScore) {
      bestScore = score;
      bestThreshold = threshold;
    }
  });
  return { threshold: bestThreshold, score: bestScore };
}

/** A detector's result on one profile. */
export interface ProfileScore {
  readonly profile: string;
  readonly costMatrix: CostMatrix;
  /** The optimised corpus-wide threshold. */
  readonly threshold: number;
  /** Corpus raw score: the sum of the per-file scores at `threshold`. */
  readonly raw: number;
  /** Raw score of a detector that never fires: `-fnWeight` per window. */
  readonly rawNull: number;
  /** Raw score of a perfect detector: `tpWeight` per window. */
  readonly perfect: number;
  /** `100 * (raw - rawNull) / (perfect - rawNull)`; NaN for a corpus without windows. */
  readonly normalised: number;
  /** Per-file scores at `threshold`, in corpus order. */
  readonly files: readonly FileScore[];
}

/** Profile name -> result, in the profiles' order. */
export type CorpusScore = Readonly<Record<string, ProfileScore>>;

/** `100 * (raw - rawNull) / (perfect - rawNull)`. O(1). */
export function normalise(raw: number, rawNull: number, perfect: number): number {
  return perfect === rawNull ? Number.NaN : (100 * (raw - rawNull)) / (perfect - rawNull);
}

/**
 * Score a detector's outputs on a corpus under every profile: optimise the threshold, score
 * each file at it and normalise. Windows are counted for `rawNull` and `perfect` when at
 * least one of their rows is scorable (on NAB's corpus that is every window).
 * O(N log N + P * N) for P profiles.
 */
export function scoreCorpus(files: PreparedCorpus | ReadonlyArray<NabFile | PreparedFile>, profiles: Profiles = STANDARD_PROFILES, options: ScoringOptions = {}): CorpusScore {
  const corpus = isCorpus(files) ? files : prepareCorpus(files, options);
  const out: Record<string, ProfileScore> = {};
  for (const [profile, costMatrix] of Object.entries(profiles)) {
    const { threshold } = optimiseThreshold(corpus, costMatrix);
    const perFile = corpus.files.map((f) => scoreFile(f, threshold, costMatrix));
    const raw = perFile.reduce((a, f) => a + f.score, 0);
    const rawNull = 0 - costMatrix.fnWeight * corpus.windowCount;
    const perfect = costMatrix.tpWeight * corpus.windowCount;
    out[profile] = { profile, costMatrix, threshold, raw, rawNull, perfect, normalised: normalise(raw, rawNull, perfect), files: perFile };
  }
  return out;
}
