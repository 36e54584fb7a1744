/**
 * Runs benchmark jobs on worker threads (each with its own embedded store), or in this thread
 * when workers are unavailable (a bundled build, a test runner without the TypeScript loader)
 * or when asked for one at a time. Results come back in job order.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runJob, type Job } from './jobs';
import type { ScenarioOutcome } from './run';

export type JobResult = { readonly outcome: ScenarioOutcome } | { readonly error: string };

export interface PoolOptions {
  readonly concurrency: number;
  readonly onDone?: (job: Job, result: JobResult, done: number, total: number) => void;
}

/** A worker that loads worker.ts through tsx's loader, or undefined when that is not possible here. */
function spawnWorker(): Worker | undefined {
  const file = new URL('./worker.ts', import.meta.url);
  if (file.protocol !== 'file:' || !existsSync(fileURLToPath(file))) return undefined;
  let api: string;
  try {
    api = import.meta.resolve('tsx/esm/api');
  } catch {
    return undefined;
  }
  const code = `import { register } from ${JSON.stringify(api)};\nregister();\nawait import(${JSON.stringify(file.href)});`;
  try {
    return new Worker(new URL(`data:text/javascript,${encodeURIComponent(code)}`));
  } catch {
    return undefined;
  }
}

async function runHere(job: Job): Promise<JobResult> {
  try {
    return { outcome: await runJob(job) };
  } catch (err) {
    return { error: err instanceof Error ? err.message : String(err) };
  }
}

export async function runJobs(jobs: readonly Job[], options: PoolOptions): Promise<JobResult[]> {
  const results: JobResult[] = new Array<JobResult>(jobs.length);
  const queue = [...jobs];
  let done = 0;
  const finish = (job: Job, result: JobResult) => {
    results[jobs.indexOf(job)] = result;
    done++;
    options.onDone?.(job, result, done, jobs.length);
  };

  const workers: Worker[] = [];
  const wanted = Math.min(Math.max(1, Math.floor(options.concurrency)), jobs.length);
  if (wanted > 1) {
    for (let k = 0; k < wanted; k++) {
      const w = spawnWorker();
      if (!w) break;
      workers.push(w);
    }
  }

  if (workers.length > 0) {
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            let current: Job | undefined;
            const next = () => {
              current = queue.shift();
              if (current) w.postMessage(current);
              else void w.terminate().then(() => resolve());
            };
            w.on('message', (msg: { index: number; outcome?: ScenarioOutcome; error?: string }) => {
              if (current) finish(current, msg.outcome ? { outcome: msg.outcome } : { error: msg.error ?? 'unknown error' });
              next();
            });
            w.on('error', () => {
              // The worker could not start or crashed: give its job back; this thread finishes the queue.
              if (current) queue.unshift(current);
              current = undefined;
              resolve();
            });
            next();
          }),
      ),
    );
  }
  while (queue.length > 0) {
    const job = queue.shift()!;
    finish(job, await runHere(job));
  }
  return results;
}
