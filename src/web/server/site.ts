/**
 * The local web site: the dashboard at `/` and its assets, every other path handed to the API
 * (in-process router for `npm start`, signing proxy for `opsight dashboard`).
 */
import { Hono } from 'hono';
import type { DashboardAssets } from './assets';

export interface FetchHandler {
  fetch(request: Request): Response | Promise<Response>;
}

export interface SiteOptions {
  /** Shown in the header, e.g. "local demo" or "eu-west-1". */
  readonly subtitle?: string;
}

const SECURITY_HEADERS: Record<string, string> = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
};

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

export function indexHtml(assets: DashboardAssets, options: SiteOptions = {}): string {
  const v = (etag: string) => encodeURIComponent(etag.replace(/"/g, ''));
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Opsight</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="assets/app.css?v=${v(assets.css.etag)}">
<script type="module" src="assets/app.js?v=${v(assets.js.etag)}"></script>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top"><div class="wrap">
<a class="brand" href="#/">Opsight</a>
<nav aria-label="Main"><ul><li><a href="#/" data-route="overview">Overview</a></li><li><a href="#/insights" data-route="insights">Insights</a></li><li><a href="#/events" data-route="events">Events</a></li><li><a href="#/coverage" data-route="coverage">Coverage</a></li><li><a href="#/cost" data-route="cost">Cost</a></li><li id="nav-accounts" hidden><a href="#/accounts" data-route="accounts">Accounts</a></li></ul></nav>
<span class="tagline">${escapeHtml(options.subtitle ?? 'operational insights')}</span>
</div></header>
<main id="main" tabindex="-1"><p>Loading…</p><noscript>The Opsight dashboard needs JavaScript; the API answers at <a href="openapi.json">openapi.json</a>.</noscript></main>
<footer class="foot"><p id="zone" data-testid="zone"></p></footer>
<div id="live" class="visually-hidden" role="status" aria-live="polite"></div>
</body>
</html>
`;
}

export function createSite(api: FetchHandler, assets: DashboardAssets, options: SiteOptions = {}): Hono {
  const app = new Hono();
  const html = indexHtml(assets, options);
  app.get('/', (c) => c.body(html, 200, { ...SECURITY_HEADERS, 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-cache' }));
  for (const [name, a] of [
    ['app.js', assets.js],
    ['app.css', assets.css],
  ] as const) {
    app.get(`/assets/${name}`, (c) => {
      if (c.req.header('if-none-match') === a.etag) return c.body(null, 304, { etag: a.etag });
      return c.body(a.body, 200, { ...SECURITY_HEADERS, 'content-type': a.type, etag: a.etag, 'cache-control': 'no-cache' });
    });
  }
  app.all('*', (c) => api.fetch(c.req.raw));
  return app;
}
