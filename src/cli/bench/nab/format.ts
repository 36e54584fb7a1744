/**
 * Text formats of the Numenta Anomaly Benchmark (NAB): data and results CSVs, the windows
 * and profiles JSON files, NAB's per-file score CSVs and a plain-text score table.
 * Pure string <-> value functions; the file system lives in `runner.ts`.
 */
import { z } from 'zod';

/** A labelled window: inclusive `[start, end]` timestamps, as written in `windows.json`. */
export type WindowLimits = readonly [start: string, end: string];

/** `windows.json`: `"<category>/<file>.csv"` -> its windows, oldest first. */
export type WindowsByFile = Readonly<Record<string, ReadonlyArray<WindowLimits>>>;

/** One NAB cost matrix (a scoring profile). `tnWeight` is carried but never used by NAB. */
export interface CostMatrix {
  readonly tpWeight: number;
  readonly fnWeight: number;
  readonly fpWeight: number;
  readonly tnWeight?: number;
}

/** Profile name -> cost matrix, in display order. */
export type Profiles = Readonly<Record<string, CostMatrix>>;

/** Thrown for malformed input; the message names the file or key at fault. */
export class NabFormatError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NabFormatError';
  }
}

// ---------------------------------------------------------------------------------------
// Timestamps

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * Epoch milliseconds of a NAB timestamp (`2014-02-14 14:30:00`, `2014-04-10 07:15:00.000000`,
 * ISO 8601 with `T`/offset, or a bare epoch number: seconds below 1e11, else milliseconds).
 * Zone-less timestamps are read as UTC. Returns NaN when the text is not a timestamp. O(1).
 */
export function parseTimestamp(text: string): number {
  const s = text.trim();
  const m = TIMESTAMP.exec(s);
  if (m) {
    const [, y, mo, d, h, mi, sec, frac, zone] = m;
    const ms = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
    let t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h ?? 0), Number(mi ?? 0), Number(sec ?? 0), ms);
    if (zone !== undefined && zone !== 'Z') {
      const sign = zone.startsWith('-') ? -1 : 1;
      const digits = zone.slice(1).replace(':', '');
      t -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
    }
    return t;
  }
  if (/^\d+(\.\d+)?$/.test(s)) {
    const n = Number(s);
    return n < 1e11 ? n * 1000 : n;
  }
  return Number.NaN;
}

// ---------------------------------------------------------------------------------------
// CSV

/** A header and rows of a simple comma-separated file (NAB files use no quoting). */
export interface Csv {
  readonly header: readonly string[];
  readonly rows: ReadonlyArray<readonly string[]>;
}

/** Split CSV text into a header and rows; blank lines are skipped, `\r\n` accepted. O(n). */
export function parseCsv(text: string): Csv {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  const first = lines[0];
  if (first === undefined) return { header: [], rows: [] };
  const header = first.split(',').map((c) => c.trim());
  const rows = lines.slice(1).map((l) => l.split(','));
  return { header, rows };
}

function column(csv: Csv, name: string, source: string): number {
  const i = csv.header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
  if (i < 0) throw new NabFormatError(`${source}: no "${name}" column in header "${csv.header.join(',')}"`);
  return i;
}

function numberAt(row: readonly string[], i: number, source: string, line: number, what: string): number {
  const text = row[i];
  const v = text === undefined ? Number.NaN : Number(text.trim());
  if (text === undefined || text.trim() === '' || !Number.isFinite(v)) {
    throw new NabFormatError(`${source}: line ${line}: ${what} "${text ?? ''}" is not a finite number`);
  }
  return v;
}

/** A data series: `timestamp,value` rows. */
export interface SeriesCsv {
  /** Timestamps exactly as written in the file. */
  readonly timestamps: string[];
  /** Values as numbers. */
  readonly values: number[];
  /** Values exactly as written in the file (re-emitted verbatim in results). */
  readonly rawValues: string[];
}

/** Parse a NAB data file (`timestamp,value`). `source` names the file in errors. O(n). */
export function parseSeriesCsv(text: string, source: string): SeriesCsv {
  const csv = parseCsv(text);
  const ti = column(csv, 'timestamp', source);
  const vi = column(csv, 'value', source);
  const timestamps: string[] = [];
  const values: number[] = [];
  const rawValues: string[] = [];
  csv.rows.forEach((row, k) => {
    timestamps.push((row[ti] ?? '').trim());
    values.push(numberAt(row, vi, source, k + 2, 'value'));
    rawValues.push((row[vi] ?? '').trim());
  });
  return { timestamps, values, rawValues };
}

