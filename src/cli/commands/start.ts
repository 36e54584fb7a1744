/**
 * `opsight start` (npm start): the local main job. Replays a scenario (by default the simulated
 * 14-day history of a serverless shop) through the full pipeline on the embedded store with a
 * progress bar, and serves the API on localhost from the start, so insights can be watched as
 * they open (the API's clock is the replay's); the dashboard joins once built. Runs until
 * Ctrl-C. Data stay under the data folder and survive a restart.
 */
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { ACCOUNT_STATUS_DOCUMENT, CYCLE_STATE_KEY, ValidationError, type Clock, type Coverage, type CycleMarker, type Insight } from '../../core';
import { createApi } from '../../api';
import { loadAllInsights, mttrMinutes } from '../../api/health';
import { startEmbeddedStore } from '../../local/embedded-dynamo';
import { MemoryNotifier } from '../../local/notifier';
import { replayScenario } from '../../local/replay-run';
import { parseBundle, type ScenarioBundle } from '../../local/scenario/bundle';
import { demoScenario } from '../../local/simulator';
import { bundleAccountStatuses } from '../../local/scenario/accounts';
import { twoAccountScenario } from '../../local/scenario/two-accounts';
import { ReplayMetricSource, StaticCatalog } from '../../local/scenario/replay';
import { createSite, dashboardAssets } from '../../web';
import { command, parseCommand, portFrom } from '../args';
import { progressBar, type CliIo } from '../io';
import { bindServer, throwIfStopped } from '../serve';

export interface StartOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly scenario?: string;
  /** Replay the built-in two-account demo instead of the 14-day shop. */
  readonly twoAccounts?: boolean;
}

export const START = command({
  name: 'start',
  summary: 'analyse a scenario on the embedded store, then serve the dashboard and API on localhost (npm start)',
  flags: {
    port: { type: 'string', arg: 'P', help: 'HTTP port, 0 for any free one (default: PORT, else 3000)' },
    host: { type: 'string', arg: 'ADDR', help: 'address to listen on (default: HOST, else 127.0.0.1)' },
    data: { type: 'string', arg: 'DIR', help: 'folder of the embedded store (default: OPSIGHT_DATA_DIR, else .opsight/data)' },
    scenario: { type: 'string', arg: 'FILE', help: 'scenario bundle (JSON, docs/scenarios.md) to replay instead of the 14-day demo shop' },
    'two-accounts': { type: 'boolean', help: 'replay the 4-day two-account demo (one service in two member accounts) instead of the 14-day demo shop' },
  },
  env: [
    { name: 'PORT', help: 'HTTP port (default 3000)' },
    { name: 'HOST', help: 'address to listen on (default 127.0.0.1)' },
    { name: 'OPSIGHT_DATA_DIR', help: 'folder of the embedded store (default .opsight/data)' },
  ],
});

export function startOptions(argv: readonly string[], env: NodeJS.ProcessEnv): StartOptions {
  const flags = parseCommand(START, argv);
  return {
    dataDir: resolve(flags.data ?? (env.OPSIGHT_DATA_DIR || '.opsight/data')),
    port: portFrom(flags.port, env),
    host: flags.host ?? (env.HOST || '127.0.0.1'),
    scenario: flags.scenario,
    ...(flags['two-accounts'] ? { twoAccounts: true } : {}),
  };
}

/** The scenario `npm start` replays when no file is given: the simulated shop's 14-day history. */
export function defaultScenario(): ScenarioBundle {
  return demoScenario();
}

function loadScenario(path: string | undefined, twoAccounts = false): ScenarioBundle {
  if (path && twoAccounts) throw new ValidationError('start: give either --scenario or --two-accounts, not both', 'two-accounts');
  if (twoAccounts) return twoAccountScenario();
  if (!path) return defaultScenario();
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new ValidationError(`Cannot read scenario ${path}: ${(cause as Error).message}`, 'scenario', { cause });
  }
  return parseBundle(raw);
}

function fmtTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16);
}

/** A short summary for the terminal: counts, MTTR and the most severe recent insights. */
export function summarise(insights: readonly Insight[], max = 8): string[] {
  const reactive = insights.filter((i) => i.type === 'REACTIVE').length;
  const open = insights.filter((i) => i.status === 'ONGOING').length;
  const mttr = mttrMinutes(insights);
  const lines = [
    `${insights.length} insight(s): ${reactive} reactive, ${insights.length - reactive} proactive, ${open} open` +
      (mttr === null ? '' : `; MTTR ${Math.round(mttr)} min`),
  ];
  const rank = { HIGH: 0, MEDIUM: 1, LOW: 2 } as const;
  const top = [...insights].sort((a, b) => rank[a.severity] - rank[b.severity] || b.timeRange.start - a.timeRange.start).slice(0, max);
  for (const i of top) {
    lines.push(`  ${i.severity.padEnd(6)} ${i.type.padEnd(9)} ${i.status.padEnd(7)} ${fmtTime(i.timeRange.start)}  ${i.name}  [${i.collection.name}]`);
    if (i.rootCause) lines.push(`         likely cause: ${i.rootCause.replace(/^likely cause:\s*/i, '')}`);
  }
  if (insights.length > top.length) lines.push(`  … and ${insights.length - top.length} more in the dashboard`);
  return lines;
}

/** Coverage the local API reports: the stacks of the scenario's resources, else the account. */
function scenarioCoverage(bundle: ScenarioBundle): Coverage {
  const stacks = [...new Set(bundle.resources.map((r) => r.stack).filter((s): s is string => Boolean(s)))].sort();
  return stacks.length ? { mode: 'stacks', stacks } : { mode: 'account' };
}

