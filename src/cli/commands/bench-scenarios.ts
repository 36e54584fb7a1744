/**
 * `opsight bench scenarios`: runs the full pipeline over labelled scenario bundles (default:
 * the shipped suite of simulated incidents) and reports insight recall and precision,
 * root-cause top-1 accuracy, median detection delay, anomalies per insight, proactive lead
 * time and false insights per resource-week. Matching rules: src/cli/bench/scenarios/score.ts
 * and docs/insights.md.
 *
 *   --dir DIR          every *.json bundle under DIR (recursively) instead of the shipped suite
 *   --json             print the figures as one JSON object on the last line
 *   --only TEXT        only scenarios whose name contains TEXT
 *   --concurrency N    worker threads (default: 2, at most the CPUs)
 *   --step MINUTES     cycle cadence for every scenario (default: each bundle's replay hint, else 5)
 */
import { availableParallelism } from 'node:os';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { shippedSuiteEntries } from '../../local/simulator';
import { figuresTable, kindTable, runJobs, scoreScenario, summarise, type Job, type ScenarioScore } from '../bench/scenarios';
import { parseFlags, progressBar, type CliIo } from '../io';

const USAGE = 'usage: opsight bench scenarios [--dir DIR] [--json] [--only TEXT] [--concurrency N] [--step MINUTES]';
const KNOWN = new Set(['dir', 'json', 'only', 'concurrency', 'step', 'help']);

class UsageError extends Error {}

async function bundleFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const walk = async (d: string) => {
    const entries = await readdir(d, { withFileTypes: true });
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && e.name.endsWith('.json')) out.push(p);
    }
  };
  await walk(dir);
  return out;
}

function positiveNumber(flag: string, v: string | true | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v === true || !Number.isFinite(n) || n <= 0) throw new UsageError(`--${flag} needs a positive number, got "${v === true ? '' : v}"`);
  return n;
}

/** Runs the benchmark; returns the exit code (0 ok, 1 a scenario failed or none found, 2 bad arguments). */
export async function benchScenarios(argv: string[], io: CliIo): Promise<number> {
  let jobs: Job[];
  let json: boolean;
  let concurrency: number;
  try {
    const { flags, positional } = parseFlags(argv);
    if (flags.has('help') || argv.includes('-h')) {
      io.out(USAGE);
      return 0;
    }
    if (positional.length) throw new UsageError(`unexpected argument "${positional[0]}"`);
    for (const k of flags.keys()) if (!KNOWN.has(k)) throw new UsageError(`unknown option --${k}`);
    json = flags.has('json');
    const step = positiveNumber('step', flags.get('step'));
    const stepMs = step !== undefined ? Math.round(step * 60_000) : undefined;
    concurrency = Math.floor(positiveNumber('concurrency', flags.get('concurrency')) ?? Math.min(2, availableParallelism()));
    const only = flags.get('only');
    if (only === true) throw new UsageError('--only needs a value');
    const dir = flags.get('dir');
    if (dir === true) throw new UsageError('--dir needs a directory');
    let sources: Job['source'][];
    if (dir !== undefined) {
      const abs = path.resolve(dir);
      const st = await stat(abs).catch(() => undefined);
      if (!st?.isDirectory()) throw new UsageError(`--dir: ${dir} is not a directory`);
      sources = (await bundleFiles(abs)).filter((f) => only === undefined || path.basename(f).includes(only)).map((file) => ({ file }));
      if (sources.length === 0) {
        io.err(`error: no *.json scenario bundles under ${dir}`);
        return 1;
      }
    } else {
      // Longest first (incident-free weeks, then proactive), so the threads finish together.
      const order = (kind: string) => (kind === 'incident-free' ? 0 : ['memory-leak', 'disk-filling', 'rds-storage'].includes(kind) ? 1 : 2);
      sources = shippedSuiteEntries()
        .filter((e) => only === undefined || e.name.includes(only))
        .sort((a, b) => order(a.kind) - order(b.kind))
        .map((e) => ({ suite: e.name }));
      if (sources.length === 0) {
        io.err(`error: no shipped scenario matches "${only}"`);
        return 1;
      }
    }
    jobs = sources.map((source, index) => ({ index, source, ...(stepMs !== undefined ? { stepMs } : {}) }));
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}`);
      io.err(USAGE);
      return 2;
    }
    throw e;
  }

  const t0 = performance.now();
  io.err(`Scenario benchmark: ${jobs.length} scenario(s), up to ${Math.min(concurrency, jobs.length)} thread(s)`);
  const bar = progressBar(io, 'scenarios');
  const results = await runJobs(jobs, { concurrency, onDone: (_j, _r, done, total) => bar(done, total) });

  const scores: ScenarioScore[] = [];
  let failed = 0;
  results.forEach((r, k) => {
    const job = jobs[k]!;
    const name = 'suite' in job.source ? job.source.suite : job.source.file;
    if ('error' in r) {
      failed++;
      io.out(`error: ${name}: ${r.error}`);
      return;
    }
    scores.push(scoreScenario(r.outcome));
  });
  const figures = summarise(scores);
  const seconds = (performance.now() - t0) / 1000;

  io.out(`Scenario benchmark: ${scores.length} scenarios (${scores.filter((s) => s.labelled).length} labelled, ${scores.filter((s) => !s.labelled).length} incident-free) in ${seconds.toFixed(0)} s`);
  io.out('');
  for (const line of kindTable(scores)) io.out(line);
  const missed = scores.flatMap((s) => s.labels.filter((l) => l.expect !== 'HARMLESS' && !l.detected));
  const wrongCause = scores.flatMap((s) => s.labels.filter((l) => l.rootCause === 'miss'));
  const falses = scores.flatMap((s) => (s.labelled ? s.falseInsights.map((f) => `${s.name}: ${f}`) : []));
  const quietFalses = scores.filter((s) => !s.labelled && s.insights > 0).map((s) => `${s.name}: ${s.insights} insight(s) in ${s.resourceWeeks.toFixed(1)} resource-weeks`);
  if (missed.length) {
    io.out('');
    io.out('missed incidents:');
    for (const l of missed) io.out(`  ${l.scenario} (${l.expect} on ${l.resourceId})${l.touchedBy.length ? ` - only insights of the other type` : ''}`);
  }
  if (wrongCause.length) {
    io.out('');
    io.out('wrong root cause:');
    for (const l of wrongCause) io.out(`  ${l.scenario}`);
  }
  if (falses.length || quietFalses.length) {
    io.out('');
    io.out('false insights:');
    for (const f of [...falses, ...quietFalses]) io.out(`  ${f}`);
  }
  io.out('');
  io.out('figures (acceptance bar):');
  for (const line of figuresTable(figures)) io.out(line);
  if (json) io.out(JSON.stringify(figures));
  return failed > 0 ? 1 : 0;
}
