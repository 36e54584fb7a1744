import { EventEmitter } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { command, parseCommand, parseDuration, portFrom, REGION_PATTERN, regionFrom, UsageError } from '../../src/cli/args';
import { COST, cost } from '../../src/cli/commands/cost';
import { dashboardOptions } from '../../src/cli/commands/dashboard';
import { scanOptions } from '../../src/cli/commands/scan';
import { START } from '../../src/cli/commands/start';
import type { CliIo } from '../../src/cli/io';
import { COMMANDS, ENVIRONMENT, expectedFailure, helpText, main } from '../../src/cli/main';
import { serveUntilSignal, Stopped } from '../../src/cli/serve';
import { OpsightError, UpstreamError } from '../../src/core';

function captureIo(): CliIo & { lines: string[] } {
  const lines: string[] = [];
  return { lines, out: (l) => lines.push(l), err: (l) => lines.push(l), interactive: false };
}

const SPEC = command({
  name: 'demo',
  summary: 'a command for tests',
  flags: {
    name: { type: 'string', arg: 'N', help: 'a name' },
    tag: { type: 'string', multiple: true, arg: 'T', help: 'tags' },
    dry: { type: 'boolean', help: 'dry run' },
  },
});

describe('parseCommand (node:util parseArgs, strict)', () => {
  it('reads --flag value, --flag=value, repeated and boolean flags', () => {
    expect(parseCommand(SPEC, ['--name', 'a', '--tag=x', '--tag', 'y', '--dry'])).toEqual({ name: 'a', tag: ['x', 'y'], dry: true });
    expect(parseCommand(SPEC, [])).toEqual({});
  });

  it('rejects, in one line naming it, an unknown flag, a positional argument, a missing or empty value, a value on a boolean, a repeated single flag', () => {
    const fails = (argv: string[]) => {
      try {
        parseCommand(SPEC, argv);
      } catch (e) {
        expect(e).toBeInstanceOf(UsageError);
        expect((e as Error).message).not.toContain('\n');
        return (e as Error).message;
      }
      throw new Error(`accepted ${argv.join(' ')}`);
    };
    expect(fails(['--frobnicate'])).toBe('demo: unknown flag --frobnicate; expected --name, --tag, --dry');
    expect(fails(['--name', 'a', '-x'])).toBe('demo: unknown flag -x; expected --name, --tag, --dry');
    expect(fails(['stray'])).toBe('demo: unexpected argument "stray"; expected --name, --tag, --dry');
    expect(fails(['--name'])).toBe('demo: --name needs a value (--name N)');
    expect(fails(['--name', '--dry'])).toMatch(/^demo: --name needs a value/);
    expect(fails(['--name='])).toBe('demo: --name needs a non-empty value');
    expect(fails(['--dry=yes'])).toBe('demo: --dry takes no value');
    expect(fails(['--name', 'a', '--name', 'b'])).toBe('demo: --name given twice');
  });

  it('is what every command uses: each rejects an unknown flag naming it', async () => {
    const io = captureIo();
    for (const name of ['start', 'dashboard', 'scan', 'cost']) {
      await expect(main([name, '--frobnicate'], io), name).rejects.toThrow(new RegExp(`^${name}: unknown flag --frobnicate; expected --`));
    }
    await expect(main(['bench', 'detect', '--frobnicate'], io)).rejects.toThrow(/^bench detect: unknown flag --frobnicate; expected --points, --data$/);
    await expect(main(['start', 'now'], io)).rejects.toThrow(/^start: unexpected argument "now"/);
    await expect(main(['frobnicate'], io)).rejects.toThrow(/^unknown command "frobnicate"/);
    expect(io.lines).toEqual([]);
  });
});

describe('shared value checks', () => {
  const accepted = ['eu-west-1', 'us-gov-west-1', 'ap-southeast-5', 'cn-north-1', 'me-central-1'];
  const rejected = ['moon', 'Mars', 'eu-west', 'eu-west-1a', 'EU-WEST-1', 'eu_west_1', ' eu-west-1'];

  it('one region pattern for every command that takes --region', async () => {
    for (const r of accepted) {
      expect(REGION_PATTERN.test(r), r).toBe(true);
      expect(scanOptions(['--region', r, '--account'], {}).region).toBe(r);
      expect(dashboardOptions(['--region', r], {}).region).toBe(r);
    }
    for (const r of rejected) {
      expect(REGION_PATTERN.test(r), r).toBe(false);
      expect(() => scanOptions(['--region', r, '--account'], {}), r).toThrow(`--region: "${r}" is not an AWS region name`);
      expect(() => dashboardOptions(['--region', r], {}), r).toThrow(`--region: "${r}" is not an AWS region name`);
      await expect(cost(['--region', r, '--account'], captureIo(), { env: {} }), r).rejects.toThrow(`--region: "${r}" is not an AWS region name`);
    }
    // The environment is checked the same way, and named.
    expect(() => regionFrom(undefined, { AWS_REGION: 'moon' })).toThrow('AWS_REGION: "moon"');
    expect(regionFrom(undefined, { AWS_DEFAULT_REGION: 'eu-north-1' })).toBe('eu-north-1');
    expect(regionFrom(undefined, {})).toBeUndefined();
  });

  it('ports and durations', () => {
    expect(portFrom(undefined, {})).toBe(3000);
    expect(portFrom('0', { PORT: '8080' })).toBe(0);
    expect(portFrom(undefined, { PORT: '8080' })).toBe(8080);
    expect(() => portFrom('http', {})).toThrow('--port must be an integer from 0 to 65535, got "http"');
    expect(() => portFrom(undefined, { PORT: '65536' })).toThrow('PORT must be');
    expect(parseDuration('90m', 'since')).toBe(5_400_000);
    expect(parseDuration('3d', 'since')).toBe(259_200_000);
    expect(() => parseDuration('3 days', 'since')).toThrow('--since: expected a duration');
  });
});

