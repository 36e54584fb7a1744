/**
 * `opsight bench scenarios`: runs the full pipeline over labelled scenario bundles (default:
 * the benchmark suite of simulated incidents) and scores the insights strictly: one-to-one
 * matching of insights to incidents, recall and precision, root cause per change, false
 * insights per resource-week, insights per incident and incidents per insight, duration error,
 * forecast error and flapping, detection delay with misses included; overall and per scenario
 * family. Rules: src/cli/bench/scenarios/score.ts and docs/insights.md.
 *
 *   --suite NAME        benchmark (default) or shipped (the earlier 34-scenario suite)
 *   --dir DIR           every *.json bundle under DIR (recursively) instead of a suite
 *   --only TEXT         only scenarios whose name contains TEXT
 *   --family NAME       only scenarios of this family
 *   --without NAME      leave this family out
 *   --leave-one-out     also print the figures with each family left out
 *   --json              print exactly one JSON object (figures, per family, per label) and nothing else on stdout
 *   --concurrency N     worker threads (default: 2, at most the CPUs)
 *   --step MINUTES      cycle cadence for every scenario (default: each bundle's replay hint, else 5)
 */
import { availableParallelism } from 'node:os';
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { suiteEntries, SUITES, type SuiteName } from '../../local/simulator';
import { byFamily, familyTable, figuresTable, runJobs, scoreScenario, summarise, type Job, type ScenarioScore } from '../bench/scenarios';
import { progressBar, type CliIo } from '../io';

const USAGE =
  'usage: opsight bench scenarios [--suite benchmark|shipped | --dir DIR] [--only TEXT] [--family NAME] [--without NAME] [--leave-one-out] [--json] [--concurrency N] [--step MINUTES]';

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

function positiveNumber(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`--${flag} needs a positive number, got "${v}"`);
  return n;
}

const OPTIONS = {
  suite: { type: 'string' },
  dir: { type: 'string' },
  only: { type: 'string' },
  family: { type: 'string' },
  without: { type: 'string' },
  'leave-one-out': { type: 'boolean' },
  json: { type: 'boolean' },
  concurrency: { type: 'string' },
  step: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

interface Selection {
  readonly jobs: Job[];
  readonly json: boolean;
  readonly leaveOneOut: boolean;
  readonly concurrency: number;
  readonly family?: string;
  readonly without?: string;
}

async function select(argv: string[]): Promise<Selection | 'help'> {
  let values: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; strict: true; allowPositionals: false }>>['values'];
  try {
    ({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/^Unknown option '(--[^']+)'.*$/s, 'unknown option $1'));
  }
  if (values.help) return 'help';
  const step = positiveNumber('step', values.step);
  const stepMs = step !== undefined ? Math.round(step * 60_000) : undefined;
  const concurrency = Math.floor(positiveNumber('concurrency', values.concurrency) ?? Math.min(2, availableParallelism()));
  const { only, family, without } = values;
  if (values.dir !== undefined && values.suite !== undefined) throw new UsageError('--dir and --suite exclude each other');
  let sources: Job['source'][];
  if (values.dir !== undefined) {
    const abs = path.resolve(values.dir);
    const st = await stat(abs).catch(() => undefined);
    if (!st?.isDirectory()) throw new UsageError(`--dir: ${values.dir} is not a directory`);
    sources = (await bundleFiles(abs)).filter((f) => only === undefined || path.basename(f).includes(only)).map((file) => ({ file }));
  } else {
    const suite = (values.suite ?? 'benchmark') as SuiteName;
    if (!SUITES.includes(suite)) throw new UsageError(`--suite must be one of ${SUITES.join(', ')}, got "${values.suite}"`);
    // Longest first, so the threads finish together.
    sources = suiteEntries(suite)
      .filter((e) => (only === undefined || e.name.includes(only)) && (family === undefined || e.family === family) && (without === undefined || e.family !== without))
      .sort((a, b) => b.cost - a.cost || a.name.localeCompare(b.name))
      .map((e) => ({ suite, entry: e.name }));
  }
  return {
    jobs: sources.map((source, index) => ({ index, source, ...(stepMs !== undefined ? { stepMs } : {}) })),
    json: values.json === true,
    leaveOneOut: values['leave-one-out'] === true,
    concurrency,
    ...(family !== undefined ? { family } : {}),
    ...(without !== undefined ? { without } : {}),
  };
}

