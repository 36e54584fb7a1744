/**
 * The CLI as a user runs it: a child process (`node --import tsx bin/cli.ts`, and `npm start`),
 * its exit code and what it prints. Loopback only; no AWS credentials anywhere (the SDK's
 * credential chain is pointed at empty files and the instance metadata service is off).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { builtinScenario } from '../../src/local/scenario/builtin';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'opsight-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** An environment with no AWS credentials to find and no network to try. */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: tmp,
    AWS_CONFIG_FILE: join(tmp, 'no-aws-config'),
    AWS_SHARED_CREDENTIALS_FILE: join(tmp, 'no-aws-credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
}

interface Run {
  readonly child: ChildProcess;
  stdout: string;
  stderr: string;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
  /** Resolves once stdout or stderr has printed a line matching `re`. */
  waitFor(re: RegExp): Promise<string>;
}

function launch(command: string, args: readonly string[], env: NodeJS.ProcessEnv): Run {
  const child = spawn(command, args, { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const waiters: Array<{ re: RegExp; resolve: (line: string) => void }> = [];
  const run: Run = {
    child,
    stdout: '',
    stderr: '',
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    waitFor: (re) =>
      new Promise((resolve, reject) => {
        const line = `${run.stdout}\n${run.stderr}`.split('\n').find((l) => re.test(l));
        if (line !== undefined) return resolve(line);
        waiters.push({ re, resolve });
        void run.exited.then((code) => reject(new Error(`exited (${code}) before printing ${re}:\n${run.stdout}\n${run.stderr}`)));
      }),
  };
  const feed = (which: 'stdout' | 'stderr') => (chunk: Buffer) => {
    run[which] += chunk.toString();
    for (const w of [...waiters]) {
      const line = run[which].split('\n').find((l) => w.re.test(l));
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  child.stdout!.on('data', feed('stdout'));
  child.stderr!.on('data', feed('stderr'));
  return run;
}

const cli = (args: readonly string[], env: NodeJS.ProcessEnv = cleanEnv()) => launch(process.execPath, ['--import', 'tsx', 'bin/cli.ts', ...args], env);

/** Runs the CLI to its end; expects exactly one line on stderr, nothing on stdout, exit code 2. */
async function oneLineFailure(args: readonly string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const run = cli(args, env);
  const code = await run.exited;
  expect(run.stdout).toBe('');
  expect(run.stderr.endsWith('\n')).toBe(true);
  expect(run.stderr.trimEnd().split('\n'), run.stderr).toHaveLength(1);
  expect(run.stderr).not.toMatch(/^\s+at /m);
  expect(code).toBe(2);
  return run.stderr.trimEnd();
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('opsight, run as a process', () => {
  it('rejects an unknown flag in one line, exit code 2, before doing anything', async () => {
    const data = join(tmp, 'unknown-flag');
    expect(await oneLineFailure(['start', '--frobnicate'], cleanEnv({ OPSIGHT_DATA_DIR: data }))).toBe(
      'opsight: start: unknown flag --frobnicate; expected --port, --host, --data, --scenario, --two-accounts',
    );
    expect(existsSync(data)).toBe(false);
  });

  it('without AWS credentials, scan, cost and dashboard say so in one line, exit code 2', async () => {
    const data = join(tmp, 'scan-no-credentials');
    const scan = await oneLineFailure(['scan', '--region', 'eu-west-1', '--account'], cleanEnv({ OPSIGHT_DATA_DIR: data }));
    expect(scan).toMatch(/^opsight: No AWS credentials: .+\. Configure them/);
    expect(existsSync(data)).toBe(false);
    expect(await oneLineFailure(['cost', '--region', 'eu-west-1', '--stack', 'shop'])).toMatch(/^opsight: No AWS credentials: /);
    expect(await oneLineFailure(['scan', '--region', 'eu-west-1', '--account', '--profile', 'ops'], cleanEnv({ OPSIGHT_DATA_DIR: data }))).toMatch(
      /^opsight: No AWS credentials for profile ops: /,
    );
    expect(await oneLineFailure(['dashboard', '--region', 'eu-west-1', '--port', '0'])).toMatch(/^opsight: No AWS credentials: .+\. Configure them/);
  });

  it('finds a busy port before any work: one line, exit code 2, no analysis, data folder untouched', async () => {
    const busy: Server = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    const port = (busy.address() as AddressInfo).port;
    try {
      const data = join(tmp, 'busy-port');
      expect(await oneLineFailure(['start', '--port', String(port)], cleanEnv({ OPSIGHT_DATA_DIR: data }))).toBe(
        `opsight: Port ${port} on 127.0.0.1 is in use: stop what uses it, or choose another port with --port or PORT (0 picks a free one).`,
      );
      expect(existsSync(data)).toBe(false);
      expect(await oneLineFailure(['dashboard', '--region', 'eu-west-1', '--port', String(port)])).toMatch(`opsight: Port ${port} on 127.0.0.1 is in use`);
    } finally {
      await new Promise((resolve) => busy.close(resolve));
    }
  });

  it('reports missing data in one line, exit code 2', async () => {
    const missing = join(tmp, 'missing.json');
    expect(await oneLineFailure(['start', '--port', '0', '--scenario', missing], cleanEnv({ OPSIGHT_DATA_DIR: join(tmp, 'missing-data') }))).toMatch(
      new RegExp(`^opsight: Cannot read scenario ${missing}: ENOENT`),
    );
    expect(await oneLineFailure(['bench', 'detect', '--data', join(tmp, 'no-corpus')])).toBe(`opsight: --data: ${join(tmp, 'no-corpus')} is not a directory`);
  });
});

describe('npm start stops cleanly', () => {
  const npmEnv = (data: string) => ({ ...process.env, OPSIGHT_DATA_DIR: data, PORT: '0', AWS_EC2_METADATA_DISABLED: 'true' });

  it('on SIGTERM once serving: the server is closed, the process is gone, the pid file removed', async () => {
    const scenario = join(tmp, 'small.json');
    writeFileSync(scenario, JSON.stringify(builtinScenario({ days: 2 })));
    const data = join(tmp, 'sigterm');
    const run = launch('npm', ['start', '--', '--scenario', scenario], npmEnv(data));
    const url = (await run.waitFor(/^Dashboard: http/)).replace(/^Dashboard: /, '').trim();
    expect((await fetch(`${url}insights`)).status).toBe(200);
    const pid = Number(readFileSync(join(data, 'opsight.pid'), 'utf8'));
    expect(isAlive(pid)).toBe(true);

    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(0);
    expect(run.stderr).toContain('Stopped.');
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(join(data, 'opsight.pid'))).toBe(false);
    await expect(fetch(`${url}insights`)).rejects.toThrow();
  });

  it('on SIGINT during the analysis: stops mid-way, nothing is left running, the pid file removed', async () => {
    const data = join(tmp, 'sigint');
    const run = launch('npm', ['start'], npmEnv(data));
    await run.waitFor(/^cycles 10% /);
    const pid = Number(readFileSync(join(data, 'opsight.pid'), 'utf8'));

    run.child.kill('SIGINT');
    expect(await run.exited).toBe(0);
    expect(run.stderr).toContain('Stopped before the dashboard was ready.');
    expect(run.stderr).not.toMatch(/^cycles 100% /m);
    expect(run.stdout).not.toContain('Ready in');
    expect(isAlive(pid)).toBe(false);
    expect(existsSync(join(data, 'opsight.pid'))).toBe(false);
  }, 120_000);
});
