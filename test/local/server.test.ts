import { request as httpRequest } from 'node:http';
import { describe, expect, it } from 'vitest';
import { listen, requestGuard } from '../../src/local/server';

/** One HTTP request with exactly the headers given (fetch would set Host itself). */
function send(port: number, method: string, path: string, headers: Record<string, string>): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, method, path, headers, setHost: false }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString('utf8')));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('local server', () => {
  it('answers only requests that name it in Host, and same-origin ones when they carry Origin (DNS rebinding)', async () => {
    let reached = 0;
    const server = await listen({ fetch: () => (reached++, new Response('ok')) }, 0);
    try {
      const p = server.port;
      expect((await send(p, 'GET', '/', { host: `127.0.0.1:${p}` })).status).toBe(200);
      expect((await send(p, 'GET', '/', { host: `localhost:${p}` })).status).toBe(200);
      expect((await send(p, 'PUT', '/coverage', { host: `localhost:${p}`, origin: `http://localhost:${p}` })).status).toBe(200);
      expect(reached).toBe(3);
      // A rebound name pointing at 127.0.0.1, another port, no Host at all (Node answers 400), a cross-site page.
      const refused = [
        await send(p, 'GET', '/insights', { host: `attacker.example:${p}` }),
        await send(p, 'PUT', '/coverage', { host: `attacker.example:${p}`, origin: `http://attacker.example:${p}` }),
        await send(p, 'GET', '/', { host: `127.0.0.1:${p + 1}` }),
        await send(p, 'GET', '/', {}),
        await send(p, 'PUT', '/coverage', { host: `127.0.0.1:${p}`, origin: 'https://evil.example' }),
        await send(p, 'GET', '/', { host: `127.0.0.1:${p}`, origin: 'null' }),
      ];
      expect(refused.map((r) => r.status)).toEqual([403, 403, 403, 400, 403, 403]);
      expect(JSON.parse(refused[0]!.body)).toMatchObject({ error: { code: 'Forbidden' } });
      expect(reached).toBe(3);
    } finally {
      await server.close();
    }
  });

  it('accepts any host name when bound to every interface, still checking Origin against Host', () => {
    const guard = requestGuard('0.0.0.0', 3000);
    const req = (headers: Record<string, string>) => new Request('http://x/', { headers });
    expect(guard(req({ host: 'mybox.lan:3000' }))).toBeUndefined();
    expect(guard(req({ host: 'mybox.lan:3000', origin: 'http://mybox.lan:3000' }))).toBeUndefined();
    expect(guard(req({ host: 'mybox.lan:3000', origin: 'http://evil.example' }))?.status).toBe(403);
    expect(requestGuard('::1', 3000)(req({ host: '[::1]:3000' }))).toBeUndefined();
  });

  it('lets requests in flight finish before close() resolves', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let started!: () => void;
    const inFlight = new Promise<void>((resolve) => (started = resolve));
    const server = await listen(
      {
        fetch: async () => {
          started();
          await gate;
          return new Response('done');
        },
      },
      0,
    );
    const answer = send(server.port, 'GET', '/', { host: `127.0.0.1:${server.port}` });
    await inFlight;
    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((r) => setTimeout(r, 30));
    expect(closed).toBe(false);
    release();
    expect(await answer).toEqual({ status: 200, body: 'done' });
    await closing;
    expect(closed).toBe(true);
  });
});
