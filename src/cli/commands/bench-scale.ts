/**
 * `opsight bench scale` (`npm run bench:scale`): one cycle of the distributed pipeline over a
 * large simulated coverage, run for real with the AWS SDK mocked at the edge, then laid out in
 * simulated time with injected latencies, the stack's pacing and the default quotas
 * (GetMetricData 50 TPS and 180,000 datapoints/s, LookupEvents 2 TPS, Lambda concurrency
 * 1,000, a new on-demand table's 4,000 writes/s). Prints the cycle's wall time, Lambda
 * GB-seconds per series, DynamoDB writes, peak concurrency, throttles and the monthly bill.
 *
 *   --series N       golden-signal series (default 100,000; Lambda functions, 3 golden + 2 capacity each)
 *   --hourly         the cycle where the capacity series are due too (default: a golden-only cycle)
 *   --analyzers N    analyzers at once (default 5, the stack's)
 *   --accounts LIST  instead: the cycle over N member accounts for each N (e.g. 1,10,50), bench-scale-accounts.ts
 *   --account-series N  golden-signal series per member account (default 2,000)
 */
import { estimateMonthlyCost } from '../../aws/cost';
import { DEFAULT_CADENCE } from '../../aws/coverage';
import { pacingBudget } from '../../aws/pacing';
import { AWS_QUOTAS } from '../../aws/throttle';
import { formatBytes, formatDurationSeconds, formatNumber } from '../../core/units';
import { command, parseCommand, parsePositive, UsageError } from '../args';
import { BENCH_CADENCE, runScaleCycle, type ScaleRun } from '../bench/scale/run';
import { benchScaleAccounts } from './bench-scale-accounts';
import { cpuScale, simulateCycle, type SimResult, type SimSettings } from '../bench/scale/timeline';

export const BENCH_SCALE = command({
  name: 'bench scale',
  summary: 'one distributed cycle over a large coverage in simulated time: wall time, GB-seconds, writes, concurrency, throttles, $/month',
  flags: {
    series: { type: 'string', arg: 'N', help: 'golden-signal series (default 100000)' },
    hourly: { type: 'boolean', help: 'the hourly cycle, with the capacity series due too' },
    analyzers: { type: 'string', arg: 'N', help: 'analyzers at once, 2 to 1000 (default 5, as deployed)' },
    accounts: { type: 'string', arg: 'LIST', help: 'instead: member-account counts to run, e.g. 1,10,50 (cycle time and GetMetricData calls per account)' },
    'account-series': { type: 'string', arg: 'N', help: 'with --accounts: golden-signal series per account (default 2000)' },
  },
});

/** The stack's settings for `analyzers` instances (lib/pipeline.ts), optionally without write pacing. */
export function stackSettings(analyzers: number, paceWrites: boolean): SimSettings {
  const budget = pacingBudget({ analyzerConcurrency: analyzers });
  return {
    analyzers: budget.analyzerConcurrency,
    analyzerMb: 1024,
    plannerMb: 512,
    correlatorMb: 512,
    analyzerTps: budget.analyzerTps,
    ...(paceWrites ? { analyzerStateWrites: budget.analyzerStateWrites } : {}),
    writeConcurrency: 16,
    tableWriteUnitsPerSecond: AWS_QUOTAS.onDemandInitialWritesPerSecond,
    quotas: { getMetricDataTps: AWS_QUOTAS.getMetricDataTps, datapointsPerSecond: AWS_QUOTAS.getMetricDataDatapointsPerSecond, lookupEventsTps: AWS_QUOTAS.lookupEventsTps, lambdaConcurrency: 1000 },
  };
}

const secs = (ms: number) => formatDurationSeconds(ms / 1000);
const usd = (x: number) => `$${x < 1 ? x.toFixed(4) : x.toFixed(2)}`;

/** One row of the simulated-cycle table. */
function simRow(analyzers: number, paced: boolean, sim: SimResult, series: number): string {
  const t = sim.throttles;
  return [
    String(analyzers).padStart(9),
    (paced ? 'paced' : 'unpaced').padEnd(9),
    secs(sim.wallMs).padStart(9),
    formatNumber((sim.gbSeconds / series) * 1000).padStart(12),
    String(sim.peakConcurrency).padStart(6),
    formatNumber(sim.stateWrites).padStart(9),
    formatNumber(sim.peakWriteUnitsPerSecond).padStart(10),
    `${t.getMetricData} / ${formatNumber(t.stateWrites)} / ${t.lookupEvents}`.padStart(20),
  ].join('  ');
}

const SIM_HEADER = `${'analyzers'.padStart(9)}  ${'writes'.padEnd(9)}  ${'wall time'.padStart(9)}  ${'GB-ms/series'.padStart(12)}  ${'peak λ'.padStart(6)}  ${'writes'.padStart(9)}  ${'peak WU/s'.padStart(10)}  ${'throttled GMD/DDB/CT'.padStart(20)}`;

