/**
 * What the serving commands (`start`, `dashboard`) share: the port is taken before any work,
 * so a busy port fails at once with one line, and a signal (Ctrl-C, SIGTERM) stops them at any
 * point, before or after they are ready, closing the server and the data folder.
 */
import { UpstreamError } from '../core';
import { listen, type FetchApp, type RunningServer } from '../local/server';
import type { CliIo } from './io';

/** Thrown by a command that saw its AbortSignal fire: not an error, the user stopped it. */
export class Stopped extends Error {
  constructor() {
    super('stopped');
    this.name = 'Stopped';
  }
}

/** Throws Stopped once the signal has fired. */
export function throwIfStopped(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new Stopped();
}

export interface BoundServer extends RunningServer {
  /** Serves `app` from now on (until then, every request gets 503 "starting"). */
  serve(app: FetchApp): void;
}

const starting: FetchApp = {
  fetch: () =>
    Response.json(
      { error: { code: 'Starting', message: 'Opsight is starting; retry in a few seconds.' } },
      { status: 503, headers: { 'retry-after': '5' } },
    ),
};

/**
 * Listens on host:port right away, answering 503 until `serve` is called. A port in use, a
 * port that needs privileges or an address that is not this machine's is one clear error.
 */
export async function bindServer(port: number, host: string): Promise<BoundServer> {
  let current = starting;
  let server: RunningServer;
  try {
    server = await listen({ fetch: (req) => current.fetch(req) }, port, host);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const where = `${host}:${port}`;
    if (code === 'EADDRINUSE') throw new UpstreamError(`Port ${port} on ${host} is in use: stop what uses it, or choose another port with --port or PORT (0 picks a free one).`, { cause: err });
    if (code === 'EACCES') throw new UpstreamError(`Not allowed to listen on ${where}: choose a port above 1023 with --port or PORT.`, { cause: err });
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new UpstreamError(`Cannot listen on ${where}: ${host} is not an address of this machine (--host or HOST).`, { cause: err });
    throw err;
  }
  return {
    ...server,
    serve: (app) => {
      current = app;
    },
  };
}

/**
 * Runs a serving command until SIGINT or SIGTERM. The command gets an AbortSignal that fires
 * on the first signal, so it can stop mid-work and clean up; once ready it is closed. A second
 * signal while stopping exits at once. Returns the exit code (0).
 */
export async function serveUntilSignal(io: CliIo, begin: (signal: AbortSignal) => Promise<{ close(): Promise<void> }>, proc: NodeJS.Process = process): Promise<number> {
  const controller = new AbortController();
  const onSignal = (sig: NodeJS.Signals) => {
    if (controller.signal.aborted) {
      io.err(`${sig} again: exiting without cleaning up.`);
      proc.exit(130);
    }
    controller.abort(sig);
  };
  proc.on('SIGINT', onSignal);
  proc.on('SIGTERM', onSignal);
  try {
    let running: { close(): Promise<void> };
    try {
      running = await begin(controller.signal);
    } catch (err) {
      if (err instanceof Stopped) {
        io.err('Stopped before the dashboard was ready.');
        return 0;
      }
      throw err;
    }
    if (!controller.signal.aborted) await new Promise((resolve) => controller.signal.addEventListener('abort', resolve, { once: true }));
    io.err('Stopping…');
    await running.close();
    io.err('Stopped.');
    return 0;
  } finally {
    proc.off('SIGINT', onSignal);
    proc.off('SIGTERM', onSignal);
  }
}
