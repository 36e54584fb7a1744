/**
 * `opsight bench logs` (`npm run bench:logs`): throughput of the log-template miner on one core,
 * the size of its serialised state, and the cost of a window report.
 *
 *   --lines N   lines to time (default 2,000,000)
 *
 * Lines: the simulated shop's log groups over three days (Lambda START/END/REPORT and
 * application lines with varying ids and durations, routine warnings, API Gateway execution
 * lines), seeded, so every run times the same work. Timing uses the monotonic clock.
 */
import { TemplateMiner, reportWindow } from '../../core/logs';
import { formatBytes } from '../../core/units';
import { seededRandom } from '../../local/random';
import { normalLogs } from '../../local/simulator/logs';
import { command, parseCommand, parsePositive, UsageError } from '../args';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5);

export const BENCH_LOGS = command({
  name: 'bench logs',
  summary: 'log-template miner throughput (lines/s on one core), state size and report time',
  flags: {
    lines: { type: 'string', arg: 'N', help: 'lines to time (default 2000000)' },
  },
});

const WORDS = ['cache', 'order', 'payment', 'session', 'queue', 'worker', 'index', 'token', 'upload', 'report', 'invoice', 'stock', 'user', 'cart', 'search', 'shipment', 'refund', 'email', 'webhook', 'batch'];
const VERBS = ['started', 'finished', 'retried', 'skipped', 'failed', 'expired', 'queued', 'rejected', 'merged', 'loaded', 'flushed', 'evicted', 'renewed', 'scheduled', 'throttled'];

/**
 * A harder corpus: 1,200 message shapes (20 nouns × 15 verbs × 4 lengths, with variables), far
 * more than the 200-template bound, so the miner also evicts while it runs.
 */
function diverse(n: number): Array<readonly [number, string]> {
  const r = seededRandom(7);
  const out: Array<readonly [number, string]> = [];
  for (let i = 0; i < n; i++) {
    const w = WORDS[Math.floor(r.next() * WORDS.length)]!;
    const v = VERBS[Math.floor(r.next() * VERBS.length)]!;
    const extra = ' detail'.repeat(Math.floor(r.next() * 4));
    out.push([T0 + i * 50, `${w}.${v}: id=${Math.floor(r.next() * 1e9)} after ${(r.next() * 900).toFixed(1)} ms on 10.0.${Math.floor(r.next() * 255)}.${Math.floor(r.next() * 255)}${extra}`]);
  }
  return out;
}

/** Lines per second of mining `lines` until at least `target` lines were mined; the last miner. */
function timeMining(lines: ReadonlyArray<readonly [number, string]>, target: number): { perSecond: number; done: number; seconds: number; miner: TemplateMiner; passes: number } {
  const span = lines[lines.length - 1]![0] - lines[0]![0] + 1;
  const warm = new TemplateMiner();
  for (const [t, m] of lines) warm.add(t, m);
  let miner = new TemplateMiner();
  let [done, passes] = [0, 0];
  const start = process.hrtime.bigint();
  while (done < target) {
    miner = new TemplateMiner();
    // Later passes are shifted in time so the counts keep moving forward.
    for (const [t, m] of lines) miner.add(t + passes * span, m);
    done += lines.length;
    passes++;
  }
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return { perSecond: done / seconds, done, seconds, miner, passes };
}

/** Every group's lines, interleaved in time (as one busy log group would see them). */
function corpus(): Array<readonly [number, string]> {
  const groups = normalLogs(seededRandom(42), T0, (3 * DAY) / 300_000);
  return [...groups.values()].flat().sort((a, b) => a[0] - b[0]);
}

export async function benchLogs(argv: readonly string[], io: { out: (line: string) => void }): Promise<number> {
  const flags = parseCommand(BENCH_LOGS, argv);
  const target = Math.floor(parsePositive(flags.lines, 'lines') ?? 2_000_000);
  if (target < 1) throw new UsageError(`--lines: expected a positive number, got "${flags.lines}"`, 'lines');
  const lines = corpus();
  const span = lines[lines.length - 1]![0] - lines[0]![0] + 1;
  const shop = timeMining(lines, target);
  const hard = timeMining(diverse(100_000), Math.ceil(target / 2));
  const { miner, passes } = shop;

  const end = lines[lines.length - 1]![0] + 1 + (passes - 1) * span;
  const r0 = process.hrtime.bigint();
  const found = reportWindow(miner, 'bench', { baselineStart: end - 15 * 3_600_000, windowStart: end - 12 * 3_600_000, windowEnd: end });
  const reportMs = Number(process.hrtime.bigint() - r0) / 1e6;
  const state = JSON.stringify(miner.toState());
  io.out(`corpus: ${lines.length.toLocaleString('en-US')} lines of the simulated shop (5 log groups, 3 days), ${formatBytes(lines.reduce((s, [, m]) => s + m.length, 0))}`);
  io.out(`throughput: ${Math.round(shop.perSecond).toLocaleString('en-US')} lines/s on one core (${shop.done.toLocaleString('en-US')} lines in ${shop.seconds.toFixed(2)} s)`);
  io.out(`templates: ${miner.templates().length} (bound 200), evicted ${miner.evictedTemplates}`);
  io.out(
    `diverse corpus (1,200 message shapes): ${Math.round(hard.perSecond).toLocaleString('en-US')} lines/s, ${hard.miner.templates().length} templates kept, ${hard.miner.evictedTemplates} evicted, state ${formatBytes(JSON.stringify(hard.miner.toState()).length)}`,
  );
  io.out(`state size: ${formatBytes(state.length)} of JSON (a day of 5-minute counts per template)`);
  io.out(`report over a 12 h window: ${reportMs.toFixed(1)} ms, ${found.length} anomalies on normal logs`);
  return 0;
}
