/**
 * `opsight dashboard --region R [--profile P] [--api URL] [--stack NAME] [--port P]`: serves
 * the dashboard on localhost and forwards its API calls to a deployed stack's API Gateway,
 * signed with SigV4 using the user's AWS credentials (the API uses IAM authorisation).
 * Without `--api`, the URL is read from the stack's `ApiUrl` output.
 */
import { CloudFormationClient, DescribeStacksCommand } from '@aws-sdk/client-cloudformation';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { UpstreamError, ValidationError } from '../../core';
import { createSite, dashboardAssets, type FetchHandler } from '../../web';
import { command, parseCommand, portFrom, regionFrom, UsageError } from '../args';
import type { CliIo } from '../io';
import { bindServer, throwIfStopped } from '../serve';
import { AWS_ENV, AWS_FLAGS, credentialsError } from './scan';

export interface Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
  readonly expiration?: Date;
}
export type CredentialProvider = () => Promise<Credentials>;

export interface DashboardOptions {
  readonly region: string;
  readonly profile?: string;
  readonly api?: string;
  readonly stack: string;
  readonly port: number;
  readonly host: string;
}

export const DASHBOARD = command({
  name: 'dashboard',
  synopsis: '--region R [--profile P] [--api URL | --stack NAME] [--port P] [--host ADDR]',
  summary: "the dashboard for a deployed stack, on localhost, its API calls signed with your AWS credentials",
  flags: {
    ...AWS_FLAGS,
    api: { type: 'string', arg: 'URL', help: "the stack's API URL, https (default: read from the stack's ApiUrl output)" },
    stack: { type: 'string', arg: 'NAME', help: 'name of the deployed Opsight stack (default Opsight)' },
    port: { type: 'string', arg: 'P', help: 'local HTTP port, 0 for any free one (default: PORT, else 3000)' },
    host: { type: 'string', arg: 'ADDR', help: 'local address to listen on (default: HOST, else 127.0.0.1)' },
  },
  env: [...AWS_ENV, { name: 'PORT', help: 'local HTTP port (default 3000)' }, { name: 'HOST', help: 'local address (default 127.0.0.1)' }],
});

export function dashboardOptions(argv: readonly string[], env: NodeJS.ProcessEnv): DashboardOptions {
  const flags = parseCommand(DASHBOARD, argv);
  const region = regionFrom(flags.region, env);
  if (!region) throw new UsageError('--region is required (or set AWS_REGION): the region of the deployed Opsight stack', 'region');
  const api = flags.api;
  if (api !== undefined) {
    let u: URL;
    try {
      u = new URL(api);
    } catch {
      throw new UsageError(`--api must be the stack's API URL (https://…), got "${api}"`, 'api');
    }
    const loopback = u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && loopback)) throw new UsageError('--api must use https (http only on loopback)', 'api');
  }
  if (flags.stack !== undefined && !/^[A-Za-z][A-Za-z0-9-]{0,127}$/.test(flags.stack)) throw new UsageError(`--stack: "${flags.stack}" is not a CloudFormation stack name`, 'stack');
  const profile = flags.profile ?? (env.AWS_PROFILE || undefined);
  return { region, profile, api, stack: flags.stack ?? 'Opsight', port: portFrom(flags.port, env), host: flags.host ?? (env.HOST || '127.0.0.1') };
}

/** Caches credentials until five minutes before they expire. */
export function memoizeCredentials(provider: CredentialProvider): CredentialProvider {
  let current: Promise<Credentials> | undefined;
  return async () => {
    const c = current ? await current.catch(() => undefined) : undefined;
    if (c && (!c.expiration || c.expiration.getTime() - Date.now() > 5 * 60_000)) return c;
    current = provider();
    return current;
  };
}

/** Request headers forwarded to the API (and signed); everything else stays local. */
const FORWARDED = ['accept', 'content-type'];
/** Response headers not copied back: the body is re-encoded by this server. */
const HOP_BY_HOP = new Set(['connection', 'content-encoding', 'content-length', 'keep-alive', 'transfer-encoding']);

export interface SigningProxyOptions {
  /** The API's base URL, stage included, e.g. https://abc.execute-api.eu-west-1.amazonaws.com/prod/ */
  readonly target: string;
  readonly region: string;
  readonly credentials: CredentialProvider;
  /** @default 'execute-api' */
  readonly service?: string;
  /** @default globalThis.fetch */
  readonly fetch?: typeof fetch;
}

