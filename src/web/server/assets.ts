/**
 * The dashboard's static assets. Built in memory with esbuild from src/web/app the first time
 * they are needed (about 100 ms), so `npm start` needs no separate build step; a bundled CLI
 * (`npm run build`) finds them prebuilt in `web/` beside it instead.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface Asset {
  readonly body: string;
  readonly type: string;
  readonly etag: string;
}

export interface DashboardAssets {
  readonly js: Asset;
  readonly css: Asset;
}

/** esbuild options of the dashboard, shared with scripts/build.ts. */
export const WEB_BUILD = {
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
  legalComments: 'none',
  charset: 'utf8',
} as const;

function asset(body: string, type: string): Asset {
  return { body, type, etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"` };
}

async function buildFromSource(): Promise<DashboardAssets> {
  const esbuild = await import('esbuild');
  const entry = fileURLToPath(new URL('../app/main.ts', import.meta.url));
  const css = fileURLToPath(new URL('../app/styles.css', import.meta.url));
  const [js, style] = await Promise.all([
    esbuild.build({ ...WEB_BUILD, target: [...WEB_BUILD.target], entryPoints: [entry], write: false, outfile: 'app.js' }),
    esbuild.build({ ...WEB_BUILD, target: [...WEB_BUILD.target], entryPoints: [css], write: false, outfile: 'app.css' }),
  ]);
  return { js: asset(js.outputFiles[0]!.text, 'text/javascript; charset=utf-8'), css: asset(style.outputFiles[0]!.text, 'text/css; charset=utf-8') };
}

function readPrebuilt(dir: URL): DashboardAssets | undefined {
  const js = new URL('app.js', dir);
  const css = new URL('app.css', dir);
  if (!existsSync(js) || !existsSync(css)) return undefined;
  return { js: asset(readFileSync(js, 'utf8'), 'text/javascript; charset=utf-8'), css: asset(readFileSync(css, 'utf8'), 'text/css; charset=utf-8') };
}

let cached: Promise<DashboardAssets> | undefined;

/** The assets, built once per process. */
export function dashboardAssets(): Promise<DashboardAssets> {
  cached ??= (async () => {
    const source = new URL('../app/main.ts', import.meta.url);
    if (existsSync(source)) return buildFromSource();
    const prebuilt = readPrebuilt(new URL('./web/', import.meta.url));
    if (prebuilt) return prebuilt;
    throw new Error('Dashboard assets not found: run `npm run build` or start from the source tree');
  })();
  cached.catch(() => {
    cached = undefined;
  });
  return cached;
}
