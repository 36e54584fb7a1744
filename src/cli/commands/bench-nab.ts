/**
 * `opsight bench nab`: run a detector over a NAB-format corpus, score it with NAB's rules and
 * print it next to the reference detectors. Without --data it runs on the corpus shipped in
 * bench/nab (NAB's five development categories). --cv cross-validates the detector's
 * benchmark-chosen constants leave-one-category-out; --ablations does the same with one stage
 * switched off at a time; --kinds generic runs every series without its name-inferred kind.
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import * as detect from '../../core/detect';
import { command, commandHelp, parseCommand, UsageError, wantsHelp, type FlagValues } from '../args';
import type { Detector, SeriesMeta } from '../../core/detect/types';
import { crossValidateAll, type Candidate, type CrossValidation } from '../bench/nab/cv';
import { formatTable, parseProfiles, parseWindows, sortTable, type Profiles, type ScoreTableRow, type WindowsByFile } from '../bench/nab/format';
import { ABLATIONS, gridCandidates, type Overrides } from '../bench/nab/grid';
import { readPackedCorpus, type PackedCorpus } from '../bench/nab/packed';
import { PUBLISHED_SUBSET_SCORES } from '../bench/nab/published';
import { inferSeriesMeta, listResultDetectors, readCorpus, readReferenceResults, runDetector, runNab, tableRow, type NabSeries } from '../bench/nab/runner';
import { prepareCorpus, scoreCorpus, STANDARD_PROFILES, type NabFile } from '../bench/nab/scorer';

type AnyDetector = Detector<{ readonly version: number }>;

/** Optional injections, for tests. */
export interface BenchNabDeps {
  /** Detectors selectable with `--detector`; the first is the default. @default the exports of src/core/detect */
  readonly detectors?: readonly AnyDetector[];
  /** Builds a detector from constant overrides, for --cv and --ablations. @default createStreamingDetector */
  readonly build?: (overrides: Overrides) => AnyDetector;
  /** Candidate overrides for --cv. @default the grid of src/cli/bench/nab/grid.ts */
  readonly grid?: ReadonlyArray<{ name: string; overrides: Overrides }>;
  /** The corpus used without --data. @default bench/nab/corpus.json.gz */
  readonly packed?: () => Promise<PackedCorpus>;
}

/** The command's flags (also listed by `opsight help`). */
export const BENCH_NAB = command({
  name: 'bench nab',
  synopsis: '[--data DIR --labels FILE] [--out DIR] [--detector NAME] [--profiles FILE] [--references DIR] [--cv] [--ablations] [--kinds inferred|generic]',
  summary: 'score a detector on a NAB-format corpus with NAB rules beside the reference detectors (default: the corpus shipped in bench/nab)',
  flags: {
    data: { type: 'string', arg: 'DIR', help: 'NAB-format corpus, <category>/<file>.csv with timestamp,value (default: the corpus shipped in bench/nab)' },
    labels: { type: 'string', arg: 'FILE', help: "NAB's windows.json for --data (required with --data)" },
    out: { type: 'string', arg: 'DIR', help: 'where results go, <out>/<detector>/... (default .opsight/bench/nab)' },
    detector: { type: 'string', arg: 'NAME', help: 'a detector exported by src/core/detect (default opsight)' },
    profiles: { type: 'string', arg: 'FILE', help: "NAB's profiles.json (default: beside the labels, else built in)" },
    references: { type: 'string', arg: 'DIR', help: 'NAB results folder to rescore (default: beside the labels, or the shipped references)' },
    cv: { type: 'boolean', help: 'leave-one-category-out cross-validation of the benchmark-chosen constants' },
    ablations: { type: 'boolean', help: 'each stage switched off in turn, in-sample and cross-validated' },
    kinds: { type: 'string', arg: 'K', help: 'inferred (metric kind from the file name, default) or generic (every series generic)' },
  },
});

type Flags = FlagValues<(typeof BENCH_NAB)['flags']>;

