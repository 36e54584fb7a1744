#!/usr/bin/env node
// `npm run build`: bundles the dashboard (dist/web/app.js, app.css) with the same options the
// server uses in memory (WEB_BUILD), and the `opsight` command (dist/cli.js, the package's bin;
// npm packages stay external). Offline, deterministic and safe to run in CI. `npm start` does
// not need it: the server builds the dashboard in memory.
import { build } from 'esbuild';
import { mkdir, rm, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { WEB_BUILD } from '../src/web/server/assets';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;
const web = { ...WEB_BUILD, target: [...WEB_BUILD.target], logLevel: 'warning' as const };

await rm(`${dist}/web`, { recursive: true, force: true });
await mkdir(`${dist}/web`, { recursive: true });
await build({ ...web, entryPoints: [`${root}src/web/app/main.ts`], outfile: `${dist}/web/app.js` });
await build({ ...web, entryPoints: [`${root}src/web/app/styles.css`], outfile: `${dist}/web/app.css` });

await build({
  entryPoints: [`${root}bin/cli.ts`],
  outfile: `${dist}/cli.js`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

for (const f of ['web/app.js', 'web/app.css', 'cli.js']) {
  const { size } = await stat(`${dist}/${f}`);
  process.stdout.write(`dist/${f}  ${(size / 1024).toFixed(1)} KiB\n`);
}
