import { describe, expect, it } from 'vitest';
import type { CostMatrix } from '../../../src/cli/bench/nab/format';
import { readPackedCorpus } from '../../../src/cli/bench/nab/packed';
import {
  normalise,
  optimiseThreshold,
  prepareCorpus,
  prepareFile,
  probationLength,
  scaledSigmoid,
  scoreCorpus,
  scoreFile,
  STANDARD_PROFILES,
  thresholdCurve,
  windowLabels,
  type NabFile,
} from '../../../src/cli/bench/nab/scorer';

const STANDARD = STANDARD_PROFILES.standard as CostMatrix;

// ---------------------------------------------------------------------------------------
// Tiny hand-made files: one row every 5 minutes from 2020-01-01 00:00:00.

function stamp(i: number): string {
  const d = new Date(Date.UTC(2020, 0, 1) + i * 300_000);
  return d.toISOString().replace('T', ' ').slice(0, 19);
}

/** A file of `rows` rows, score 1 at `hits` (else 0), windows given as inclusive row ranges. */
function tiny(rows: number, hits: Record<number, number> | number[], windows: Array<[number, number]>, name = 'cat/tiny.csv'): NabFile {
  const scores = new Array<number>(rows).fill(0);
  if (Array.isArray(hits)) for (const i of hits) scores[i] = 1;
  else for (const [i, s] of Object.entries(hits)) scores[Number(i)] = s;
  return {
    name,
    timestamps: Array.from({ length: rows }, (_, i) => stamp(i)),
    scores,
    // window edges written like NAB's windows.json, with microseconds
    windows: windows.map(([a, b]) => [`${stamp(a)}.000000`, `${stamp(b)}.000000`] as const),
  };
}

// scaledSigmoid(-1) = 2 / (1 + e^-5) - 1 = 2 / 1.0067379470 - 1 = 0.9866142982
const MAX_TP = 0.9866142981514305;

describe('scaledSigmoid', () => {
  it('is 0 at the right edge of a window and +-0.98661 one window-width either side', () => {
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(-1)).toBeCloseTo(MAX_TP, 12);
    expect(scaledSigmoid(1)).toBeCloseTo(-MAX_TP, 12);
  });
  it('matches NAB documented values', () => {
    // 2 / (1 + e^-2.5) - 1 = 2 / 1.0820849986 - 1 = 0.8482836400 (NAB docstring: 0.84828)
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828364, 8);
  });
  it('is exactly -1 from 3 on, and continuous just below', () => {
    expect(scaledSigmoid(3)).toBe(-1);
    expect(scaledSigmoid(1e9)).toBe(-1);
    // 2 / (1 + e^14.995) - 1 = -0.99999939
    expect(scaledSigmoid(2.999)).toBeCloseTo(-0.99999939, 8);
  });
});

describe('probation', () => {
  it('is min(floor(15% of rows), 750)', () => {
    expect(probationLength(20)).toBe(3); // floor(3.0)
    expect(probationLength(4032)).toBe(604); // floor(604.8), NAB's 4032-row files score 3428 rows
    expect(probationLength(4730)).toBe(709); // floor(709.5)
    expect(probationLength(10_000)).toBe(750); // cap: 0.15 * 5000
  });

  it('ignores detections in the first rows', () => {
    // 20 rows -> rows 0..2 are probation, 17 rows scored; no windows.
    const inProbation = scoreFile(tiny(20, [0, 1, 2], []), 0.5, STANDARD);
    expect(inProbation).toMatchObject({ score: 0, fp: 0, tn: 17, total: 17 });
    // Row 3 is the first scored row: an FP before any window costs exactly fpWeight.
    const first = scoreFile(tiny(20, [3], []), 0.5, STANDARD);
    expect(first.score).toBeCloseTo(-0.11, 12);
    expect(first.fp).toBe(1);
  });

  it('keeps the full width of a window that starts inside probation', () => {
    // Window rows 1..6 (width 6), detection at row 3, the first scored row:
    // p = -(6 - 3 + 1) / 6 = -0.6667; 2 / (1 + e^-3.3333) - 1 = 0.9311002; / 0.9866143 = 0.9437423
    const s = scoreFile(tiny(20, [3], [[1, 6]]), 0.5, STANDARD);
    expect(s.score).toBeCloseTo(0.9437422612, 9);
    // Only rows 3..6 of the window are scorable: 1 TP, 3 FN.
    expect(s).toMatchObject({ tp: 1, fn: 3, fp: 0, tn: 13 });
  });

  it('does not count a window that lies wholly inside probation', () => {
    // Window rows 0..2 is never scored: no FN penalty, and it is not a window for normalisation.
    const f = tiny(20, [], [[0, 2]]);
    expect(scoreFile(f, 0.5, STANDARD).score).toBe(0);
    expect(prepareFile(f).windowCount).toBe(0);
  });
});