describe('opsight help', () => {
  const help = helpText();

  it('lists every command with every flag', () => {
    const sections = help.split('\n\n');
    for (const spec of COMMANDS) {
      const section = sections.find((s) => s.startsWith(`opsight ${spec.name} `));
      expect(section, spec.name).toBeDefined();
      for (const flag of Object.keys(spec.flags)) expect(section, `${spec.name} --${flag}`).toMatch(new RegExp(`^ {4}--${flag}( |$)`, 'm'));
    }
    expect(help).toContain('opsight help');
  });

  it('lists the flags that bench nab and bench scenarios parse themselves', async () => {
    for (const which of ['nab', 'scenarios']) {
      const io = captureIo();
      expect(await main(['bench', which, '--help'], io)).toBe(0);
      const own = [...io.lines.join('\n').matchAll(/--([a-z-]+)/g)].map((m) => m[1]!).filter((f) => f !== 'help');
      expect(own.length).toBeGreaterThan(0);
      const spec = COMMANDS.find((c) => c.name === `bench ${which}`)!;
      expect(Object.keys(spec.flags).sort()).toEqual([...new Set(own)].sort());
    }
  });

  it('lists every environment variable the CLI reads', () => {
    const read = new Set<string>();
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (p.endsWith('.ts')) for (const m of readFileSync(p, 'utf8').matchAll(/\benv\.([A-Z][A-Z0-9_]+)/g)) read.add(m[1]!);
      }
    };
    walk(fileURLToPath(new URL('../../src/cli', import.meta.url)));
    read.delete('AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'); // set by the CLI, not read from the user
    expect(read.size).toBeGreaterThanOrEqual(6);
    for (const name of read) {
      expect(ENVIRONMENT.map((e) => e.name), name).toContain(name);
      expect(help).toMatch(new RegExp(`^  ${name} `, 'm'));
    }
  });

  it('answers help and --help of each command on stdout with exit code 0', async () => {
    const io = captureIo();
    expect(await main([], io)).toBe(0);
    expect(await main(['start', '--help'], io)).toBe(0);
    expect(io.lines.at(-1)).toContain('--scenario FILE');
    expect(io.lines.at(-1)).toContain('OPSIGHT_DATA_DIR');
    expect(Object.keys(START.flags)).toEqual(['port', 'host', 'data', 'scenario', 'two-accounts']);
    expect(await main(['cost', '-h'], io)).toBe(0);
    expect(io.lines.at(-1)).toContain(`--golden-minutes ${COST.flags['golden-minutes'].arg}`);
  });
});

describe('expected failures', () => {
  it('are one line: Opsight errors, AWS credential errors, system errors; anything else is a bug', () => {
    expect(expectedFailure(new OpsightError('bad\nmore'))).toBe('bad');
    const creds = Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
    expect(expectedFailure(creds)).toBe('No AWS credentials: Could not load credentials from any providers');
    const expired = Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException' });
    expect(expectedFailure(expired)).toBe('AWS refused the credentials (ExpiredTokenException): The security token included in the request is expired');
    const enoent = Object.assign(new Error("ENOENT: no such file or directory, open 'x.json'"), { code: 'ENOENT' });
    expect(expectedFailure(enoent)).toBe("ENOENT: no such file or directory, open 'x.json'");
    expect(expectedFailure(new TypeError('x is undefined'))).toBeUndefined();
    expect(expectedFailure('a string')).toBeUndefined();
  });
});

describe('serveUntilSignal', () => {
  function fakeProcess() {
    const p = new EventEmitter() as EventEmitter & { exitCode?: number };
    return Object.assign(p, { exit: (code: number) => (p.exitCode = code) }) as unknown as NodeJS.Process & EventEmitter;
  }

  it('stops a command still starting up: it sees the signal, stops, and nothing is left listening', async () => {
    const proc = fakeProcess();
    const io = captureIo();
    const done = serveUntilSignal(
      io,
      (signal) =>
        new Promise((_resolve, reject) => {
          signal.addEventListener('abort', () => reject(new Stopped()));
          proc.emit('SIGTERM', 'SIGTERM');
        }),
      proc,
    );
    expect(await done).toBe(0);
    expect(io.lines).toEqual(['Stopped before the dashboard was ready.']);
    expect(proc.listenerCount('SIGTERM') + proc.listenerCount('SIGINT')).toBe(0);
  });

  it('closes a running command on SIGINT or SIGTERM', async () => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) {
      const proc = fakeProcess();
      const io = captureIo();
      let closed = 0;
      const done = serveUntilSignal(io, async () => ({ close: async () => void closed++ }), proc);
      await new Promise((r) => setImmediate(r));
      expect(closed).toBe(0);
      proc.emit(sig, sig);
      expect(await done).toBe(0);
      expect(closed).toBe(1);
      expect(io.lines).toEqual(['Stopping…', 'Stopped.']);
      expect(proc.listenerCount(sig)).toBe(0);
    }
  });

  it('passes a real failure on, after removing its handlers', async () => {
    const proc = fakeProcess();
    await expect(serveUntilSignal(captureIo(), async () => Promise.reject(new UpstreamError('Port 1 is in use')), proc)).rejects.toThrow('Port 1 is in use');
    expect(proc.listenerCount('SIGINT')).toBe(0);
  });
});