/** Runs the benchmark; returns the exit code (0 ok, 1 a scenario failed or none found, 2 bad arguments). */
export async function benchScenarios(argv: string[], io: CliIo): Promise<number> {
  let sel: Selection;
  try {
    const s = await select(argv);
    if (s === 'help') {
      io.out(USAGE);
      return 0;
    }
    sel = s;
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`error: ${e.message}`);
      io.err(USAGE);
      return 2;
    }
    throw e;
  }
  if (sel.jobs.length === 0) {
    io.err('error: no scenario bundles selected');
    return 1;
  }

  const t0 = performance.now();
  io.err(`Scenario benchmark: ${sel.jobs.length} scenario(s), up to ${Math.min(sel.concurrency, sel.jobs.length)} thread(s)`);
  const bar = progressBar(io, 'scenarios');
  const results = await runJobs(sel.jobs, { concurrency: sel.concurrency, onDone: (_j, _r, done, total) => bar(done, total) });

  let scores: ScenarioScore[] = [];
  const failures: Array<{ scenario: string; error: string }> = [];
  results.forEach((r, k) => {
    const job = sel.jobs[k]!;
    const name = 'file' in job.source ? job.source.file : job.source.entry;
    if ('error' in r) failures.push({ scenario: name, error: r.error });
    else scores.push(scoreScenario(r.outcome));
  });
  // Bundles from --dir carry their family inside; filter after scoring.
  scores = scores.filter((s) => (sel.family === undefined || s.family === sel.family) && (sel.without === undefined || s.family !== sel.without));
  scores.sort((a, b) => a.family.localeCompare(b.family) || a.name.localeCompare(b.name));
  const figures = summarise(scores);
  const { families, withoutFamily } = byFamily(scores);
  const seconds = (performance.now() - t0) / 1000;
  const exit = failures.length > 0 || scores.length === 0 ? 1 : 0;

  if (sel.json) {
    io.out(
      JSON.stringify({
        figures,
        families,
        ...(sel.leaveOneOut ? { withoutFamily } : {}),
        scenarios: scores.map((s) => ({ name: s.name, family: s.family, insights: s.insights, matchedInsights: s.matchedInsights, falseInsights: s.falseInsights, labels: s.labels })),
        failures,
        wallSeconds: Math.round(seconds),
      }),
    );
    return exit;
  }

  for (const f of failures) io.out(`error: ${f.scenario}: ${f.error}`);
  io.out(`Scenario benchmark: ${scores.length} scenarios in ${Object.keys(families).length} families (${scores.filter((s) => !s.labelled).length} incident-free) in ${seconds.toFixed(0)} s`);
  io.out('');
  io.out('per family (dur err and delay in periods, fc err = median forecast error, false/rw = false insights per resource-week):');
  for (const line of familyTable(families)) io.out(line);
  if (sel.leaveOneOut) {
    io.out('');
    io.out('with one family left out:');
    for (const line of familyTable(withoutFamily, 'without')) io.out(line);
  }
  const labels = scores.flatMap((s) => s.labels);
  const missed = labels.filter((l) => l.expect !== 'HARMLESS' && !l.detected);
  const wrongCause = labels.filter((l) => l.rootCause === 'miss');
  const falses = scores.flatMap((s) => s.falseInsights.map((f) => `${s.name}: ${f}`));
  if (missed.length) {
    io.out('');
    io.out(`missed incidents (${missed.length}):`);
    for (const l of missed) io.out(`  ${l.scenario} (${l.expect} on ${l.resourceId})${l.touchedBy.length ? ` - touched by ${l.touchedBy.length} insight(s) of another type or already matched` : ''}`);
  }
  if (wrongCause.length) {
    io.out('');
    io.out(`wrong root cause (${wrongCause.length}):`);
    for (const l of wrongCause) io.out(`  ${l.scenario} (${l.hasCause ? 'named another change' : 'confident cause where none was'})`);
  }
  if (falses.length) {
    io.out('');
    io.out(`unmatched insights (${falses.length}):`);
    for (const f of falses) io.out(`  ${f}`);
  }
  io.out('');
  io.out('figures (target):');
  for (const line of figuresTable(figures)) io.out(line);
  return exit;
}
