/** Worker thread of the scenario benchmark: runs the jobs it is sent, one at a time. */
import { parentPort } from 'node:worker_threads';
import { runJob, type Job } from './jobs';

parentPort?.on('message', (job: Job) => {
  runJob(job).then(
    (outcome) => parentPort?.postMessage({ index: job.index, outcome }),
    (err: unknown) => parentPort?.postMessage({ index: job.index, error: err instanceof Error ? err.message : String(err) }),
  );
});