describe('windows and false positives', () => {
  // 20 rows, probation rows 0..2, one window rows 5..9 (width 5).
  const win: Array<[number, number]> = [[5, 9]];

  it('labels rows inside windows inclusively', () => {
    const f = tiny(12, [], win);
    expect(windowLabels(f.name, f.timestamps, f.windows)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0]);
  });

  it('gives tpWeight for a detection at the left edge', () => {
    // p = -(9 - 5 + 1) / 5 = -1 -> scaledSigmoid(-1) / scaledSigmoid(-1) = 1
    expect(scoreFile(tiny(20, [5], win), 0.5, STANDARD).score).toBeCloseTo(1, 12);
  });

  it('gives less at the right edge (p = -1/width, never 0)', () => {
    // p = -(9 - 9 + 1) / 5 = -0.2; 2 / (1 + e^-1) - 1 = 0.4621172; / 0.9866143 = 0.4683868
    expect(scoreFile(tiny(20, [9], win), 0.5, STANDARD).score).toBeCloseTo(0.4683868439, 9);
  });

  it('counts only the best (earliest) detection of a window', () => {
    const s = scoreFile(tiny(20, [5, 7, 9], win), 0.5, STANDARD);
    expect(s.score).toBeCloseTo(1, 12);
    expect(s).toMatchObject({ tp: 3, fn: 2 });
  });

  it('charges -fnWeight for a missed window', () => {
    expect(scoreFile(tiny(20, [], win), 0.5, STANDARD).score).toBe(-1);
    expect(scoreFile(tiny(20, [], win), 0.5, STANDARD_PROFILES.reward_low_FN_rate as CostMatrix).score).toBe(-2);
  });

  it('charges -fpWeight before the first window', () => {
    // row 4: FP before any window = -0.11; plus the missed window -1
    expect(scoreFile(tiny(20, [4], win), 0.5, STANDARD).score).toBeCloseTo(-1.11, 12);
    expect(scoreFile(tiny(20, [4], win), 0.5, STANDARD_PROFILES.reward_low_FP_rate as CostMatrix).score).toBeCloseTo(-1.22, 12);
  });

  it('charges less for an FP just after a window, relative to (width - 1)', () => {
    // row 10: distance 1 from the right edge (row 9): x = 1 / (5 - 1) = 0.25
    // 2 / (1 + e^1.25) - 1 = -0.5546 ; * 0.11 = -0.0610060; window detected at row 5 (+1)
    expect(scoreFile(tiny(20, [5, 10], win), 0.5, STANDARD).score).toBeCloseTo(1 - 0.0610059695, 9);
    // row 19: x = 10 / 4 = 2.5 -> 2 / (1 + e^12.5) - 1 = -0.9999925; * 0.11 = -0.1099992
    expect(scoreFile(tiny(20, [5, 19], win), 0.5, STANDARD).score).toBeCloseTo(1 - 0.1099991801, 9);
  });

  it('detects rows whose score equals the threshold', () => {
    const f = tiny(20, { 5: 0.7 }, win);
    expect(scoreFile(f, 0.7, STANDARD).score).toBeCloseTo(1, 12);
    expect(scoreFile(f, 0.7000001, STANDARD).score).toBe(-1);
  });
});

describe('untidy timestamps, taken in file order as NAB does', () => {
  it('keeps a repeated and a backward timestamp in place: windows span rows, labels follow time', () => {
    // Rows 0..11 every 5 minutes, but row 6 repeats row 5's time and row 9 steps back to row 4's.
    const f = tiny(12, [], [[5, 8]]);
    const timestamps = [...f.timestamps];
    timestamps[6] = timestamps[5]!;
    timestamps[9] = timestamps[4]!;
    const untidy = { ...f, timestamps };
    // The window runs from the first row at its start (5) to the first row at its end (8).
    expect(windowLabels(f.name, timestamps, f.windows)).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0]);
    const prepared = prepareFile(untidy);
    expect(prepared.windowCount).toBe(1);
    expect(prepared.inWindow).toBe(4);
    // A detection at row 9 (time of row 4, before the window) is after the window in file order:
    // it costs sigmoid((9 - 8) / (4 - 1)) * fpWeight, not a full fpWeight.
    const late = scoreFile({ ...untidy, scores: untidy.scores.map((_, i) => (i === 9 ? 1 : 0)) }, 0.5, STANDARD);
    expect(late.fp).toBe(1);
    expect(late.score).toBeCloseTo(-1 + scaledSigmoid(1 / 3) * STANDARD.fpWeight, 9);
  });
});

