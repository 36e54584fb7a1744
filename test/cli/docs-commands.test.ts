/**
 * Every Opsight command shown in README.md and docs/*.md names a real command and only flags it
 * accepts; the ones written out in full (no `[optional]`, `a | b` or `…` placeholders) parse with
 * the CLI's own strict parser, exactly as written; every `npm run` script named exists.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../src/cli/args';
import { COMMANDS } from '../../src/cli/main';

const root = join(import.meta.dirname, '../..');
const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];
const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

interface Shown {
  readonly file: string;
  readonly text: string;
}

/** `npm start`, `npm run [-s] SCRIPT [-- args]` as written: in code blocks up to a comment, inline up to the closing backtick. */
function commandsIn(file: string): Shown[] {
  const md = readFileSync(join(root, file), 'utf8');
  const out: Shown[] = [];
  const start = /npm (?:start|run (?:-s )?[\w:]+)/g;
  let block: string | undefined;
  for (const line of md.split('\n')) {
    if (line.trim().startsWith('```')) {
      block = block === undefined ? line.trim().slice(3) : undefined;
      continue;
    }
    if (block === 'mermaid') continue; // diagrams mention commands as labels
    if (block !== undefined) {
      for (const m of line.matchAll(start)) out.push({ file, text: line.slice(m.index).replace(/\s+#.*$/, '').replace(/\s*[<>]\s*\S+\s*$/, '').trim() });
    } else {
      for (const span of line.matchAll(/`([^`]+)`/g)) for (const m of span[1]!.matchAll(start)) out.push({ file, text: span[1]!.slice(m.index).trim() });
    }
  }
  return out;
}

const shown = files.flatMap(commandsIn);
const TEMPLATE = /[[\]()|…]|\\\|/;

/** The npm script a shown command names and, when the script runs the CLI, the CLI's argv. */
function argvOf(text: string): { script: string; argv: string[] } {
  const words = text.replace(/^npm (run (-s )?)?/, '').split(/\s+/);
  const script = words[0]!;
  const rest = words.slice(1).filter((w) => w !== '--');
  const cli = /bin\/cli\.ts\b(.*)$/.exec(scripts[script] ?? '');
  return { script, argv: cli ? [...cli[1]!.split(/\s+/).filter(Boolean), ...rest] : [] };
}

describe('commands in README.md and docs/', () => {
  it('finds the documented commands', () => {
    expect(shown.length).toBeGreaterThan(30);
    expect(shown.some((c) => c.file === 'README.md' && c.text.startsWith('npm run opsight -- cost'))).toBe(true);
  });

  it('names npm scripts that exist', () => {
    const missing = shown.filter((c) => !(argvOf(c.text).script in scripts)).map((c) => `${c.file}: ${c.text}`);
    expect(missing).toEqual([]);
  });

  it('name real commands and only flags they accept', () => {
    const problems: string[] = [];
    for (const c of shown) {
      const { argv } = argvOf(c.text);
      if (argv.length === 0 || argv[0] === 'help') continue; // scripts that do not run the CLI; help takes nothing
      const spec = [...COMMANDS].sort((a, b) => b.name.length - a.name.length).find((s) => argv.join(' ').startsWith(s.name));
      if (!spec) {
        problems.push(`${c.file}: ${c.text}: no such command`);
        continue;
      }
      const args = argv.slice(spec.name.split(' ').length);
      for (const flag of args.join(' ').match(/--[\w-]+/g) ?? []) {
        if (!(flag.slice(2) in spec.flags) && flag !== '--help') problems.push(`${c.file}: ${c.text}: ${spec.name} has no ${flag}`);
      }
      // Written out in full: it must parse exactly as written.
      if (!TEMPLATE.test(c.text)) {
        try {
          parseCommand(spec, args);
        } catch (e) {
          problems.push(`${c.file}: ${c.text}: ${(e as Error).message}`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
