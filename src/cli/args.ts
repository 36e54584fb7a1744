/**
 * The one argument parser of the CLI: node:util `parseArgs` in strict mode, driven by a
 * declarative spec per command, so every command rejects unknown flags the same way, with
 * one line naming the flag, and `opsight help` can list every flag from the same specs.
 * Value checkers shared by several commands (port, region, durations, numbers) live here too.
 */
import { parseArgs } from 'node:util';
import { ValidationError } from '../core';

export interface FlagSpec {
  readonly type: 'string' | 'boolean';
  /** Repeatable; comma-separated values are not split here. */
  readonly multiple?: boolean;
  /** Placeholder of a string flag's value in help, e.g. `DIR`. */
  readonly arg?: string;
  /** One line for help; mention the default. */
  readonly help: string;
}

export type FlagSpecs = Readonly<Record<string, FlagSpec>>;

export interface EnvSpec {
  readonly name: string;
  readonly help: string;
}

export interface CommandSpec<F extends FlagSpecs = FlagSpecs> {
  /** As typed after `opsight`, e.g. `start` or `bench detect`. */
  readonly name: string;
  /** Usage after the name, e.g. `--region R [--profile P]`; default: `[flags]`. */
  readonly synopsis?: string;
  readonly summary: string;
  readonly flags: F;
  /** Environment variables the command reads. */
  readonly env?: readonly EnvSpec[];
}

type ValueOf<S extends FlagSpec> = S extends { type: 'boolean' }
  ? S extends { multiple: true }
    ? boolean[]
    : boolean
  : S extends { multiple: true }
    ? string[]
    : string;

/** Parsed flags: each one absent (undefined) or its value(s). */
export type FlagValues<F extends FlagSpecs> = { -readonly [K in keyof F]?: ValueOf<F[K]> };

/** Bad command-line input: reported as one line, exit code 2. */
export class UsageError extends ValidationError {}

/** Declares a command (keeps the literal types of its flags). */
export function command<const F extends FlagSpecs>(spec: CommandSpec<F>): CommandSpec<F> {
  return spec;
}

function quoted(message: string): string {
  return /'([^']*)'/.exec(message)?.[1]?.replace(/ <value>$/, '') ?? '';
}

/** Whether argv asks for the command's help (`--help` or `-h` anywhere before `--`). */
export function wantsHelp(argv: readonly string[]): boolean {
  for (const a of argv) {
    if (a === '--') return false;
    if (a === '--help' || a === '-h') return true;
  }
  return false;
}

/**
 * Parses argv against the spec: `--flag value`, `--flag=value`, bare booleans; no positional
 * arguments, no unknown flags, no empty values, a single-valued flag at most once.
 */
export function parseCommand<const F extends FlagSpecs>(spec: CommandSpec<F>, argv: readonly string[]): FlagValues<F> {
  const names = Object.keys(spec.flags);
  const expected = names.length ? `expected ${names.map((n) => `--${n}`).join(', ')}` : 'it takes no flags';
  const options: Record<string, { type: 'string' | 'boolean'; multiple?: boolean }> = {};
  for (const [name, f] of Object.entries(spec.flags)) options[name] = { type: f.type, ...(f.multiple ? { multiple: true } : {}) };
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false, tokens: true });
  } catch (e) {
    const { code, message } = e as { code?: string; message: string };
    const what = quoted(message);
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`${spec.name}: unknown flag ${what}; ${expected}`, what.replace(/^-+/, ''));
    if (code === 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL') throw new UsageError(`${spec.name}: unexpected argument "${what}"; ${expected}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const flag = what.replace(/^-+/, '');
      if (spec.flags[flag]?.type === 'boolean') throw new UsageError(`${spec.name}: ${what} takes no value`, flag);
      throw new UsageError(`${spec.name}: ${what} needs a value${spec.flags[flag]?.arg ? ` (${what} ${spec.flags[flag]?.arg})` : ''}`, flag);
    }
    throw new UsageError(`${spec.name}: ${message.split('\n')[0]}`);
  }
  const seen = new Set<string>();
  for (const t of parsed.tokens ?? []) {
    if (t.kind !== 'option') continue;
    const f = spec.flags[t.name];
    if (!f?.multiple && seen.has(t.name)) throw new UsageError(`${spec.name}: --${t.name} given twice`, t.name);
    seen.add(t.name);
    if (f?.type === 'string' && (t.value ?? '').trim() === '') throw new UsageError(`${spec.name}: --${t.name} needs a non-empty value`, t.name);
  }
  return parsed.values as FlagValues<F>;
}

