/** The dashboard: a hash router over three views. Works offline; no third-party code. */
import { ApiError, type InsightFilter } from './api';
import { h, mount } from './dom';
import { detailView, listView, overviewView, type ViewContext } from './views';

const main = document.getElementById('main') as HTMLElement;
const live = document.getElementById('live') as HTMLElement;
const ctx: ViewContext = {
  main,
  announce: (message) => {
    live.textContent = message;
  },
};

function setCurrentNav(route: string): void {
  for (const a of Array.from(document.querySelectorAll<HTMLAnchorElement>('header nav a'))) {
    const current = a.dataset.route === route;
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

/** `moveFocus`: after in-app navigation focus goes to the new page's heading; not on first load. */
async function render(moveFocus: boolean): Promise<void> {
  const hash = location.hash.replace(/^#/, '') || '/';
  const [path = '/', query = ''] = hash.split('?');
  const params = new URLSearchParams(query);
  main.setAttribute('aria-busy', 'true');
  try {
    const detail = /^\/insights\/(.+)$/.exec(path);
    if (detail) {
      setCurrentNav('insights');
      await detailView(ctx, decodeURIComponent(detail[1]!));
    } else if (path === '/insights') {
      setCurrentNav('insights');
      const filter: InsightFilter = {};
      for (const k of ['status', 'type', 'severity', 'stack'] as const) {
        const v = params.get(k);
        if (v) filter[k] = v;
      }
      await listView(ctx, filter, []);
    } else {
      setCurrentNav('overview');
      await overviewView(ctx);
    }
    const title = main.querySelector('h1')?.textContent ?? 'Opsight';
    document.title = `${title} · Opsight`;
    if (moveFocus) main.querySelector<HTMLElement>('h1')?.focus();
  } catch (err) {
    const msg = err instanceof ApiError && err.status === 404 ? 'Not found.' : `Could not load this page: ${(err as Error).message}`;
    mount(main, h('h1', { tabindex: -1 }, 'Something went wrong'), h('p', { role: 'alert' }, msg), h('p', {}, h('a', { href: '#/' }, 'Back to the overview')));
  } finally {
    main.removeAttribute('aria-busy');
  }
}

// The skip link must not change the route: it only moves focus to the content.
document.querySelector('a.skip')?.addEventListener('click', (e) => {
  e.preventDefault();
  main.focus();
});
window.addEventListener('hashchange', () => {
  if (location.hash === '' || location.hash.startsWith('#/')) void render(true);
});
void render(false);
