/**
 * `npm run bench:api`: a bounded load test of the aggregate routes on loopback. It stores a
 * synthetic history in the embedded store (on disk, as `npm start` does), serves the API on
 * 127.0.0.1, and drives GET /health, /overview and /dora round-robin over 20 keep-alive
 * connections until 100,000 requests are answered (or 10 minutes pass), printing req/s, p50,
 * p99 and the process's RSS before and after (server and client share the process). RSS is read
 * after a 10,000-request warm-up (JIT, caches) and a full GC, and again after the run and a GC.
 *
 *   npm run bench:api [-- --requests 100000 --connections 20 --seconds 600 --routes /health,/overview,/dora]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApi } from '../src/api';
import type { Insight, OpsEvent } from '../src/core';
import { startEmbeddedStore } from '../src/local/embedded-dynamo';
import { listen } from '../src/local/server';

const MIN = 60_000;
const DAY = 86_400_000;

function flag(name: string, fallback: number, max: number): number {
  const i = process.argv.indexOf(`--${name}`);
  const text = i >= 0 ? process.argv[i + 1] : undefined;
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^\d+$/.test(text) || n < 1 || n > max) throw new Error(`--${name} must be a whole number from 1 to ${max}, got "${text}"`);
  return n;
}

const REQUESTS = flag('requests', 100_000, 1_000_000);
const CONNECTIONS = flag('connections', 20, 256);
const SECONDS = flag('seconds', 600, 3600);
const WARMUP = Math.min(10_000, REQUESTS);
const routesFlag = process.argv.indexOf('--routes');
/** The routes driven, round-robin. */
const ROUTES = routesFlag >= 0 ? String(process.argv[routesFlag + 1]).split(',') : ['/health', '/overview', '/dora'];
if (!ROUTES.every((r) => ['/health', '/overview', '/dora', '/collections'].includes(r))) throw new Error('--routes takes a comma-separated list of /health, /overview, /dora, /collections');

/** A deterministic history: 60 days, 30 stacks, about 25 insights and 40 deployments a day. */
function history(end: number): { insights: Insight[]; events: OpsEvent[] } {
  let seed = 42;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const insights: Insight[] = [];
  const events: OpsEvent[] = [];
  const start = end - 60 * DAY;
  for (let d = 0; d < 60; d++) {
    for (let k = 0; k < 40; k++) {
      const stack = `stack-${k % 30}`;
      events.push({
        id: `d-${d}-${k}`,
        time: start + d * DAY + Math.floor(rnd() * DAY),
        source: 'codedeploy.amazonaws.com',
        name: `Deployment d-${d}-${k}`,
        dataSource: 'CODE_DEPLOY',
        class: 'DEPLOYMENT',
        resources: [{ type: 'AWS::Lambda::Function', name: `fn-${k}` }],
        stack,
        status: 'Succeeded',
      });
    }
    for (let k = 0; k < 25; k++) {
      const t = start + d * DAY + Math.floor(rnd() * DAY);
      const open = d === 59 && k < 5;
      const proactive = k % 10 === 0;
      insights.push({
        id: `ins-${d}-${k}`,
        name: `insight ${d}-${k}`,
        description: 'Errors increased on a Lambda function after a deployment.',
        type: proactive ? 'PROACTIVE' : 'REACTIVE',
        severity: (['LOW', 'MEDIUM', 'HIGH'] as const)[k % 3]!,
        status: open ? 'ONGOING' : 'CLOSED',
        timeRange: open ? { start: t } : { start: t, end: t + Math.floor(10 + rnd() * 90) * MIN },
        collection: { type: 'STACK', name: `stack-${k % 30}` },
        anomalyIds: Array.from({ length: 4 }, (_, j) => `anm-${d}-${k}-${j}`),
        relevantEventIds: k % 4 === 0 ? [`d-${d}-${k}`] : [],
        recommendations: [],
        createdAt: t,
        updatedAt: t,
        version: 1,
      });
    }
  }
  return { insights, events };
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]! : NaN;
}

/** Memory once the requests in flight have finished and garbage is collected. */
async function settled(): Promise<NodeJS.MemoryUsage> {
  for (let i = 0; i < 3; i++) {
    await new Promise((r) => setTimeout(r, 200));
    global.gc?.();
  }
  return process.memoryUsage();
}

const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'opsight-bench-api-'));
  const emb = await startEmbeddedStore({ path: join(dir, 'data') });
  const end = Date.UTC(2026, 10, 30);
  try {
    const h = history(end);
    await emb.store.listCollectionSummaries(end); // a new deployment: summaries from the first insight on
    for (const i of h.insights) await emb.store.saveInsight(i);
    await emb.store.putEvents(h.events);
    const api = createApi({ store: emb.store, clock: { now: () => end }, onError: (e) => console.error('API error', e) });
    const server = await listen(api, 0, '127.0.0.1');
    const agent = new Agent({ keepAlive: true, maxSockets: CONNECTIONS });
    const get = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port: server.port, path, agent, headers: { host: `127.0.0.1:${server.port}` } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end();
      });

    console.log(`Opsight API load: ${h.insights.length} insights, ${h.events.length} events; ${CONNECTIONS} connections, ${REQUESTS} requests over ${ROUTES.join(', ')} (at most ${SECONDS} s)`);
    const run = async (total: number, record: boolean) => {
      const latencies = ROUTES.map(() => new Float64Array(total));
      const counts = ROUTES.map(() => 0);
      let issued = 0;
      let failures = 0;
      const deadline = performance.now() + SECONDS * 1000;
      const began = performance.now();
      await Promise.all(
        Array.from({ length: CONNECTIONS }, async () => {
          while (issued < total && performance.now() < deadline) {
            const r = issued++ % ROUTES.length;
            const t0 = performance.now();
            const status = await get(ROUTES[r]!);
            if (status !== 200) failures++;
            if (record) latencies[r]![counts[r]!++] = performance.now() - t0;
          }
        }),
      );
      return { seconds: (performance.now() - began) / 1000, latencies, counts, failures, done: issued };
    };

    await run(WARMUP, false);
    const before = await settled();
    const result = await run(REQUESTS, true);
    const after = await settled();

    console.log(`${result.done} requests in ${result.seconds.toFixed(1)} s: ${(result.done / result.seconds).toFixed(0)} req/s, ${result.failures} non-200`);
    let worstP99 = 0;
    ROUTES.forEach((route, r) => {
      const sorted = result.latencies[r]!.slice(0, result.counts[r]).sort();
      const p99 = percentile(sorted, 99);
      worstP99 = Math.max(worstP99, p99);
      console.log(`  ${route.padEnd(10)} ${String(result.counts[r]).padStart(7)} requests  p50 ${percentile(sorted, 50).toFixed(1)} ms  p99 ${p99.toFixed(1)} ms  max ${sorted[sorted.length - 1]?.toFixed(1)} ms`);
    });
    const growth = after.rss - before.rss;
    console.log(`RSS before ${mb(before.rss)}, after ${mb(after.rss)}: growth ${mb(growth)} (heap ${mb(before.heapUsed)} → ${mb(after.heapUsed)})`);
    console.log(`Targets: RSS growth < 50 MB ${growth < 50 * 1024 * 1024 ? 'met' : 'MISSED'}; p99 < 100 ms ${worstP99 < 100 ? 'met' : 'MISSED'}`);
    agent.destroy();
    await server.close();
  } finally {
    await emb.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
