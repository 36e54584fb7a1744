/**
 * The NAB corpus shipped with the repository (`bench/nab/corpus.json.gz`, written by
 * scripts/nab-fixture.ts): data, windows, profiles, and NAB's stored results for the reference
 * detectors, so the benchmark and the scorer's validation run on a fresh clone.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { z } from 'zod';
import { parseProfiles, parseThresholds, parseWindows, type Profiles, type ScoreRow, type Thresholds, type WindowsByFile } from './format';
import type { NabSeries } from './runner';
import type { NabFile } from './scorer';

/** Where the shipped corpus lives. */
export const PACKED_CORPUS = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../bench/nab/corpus.json.gz');

const scoreRow = z.object({ detector: z.string(), profile: z.string(), file: z.string(), threshold: z.number().nullable().transform((v) => v ?? Number.NaN), score: z.number(), tp: z.number(), tn: z.number(), fp: z.number(), fn: z.number(), total: z.number() });
const packedSchema = z.object({
  profiles: z.unknown(),
  thresholds: z.unknown(),
  files: z.array(z.object({ name: z.string(), windows: z.unknown(), steps: z.array(z.number()), values: z.string(), scores: z.record(z.string(), z.string()) })),
  perFile: z.record(z.string(), z.record(z.string(), z.array(scoreRow))),
});

/** The shipped corpus, unpacked. */
export interface PackedCorpus {
  readonly series: NabSeries[];
  readonly windows: WindowsByFile;
  readonly profiles: Profiles;
  readonly thresholds: Thresholds;
  /** Reference detector -> its stored outputs as scorable files. */
  readonly references: Readonly<Record<string, NabFile[]>>;
  /** Reference detector -> profile -> NAB's per-file scores (with a `Totals` row). */
  readonly perFile: Readonly<Record<string, Readonly<Record<string, ScoreRow[]>>>>;
}

/** `2014-02-14 14:30:00` from epoch seconds. */
function stamp(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace('T', ' ').slice(0, 19);
}

/** Read and unpack the corpus (default: the shipped one). */
export async function readPackedCorpus(file = PACKED_CORPUS): Promise<PackedCorpus> {
  const raw = packedSchema.parse(JSON.parse(gunzipSync(await readFile(file)).toString('utf8')));
  const windows = parseWindows(Object.fromEntries(raw.files.map((f) => [f.name, f.windows])), file);
  const series: NabSeries[] = [];
  const references: Record<string, NabFile[]> = {};
  for (const f of raw.files) {
    let t = 0;
    const times = f.steps.map((d) => (t += d) * 1000);
    const timestamps = times.map((ms) => stamp(ms / 1000));
    const rawValues = f.values.split(',');
    const slash = f.name.lastIndexOf('/');
    series.push({ name: f.name, category: f.name.slice(0, slash), metric: f.name.slice(slash + 1).replace(/\.csv$/i, ''), timestamps, times, values: rawValues.map(Number), rawValues });
    for (const [detector, scores] of Object.entries(f.scores)) {
      (references[detector] ??= []).push({ name: f.name, timestamps, scores: scores.split(',').map(Number), windows: windows[f.name] ?? [] });
    }
  }
  return { series, windows, profiles: parseProfiles(raw.profiles, file), thresholds: parseThresholds(raw.thresholds, file), references, perFile: raw.perFile };
}
