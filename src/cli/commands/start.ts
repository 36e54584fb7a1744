/**
 * `opsight start` (npm start): the local main job. Replays a scenario through the full
 * pipeline on the embedded store, prints a summary, then serves the API on localhost until
 * Ctrl-C. Data stay under the data folder and survive a restart.
 */
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import { CYCLE_STATE_KEY, ValidationError, type CycleMarker, type Insight } from '../../core';
import { createApi } from '../../api';
import { startEmbeddedStore } from '../../local/embedded-dynamo';
import { MemoryNotifier } from '../../local/notifier';
import { replayScenario } from '../../local/replay-run';
import { builtinScenario } from '../../local/scenario/builtin';
import { parseBundle, type ScenarioBundle } from '../../local/scenario/bundle';
import { listen } from '../../local/server';
import { parseFlags, progressBar, type CliIo } from '../io';

export interface StartOptions {
  readonly dataDir: string;
  readonly port: number;
  readonly host: string;
  readonly scenario?: string;
}

export function startOptions(argv: readonly string[], env: NodeJS.ProcessEnv): StartOptions {
  const { flags } = parseFlags(argv);
  const portText = String(flags.get('port') ?? env.PORT ?? '3000');
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ValidationError(`PORT must be an integer from 0 to 65535, got "${portText}"`, 'PORT');
  const dataDir = resolve(String(flags.get('data') ?? env.OPSIGHT_DATA_DIR ?? '.opsight/data'));
  const scenario = flags.get('scenario');
  return { dataDir, port, host: String(flags.get('host') ?? env.HOST ?? '127.0.0.1'), scenario: typeof scenario === 'string' ? scenario : undefined };
}

function loadScenario(path: string | undefined): ScenarioBundle {
  if (!path) return builtinScenario();
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

export function summarise(insights: readonly Insight[]): string[] {
  const lines = [`${insights.length} insight(s):`];
  for (const i of insights) {
    lines.push(`  ${i.status.padEnd(7)} ${i.severity.padEnd(6)} ${i.type.padEnd(9)} ${fmtTime(i.timeRange.start)}  ${i.name}  [${i.collection.name}]`);
    if (i.rootCause) lines.push(`          likely cause: ${i.rootCause}`);
  }
  return lines;
}

export async function start(argv: readonly string[], io: CliIo, env: NodeJS.ProcessEnv = process.env): Promise<{ close(): Promise<void>; url: string }> {
  const opts = startOptions(argv, env);
  const bundle = loadScenario(opts.scenario);
  io.err(`Opsight local: data in ${opts.dataDir}`);
  const embedded = await startEmbeddedStore({ path: opts.dataDir });
  try {
    const marker = (await embedded.store.getStates([CYCLE_STATE_KEY])).get(CYCLE_STATE_KEY) as CycleMarker | undefined;
    if (marker && marker.lastCycleEnd >= bundle.end) {
      io.err(`Scenario "${bundle.name}" already analysed (stored data reused).`);
    } else {
      io.err(`Analysing scenario "${bundle.name}": ${bundle.resources.length} resources, ${bundle.series.length} series, ${bundle.events.length} events`);
      const bar = progressBar(io, 'cycles');
      await replayScenario(bundle, embedded.store, new MemoryNotifier(), { onCycle: (_r, i, n) => bar(i, n) });
    }
    const all: Insight[] = [];
    let token: string | undefined;
    do {
      const page = await embedded.store.listInsights({ limit: 100, nextToken: token });
      all.push(...page.items);
      token = page.nextToken;
    } while (token);
    for (const line of summarise(all)) io.out(line);
    const server = await listen(createApi({ store: embedded.store, onError: (e) => io.err(`API error: ${String(e)}`) }), opts.port, opts.host);
    io.out('');
    io.out(`API:      ${server.url}/insights`);
    io.out(`Insight:  ${server.url}/insights/<id>`);
    io.out('Press Ctrl-C to stop. Data are kept for the next start.');
    return {
      url: server.url,
      close: async () => {
        await server.close();
        await embedded.close();
      },
    };
  } catch (err) {
    await embedded.close();
    throw err;
  }
}