export interface RunningStart {
  readonly url: string;
  close(): Promise<void>;
}

export interface StartDeps {
  /** Fires when the user stops the command (SIGINT, SIGTERM): the work stops and everything is closed. */
  readonly signal?: AbortSignal;
  /** Called after each replayed cycle with the server's URL (the API answers meanwhile); awaited. */
  readonly onCycle?: (url: string, index: number, total: number) => void | Promise<void>;
}

export async function start(argv: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env, deps: StartDeps = {}): Promise<RunningStart> {
  const began = Date.now();
  const { signal } = deps;
  const opts = startOptions(argv, env);
  // The port first: a busy one fails now, not after the analysis.
  const server = await bindServer(opts.port, opts.host);
  let embedded: Awaited<ReturnType<typeof startEmbeddedStore>> | undefined;
  try {
    const bundle = loadScenario(opts.scenario, opts.twoAccounts);
    throwIfStopped(signal);
    // Build the dashboard while the pipeline runs.
    const assets = dashboardAssets();
    assets.catch(() => undefined);
    io.err(`Opsight local: data in ${opts.dataDir}`);
    embedded = await startEmbeddedStore({ path: opts.dataDir });
    const store = embedded.store;
    const marker = (await store.getStates([CYCLE_STATE_KEY])).get(CYCLE_STATE_KEY) as CycleMarker | undefined;
    const analysed = (await store.getConfig('scenario'))?.value as { name?: string; kind?: string } | undefined;
    const scanned = analysed?.kind === 'scan';
    // The API's clock: the replay's cycle time while it runs, then the scenario's end moving on
    // with the wall clock (a scan is served in real time).
    let replayedTo = Math.min(bundle.end, marker?.lastCycleEnd ?? bundle.start);
    let servedAt: number | undefined = undefined;
    const clock: Clock = scanned ? { now: () => Date.now() } : { now: () => (servedAt === undefined ? replayedTo : bundle.end + (Date.now() - servedAt)) };
    const api = createApi({
      store,
      // A simulated scenario's metrics are all in the bundle, so the API can chart history around
      // an anomaly; a scanned folder keeps no metrics (the route then answers 404).
      ...(scanned ? {} : { catalog: new StaticCatalog(bundle), defaultCoverage: scenarioCoverage(bundle), metrics: new ReplayMetricSource(bundle) }),
      clock,
      onError: (e) => io.err(`API error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`),
    });
    server.serve(api);
    const subtitle = `local · ${scanned ? (analysed?.name ?? 'scan') : bundle.name}`;
    // The dashboard joins the API as soon as it is built.
    const site = assets.then((a) => {
      server.serve(createSite(api, a, { subtitle }));
    });
    site.catch(() => undefined);
    if (scanned) {
      io.err(`Serving ${analysed?.name ?? 'an account scan'} from ${opts.dataDir} (made by opsight scan; nothing is simulated).`);
    } else if (marker && analysed?.name && analysed.name !== bundle.name) {
      throw new ValidationError(
        `The data folder ${opts.dataDir} holds scenario "${analysed.name}", not "${bundle.name}": delete it or choose another folder with OPSIGHT_DATA_DIR or --data.`,
        'data',
      );
    }
    if (scanned) {
      // A scan is served as it is.
    } else if (marker && marker.lastCycleEnd >= bundle.end) {
      io.err(`Scenario "${bundle.name}" already analysed (stored data reused).`);
    } else {
      const days = Math.round((bundle.end - bundle.start) / 86_400_000);
      io.err(`Analysing scenario "${bundle.name}": ${days} days, ${bundle.resources.length} resources, ${bundle.series.length} series, ${bundle.events.length} events`);
      io.err(`API (insights as they open): ${server.url}/insights`);
      const bar = progressBar(io, 'cycles');
      await replayScenario(bundle, store, new MemoryNotifier(), {
        historyMs: bundle.replay?.historyMs,
        stepMs: bundle.replay?.stepMs,
        onCycle: async (r, i, n) => {
          replayedTo = r.now;
          bar(i, n);
          throwIfStopped(signal);
          await deps.onCycle?.(server.url, i, n);
        },
      });
      await store.putConfig('scenario', { name: bundle.name, end: bundle.end }, Date.now());
    }
    // Member accounts of the scenario, as collection reports them (the API's /health, the dashboard's account view).
    const statuses = scanned ? [] : bundleAccountStatuses(bundle, bundle.end);
    if (statuses.length) await store.putConfig(ACCOUNT_STATUS_DOCUMENT, statuses, bundle.end);
    throwIfStopped(signal);
    const all = await loadAllInsights(store);
    // The replayed world's clock continues from the end of the scenario.
    servedAt = Date.now();
    await site;
    throwIfStopped(signal);
    for (const line of summarise(all)) io.out(line);
    io.out('');
    io.out(`Ready in ${((Date.now() - began) / 1000).toFixed(1)} s.`);
    io.out(`Dashboard: ${server.url}/`);
    io.out(`API:       ${server.url}/insights  (OpenAPI: ${server.url}/openapi.json)`);
    io.out('Press Ctrl-C to stop. Data are kept for the next start.');
    const opened = embedded;
    return {
      url: server.url,
      close: async () => {
        await server.close();
        await opened.close();
      },
    };
  } catch (err) {
    await server.close();
    await embedded?.close();
    throw err;
  }
}
