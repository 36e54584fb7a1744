/**
 * The file-system side of the NAB benchmark: read a data corpus (`<category>/<file>.csv`,
 * any categories), run a streaming detector over each file point by point, write
 * NAB-format results, read reference results, and score everything with `scorer.ts`.
 */
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { median } from 'simple-statistics';
import type { Detector, MetricKind, SeriesMeta } from '../../../core/detect/types';
import {
  formatResultsCsv,
  formatScoresCsv,
  parseResultsCsv,
  parseSeriesCsv,
  parseTimestamp,
  type Profiles,
  type ScoreTableRow,
  type WindowsByFile,
} from './format';
import { prepareCorpus, scoreCorpus, STANDARD_PROFILES, windowLabels, type CorpusScore, type NabFile, type ScoringOptions } from './scorer';

/** One data file of the corpus. */
export interface NabSeries {
  /** `<category>/<file>.csv` (posix separators). */
  readonly name: string;
  /** The folder part of `name` (empty for a file at the top of the data dir). */
  readonly category: string;
  /** The file name without `.csv`: the metric-name part used for metadata heuristics. */
  readonly metric: string;
  /** Timestamps exactly as in the file. */
  readonly timestamps: string[];
  /** Epoch milliseconds of each timestamp. */
  readonly times: number[];
  readonly values: number[];
  /** Values exactly as in the file. */
  readonly rawValues: string[];
}

/** Relative posix paths of every `.csv` under `dir`, sorted. */
export async function listCsvFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (rel: string): Promise<void> => {
    const entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    for (const e of entries) {
      const child = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(child);
      else if (e.isFile() && e.name.toLowerCase().endsWith('.csv')) out.push(child);
    }
  };
  await walk('');
  return out.sort();
}

/** Read one data file (`timestamp,value`). `name` is its path relative to `dataDir`. */
export async function readSeries(dataDir: string, name: string): Promise<NabSeries> {
  const text = await readFile(path.join(dataDir, ...name.split('/')), 'utf8');
  const csv = parseSeriesCsv(text, name);
  const times = csv.timestamps.map((t, i) => {
    const ms = parseTimestamp(t);
    if (Number.isNaN(ms)) throw new RangeError(`${name}: line ${i + 2}: "${t}" is not a timestamp`);
    return ms;
  });
  const slash = name.lastIndexOf('/');
  const base = name.slice(slash + 1);
  return {
    name,
    category: slash < 0 ? '' : name.slice(0, slash),
    metric: base.replace(/\.csv$/i, ''),
    timestamps: csv.timestamps,
    times,
    values: csv.values,
    rawValues: csv.rawValues,
  };
}

/** Read every data file under `dataDir`. */
export async function readCorpus(dataDir: string): Promise<NabSeries[]> {
  const names = await listCsvFiles(dataDir);
  return Promise.all(names.map((n) => readSeries(dataDir, n)));
}

// ---------------------------------------------------------------------------------------
// Series metadata from the metric name

/** Split `ec2_cpu_utilization_24ae8d` or `iio_..._NetworkIn` into lower-case words. */
export function metricWords(metric: string): string[] {
  return metric
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== '');
}

// Checked in this order: the first kind with a matching word wins.
const KIND_WORDS: ReadonlyArray<readonly [MetricKind, ReadonlySet<string>]> = [
  ['latency', new Set(['latency', 'duration', 'responsetime', 'elapsed'])],
  ['percent', new Set(['cpu', 'utilization', 'utilisation', 'util', 'percent', 'percentage', 'pct'])],
  ['count', new Set(['count', 'counts', 'packets', 'ops', 'iops', 'requests', 'invocations', 'errors', 'throttles', 'faults'])],
  ['bytes', new Set(['bytes', 'byte', 'network', 'networkin', 'networkout', 'throughput'])],
  ['count', new Set(['request', 'volume', 'messages', 'hits', 'connections'])],
];

/** What a metric measures, from words of its name only (never from labels); default `generic`. */
export function inferKind(metric: string): MetricKind {
  const words = metricWords(metric);
  for (const [kind, set] of KIND_WORDS) if (words.some((w) => set.has(w))) return kind;
  return 'generic';
}

/** Median positive gap between consecutive timestamps in seconds; 300 when it cannot be told. O(n log n). */
export function medianPeriodSeconds(times: readonly number[]): number {
  const gaps: number[] = [];
  for (let i = 1; i < times.length; i++) {
    const g = (times[i]! - times[i - 1]!) / 1000;
    if (g > 0) gaps.push(g);
  }
  return gaps.length === 0 ? 300 : Math.max(1, Math.round(median(gaps)));
}

/**
 * Default file -> SeriesMeta mapping: kind from the metric name (`cpu_utilization` ->
 * percent in [0, 100], `request_count` -> count, `NetworkIn`/`bytes` -> bytes, counts,
 * bytes and latencies >= 0), period from the median timestamp gap.
 */
export function inferSeriesMeta(series: Pick<NabSeries, 'metric' | 'times'>): SeriesMeta {
  const kind = inferKind(series.metric);
  const periodSeconds = medianPeriodSeconds(series.times);
  switch (kind) {
    case 'percent':
      return { kind, periodSeconds, min: 0, max: 100 };
    case 'count':
    case 'bytes':
    case 'latency':
      return { kind, periodSeconds, min: 0 };
    default:
      return { kind, periodSeconds };
  }
}

// ---------------------------------------------------------------------------------------
// Running a detector