/** A fetch handler that forwards each request to `target`, signed with SigV4. */
export function createSigningProxy(options: SigningProxyOptions): FetchHandler {
  const base = new URL(options.target);
  const prefix = base.pathname.replace(/\/+$/, '');
  const signer = new SignatureV4({ service: options.service ?? 'execute-api', region: options.region, credentials: options.credentials, sha256: Sha256 });
  const doFetch = options.fetch ?? fetch;
  return {
    async fetch(request: Request): Promise<Response> {
      if (!['GET', 'PUT', 'POST', 'DELETE', 'HEAD'].includes(request.method)) {
        return Response.json({ error: { code: 'MethodNotAllowed', message: `${request.method} is not forwarded` } }, { status: 405 });
      }
      const incoming = new URL(request.url);
      const query: Record<string, string | string[]> = {};
      for (const [k, v] of incoming.searchParams) {
        const prev = query[k];
        query[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
      }
      const headers: Record<string, string> = { host: base.host };
      for (const name of FORWARDED) {
        const v = request.headers.get(name);
        if (v) headers[name] = v;
      }
      const body = request.method === 'GET' || request.method === 'HEAD' ? undefined : await request.text();
      const signed = await signer.sign({
        method: request.method,
        protocol: base.protocol,
        hostname: base.hostname,
        port: base.port ? Number(base.port) : undefined,
        path: `${prefix}${incoming.pathname}`,
        query,
        headers,
        body,
      } as Parameters<SignatureV4['sign']>[0]);
      const out = new URL(`${base.origin}${prefix}${incoming.pathname}`);
      out.search = incoming.search;
      const sentHeaders = new Headers();
      for (const [k, v] of Object.entries(signed.headers)) if (k !== 'host') sentHeaders.set(k, String(v));
      let res: Response;
      try {
        res = await doFetch(out, { method: request.method, headers: sentHeaders, body, redirect: 'manual' });
      } catch (cause) {
        throw new UpstreamError(`Cannot reach ${base.origin}: ${(cause as Error).message}`, { cause });
      }
      const back = new Headers();
      res.headers.forEach((v, k) => {
        if (!HOP_BY_HOP.has(k)) back.set(k, v);
      });
      return new Response(request.method === 'HEAD' ? null : await res.arrayBuffer(), { status: res.status, headers: back });
    },
  };
}

/** Reads the `ApiUrl` output of the deployed stack. */
export async function resolveApiUrl(stack: string, region: string, credentials: CredentialProvider): Promise<string> {
  const cfn = new CloudFormationClient({ region, credentials });
  try {
    const r = await cfn.send(new DescribeStacksCommand({ StackName: stack }));
    const url = r.Stacks?.[0]?.Outputs?.find((o) => o.OutputKey === 'ApiUrl')?.OutputValue;
    if (!url) throw new ValidationError(`Stack ${stack} in ${region} has no ApiUrl output; pass --api URL`, 'api');
    return url;
  } catch (err) {
    if (err instanceof ValidationError) throw err;
    throw new UpstreamError(`Cannot read stack ${stack} in ${region}: ${(err as Error).message}. Pass --stack NAME or --api URL.`, { cause: err });
  } finally {
    cfn.destroy();
  }
}

export interface DashboardDeps {
  /** @default the AWS SDK's default chain (environment, SSO, shared files with --profile, IMDS…) */
  readonly credentials?: CredentialProvider;
  readonly fetch?: typeof fetch;
  /** Fires when the user stops the command (SIGINT, SIGTERM). */
  readonly signal?: AbortSignal;
}

export async function dashboard(
  argv: readonly string[],
  io: CliIo,
  env: NodeJS.ProcessEnv = process.env,
  deps: DashboardDeps = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const opts = dashboardOptions(argv, env);
  // The port first: a busy one fails before credentials are looked for.
  const server = await bindServer(opts.port, opts.host);
  let target: string;
  try {
    const credentials = memoizeCredentials(deps.credentials ?? (fromNodeProviderChain(opts.profile ? { profile: opts.profile } : {}) as CredentialProvider));
    try {
      await credentials();
    } catch (cause) {
      throw credentialsError(cause, opts.profile);
    }
    throwIfStopped(deps.signal);
    target = opts.api ?? (await resolveApiUrl(opts.stack, opts.region, credentials));
    const proxy = createSigningProxy({ target, region: opts.region, credentials, fetch: deps.fetch });
    server.serve(createSite(proxy, await dashboardAssets(), { subtitle: `${opts.region} · ${new URL(target).host}` }));
    throwIfStopped(deps.signal);
  } catch (err) {
    await server.close();
    throw err;
  }
  io.out(`Opsight dashboard for ${target} (${opts.region}${opts.profile ? `, profile ${opts.profile}` : ''})`);
  io.out(`Dashboard: ${server.url}/`);
  io.out('API calls are signed with your AWS credentials. Press Ctrl-C to stop.');
  return { url: server.url, close: () => server.close() };
}
