#!/usr/bin/env node
// `npm run build`: bundles the dashboard (dist/web/app.js, app.css) and the `opsight` command
// (dist/cli.js, the package's bin; npm packages stay external). Offline, deterministic and
// safe to run in CI. `npm start` does not need it: the server builds the dashboard in memory.
// The dashboard options repeat WEB_BUILD in src/web/server/assets.ts; keep the two in step.
import { build } from 'esbuild';
import { mkdir, rm, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const dist = `${root}dist`;

const web = {
  bundle: true,
  minify: true,
  format: 'esm',
  target: ['es2022', 'chrome109', 'firefox115', 'safari16'],
  legalComments: 'none',
  charset: 'utf8',
  logLevel: 'warning',
};

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