describe('threshold optimisation', () => {
  // File A: window rows 5..9; row 7 scores 0.9 (TP), row 15 scores 0.8 (FP after the window).
  // File B: no window; row 12 scores 0.95 (FP before any window).
  const a = tiny(20, { 7: 0.9, 15: 0.8 }, [[5, 9]], 'x/a.csv');
  const b = tiny(20, { 12: 0.95 }, [], 'x/b.csv');

  it('sweeps every distinct score from above 1 down, with the running corpus score', () => {
    // 1.1:  nothing detected                     -1 (missed window)
    // 0.95: + FP before any window in B           -1.11
    // 0.9:  row 7 in A: p = -(9-7+1)/5 = -0.6; 2/(1+e^-3)-1 = 0.9051483; /0.9866143 = 0.9174287
    //       -> 0.9174287 - 0.11 = 0.8074287
    // 0.8:  row 15 in A: x = 6/4 = 1.5; 2/(1+e^7.5)-1 = -0.9988944; *0.11 = -0.1098784 -> 0.6975503
    // 0:    every row detected: the window's best becomes row 5 (1.0) but 30 more FPs
    const curve = thresholdCurve([a, b], STANDARD);
    expect(curve.map((c) => c.threshold)).toEqual([1.1, 0.95, 0.9, 0.8, 0]);
    expect(curve[0]?.score).toBe(-1);
    expect(curve[1]?.score).toBeCloseTo(-1.11, 12);
    expect(curve[2]?.score).toBeCloseTo(0.8074286804, 9);
    expect(curve[3]?.score).toBeCloseTo(0.6975502917, 9);
    expect(optimiseThreshold([a, b], STANDARD)).toEqual({ threshold: 0.9, score: curve[2]?.score });
  });

  it('keeps the highest threshold among equal scores', () => {
    // Row 5 (0.9) is the left edge; adding row 7 (0.8) cannot improve the window: same score.
    const f = tiny(20, { 5: 0.9, 7: 0.8 }, [[5, 9]]);
    const curve = thresholdCurve([f], STANDARD);
    expect(curve[1]?.score).toBe(curve[2]?.score);
    expect(optimiseThreshold([f], STANDARD).threshold).toBe(0.9);
  });

  it('stays at 1.1 (no detections) when every detection costs', () => {
    expect(optimiseThreshold([b], STANDARD)).toEqual({ threshold: 1.1, score: 0 });
  });

  it('agrees with brute-force rescoring at every threshold on random corpora', () => {
    let seed = 12345;
    const rand = (): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let trial = 0; trial < 5; trial++) {
      const files: NabFile[] = [];
      for (let k = 0; k < 4; k++) {
        const rows = 60 + Math.floor(rand() * 60);
        const hits: Record<number, number> = {};
        for (let i = 0; i < rows; i++) hits[i] = Math.round(rand() * 20) / 20; // many ties
        const wins: Array<[number, number]> = [];
        let at = 5 + Math.floor(rand() * 10);
        while (at + 12 < rows) {
          const w = 1 + Math.floor(rand() * 10);
          wins.push([at, at + w - 1]);
          at += w + 1 + Math.floor(rand() * 25);
        }
        files.push(tiny(rows, hits, wins, `r/${trial}_${k}.csv`));
      }
      for (const cm of Object.values(STANDARD_PROFILES)) {
        const corpus = prepareCorpus(files);
        let bestBrute = Number.NEGATIVE_INFINITY;
        for (const { threshold, score } of thresholdCurve(corpus, cm)) {
          const brute = corpus.files.reduce((s, f) => s + scoreFile(f, threshold, cm).score, 0);
          expect(score).toBeCloseTo(brute, 9);
          bestBrute = Math.max(bestBrute, brute);
        }
        expect(optimiseThreshold(corpus, cm).score).toBeCloseTo(bestBrute, 9);
      }
    }
  });
});