/** Anomaly scores of a detector run causally over one series; NaN -> 0, clamped to [0, 1]. */
export function runDetector<S extends { readonly version: number }>(detector: Detector<S>, series: Pick<NabSeries, 'times' | 'values'>, meta: SeriesMeta): number[] {
  let state = detector.init(meta);
  const scores = new Array<number>(series.values.length);
  for (let i = 0; i < series.values.length; i++) {
    const step = detector.update(state, series.times[i]!, series.values[i]!);
    state = step.state;
    const s = step.result.score;
    scores[i] = Number.isNaN(s) ? 0 : Math.min(1, Math.max(0, s));
  }
  return scores;
}

/** `<out>/<detector>/<category>/<detector>_<file>.csv`. */
export function resultsPath(outDir: string, detector: string, name: string): string {
  const parts = name.split('/');
  const base = parts.pop() ?? name;
  return path.join(outDir, detector, ...parts, `${detector}_${base}`);
}

/** Options of {@link runNab}. */
export interface RunNabOptions<S extends { readonly version: number }> extends ScoringOptions {
  /** The corpus: a folder of `<category>/<file>.csv`, or series already read. */
  readonly dataDir?: string;
  readonly series?: readonly NabSeries[];
  /** Labelled windows per `<category>/<file>.csv`; files absent from it are run but not scored. */
  readonly windows: WindowsByFile;
  readonly outDir: string;
  readonly detector: Detector<S>;
  /** File -> metadata. @default inferSeriesMeta */
  readonly meta?: (series: NabSeries) => SeriesMeta;
  /** @default STANDARD_PROFILES */
  readonly profiles?: Profiles;
}

/** What {@link runNab} produced. */
export interface NabRun {
  readonly detector: string;
  /** The scored files (detector output + windows), sorted by name. */
  readonly files: NabFile[];
  /** Data files with no entry in the windows file: results written, not scored. */
  readonly unlabelled: string[];
  readonly scores: CorpusScore;
  /** `<out>/<detector>`. */
  readonly resultsDir: string;
}

/**
 * Run `detector` over every CSV under `dataDir`, write NAB results
 * (`<out>/<detector>/<category>/<detector>_<file>.csv`, header
 * `timestamp,value,anomaly_score,label`) and NAB score CSVs
 * (`<out>/<detector>/<detector>_<profile>_scores.csv`), and score the labelled files.
 */
export async function runNab<S extends { readonly version: number }>(options: RunNabOptions<S>): Promise<NabRun> {
  const { detector, outDir, windows } = options;
  const profiles = options.profiles ?? STANDARD_PROFILES;
  const toMeta = options.meta ?? inferSeriesMeta;
  const corpus = options.series ?? (options.dataDir !== undefined ? await readCorpus(options.dataDir) : []);
  const files: NabFile[] = [];
  const unlabelled: string[] = [];
  for (const series of corpus) {
    const scores = runDetector(detector, series, toMeta(series));
    const wins = windows[series.name];
    const labels = wins ? windowLabels(series.name, series.timestamps, wins) : new Array<number>(scores.length).fill(0);
    const target = resultsPath(outDir, detector.name, series.name);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(
      target,
      formatResultsCsv(series.timestamps.map((timestamp, i) => ({ timestamp, value: series.rawValues[i] ?? '', score: scores[i] ?? 0, label: labels[i] ?? 0 }))),
    );
    if (wins) files.push({ name: series.name, timestamps: series.timestamps, scores, windows: wins });
    else unlabelled.push(series.name);
  }
  const scores = scoreCorpus(prepareCorpus(files, options), profiles);
  const resultsDir = path.join(outDir, detector.name);
  await mkdir(resultsDir, { recursive: true });
  for (const [profile, r] of Object.entries(scores)) {
    await writeFile(path.join(resultsDir, `${detector.name}_${profile}_scores.csv`), formatScoresCsv(detector.name, profile, r.threshold, r.files));
  }
  return { detector: detector.name, files, unlabelled, scores, resultsDir };
}

// ---------------------------------------------------------------------------------------
// Reference results

/** Detector folders under a results dir (e.g. `numenta`, `contextOSE`, `null`), sorted. */
export async function listResultDetectors(resultsDir: string): Promise<string[]> {
  const entries = await readdir(resultsDir, { withFileTypes: true });
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/**
 * Read a detector's published outputs, `<dir>/<detector>/<category>/<detector>_<file>.csv`,
 * as scorable files named `<category>/<file>.csv`. Files without windows are skipped, and so
 * are files not in `only` when it is given. NAB's own `<detector>_<profile>_scores.csv`
 * summaries (directly under `<dir>/<detector>`) are ignored.
 */
export async function readReferenceResults(resultsDir: string, detector: string, windows: WindowsByFile, only?: ReadonlySet<string>): Promise<NabFile[]> {
  const root = path.join(resultsDir, detector);
  const prefix = `${detector}_`;
  const out: NabFile[] = [];
  for (const rel of await listCsvFiles(root)) {
    const slash = rel.lastIndexOf('/');
    if (slash < 0) continue; // summary files, not per-file outputs
    const base = rel.slice(slash + 1);
    if (!base.startsWith(prefix)) continue;
    const name = `${rel.slice(0, slash)}/${base.slice(prefix.length)}`;
    const wins = windows[name];
    if (!wins || (only && !only.has(name))) continue;
    const csv = parseResultsCsv(await readFile(path.join(root, ...rel.split('/')), 'utf8'), path.join(detector, rel));
    out.push({ name, timestamps: csv.timestamps, scores: csv.scores, windows: wins });
  }
  return out;
}

/** A table row from a corpus score. */
export function tableRow(detector: string, source: ScoreTableRow['source'], scores: CorpusScore): ScoreTableRow {
  const out: Record<string, number> = {};
  for (const [profile, r] of Object.entries(scores)) out[profile] = r.normalised;
  return { detector, source, scores: out };
}