/** Help text of one command: synopsis, summary, each flag and (unless `withEnv` is false) the environment it reads. */
export function commandHelp(spec: CommandSpec, withEnv = true): string {
  const lines = [`opsight ${spec.name} ${spec.synopsis ?? '[flags]'}`.trimEnd(), `  ${spec.summary}`];
  const flags = Object.entries(spec.flags).map(([name, f]) => [`--${name}${f.type === 'string' ? ` ${f.arg ?? 'VALUE'}` : ''}`, `${f.help}${f.multiple ? ' (repeatable)' : ''}`] as const);
  const env = withEnv ? (spec.env ?? []) : [];
  const rows = [...flags, ...env.map((e) => [e.name, e.help] as const)];
  const width = Math.max(0, ...rows.map(([k]) => k.length)) + 2;
  for (const [k, v] of flags) lines.push(`    ${k.padEnd(width)}${v}`);
  if (env.length) {
    lines.push('  environment:');
    for (const e of env) lines.push(`    ${e.name.padEnd(width)}${e.help}`);
  }
  return lines.join('\n');
}

/** AWS region names: `eu-west-1`, `us-gov-west-1`, `ap-southeast-5`, `cn-north-1`. */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

/** The region from `--region`, else AWS_REGION, else AWS_DEFAULT_REGION; checked against REGION_PATTERN. */
export function regionFrom(flag: string | undefined, env: NodeJS.ProcessEnv): string | undefined {
  const [value, source] =
    flag !== undefined ? [flag, '--region'] : env.AWS_REGION ? [env.AWS_REGION, 'AWS_REGION'] : env.AWS_DEFAULT_REGION ? [env.AWS_DEFAULT_REGION, 'AWS_DEFAULT_REGION'] : [undefined, ''];
  if (value === undefined) return undefined;
  if (!REGION_PATTERN.test(value)) throw new UsageError(`${source}: "${value}" is not an AWS region name such as eu-west-1`, 'region');
  return value;
}

/** A TCP port from `--port`, else PORT, else `fallback`: an integer from 0 (any free port) to 65535. */
export function portFrom(flag: string | undefined, env: NodeJS.ProcessEnv, fallback = 3000): number {
  const [text, source] = flag !== undefined ? [flag, '--port'] : env.PORT !== undefined && env.PORT !== '' ? [env.PORT, 'PORT'] : [String(fallback), 'PORT'];
  const port = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isInteger(port) || port > 65535) {
    throw new UsageError(`${source} must be an integer from 0 to 65535, got "${text}"`, 'port');
  }
  return port;
}

const UNIT_MS = { m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** `90m`, `12h`, `3d` → milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)([mhd])$/.exec(text.trim());
  if (!m) throw new UsageError(`--${flag}: expected a duration like 90m, 12h or 3d, got "${text}"`, flag);
  return Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS];
}

/** An integer flag within [min, max], or `fallback` when absent. */
export function parseInteger(text: string | undefined, flag: string, fallback: number, min: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!/^-?\d+$/.test(text.trim()) || n < min || n > max) throw new UsageError(`--${flag}: expected an integer from ${min} to ${max}, got "${text}"`, flag);
  return n;
}

/** A positive number flag, or undefined when absent. */
export function parsePositive(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) throw new UsageError(`--${flag}: expected a positive number, got "${text}"`, flag);
  return n;
}

/** Values of a repeatable flag, each also split on commas: `--stack a,b --stack c` → a, b, c. */
export function listValues(values: readonly string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter((v) => v !== '');
}
