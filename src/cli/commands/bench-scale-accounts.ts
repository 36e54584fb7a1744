/**
 * `opsight bench scale --accounts 1,10,50`: the same cycle over N member accounts, each covering
 * `--account-series` golden-signal series in one region, read through the fan-out with assumed
 * roles (STS and CloudWatch mocked), then laid out in simulated time with the stack's pacing
 * applied per account and region and every account's own quotas.
 */
import { formatDurationSeconds, formatNumber } from '../../core/units';
import { UsageError, parseInteger } from '../args';
import { runScaleCycle } from '../bench/scale/run';
import { simulateCycle } from '../bench/scale/timeline';
import { stackSettings } from './bench-scale';

/** `1,10,50` → [1, 10, 50] (each 1 to 500). */
export function parseAccountCounts(text: string): number[] {
  const counts = text.split(',').map((v) => v.trim());
  if (counts.length === 0 || counts.some((v) => !/^\d+$/.test(v) || Number(v) < 1 || Number(v) > 500)) {
    throw new UsageError(`--accounts: expected account counts from 1 to 500 separated by commas (e.g. 1,10,50), got "${text}"`, 'accounts');
  }
  return counts.map(Number);
}

const HEADER = `${'accounts'.padStart(8)}  ${'series'.padStart(9)}  ${'shards'.padStart(6)}  ${'wall time'.padStart(9)}  ${'GMD calls'.padStart(9)}  ${'calls/account'.padStart(13)}  ${'calls/account/s'.padStart(15)}  ${'throttled GMD'.padStart(13)}`;

export async function benchScaleAccounts(flags: { accounts: string; 'account-series'?: string; analyzers: number }, io: { out: (line: string) => void }): Promise<number> {
  const counts = parseAccountCounts(flags.accounts);
  const perAccount = parseInteger(flags['account-series'], 'account-series', 2_000, 3, 100_000);
  io.out(`Running one golden-signal cycle over 1 region in each of ${counts.join(', ')} member accounts, ${formatNumber(perAccount)} golden-signal series per account, for real (STS and CloudWatch mocked)…`);
  io.out('');
  io.out(`Simulated cycle (${flags.analyzers} analyzers; GetMetricData pacing and quotas per account and region):`);
  io.out(HEADER);
  for (const accounts of counts) {
    const run = await runScaleCycle({ goldenSeries: perAccount, hourly: false, maxSeriesPerShard: 500, accounts });
    const sim = await simulateCycle(run.work, stackSettings(flags.analyzers, true));
    const byAccount = new Map<number, number>();
    for (const shard of run.work.shards) for (const x of shard.scopeCalls ?? []) byAccount.set(x.scope, (byAccount.get(x.scope) ?? 0) + x.calls);
    const calls = [...byAccount.values()];
    const total = calls.reduce((n, c) => n + c, 0);
    const [min, max] = [Math.min(...calls), Math.max(...calls)];
    const seconds = sim.wallMs / 1000;
    io.out(
      [
        String(accounts).padStart(8),
        formatNumber(run.seriesInCycle).padStart(9),
        String(run.work.shards.length).padStart(6),
        (seconds < 600 ? `${formatNumber(seconds)} s` : formatDurationSeconds(seconds)).padStart(9),
        formatNumber(total).padStart(9),
        (min === max ? `${min}` : `${min}–${max}`).padStart(13),
        `${formatNumber(max / seconds)} /s`.padStart(15),
        formatNumber(sim.throttles.getMetricData).padStart(13),
      ].join('  '),
    );
  }
  io.out('');
  io.out('calls/account: GetMetricData calls each account received in the cycle; calls/account/s: the busiest account\'s calls over the wall time (its quota is 50 /s).');
  return 0;
}
