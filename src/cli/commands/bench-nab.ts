/**
 * `opsight bench nab`: run a detector over a NAB-format corpus, score it with NAB's rules
 * and print it next to the reference detectors (rescored from their published outputs when
 * available, else their published figures).
 *
 *   --data DIR          corpus, `<category>/<file>.csv` with `timestamp,value` (required)
 *   --labels FILE       NAB `windows.json` (required)
 *   --out DIR           where results go: `<out>/<detector>/...` (required)
 *   --detector NAME     detector exported by src/core/detect (default: defaultDetector)
 *   --profiles FILE     NAB `profiles.json` (default: `<labels dir>/../profiles.json`, else built in)
 *   --references DIR    NAB results dir to rescore (default: `<labels dir>/../results` if present)
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import * as detect from '../../core/detect';
import type { Detector } from '../../core/detect/types';
import { formatTable, parseProfiles, parseWindows, sortTable, type Profiles, type ScoreTableRow, type WindowsByFile } from '../bench/nab/format';
import { PUBLISHED_SUBSET_SCORES } from '../bench/nab/published';
import { listResultDetectors, readReferenceResults, runNab, tableRow } from '../bench/nab/runner';
import { prepareCorpus, scoreCorpus, STANDARD_PROFILES } from '../bench/nab/scorer';

type AnyDetector = Detector<{ readonly version: number }>;

/** Optional injections, for tests. */
export interface BenchNabDeps {
  /** Detectors selectable with `--detector`; the first is the default. @default the exports of src/core/detect */
  readonly detectors?: readonly AnyDetector[];
}

const USAGE = 'usage: opsight bench nab --data DIR --labels FILE --out DIR [--detector NAME] [--profiles FILE] [--references DIR]';

const FLAGS = ['data', 'labels', 'out', 'detector', 'profiles', 'references'] as const;
type Flag = (typeof FLAGS)[number];

class UsageError extends Error {}

function parseArgs(argv: readonly string[]): Partial<Record<Flag, string>> | 'help' {
  const out: Partial<Record<Flag, string>> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    if (arg === '-h' || arg === '--help') return 'help';
    if (!arg.startsWith('--')) throw new UsageError(`unexpected argument "${arg}"`);
    const eq = arg.indexOf('=');
    const key = arg.slice(2, eq < 0 ? undefined : eq);
    if (!(FLAGS as readonly string[]).includes(key)) throw new UsageError(`unknown option --${key} (expected one of ${FLAGS.map((f) => `--${f}`).join(', ')})`);
    let value: string | undefined;
    if (eq >= 0) value = arg.slice(eq + 1);
    else {
      value = argv[i + 1];
      if (value === undefined || value.startsWith('--')) throw new UsageError(`--${key} needs a value`);
      i++;
    }
    if (value === '') throw new UsageError(`--${key} needs a non-empty value`);
    if (out[key as Flag] !== undefined) throw new UsageError(`--${key} given twice`);
    out[key as Flag] = value;
  }
  return out;
}