describe('normalisation', () => {
  it('maps never-firing to 0 and perfect to 100', () => {
    const wins: Array<[number, number]> = [[5, 9], [12, 15]];
    // Never firing: both windows missed, raw = rawNull = -fnWeight * 2 windows -> 0.
    const never = scoreFile(tiny(20, [], wins), 1.1, STANDARD).score;
    expect(never).toBe(-2);
    expect(normalise(never, -2, 2)).toBe(0);
    // Perfect: both left edges detected and nothing else; the optimiser picks threshold 1.
    const perfect = scoreCorpus([tiny(20, [5, 12], wins)]);
    // rawNull = -fnWeight * 2 windows; perfect = tpWeight * 2 windows
    expect(perfect.standard).toMatchObject({ threshold: 1, rawNull: -2, perfect: 2 });
    expect(perfect.standard?.normalised).toBeCloseTo(100, 9);
    // FN-weighted profile: rawNull = -4; (2 - -4) / (2 - -4) = 100
    expect(perfect.reward_low_FN_rate?.rawNull).toBe(-4);
    expect(perfect.reward_low_FN_rate?.normalised).toBeCloseTo(100, 9);
    // Halfway: raw 0 -> 100 * (0 + 2) / (2 + 2) = 50
    expect(normalise(0, -2, 2)).toBe(50);
  });
});

// ---------------------------------------------------------------------------------------
// Validation against NAB's stored outputs for three reference detectors, on all 41 files of the
// development corpus as shipped in bench/nab (scripts/nab-fixture.ts).

/** Normalised scores of NAB's own scorer on this corpus (rounded to 2 decimals). */
const NAB_NORMALISED: Record<string, Record<string, number>> = {
  numenta: { standard: 68.58, reward_low_FP_rate: 62.21, reward_low_FN_rate: 72.77 },
  contextOSE: { standard: 63.78, reward_low_FP_rate: 59.84, reward_low_FN_rate: 67.64 },
  null: { standard: 0, reward_low_FP_rate: 0, reward_low_FN_rate: 0 },
};

const corpus = await readPackedCorpus();

describe('reproduces NAB on its reference detectors', () => {
  const { profiles, thresholds } = corpus;

  it('uses the three standard profiles on 41 files, some with repeated or backward timestamps', () => {
    expect(profiles).toEqual(STANDARD_PROFILES);
    expect(corpus.series).toHaveLength(41);
    const backwards = corpus.series.filter((f) => f.times.some((t, i) => i > 0 && t < f.times[i - 1]!)).map((f) => f.name);
    const repeats = corpus.series.filter((f) => f.times.some((t, i) => i > 0 && t === f.times[i - 1]!)).map((f) => f.name);
    expect(backwards).toEqual(['realKnownCause/machine_temperature_system_failure.csv']);
    expect(repeats).toContain('realKnownCause/ec2_request_latency_system_failure.csv');
  });

  for (const detector of ['numenta', 'contextOSE', 'null']) {
    describe(detector, () => {
      const files = corpus.references[detector] ?? [];
      const result = scoreCorpus(prepareCorpus(files), profiles);

      for (const profile of Object.keys(profiles)) {
        it(`${profile}: threshold, raw score, per-file scores and counts`, () => {
          const mine = result[profile];
          const ref = thresholds[detector]?.[profile];
          expect(mine).toBeDefined();
          expect(ref).toBeDefined();
          if (!mine || !ref) return;
          expect(mine.threshold).toBe(ref.threshold);
          expect(Math.abs(mine.raw - ref.score)).toBeLessThan(0.01);

          const rows = corpus.perFile[detector]?.[profile] ?? [];
          const perFile = rows.filter((r) => r.file !== 'Totals');
          expect(perFile).toHaveLength(files.length);
          for (const row of perFile) {
            const f = mine.files.find((x) => x.name === row.file);
            expect(f, row.file).toBeDefined();
            expect(Math.abs((f?.score ?? Number.NaN) - row.score), row.file).toBeLessThan(0.01);
            expect({ tp: f?.tp, tn: f?.tn, fp: f?.fp, fn: f?.fn, total: f?.total }, row.file).toEqual({ tp: row.tp, tn: row.tn, fp: row.fp, fn: row.fn, total: row.total });
          }
          const totals = rows.find((r) => r.file === 'Totals');
          expect(Math.abs(mine.raw - (totals?.score ?? Number.NaN))).toBeLessThan(0.01);
        });

        it(`${profile}: normalised score matches NAB's`, () => {
          const expected = NAB_NORMALISED[detector]?.[profile] ?? Number.NaN;
          expect(Math.abs((result[profile]?.normalised ?? Number.NaN) - expected)).toBeLessThanOrEqual(0.005 + 1e-9);
        });
      }
    });
  }
});
