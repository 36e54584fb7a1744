/** The `opsight` command: dispatches to one module per command. */
import { OpsightError } from '../core';
import { command, commandHelp, UsageError, wantsHelp, type CommandSpec } from './args';
import { BENCH_DETECT, benchDetect } from './commands/bench-detect';
import { BENCH_LOGS, benchLogs } from './commands/bench-logs';
import { BENCH_NAB, benchNab } from './commands/bench-nab';
import { BENCH_SCALE, benchScale } from './commands/bench-scale';
import { benchScenarios } from './commands/bench-scenarios';
import { COST, cost } from './commands/cost';
import { DASHBOARD, dashboard } from './commands/dashboard';
import { REDRIVE, redrive } from './commands/redrive';
import { SCAN, scan } from './commands/scan';
import { START, start } from './commands/start';
import { processIo, type CliIo } from './io';
import { serveUntilSignal } from './serve';

/** `bench scenarios` parses its own flags; described here for help. */
const BENCH_SCENARIOS = command({
  name: 'bench scenarios',
  summary: 'run the pipeline over labelled scenarios (default: the benchmark suite): recall, precision, root cause, delay, forecast error, false insights',
  flags: {
    dir: { type: 'string', arg: 'DIR', help: 'every *.json bundle under DIR instead of the shipped suite' },
    json: { type: 'boolean', help: 'print the figures as one JSON object' },
    only: { type: 'string', arg: 'TEXT', help: 'only scenarios whose name contains TEXT' },
    concurrency: { type: 'string', arg: 'N', help: 'worker threads (default 2, at most the CPUs)' },
    step: { type: 'string', arg: 'MINUTES', help: "cycle cadence (default: each bundle's replay hint, else 5)" },
    suite: { type: 'string', arg: 'NAME', help: 'benchmark (default) or shipped (the earlier 34 scenarios)' },
    family: { type: 'string', arg: 'NAME', help: 'only scenarios of this family' },
    without: { type: 'string', arg: 'NAME', help: 'leave this family out' },
    'leave-one-out': { type: 'boolean', help: 'also report the figures with each family left out' },
  },
});

/** Every command, in the order help lists them. */
export const COMMANDS: readonly CommandSpec[] = [START, DASHBOARD, SCAN, COST, REDRIVE, BENCH_NAB, BENCH_DETECT, BENCH_LOGS, BENCH_SCALE, BENCH_SCENARIOS];

/** Every environment variable the CLI reads. */
export const ENVIRONMENT: ReadonlyArray<{ name: string; help: string }> = [
  { name: 'PORT', help: 'HTTP port of start and dashboard (default 3000); --port wins' },
  { name: 'HOST', help: 'address start and dashboard listen on (default 127.0.0.1); --host wins' },
  { name: 'OPSIGHT_DATA_DIR', help: 'folder of the embedded store of start and scan (default .opsight/data); --data wins' },
  { name: 'AWS_REGION', help: 'region of scan, cost and dashboard when --region is not given' },
  { name: 'AWS_DEFAULT_REGION', help: 'region when neither --region nor AWS_REGION is given' },
  { name: 'AWS_PROFILE', help: 'profile of your AWS config when --profile is not given' },
  { name: 'AWS_ACCESS_KEY_ID', help: 'with AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN: credentials, read by the AWS SDK' },
  { name: 'AWS_SECRET_ACCESS_KEY', help: 'see AWS_ACCESS_KEY_ID' },
  { name: 'AWS_SESSION_TOKEN', help: 'see AWS_ACCESS_KEY_ID' },
];

export function helpText(): string {
  const width = Math.max(...ENVIRONMENT.map((e) => e.name.length)) + 2;
  return [
    'opsight <command> [flags]        (opsight <command> --help: that command alone)',
    '',
    ...COMMANDS.flatMap((c) => [commandHelp(c, false), '']),
    'opsight help',
    '  this text',
    '',
    'Environment:',
    ...ENVIRONMENT.map((e) => `  ${e.name.padEnd(width)}${e.help}`),
    '',
    'Exit codes: 0 done, 1 unexpected error or failed benchmark, 2 bad arguments or an expected failure (credentials, port in use, missing data).',
  ].join('\n');
}