export async function benchScale(argv: readonly string[], io: { out: (line: string) => void }): Promise<number> {
  const flags = parseCommand(BENCH_SCALE, argv);
  const golden = Math.floor(parsePositive(flags.series, 'series') ?? 100_000);
  const analyzers = Math.floor(parsePositive(flags.analyzers, 'analyzers') ?? 5);
  if (golden < 3) throw new UsageError(`--series: expected at least 3, got "${flags.series}"`, 'series');
  if (analyzers < 2 || analyzers > 1000) throw new UsageError(`--analyzers: expected 2 to 1000, got "${flags.analyzers}"`, 'analyzers');
  if (flags.accounts !== undefined) return benchScaleAccounts({ accounts: flags.accounts, 'account-series': flags['account-series'], analyzers }, io);
  io.out(`Running one ${flags.hourly ? 'hourly' : 'golden-signal'} cycle over ${formatNumber(golden)} golden-signal series for real (SDK mocked)…`);
  const started = Date.now();
  const run: ScaleRun = await runScaleCycle({ goldenSeries: golden, hourly: flags.hourly === true, maxSeriesPerShard: 500 });
  const realSeconds = (Date.now() - started) / 1000;
  const w = run.work;
  const cpu = w.shards.reduce((s, x) => s + x.cpuMs, 0);
  // The stack's concurrency and four times it, each with and without the state-write pacing.
  const rows: Array<{ analyzers: number; paced: boolean; sim: SimResult }> = [];
  for (const n of [analyzers, Math.min(1000, analyzers * 4)]) {
    for (const pacedWrites of [true, false]) rows.push({ analyzers: n, paced: pacedWrites, sim: await simulateCycle(w, stackSettings(n, pacedWrites)) });
  }
  const paced = rows[0]!.sim;
  const perSeriesMs = paced.analyzerMs / run.seriesInCycle;
  const shape = { mode: 'distributed' as const, lambda: { analyzerBaseMs: 0, analyzerMsPerSeries: perSeriesMs, plannerMs: paced.plannerMs } };
  const adaptive = estimateMonthlyCost(run.coverage, DEFAULT_CADENCE, { shape });
  const allBusy = estimateMonthlyCost(run.coverage, BENCH_CADENCE, { shape });
  const seriesCovered = run.coverage.reduce((n, r) => n + r.series.length, 0);
  io.out('');
  io.out(`Coverage: ${formatNumber(run.coverage.length)} Lambda functions, ${formatNumber(seriesCovered)} series; this cycle reads ${formatNumber(run.seriesInCycle)} in ${w.shards.length} shards`);
  io.out(`Measured (real run, ${formatNumber(realSeconds)} s on this machine):`);
  io.out(`  analyzer CPU              ${formatNumber((cpu / run.seriesInCycle) * 1000)} µs per series here, ×${cpuScale(1024).toFixed(2)} at 1,024 MB on Lambda`);
  io.out(`  GetMetricData             ${w.shards.reduce((n, s) => n + s.getMetricDataCalls, 0)} calls, ${formatNumber(w.shards.reduce((n, s) => n + s.datapoints, 0))} datapoints`);
  io.out(`  state items               median ${formatBytes(run.stateBytes.median)}, largest ${formatBytes(run.stateBytes.max)} deflated (${formatNumber(w.shards.reduce((n, s) => n + s.writeUnits, 0))} write units)`);
  io.out('');
  io.out('Simulated cycle (stack pacing: GetMetricData and state writes divided between the analyzers; quotas enforced):');
  io.out(SIM_HEADER);
  for (const r of rows) io.out(simRow(r.analyzers, r.paced, r.sim, run.seriesInCycle));
  io.out('');
  io.out(`Monthly bill (distributed, measured analyzer time ${formatNumber(perSeriesMs)} ms per series):`);
  io.out(`  default cadence (quiet golden series every 15 min)   ${usd(adaptive.totalUsd)}, ${usd(adaptive.totalUsd / seriesCovered)} per series-month; DevOps Guru ${usd(adaptive.devOpsGuru.usd)} (ratio ${adaptive.ratio.toFixed(3)})`);
  io.out(`  every golden series busy (read every 5 min)          ${usd(allBusy.totalUsd)}, ${usd(allBusy.totalUsd / seriesCovered)} per series-month (ratio ${allBusy.ratio.toFixed(3)})`);
  io.out('');
  const target = 4 * 60_000;
  io.out(`Target: cycle within 4 min of simulated time: ${paced.wallMs <= target ? 'met' : 'missed'} (${secs(paced.wallMs)})`);
  return paced.wallMs <= target ? 0 : 1;
}