async function kindOf(p: string): Promise<'file' | 'dir' | undefined> {
  try {
    const s = await stat(p);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

async function readJson(flag: string, file: string): Promise<unknown> {
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
  const all: unknown[] = [detect.defaultDetector, ...Object.values(detect)];
  const seen = new Set<string>();
  const out: AnyDetector[] = [];
  for (const d of all) {
    if (isDetector(d) && !seen.has(d.name)) {
      seen.add(d.name);
      out.push(d);
    }
  }
  return out;
}

interface Settings {
  readonly data: string;
  readonly out: string;
  readonly windows: WindowsByFile;
  readonly profiles: Profiles;
  readonly profilesSource: string;
  readonly references: string | undefined;
  readonly detector: AnyDetector;
}

async function resolveSettings(args: Partial<Record<Flag, string>>, deps: BenchNabDeps): Promise<Settings> {
  for (const f of ['data', 'labels', 'out'] as const) {
    if (args[f] === undefined) throw new UsageError(`--${f} is required`);
  }
  const data = path.resolve(args.data ?? '');
  if ((await kindOf(data)) !== 'dir') throw new UsageError(`--data: ${args.data} is not a directory`);
  const labels = path.resolve(args.labels ?? '');
  if ((await kindOf(labels)) !== 'file') throw new UsageError(`--labels: ${args.labels} is not a file`);
  let windows: WindowsByFile;
  try {
    windows = parseWindows(await readJson('labels', labels), args.labels);
  } catch (e) {
    throw e instanceof UsageError ? e : new UsageError(`--labels: ${(e as Error).message}`);
  }
  const out = path.resolve(args.out ?? '');
  if ((await kindOf(out)) === 'file') throw new UsageError(`--out: ${args.out} is a file, expected a directory`);

  const nabRoot = path.resolve(path.dirname(labels), '..');
  let profiles: Profiles = STANDARD_PROFILES;
  let profilesSource = 'built-in NAB profiles';
  const profilesFile = args.profiles !== undefined ? path.resolve(args.profiles) : path.join(nabRoot, 'profiles.json');
  if (args.profiles !== undefined || (await kindOf(profilesFile)) === 'file') {
    try {
      profiles = parseProfiles(await readJson('profiles', profilesFile), profilesFile);
    } catch (e) {
      throw e instanceof UsageError ? e : new UsageError(`--profiles: ${(e as Error).message}`);
    }
    profilesSource = profilesFile;
  }

  let references: string | undefined;
  if (args.references !== undefined) {
    references = path.resolve(args.references);
    if ((await kindOf(references)) !== 'dir') throw new UsageError(`--references: ${args.references} is not a directory`);
  } else {
    const guess = path.join(nabRoot, 'results');
    if ((await kindOf(guess)) === 'dir') references = guess;
  }

  const detectors = deps.detectors ?? coreDetectors();
  const first = detectors[0];
  if (!first) throw new UsageError('no detector available');
  const detector = args.detector === undefined ? first : detectors.find((d) => d.name === args.detector);
  if (!detector) throw new UsageError(`--detector: unknown detector "${args.detector}" (available: ${detectors.map((d) => d.name).join(', ')})`);
  return { data, out, windows, profiles, profilesSource, references, detector };
}

/** Run the NAB benchmark; returns the process exit code (0 ok, 1 failure, 2 bad arguments). */
export async function benchNab(argv: string[], io: { out: (line: string) => void }, deps: BenchNabDeps = {}): Promise<number> {
  let settings: Settings;
  try {
    const args = parseArgs(argv);
    if (args === 'help') {
      io.out(USAGE);
      return 0;
    }
    settings = await resolveSettings(args, deps);
  } catch (e) {
    if (e instanceof UsageError) {
      io.out(`error: ${e.message}`);
      io.out(USAGE);
      return 2;
    }
    throw e;
  }

  try {
    const { detector, profiles } = settings;
    const profileNames = Object.keys(profiles);
    const run = await runNab({ dataDir: settings.data, windows: settings.windows, outDir: settings.out, detector, profiles });
    if (run.files.length === 0) {
      io.out(`error: no labelled CSV files under ${settings.data} (labels name "<category>/<file>.csv")`);
      return 1;
    }
    const windowCount = prepareCorpus(run.files).windowCount;
    io.out(`NAB benchmark: ${run.files.length} files, ${windowCount} windows, detector "${detector.name}", profiles from ${settings.profilesSource}`);
    for (const name of run.unlabelled) io.out(`warning: ${name} has no entry in the labels file; results written, not scored`);
    io.out(`results: ${run.resultsDir}`);

    const rows: ScoreTableRow[] = [tableRow(detector.name, 'run', run.scores)];
    const present = new Set([detector.name.toLowerCase()]);
    if (settings.references !== undefined) {
      const wanted = new Set(run.files.map((f) => f.name));
      for (const ref of await listResultDetectors(settings.references)) {
        if (present.has(ref.toLowerCase())) continue;
        const files = await readReferenceResults(settings.references, ref, settings.windows, wanted);
        if (files.length === 0) continue;
        if (files.length < wanted.size) {
          io.out(`note: reference "${ref}" has outputs for ${files.length} of ${wanted.size} files; not rescored`);
          continue;
        }
        rows.push(tableRow(ref, 'rescored', scoreCorpus(files, profiles)));
        present.add(ref.toLowerCase());
      }
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
    io.out('published = NAB figures for the development subset quoted in shared/nab/README.md, not recomputed.');
    const operating = (detector as { readonly threshold?: unknown }).threshold;
    for (const name of profileNames) {
      const r = run.scores[name];
      if (r) io.out(`${detector.name} ${name}: NAB-optimised threshold ${r.threshold}, raw ${r.raw.toFixed(4)}`);
    }
    if (typeof operating === 'number') io.out(`${detector.name} operating threshold (used in production): ${operating}`);
    return 0;
  } catch (e) {
    io.out(`error: ${(e as Error).message}`);
    return 1;
  }
}
