/** Serves a fetch handler (the API, the dashboard, or both) on localhost with Node's HTTP server. */
import type { AddressInfo } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** Anything with a web-standard fetch handler: a Hono app, an OpenAPIHono app, a proxy. */
export interface FetchApp {
  fetch(request: Request): Response | Promise<Response>;
}

export async function listen(app: FetchApp, port: number, host = '127.0.0.1'): Promise<RunningServer> {
  const server: ServerType = await new Promise((resolve, reject) => {
    const s = serve({ fetch: (req: Request) => app.fetch(req), port, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const actual = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${actual}`,
    port: actual,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Idle keep-alive connections (a browser) would otherwise hold close() open.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
      }),
  };
}
