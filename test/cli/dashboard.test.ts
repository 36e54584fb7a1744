import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSigningProxy, dashboard, dashboardOptions, memoizeCredentials } from '../../src/cli/commands/dashboard';
import type { CliIo } from '../../src/cli/io';
import { listen, type RunningServer } from '../../src/local/server';

const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', sessionToken: 'session-token-1' };

interface Seen {
  method: string;
  path: string;
  query: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * A fake API Gateway on loopback: records each request and checks its SigV4 signature by
 * signing the same request again with the same credentials and timestamp.
 */
async function fakeApi(): Promise<{ server: RunningServer; seen: Seen[]; verified: boolean[] }> {
  const seen: Seen[] = [];
  const verified: boolean[] = [];
  const app = new Hono();
  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    const headers: Record<string, string> = {};
    c.req.raw.headers.forEach((v, k) => (headers[k] = v));
    const body = await c.req.text();
    seen.push({ method: c.req.method, path: url.pathname, query: url.search, headers, body });
    const auth = headers.authorization ?? '';
    const signedNames = /SignedHeaders=([^,]+)/.exec(auth)?.[1]?.split(';') ?? [];
    const signer = new SignatureV4({ service: 'execute-api', region: 'eu-west-1', credentials: CREDS, sha256: Sha256 });
    const amzDate = headers['x-amz-date']!;
    const date = new Date(`${amzDate.slice(0, 4)}-${amzDate.slice(4, 6)}-${amzDate.slice(6, 11)}:${amzDate.slice(11, 13)}:${amzDate.slice(13, 15)}Z`);
    const query: Record<string, string | string[]> = {};
    for (const [k, v] of url.searchParams) query[k] = k in query ? [query[k] as string, v].flat() : v;
    const again = await signer.sign(
      {
        method: c.req.method,
        protocol: 'http:',
        hostname: url.hostname,
        port: Number(url.port),
        path: url.pathname,
        query,
        headers: Object.fromEntries(signedNames.filter((n) => n !== 'x-amz-date' && n !== 'x-amz-security-token' && n !== 'x-amz-content-sha256').map((n) => [n, headers[n]!])),
        body: body || undefined,
      } as Parameters<SignatureV4['sign']>[0],
      { signingDate: date },
    );
    verified.push(again.headers.authorization === auth);
    if (url.pathname === '/prod/insights') return c.json({ insights: [{ id: 'remote-1' }] });
    if (url.pathname === '/prod/insights/remote-1/feedback') return c.json({ feedback: JSON.parse(body) as unknown });
    return c.json({ error: { code: 'NotFound', message: 'nope' } }, 404);
  });
  return { server: await listen(app, 0), seen, verified };
}

const io: CliIo & { lines: string[] } = { lines: [], out: (l) => io.lines.push(l), err: (l) => io.lines.push(l), interactive: false };

describe('opsight dashboard', () => {
  let fake: Awaited<ReturnType<typeof fakeApi>>;
  let running: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    fake = await fakeApi();
    running = await dashboard(['--region', 'eu-west-1', '--api', `${fake.server.url}/prod/`, '--port', '0'], io, {}, { credentials: async () => CREDS });
  });
  afterAll(async () => {
    await running.close();
    await fake.server.close();
  });

  it('serves the dashboard locally', async () => {
    const page = await fetch(`${running.url}/`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<main id="main"');
    expect(html).toContain(`eu-west-1 · ${new URL(fake.server.url).host}`);
    expect(io.lines).toContain(`Dashboard: ${running.url}/`);
  });

  it('forwards API calls under the stage path, signed with SigV4', async () => {
    const r = await fetch(`${running.url}/insights?limit=5&severity=HIGH`);
    expect(r.status).toBe(200);
    expect(await r.json()).toEqual({ insights: [{ id: 'remote-1' }] });
    const req = fake.seen.at(-1)!;
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/prod/insights');
    expect(req.query).toBe('?limit=5&severity=HIGH');
    expect(req.headers.authorization).toMatch(
      /^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/execute-api\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*x-amz-date[a-z0-9;-]*, Signature=[0-9a-f]{64}$/,
    );
    expect(req.headers['x-amz-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(req.headers['x-amz-security-token']).toBe('session-token-1');
    expect(fake.verified.at(-1)).toBe(true);
  });

  it('signs the body of a PUT and passes status codes back', async () => {
    const r = await fetch(`${running.url}/insights/remote-1/feedback`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', cookie: 'local=secret' },
      body: JSON.stringify({ value: 'VALID_COLLECTION' }),
    });
    expect(r.status).toBe(200);
    const req = fake.seen.at(-1)!;
    expect(req.body).toBe('{"value":"VALID_COLLECTION"}');
    expect(req.headers.authorization).toMatch(/SignedHeaders=(accept;)?content-type;host;x-amz-content-sha256;/);
    expect(req.headers.cookie).toBeUndefined();
    expect(fake.verified.at(-1)).toBe(true);
    const missing = await fetch(`${running.url}/insights/other`);
    expect(missing.status).toBe(404);
  });

  it('detects a tampered request: the fake rejects a signature for other credentials', async () => {
    const other = createSigningProxy({
      target: `${fake.server.url}/prod`,
      region: 'eu-west-1',
      credentials: async () => ({ ...CREDS, secretAccessKey: 'not-the-key' }),
    });
    await other.fetch(new Request('http://local/insights'));
    expect(fake.verified.at(-1)).toBe(false);
  });

  it('validates its options, naming the flag', () => {
    expect(() => dashboardOptions([], {})).toThrow(/--region/);
    expect(() => dashboardOptions(['--region', 'Mars'], {})).toThrow(/region/);
    expect(() => dashboardOptions(['--region', 'eu-west-1', '--api', 'http://example.com/prod'], {})).toThrow(/https/);
    expect(() => dashboardOptions(['--region', 'eu-west-1', '--api', 'nope'], {})).toThrow(/--api/);
    expect(dashboardOptions(['--region', 'eu-west-1', '--profile', 'ops'], {})).toMatchObject({ region: 'eu-west-1', profile: 'ops', stack: 'Opsight', port: 3000 });
    expect(dashboardOptions([], { AWS_REGION: 'us-east-1', PORT: '0' })).toMatchObject({ region: 'us-east-1', port: 0 });
  });

  it('caches credentials until shortly before they expire', async () => {
    let calls = 0;
    const soon = memoizeCredentials(async () => ({ ...CREDS, expiration: new Date(Date.now() + 60_000), accessKeyId: `k${++calls}` }));
    expect((await soon()).accessKeyId).toBe('k1');
    expect((await soon()).accessKeyId).toBe('k2');
    let n = 0;
    const long = memoizeCredentials(async () => ({ ...CREDS, expiration: new Date(Date.now() + 3_600_000), accessKeyId: `k${++n}` }));
    await long();
    expect((await long()).accessKeyId).toBe('k1');
  });
});
