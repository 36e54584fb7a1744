/** Terminal output helpers shared by the CLI commands. */

export interface CliIo {
  /** A line for the user (stdout). */
  out(line: string): void;
  /** A diagnostic line (stderr). */
  err(line: string): void;
  /** Whether stderr is an interactive terminal (progress bars redraw in place). */
  readonly interactive: boolean;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  interactive: Boolean(process.stderr.isTTY),
};

/** A progress bar on stderr: redraws in place on a terminal, prints every 10 % otherwise. */
export function progressBar(io: CliIo, label: string): (done: number, total: number) => void {
  let lastDecile = -1;
  return (done, total) => {
    const frac = total === 0 ? 1 : done / total;
    if (io.interactive) {
      const width = 30;
      const filled = Math.round(frac * width);
      process.stderr.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
      return;
    }
    const decile = Math.floor(frac * 10);
    if (decile !== lastDecile) {
      lastDecile = decile;
      io.err(`${label} ${Math.round(frac * 100)}% (${done}/${total})`);
    }
  };
}

/**
 * Parses `--flag value` and `--flag=value` pairs; bare `--flag` is `true`. Lenient (it accepts
 * any flag): commands use parseCommand of ./args instead, which rejects unknown flags.
 */
export function parseFlags(argv: readonly string[]): { flags: Map<string, string | true>; positional: string[] } {
  const flags = new Map<string, string | true>();
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      if (eq > 0) flags.set(a.slice(2, eq), a.slice(eq + 1));
      else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) flags.set(a.slice(2), argv[++i]!);
      else flags.set(a.slice(2), true);
    } else positional.push(a);
  }
  return { flags, positional };
}
