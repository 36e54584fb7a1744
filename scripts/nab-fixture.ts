// Writes bench/nab/corpus.json.gz: a NAB-format corpus (values, timestamps, windows) with NAB's
// stored outputs of the reference detectors (numenta, contextOSE, null), the profiles, the
// optimised thresholds and the per-file scores NAB's own scorer produced. `opsight bench nab`
// runs on it when no --data is given, and `npm test` checks the scorer against it.
//   npx tsx scripts/nab-fixture.ts --nab DIR [--out bench/nab/corpus.json.gz]
// DIR holds data/, labels/windows.json, profiles.json and results/ (NAB's layout). Timestamps
// are stored as differences in seconds (they may repeat or step back), values and anomaly
// scores exactly as written in the files.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { parseCsv, parseScoresCsv, parseTimestamp, parseWindows } from '../src/cli/bench/nab/format';

const DETECTORS = ['numenta', 'contextOSE', 'null'] as const;
const PROFILES = ['standard', 'reward_low_FP_rate', 'reward_low_FN_rate'] as const;

const { values } = parseArgs({ options: { nab: { type: 'string' }, out: { type: 'string', default: 'bench/nab/corpus.json.gz' } }, strict: true });
if (!values.nab) throw new Error('usage: npx tsx scripts/nab-fixture.ts --nab DIR [--out FILE]');
const nab = values.nab;
const readJson = (rel: string): unknown => JSON.parse(readFileSync(join(nab, rel), 'utf8'));
const windows = parseWindows(readJson('labels/windows.json'));
const names = Object.keys(windows).sort();

function resultsFile(detector: string, name: string): string[][] {
  const [category, file] = name.split('/');
  const text = readFileSync(join(nab, 'results', detector, category ?? '', `${detector}_${file}`), 'utf8');
  return parseCsv(text).rows.map((r) => r.map((c) => c.trim()));
}

const files = names.map((name) => {
  const rows = resultsFile('numenta', name);
  const times = rows.map((r) => parseTimestamp(r[0] ?? ''));
  const steps = times.map((t, i) => (i === 0 ? t / 1000 : (t - times[i - 1]!) / 1000));
  const scores: Record<string, string> = {};
  for (const d of DETECTORS) {
    const own = resultsFile(d, name);
    if (own.length !== rows.length) throw new Error(`${d}/${name}: ${own.length} rows, numenta has ${rows.length}`);
    scores[d] = own.map((r) => r[2] ?? '').join(',');
  }
  const data = parseCsv(readFileSync(join(nab, 'data', ...name.split('/')), 'utf8')).rows.map((r) => r.map((c) => c.trim()));
  if (data.length !== rows.length || data.some((r, i) => r[0] !== rows[i]?.[0])) throw new Error(`${name}: data and results rows differ`);
  const values = data.map((r) => r[1] ?? '').join(',');
  return { name, windows: windows[name], steps, values, scores };
});

const perFile: Record<string, Record<string, unknown>> = {};
for (const d of DETECTORS) {
  perFile[d] = {};
  for (const p of PROFILES) {
    perFile[d]![p] = parseScoresCsv(readFileSync(join(nab, 'results', d, `${d}_${p}_scores.csv`), 'utf8'), p);
  }
}

const fixture = {
  about: 'Numenta Anomaly Benchmark (NAB, MIT licence, LICENSE.txt beside this file): data, windows, reference detector outputs and NAB scorer results; written by scripts/nab-fixture.ts',
  profiles: readJson('profiles.json'),
  thresholds: readJson('results/thresholds.json'),
  files,
  perFile,
};
mkdirSync(dirname(values.out), { recursive: true });
const packed = gzipSync(JSON.stringify(fixture), { level: 9 });
writeFileSync(values.out, packed);
process.stdout.write(`wrote ${values.out}: ${files.length} files, ${(packed.length / 1024).toFixed(0)} KB\n`);
