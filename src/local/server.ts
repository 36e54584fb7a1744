/**
 * Serves a fetch handler (the API, the dashboard, or both) on localhost with Node's HTTP server.
 *
 * A page on any web site can make the browser send requests to 127.0.0.1, and a DNS-rebinding
 * page can even read the answers. So every request must name this server in `Host` (a loopback
 * name or the address it listens on, with its port), and a request carrying `Origin` must come
 * from this server's own origin; anything else is answered 403 before it reaches the app.
 */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  /** Stops accepting connections, lets requests in flight finish (at most `graceMs`), then closes every connection. */
  close(): Promise<void>;
}

/** Anything with a web-standard fetch handler: a Hono app, an OpenAPIHono app, a proxy. */
export interface FetchApp {
  fetch(request: Request): Response | Promise<Response>;
}

export interface ListenOptions {
  /** How long close() waits for requests in flight. @default 5000 */
  readonly graceMs?: number;
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];
const WILDCARD = new Set(['0.0.0.0', '::', '']);

function forbidden(message: string): Response {
  return new Response(JSON.stringify({ error: { code: 'Forbidden', message } }), { status: 403, headers: { 'content-type': 'application/json' } });
}

/**
 * The check of `Host` and `Origin` for a server listening on `host:port`. Bound to a wildcard
 * address (reachable from other machines on purpose) any host name is accepted, but `Origin`
 * must still match `Host`.
 */
export function requestGuard(host: string, port: number): (req: Request) => Response | undefined {
  const bound = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const names = new Set([...LOOPBACK_NAMES, bound.toLowerCase()]);
  const anyHost = WILDCARD.has(host);
  return (req) => {
    const hostHeader = (req.headers.get('host') ?? '').toLowerCase();
    const m = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/.exec(hostHeader);
    if (!m) return forbidden('Host header missing or malformed');
    if (!anyHost && (!names.has(m[1]!) || Number(m[2] ?? 80) !== port)) {
      return forbidden(`Host ${hostHeader.slice(0, 100)} is not this server; use http://127.0.0.1:${port}/`);
    }
    const origin = req.headers.get('origin');
    if (origin !== null && origin.toLowerCase() !== `http://${hostHeader}`) {
      return forbidden(`Cross-origin request from ${origin.slice(0, 100)} refused`);
    }
    return undefined;
  };
}

export async function listen(app: FetchApp, port: number, host = '127.0.0.1', options: ListenOptions = {}): Promise<RunningServer> {
  let guard: (req: Request) => Response | undefined = () => forbidden('starting');
  const handle = (req: Request): Response | Promise<Response> => guard(req) ?? app.fetch(req);
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: handle, port, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  // Responses not yet sent in full: close() waits for them.
  let inFlight = 0;
  let drained: (() => void) | undefined;
  server.on('request', (_req: unknown, res: { once(event: 'close', f: () => void): void }) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      if (inFlight === 0) drained?.();
    });
  });
  const actual = (server.address() as AddressInfo).port;
  guard = requestGuard(host, actual);
  const shownHost = WILDCARD.has(host) ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const graceMs = options.graceMs ?? 5000;
  const closeable = server as { closeAllConnections?: () => void; closeIdleConnections?: () => void };
  return {
    url: `http://${shownHost}:${actual}`,
    port: actual,
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // Idle keep-alive connections (a browser) would otherwise hold close() open.
      closeable.closeIdleConnections?.();
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, graceMs);
          drained = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
      closeable.closeAllConnections?.();
      await closed;
    },
  };
}
