/** The dashboard: a hash router over its views. Works offline; no third-party code. */
import { accountsView } from './accounts-view';
import { ApiError, api } from './api';
import { detailView } from './detail-view';
import { h, mount } from './dom';
import { viewerZone } from './format';
import { listView } from './list-view';
import { costView, coverageView, eventsView, notFoundView } from './pages';
import type { ViewContext } from './ui';
import { overviewView } from './views';

const main = document.getElementById('main') as HTMLElement;
const live = document.getElementById('live') as HTMLElement;
let timer: ReturnType<typeof setInterval> | undefined;

const ctx: ViewContext = {
  main,
  announce: (message) => {
    live.textContent = message;
  },
  every: (ms, fn) => {
    clearInterval(timer);
    timer = setInterval(fn, ms);
  },
};

interface Route {
  readonly nav: string;
  readonly match: RegExp;
  readonly show: (params: URLSearchParams, m: RegExpExecArray) => Promise<void> | void;
}

const ROUTES: readonly Route[] = [
  { nav: 'overview', match: /^\/$/, show: () => overviewView(ctx) },
  { nav: 'insights', match: /^\/insights$/, show: (p) => listView(ctx, p) },
  { nav: 'insights', match: /^\/insights\/([^/]+)$/, show: (_p, m) => detailView(ctx, decodeURIComponent(m[1]!)) },
  { nav: 'events', match: /^\/events$/, show: (p) => eventsView(ctx, p) },
  { nav: 'coverage', match: /^\/coverage$/, show: () => coverageView(ctx) },
  { nav: 'cost', match: /^\/cost$/, show: (p) => costView(ctx, p) },
  { nav: 'accounts', match: /^\/accounts$/, show: () => accountsView(ctx) },
];

function setCurrentNav(route: string): void {
  for (const a of Array.from(document.querySelectorAll<HTMLAnchorElement>('header nav a'))) {
    if (a.dataset.route === route) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

/** `moveFocus`: after in-app navigation focus goes to the new page's heading; not on first load. */
async function render(moveFocus: boolean): Promise<void> {
  clearInterval(timer);
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path = '/', query = ''] = hash.split('?');
  const params = new URLSearchParams(query);
  main.setAttribute('aria-busy', 'true');
  try {
    let shown = false;
    for (const r of ROUTES) {
      const m = r.match.exec(path);
      if (!m) continue;
      setCurrentNav(r.nav);
      await r.show(params, m);
      shown = true;
      break;
    }
    if (!shown) {
      setCurrentNav('');
      notFoundView(ctx, `There is no page at ${path}.`);
    }
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) {
      notFoundView(ctx, err.message);
    } else {
      mount(main, h('h1', { tabindex: -1 }, 'Something went wrong'), h('p', { role: 'alert' }, `Could not load this page: ${(err as Error).message}`), h('p', {}, h('a', { href: '#/' }, 'Back to the overview')));
    }
  } finally {
    main.removeAttribute('aria-busy');
  }
  document.title = `${main.querySelector('h1')?.textContent ?? 'Opsight'} · Opsight`;
  if (moveFocus) main.querySelector<HTMLElement>('h1')?.focus();
}

const zone = document.getElementById('zone');
if (zone) zone.textContent = `Times are shown in ${viewerZone()}.`;

// The skip link must not change the route: it only moves focus to the content.
document.querySelector('a.skip')?.addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', () => {
  if (location.hash === '' || location.hash.startsWith('#/')) void render(true);
});
void render(false);
// The account view exists only where Opsight analyses member accounts.
api
  .health()
  .then((health) => {
    const item = document.getElementById('nav-accounts');
    if (item) item.hidden = !health.accounts?.length;
  })
  .catch(() => undefined);