const COMMAND_NAMES = 'start, dashboard, scan, cost, redrive, bench, help';

export async function main(argv: readonly string[], io: CliIo = processIo, proc: NodeJS.Process = process): Promise<number> {
  const [name, ...rest] = argv;
  const help = (spec: CommandSpec) => {
    io.out(commandHelp(spec));
    return 0;
  };
  switch (name) {
    case 'start':
      if (wantsHelp(rest)) return help(START);
      return serveUntilSignal(io, (signal) => start(rest, io, proc.env, { signal }), proc);
    case 'dashboard':
      if (wantsHelp(rest)) return help(DASHBOARD);
      return serveUntilSignal(io, (signal) => dashboard(rest, io, proc.env, { signal }), proc);
    case 'bench': {
      const [what, ...args] = rest;
      if (what === 'nab') return benchNab(args, io);
      if (what === 'scenarios') return benchScenarios(args, io);
      if (what === 'detect') return wantsHelp(args) ? help(BENCH_DETECT) : benchDetect(args, io);
      if (what === 'scale') return wantsHelp(args) ? help(BENCH_SCALE) : benchScale(args, io);
      if (what === 'logs') return wantsHelp(args) ? help(BENCH_LOGS) : benchLogs(args, io);
      throw new UsageError(`bench: unknown benchmark "${what ?? ''}"; expected one of nab, detect, logs, scenarios, scale`);
    }
    case 'scan':
      if (wantsHelp(rest)) return help(SCAN);
      await scan(rest, io, { env: proc.env });
      return 0;
    case 'cost':
      if (wantsHelp(rest)) return help(COST);
      await cost(rest, io, { env: proc.env });
      return 0;
    case 'redrive':
      if (wantsHelp(rest)) return help(REDRIVE);
      await redrive(rest, io, { env: proc.env });
      return 0;
    case undefined:
    case 'help':
    case '--help':
    case '-h':
      io.out(helpText());
      return 0;
    default:
      throw new UsageError(`unknown command "${name}"; expected one of ${COMMAND_NAMES} (opsight help lists them)`);
  }
}

/** Error names of the AWS SDK that mean missing, expired or refused credentials. */
const AWS_AUTH_ERRORS = new Set([
  'CredentialsProviderError',
  'TokenProviderError',
  'ExpiredToken',
  'ExpiredTokenException',
  'InvalidClientTokenId',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'AccessDeniedException',
  'UnauthorizedOperation',
]);

/** System error codes that describe the user's machine or input, not a bug. */
const SYSTEM_ERRORS = new Set(['EADDRINUSE', 'EADDRNOTAVAIL', 'EACCES', 'EPERM', 'ENOENT', 'ENOTDIR', 'EISDIR', 'ENOSPC', 'EROFS', 'ENOTFOUND', 'ECONNREFUSED', 'ETIMEDOUT', 'EAI_AGAIN']);

/**
 * An expected failure's one-line explanation (bad input, credentials, a busy port, missing
 * files, an unreachable AWS), or undefined for a bug, which keeps its stack trace.
 */
export function expectedFailure(err: unknown): string | undefined {
  if (!(err instanceof Error)) return undefined;
  const first = (text: string) => text.split('\n')[0]!.trim();
  if (err instanceof OpsightError) return first(err.message);
  if (AWS_AUTH_ERRORS.has(err.name)) {
    return err.name === 'CredentialsProviderError' || err.name === 'TokenProviderError'
      ? `No AWS credentials: ${first(err.message)}`
      : `AWS refused the credentials (${err.name}): ${first(err.message)}`;
  }
  const code = (err as NodeJS.ErrnoException).code;
  if (code && SYSTEM_ERRORS.has(code)) return first(err.message);
  return undefined;
}

export async function run(argv: readonly string[]): Promise<void> {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  try {
    process.exitCode = await main(argv);
  } catch (err) {
    const line = expectedFailure(err);
    if (line !== undefined) {
      processIo.err(`opsight: ${line}`);
      process.exitCode = 2;
    } else {
      processIo.err(`opsight: unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
    }
  }
}