/** A NAB results file: `timestamp,value,anomaly_score,label`. */
export interface ResultsCsv {
  readonly timestamps: string[];
  readonly scores: number[];
  readonly labels: number[];
}

/** Parse a NAB results file. A missing `label` column gives all-zero labels. O(n). */
export function parseResultsCsv(text: string, source: string): ResultsCsv {
  const csv = parseCsv(text);
  const ti = column(csv, 'timestamp', source);
  const si = column(csv, 'anomaly_score', source);
  const li = csv.header.findIndex((h) => h.toLowerCase() === 'label');
  const timestamps: string[] = [];
  const scores: number[] = [];
  const labels: number[] = [];
  csv.rows.forEach((row, k) => {
    timestamps.push((row[ti] ?? '').trim());
    scores.push(numberAt(row, si, source, k + 2, 'anomaly_score'));
    labels.push(li < 0 ? 0 : numberAt(row, li, source, k + 2, 'label'));
  });
  return { timestamps, scores, labels };
}

/** One row of a NAB results file. */
export interface ResultsRow {
  readonly timestamp: string;
  readonly value: string | number;
  readonly score: number;
  readonly label: number;
}

/** NAB results CSV text (header `timestamp,value,anomaly_score,label`, trailing newline). O(n). */
export function formatResultsCsv(rows: Iterable<ResultsRow>): string {
  const out = ['timestamp,value,anomaly_score,label'];
  for (const r of rows) out.push(`${r.timestamp},${r.value},${r.score},${r.label}`);
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------
// Per-file score CSVs (`<detector>_<profile>_scores.csv`)

/** One row of a NAB score CSV. */
export interface ScoreRow {
  readonly detector: string;
  readonly profile: string;
  /** `<category>/<file>.csv`, or `Totals` for the summary row. */
  readonly file: string;
  readonly threshold: number;
  readonly score: number;
  readonly tp: number;
  readonly tn: number;
  readonly fp: number;
  readonly fn: number;
  readonly total: number;
}

const SCORE_HEADER = 'Detector,Profile,File,Threshold,Score,TP,TN,FP,FN,Total_Count';

/** Parse a NAB score CSV; the `Totals` row is returned like the others (empty fields = NaN). */
export function parseScoresCsv(text: string, source: string): ScoreRow[] {
  const csv = parseCsv(text);
  const idx = SCORE_HEADER.split(',').map((h) => column(csv, h, source));
  const num = (row: readonly string[], k: number): number => {
    const t = row[idx[k] ?? -1]?.trim() ?? '';
    return t === '' ? Number.NaN : Number(t);
  };
  return csv.rows.map((row) => {
    const isTotals = (row[idx[0] ?? 0] ?? '').trim() === 'Totals';
    return {
      detector: isTotals ? '' : (row[idx[0] ?? 0] ?? '').trim(),
      profile: (row[idx[1] ?? 1] ?? '').trim(),
      file: isTotals ? 'Totals' : (row[idx[2] ?? 2] ?? '').trim(),
      threshold: num(row, 3),
      score: num(row, 4),
      tp: num(row, 5),
      tn: num(row, 6),
      fp: num(row, 7),
      fn: num(row, 8),
      total: num(row, 9),
    };
  });
}

/** A NAB score CSV: one row per file, then a `Totals` row of sums. */
export function formatScoresCsv(
  detector: string,
  profile: string,
  threshold: number,
  files: ReadonlyArray<{ readonly name: string; readonly score: number; readonly tp: number; readonly tn: number; readonly fp: number; readonly fn: number; readonly total: number }>,
): string {
  const out = [SCORE_HEADER];
  const sum = { score: 0, tp: 0, tn: 0, fp: 0, fn: 0, total: 0 };
  for (const f of files) {
    out.push([detector, profile, f.name, threshold, f.score, f.tp, f.tn, f.fp, f.fn, f.total].join(','));
    sum.score += f.score;
    sum.tp += f.tp;
    sum.tn += f.tn;
    sum.fp += f.fp;
    sum.fn += f.fn;
    sum.total += f.total;
  }
  out.push(['Totals', '', '', '', sum.score, sum.tp, sum.tn, sum.fp, sum.fn, sum.total].join(','));
  return `${out.join('\n')}\n`;
}

// ---------------------------------------------------------------------------------------
// JSON files

const WindowsSchema = z.record(z.string(), z.array(z.tuple([z.string(), z.string()])));

function describeZodError(source: string, error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return `${source}: invalid`;
  const where = issue.path.length ? issue.path.map(String).join('.') : '(root)';
  return `${source}: at ${where}: ${issue.message}`;
}

/** Validate parsed `windows.json` content. Throws NabFormatError naming the bad key. */
export function parseWindows(json: unknown, source = 'windows.json'): WindowsByFile {
  const r = WindowsSchema.safeParse(json);
  if (!r.success) throw new NabFormatError(`${describeZodError(source, r.error)} (expected {"<category>/<file>.csv": [[start, end], ...]})`);
  const out: Record<string, WindowLimits[]> = {};
  for (const [name, wins] of Object.entries(r.data)) out[name] = wins.map(([a, b]) => [a, b] as const);
  return out;
}

const CostMatrixSchema = z.object({
  tpWeight: z.number(),
  fnWeight: z.number(),
  fpWeight: z.number(),
  tnWeight: z.number().optional(),
});
const ProfilesSchema = z.record(z.string(), z.union([z.object({ CostMatrix: CostMatrixSchema }), CostMatrixSchema]));

/**
 * Validate parsed `profiles.json` content: NAB's `{ name: { CostMatrix: {...} } }` layout or
 * a flat `{ name: { tpWeight, fnWeight, fpWeight } }`. Throws NabFormatError naming the bad key.
 */
export function parseProfiles(json: unknown, source = 'profiles.json'): Profiles {
  const r = ProfilesSchema.safeParse(json);
  if (!r.success) throw new NabFormatError(`${describeZodError(source, r.error)} (expected {"<profile>": {"CostMatrix": {"tpWeight", "fnWeight", "fpWeight"}}})`);
  const out: Record<string, CostMatrix> = {};
  for (const [name, p] of Object.entries(r.data)) out[name] = 'CostMatrix' in p ? p.CostMatrix : p;
  if (Object.keys(out).length === 0) throw new NabFormatError(`${source}: no profiles`);
  return out;
}

const ThresholdsSchema = z.record(z.string(), z.record(z.string(), z.object({ threshold: z.number(), score: z.number() })));

/** `thresholds.json`: detector -> profile -> optimised threshold and corpus raw score. */
export type Thresholds = Readonly<Record<string, Readonly<Record<string, { readonly threshold: number; readonly score: number }>>>>;

/** Validate parsed `thresholds.json` content. */
export function parseThresholds(json: unknown, source = 'thresholds.json'): Thresholds {
  const r = ThresholdsSchema.safeParse(json);
  if (!r.success) throw new NabFormatError(describeZodError(source, r.error));
  return r.data;
}

// ---------------------------------------------------------------------------------------
// Score table

/** One line of the comparison table. */
export interface ScoreTableRow {
  readonly detector: string;
  /** `run` = scored here from our own outputs, `rescored` = reference outputs scored here, `published` = quoted figures. */
  readonly source: 'run' | 'rescored' | 'published';
  /** Normalised score per profile; absent or NaN prints as `-`. */
  readonly scores: Readonly<Record<string, number | undefined>>;
}

/** Sort rows by the first profile's score, highest first; missing scores last. O(n log n). */
export function sortTable(rows: ReadonlyArray<ScoreTableRow>, byProfile: string): ScoreTableRow[] {
  const key = (r: ScoreTableRow): number => {
    const v = r.scores[byProfile];
    return v === undefined || Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v;
  };
  return [...rows].sort((a, b) => key(b) - key(a) || a.detector.localeCompare(b.detector));
}

/** Render rows as an aligned plain-text table, one string per line. */
export function formatTable(rows: ReadonlyArray<ScoreTableRow>, profiles: readonly string[]): string[] {
  const header = ['detector', 'source', ...profiles];
  const body = rows.map((r) => [
    r.detector,
    r.source,
    ...profiles.map((p) => {
      const v = r.scores[p];
      return v === undefined || Number.isNaN(v) ? '-' : v.toFixed(2);
    }),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((c, i) => (i < 2 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...body.map(line)];
}