async function kindOf(p: string): Promise<'file' | 'dir' | undefined> {
  try {
    const s = await stat(p);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/** A JSON file named by a flag, with a one-line error naming the flag and the file. */
export async function readJson(flag: string, file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UsageError(`--${flag}: cannot read ${file}: ${(e as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new UsageError(`--${flag}: ${file} is not valid JSON: ${(e as Error).message}`);
  }
}

function isDetector(x: unknown): x is AnyDetector {
  if (typeof x !== 'object' || x === null) return false;
  const d = x as Record<string, unknown>;
  return typeof d.name === 'string' && typeof d.init === 'function' && typeof d.update === 'function' && typeof d.warmStart === 'function';
}

/** The detectors exported by src/core/detect, defaultDetector first, one per name. */
function coreDetectors(): AnyDetector[] {
  const seen = new Set<string>();
  const out: AnyDetector[] = [];
  for (const d of [detect.defaultDetector, ...Object.values(detect)] as unknown[]) {
    if (isDetector(d) && !seen.has(d.name)) {
      seen.add(d.name);
      out.push(d);
    }
  }
  return out;
}

/** Everything a run needs, resolved from the flags. */
interface Settings {
  readonly series: readonly NabSeries[];
  readonly source: string;
  readonly out: string;
  readonly windows: WindowsByFile;
  readonly profiles: Profiles;
  /** Reference detector -> its outputs, already read. */
  readonly references: () => Promise<Array<{ name: string; files: NabFile[] }>>;
  readonly detector: AnyDetector;
  readonly meta: (s: NabSeries) => SeriesMeta;
}

async function fromFolder(flags: Flags): Promise<Omit<Settings, 'out' | 'detector' | 'meta'>> {
  if (flags.labels === undefined) throw new UsageError('--labels is required with --data');
  const data = path.resolve(flags.data ?? '');
  if ((await kindOf(data)) !== 'dir') throw new UsageError(`--data: ${flags.data} is not a directory`);
  const labels = path.resolve(flags.labels);
  if ((await kindOf(labels)) !== 'file') throw new UsageError(`--labels: ${flags.labels} is not a file`);
  let windows: WindowsByFile;
  try {
    windows = parseWindows(await readJson('labels', labels), flags.labels);
  } catch (e) {
    throw e instanceof UsageError ? e : new UsageError(`--labels: ${(e as Error).message}`);
  }
  const nabRoot = path.resolve(path.dirname(labels), '..');
  let profiles: Profiles = STANDARD_PROFILES;
  const profilesFile = flags.profiles !== undefined ? path.resolve(flags.profiles) : path.join(nabRoot, 'profiles.json');
  if (flags.profiles !== undefined || (await kindOf(profilesFile)) === 'file') {
    try {
      profiles = parseProfiles(await readJson('profiles', profilesFile), profilesFile);
    } catch (e) {
      throw e instanceof UsageError ? e : new UsageError(`--profiles: ${(e as Error).message}`);
    }
  }
  let refDir: string | undefined;
  if (flags.references !== undefined) {
    refDir = path.resolve(flags.references);
    if ((await kindOf(refDir)) !== 'dir') throw new UsageError(`--references: ${flags.references} is not a directory`);
  } else if ((await kindOf(path.join(nabRoot, 'results'))) === 'dir') refDir = path.join(nabRoot, 'results');
  let series: NabSeries[];
  try {
    series = await readCorpus(data);
  } catch (e) {
    throw new UsageError(`--data: ${(e as Error).message}`);
  }
  const references = async (): Promise<Array<{ name: string; files: NabFile[] }>> => {
    if (refDir === undefined) return [];
    const wanted = new Set(series.filter((s) => windows[s.name]).map((s) => s.name));
    const out: Array<{ name: string; files: NabFile[] }> = [];
    for (const name of await listResultDetectors(refDir)) out.push({ name, files: await readReferenceResults(refDir, name, windows, wanted) });
    return out;
  };
  return { series, source: data, windows, profiles, references };
}

async function resolveSettings(flags: Flags, deps: BenchNabDeps): Promise<Settings> {
  const kinds = flags.kinds ?? 'inferred';
  if (kinds !== 'inferred' && kinds !== 'generic') throw new UsageError(`--kinds: expected inferred or generic, got "${kinds}"`);
  const detectors = deps.detectors ?? coreDetectors();
  const first = detectors[0];
  if (!first) throw new UsageError('no detector available');
  const detector = flags.detector === undefined ? first : detectors.find((d) => d.name === flags.detector);
  if (!detector) throw new UsageError(`--detector: unknown detector "${flags.detector}" (available: ${detectors.map((d) => d.name).join(', ')})`);
  const out = path.resolve(flags.out ?? '.opsight/bench/nab');
  if ((await kindOf(out)) === 'file') throw new UsageError(`--out: ${flags.out} is a file, expected a directory`);
  const meta = kinds === 'generic' ? (s: NabSeries): SeriesMeta => ({ kind: 'generic', periodSeconds: inferSeriesMeta(s).periodSeconds }) : inferSeriesMeta;
  if (flags.data === undefined) {
    if (flags.labels !== undefined || flags.references !== undefined || flags.profiles !== undefined) throw new UsageError('--labels, --profiles and --references go with --data');
    const packed = await (deps.packed ?? readPackedCorpus)();
    const references = async (): Promise<Array<{ name: string; files: NabFile[] }>> => Object.entries(packed.references).map(([name, files]) => ({ name, files }));
    return { series: packed.series, source: 'the corpus shipped in bench/nab', out, windows: packed.windows, profiles: packed.profiles, references, detector, meta };
  }
  return { ...(await fromFolder(flags)), out, detector, meta };
}

function fmt(v: number): string {
  return Number.isNaN(v) ? '-' : v.toFixed(2);
}

/** Candidates of the grid, each run over the corpus. */
function runCandidates(settings: Settings, deps: BenchNabDeps, extra: Overrides = {}): Candidate[] {
  const build = deps.build ?? ((o: Overrides): AnyDetector => detect.createStreamingDetector(o) as unknown as AnyDetector);
  const labelled = settings.series.filter((s) => settings.windows[s.name]);
  return (deps.grid ?? gridCandidates()).map((c) => {
    const detector = build({ ...c.overrides, ...extra });
    const files = labelled.map((s) => ({ name: s.name, timestamps: s.timestamps, scores: runDetector(detector, s, settings.meta(s)), windows: settings.windows[s.name] ?? [] }));
    return { name: c.name || 'default', files: prepareCorpus(files).files };
  });
}

function printCv(io: { out: (line: string) => void }, cvs: readonly CrossValidation[]): void {
  for (const cv of cvs) {
    io.out('');
    io.out(`cross-validation, ${cv.profile}: each category scored with the constants and threshold chosen on the other four`);
    io.out(['held out'.padEnd(24), 'files', 'windows', 'threshold', 'train', 'held-out', 'chosen'].join('  '));
    for (const f of cv.folds) {
      io.out([f.category.padEnd(24), String(f.files).padStart(5), String(f.windows).padStart(7), f.threshold.toFixed(3).padStart(9), fmt(f.trainNormalised).padStart(5), (f.windows ? fmt(f.heldOutNormalised) : `raw ${f.heldOutRaw.toFixed(2)}`).padStart(8), f.chosen].join('  '));
    }
    const ts = cv.folds.map((f) => f.threshold);
    io.out(`mean over folds with windows ${fmt(cv.meanNormalised)}; pooled held-out ${fmt(cv.pooledNormalised)}; threshold ${Math.min(...ts).toFixed(3)}-${Math.max(...ts).toFixed(3)}`);
  }
}

async function report(settings: Settings, flags: Flags, deps: BenchNabDeps, io: { out: (line: string) => void }): Promise<number> {
  const { detector, profiles } = settings;
  const profileNames = Object.keys(profiles);
  const run = await runNab({ series: settings.series, windows: settings.windows, outDir: settings.out, detector, profiles, meta: settings.meta });
  if (run.files.length === 0) {
    io.out(`error: no labelled CSV files in ${settings.source} (labels name "<category>/<file>.csv")`);
    return 1;
  }
  io.out(`NAB benchmark: ${run.files.length} files, ${prepareCorpus(run.files).windowCount} windows from ${settings.source}, detector "${detector.name}", kinds ${flags.kinds ?? 'inferred'}`);
  for (const name of run.unlabelled) io.out(`warning: ${name} has no entry in the labels file; results written, not scored`);
  io.out(`results: ${run.resultsDir}`);

  const rows: ScoreTableRow[] = [tableRow(detector.name, 'run', run.scores)];
  const present = new Set([detector.name.toLowerCase()]);
  for (const ref of await settings.references()) {
    if (present.has(ref.name.toLowerCase()) || ref.files.length === 0) continue;
    if (ref.files.length < run.files.length) {
      io.out(`note: reference "${ref.name}" has outputs for ${ref.files.length} of ${run.files.length} files; not rescored`);
      continue;
    }
    rows.push(tableRow(ref.name, 'rescored', scoreCorpus(ref.files, profiles)));
    present.add(ref.name.toLowerCase());
  }
  for (const p of PUBLISHED_SUBSET_SCORES) {
    if (present.has(p.detector.toLowerCase())) continue;
    const scores: Record<string, number> = {};
    for (const name of profileNames) {
      const v = (p as unknown as Record<string, unknown>)[name];
      if (typeof v === 'number') scores[name] = v;
    }
    rows.push({ detector: p.detector, source: 'published', scores });
  }
  io.out('');
  for (const line of formatTable(sortTable(rows, profileNames.includes('standard') ? 'standard' : (profileNames[0] ?? '')), profileNames)) io.out(line);
  io.out('');
  io.out('normalised NAB scores (100 = perfect, 0 = never fires); rescored = reference outputs scored here;');
  io.out('published = NAB figures for the five development categories, not recomputed.');
  for (const name of profileNames) {
    const r = run.scores[name];
    if (r) io.out(`${detector.name} ${name}: NAB-optimised threshold ${r.threshold.toFixed(3)}, raw ${r.raw.toFixed(4)}`);
  }
  io.out(`${detector.name} operating threshold (used in production): ${detector.threshold}`);

  // The grid at the default constants serves both the cross-validation and the ablations' first row.
  const grid = flags.cv || flags.ablations ? runCandidates(settings, deps) : [];
  if (flags.cv) printCv(io, crossValidateAll(grid, profiles));
  if (flags.ablations) {
    io.out('');
    io.out('ablations (standard profile): in-sample at the default constants; cross-validated over the grid');
    const standard = profiles.standard ? { standard: profiles.standard } : profiles;
    for (const a of [{ name: 'default', overrides: {} }, ...ABLATIONS]) {
      const candidates = a.name === 'default' ? grid : runCandidates(settings, deps, a.overrides);
      const inSample = scoreCorpus(candidates[0]?.files ?? [], standard);
      const cv = crossValidateAll(candidates, standard)[0];
      io.out(`${a.name.padEnd(40)} in-sample ${fmt(Object.values(inSample)[0]?.normalised ?? Number.NaN)}  cross-validated ${fmt(cv?.pooledNormalised ?? Number.NaN)}`);
    }
  }
  return 0;
}

/** Run the NAB benchmark; returns the process exit code (0 ok, 1 failure, 2 bad arguments). */
export async function benchNab(argv: string[], io: { out: (line: string) => void }, deps: BenchNabDeps = {}): Promise<number> {
  let settings: Settings;
  let flags: Flags;
  try {
    if (wantsHelp(argv)) {
      for (const line of commandHelp(BENCH_NAB).split('\n')) io.out(line);
      return 0;
    }
    flags = parseCommand(BENCH_NAB, argv);
    settings = await resolveSettings(flags, deps);
  } catch (e) {
    if (e instanceof UsageError) {
      io.out(`error: ${e.message}`);
      return 2;
    }
    throw e;
  }
  try {
    return await report(settings, flags, deps, io);
  } catch (e) {
    io.out(`error: ${(e as Error).message}`);
    return 1;
  }
}
