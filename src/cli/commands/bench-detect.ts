/**
 * `opsight bench detect` (`npm run bench:detect`): throughput of the default detector on one
 * core and the size of its serialised state per series.
 *
 *   --points N   points to time (default 3,000,000)
 *   --data DIR   a NAB-format corpus (`<category>/<file>.csv`) to add real series to the mix
 *                and to measure state sizes on (default: the corpus shipped in bench/nab)
 *
 * Series: synthetic (noisy level, daily sine, spikes, level shifts, flat stretches, a gappy
 * irregular series; seeded, so every run times the same work) plus the NAB series if found.
 * Each series is replayed until N points have been processed, after a warm-up pass that lets
 * the JIT settle. Timing uses the monotonic clock (process.hrtime).
 */
import { stat } from 'node:fs/promises';
import { defaultDetector } from '../../core/detect';
import type { SeriesMeta } from '../../core/detect/types';
import { seededRandom } from '../../local/random';
import { command, parseCommand, parsePositive, UsageError } from '../args';
import { readPackedCorpus } from '../bench/nab/packed';
import { readCorpus } from '../bench/nab/runner';

interface Series {
  readonly name: string;
  readonly meta: SeriesMeta;
  readonly t: Float64Array;
  readonly v: Float64Array;
}

const STEP_MS = 300_000;
const T0 = Date.UTC(2024, 0, 1);

/** Uniform in [0, 1), seeded (src/local/random.ts). */
const prng = (seed: number): (() => number) => seededRandom(seed).next;

function synthetic(): Series[] {
  const n = 4032; // two weeks of 5-minute points
  const out: Series[] = [];
  const make = (name: string, kind: SeriesMeta['kind'], f: (i: number, g: () => number, r: () => number) => number, seed: number, jitter = false): Series => {
    const r = prng(seed);
    const g = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
    const t = new Float64Array(n);
    const v = new Float64Array(n);
    let time = T0;
    for (let i = 0; i < n; i++) {
      time += jitter ? STEP_MS * (0.5 + r()) + (i % 500 === 499 ? 3 * 3_600_000 : 0) : STEP_MS;
      t[i] = time;
      v[i] = f(i, g, r);
    }
    return { name, meta: { kind, periodSeconds: 300 }, t, v };
  };
  out.push(make('noise', 'generic', (_i, g) => 50 + g(), 1));
  out.push(make('daily', 'count', (i, g) => 200 + 80 * Math.sin((2 * Math.PI * i) / 288) + 5 * g(), 2));
  out.push(make('spikes', 'latency', (i, g, r) => 120 + 4 * g() + (r() < 0.01 ? 300 : 0), 3));
  out.push(make('shifts', 'percent', (i, g) => Math.min(100, Math.max(0, 30 + (Math.floor(i / 700) % 2) * 25 + 2 * g())), 4));
  out.push(make('flat', 'bytes', (i, g) => (i % 1000 < 200 ? 1e6 : 1e6 + 5e4 * g()), 5));
  out.push(make('gappy', 'generic', (_i, g) => 10 + g(), 6, true));
  return out;
}

/** The NAB corpus (the one shipped in bench/nab, or `dir`) as benchmark series. */
async function nabSeries(dir: string | undefined): Promise<Series[]> {
  const corpus = dir === undefined ? (await readPackedCorpus()).series : await readCorpus(dir);
  return corpus.map((c) => ({ name: c.name, meta: { kind: 'generic', periodSeconds: 300 }, t: Float64Array.from(c.times), v: Float64Array.from(c.values) }));
}

function runOnce(s: Series): number {
  let st = defaultDetector.init(s.meta);
  let acc = 0;
  for (let i = 0; i < s.v.length; i++) {
    const r = defaultDetector.update(st, s.t[i]!, s.v[i]!);
    st = r.state;
    acc += r.result.score;
  }
  return acc;
}

function stateBytes(s: Series): number {
  let st = defaultDetector.init(s.meta);
  for (let i = 0; i < s.v.length; i++) st = defaultDetector.update(st, s.t[i]!, s.v[i]!).state;
  return JSON.stringify(st).length;
}

export const BENCH_DETECT = command({
  name: 'bench detect',
  summary: 'detector throughput (points/s on one core) and serialised state size per series',
  flags: {
    points: { type: 'string', arg: 'N', help: 'points to time (default 3000000)' },
    data: { type: 'string', arg: 'DIR', help: 'a NAB-format corpus (<category>/<file>.csv) whose series join the synthetic ones (default: the corpus shipped in bench/nab)' },
  },
});

export async function benchDetect(argv: readonly string[], io: { out: (line: string) => void }): Promise<number> {
  const flags = parseCommand(BENCH_DETECT, argv);
  const points = Math.floor(parsePositive(flags.points, 'points') ?? 3_000_000);
  if (points < 1) throw new UsageError(`--points: expected a positive number, got "${flags.points}"`, 'points');
  const data = flags.data;
  if (data !== undefined && !(await stat(data).catch(() => undefined))?.isDirectory()) throw new UsageError(`--data: ${data} is not a directory`, 'data');
  const synth = synthetic();
  const nab = await nabSeries(data);
  const all = [...synth, ...nab];

  // Warm-up: one pass over everything so the JIT has optimised the hot path.
  let sink = 0;
  for (const s of all) sink += runOnce(s);

  let done = 0;
  let k = 0;
  const start = process.hrtime.bigint();
  while (done < points) {
    const s = all[k++ % all.length]!;
    sink += runOnce(s);
    done += s.v.length;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;

  const sizes = all.map(stateBytes).sort((a, b) => a - b);
  const nabSizes = nab.map(stateBytes).sort((a, b) => a - b);
  const median = (xs: number[]) => (xs.length ? xs[xs.length >> 1]! : 0);
  io.out(`detector: ${defaultDetector.name}`);
  io.out(`series: ${synth.length} synthetic + ${nab.length} NAB (${data ?? 'the corpus shipped in bench/nab'})`);
  io.out(`throughput: ${Math.round(done / seconds).toLocaleString('en-US')} points/s on one core (${done.toLocaleString('en-US')} points in ${seconds.toFixed(2)} s)`);
  io.out(`state size (JSON bytes per series, all): max ${sizes.at(-1) ?? 0}, median ${median(sizes)} (limit 2048)`);
  if (nab.length) io.out(`state size (JSON bytes per series, NAB): max ${nabSizes.at(-1) ?? 0}, median ${median(nabSizes)}`);
  if (!Number.isFinite(sink)) io.out('(checksum not finite)');
  return 0;
}
