// Robustness check for the detector: writes a perturbed copy of a NAB-format data folder, to be
// scored with `opsight bench nab` against the same labels.
//   npx tsx scripts/nab-perturb.ts --data ../shared/nab/data --out /tmp/nab-gap --drop 0.1
//   npx tsx scripts/nab-perturb.ts --data ../shared/nab/data --out /tmp/nab-scale --scale 1000 --offset 5
// --drop P removes each row after the header with probability P (seeded), making gaps and
// irregular spacing; --scale/--offset change units. Timestamps are kept as they are.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseFlags } from '../src/cli/io';
import { seededRandom } from '../src/local/random';

const { flags } = parseFlags(process.argv.slice(2));
const data = String(flags.get('data') ?? '');
const out = String(flags.get('out') ?? '');
if (!data || !out) throw new Error('usage: --data DIR --out DIR [--drop P] [--scale K] [--offset C] [--seed N]');
const drop = Number(flags.get('drop') ?? 0);
const scale = Number(flags.get('scale') ?? 1);
const offset = Number(flags.get('offset') ?? 0);
const rnd = seededRandom(Number(flags.get('seed') ?? 1));

for (const category of readdirSync(data).sort()) {
  const dir = join(data, category);
  if (!statSync(dir).isDirectory()) continue;
  mkdirSync(join(out, category), { recursive: true });
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.csv')).sort()) {
    const [header, ...rows] = readFileSync(join(dir, file), 'utf8').trim().split('\n');
    const kept = rows
      .filter(() => drop === 0 || rnd.next() >= drop)
      .map((row) => {
        const [ts, v] = row.split(',');
        return scale === 1 && offset === 0 ? row : `${ts},${Number(v) * scale + offset}`;
      });
    writeFileSync(join(out, category, file), `${[header, ...kept].join('\n')}\n`);
  }
}
process.stdout.write(`wrote ${out}\n`);
