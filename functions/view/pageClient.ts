// The status pages' script in the browser: reads the data the function put in the page, refreshes it from the API
// every few seconds with the key the page itself was opened with (?code=, never a key written into the page), and
// redraws through the same renderer; once the run (and any teardown) ended it refreshes the live state at a slower
// pace, and it stops once the connection is deleted. Like the renderer, each function here is shipped as source
// text, so it must not reference anything outside its own body.
import type { ConnectionPageData, ListPageData, RefreshState } from './pageModel';
import type { PageRenderer } from './pageRenderer';

// The project compiles without the DOM library (it is a Node app): the little of the browser used here, by hand.
interface PageElement {
  textContent: string | null;
  innerHTML: string;
}
interface PageDocument {
  getElementById(id: string): PageElement | null;
}
interface PageWindow {
  location: { search: string };
  setTimeout(handler: () => void, ms: number): number;
}
declare const document: PageDocument;
declare const window: PageWindow;

/** Runs on a connection page. `renderer` is createPageRenderer() evaluated in the browser. */
export function runConnectionPage(renderer: PageRenderer): void {
  const dataElement = document.getElementById('hc-data');
  const app = document.getElementById('app');
  if (!dataElement || !app) return;
  const data = JSON.parse(dataElement.textContent ?? '{}') as ConnectionPageData;
  const params = new URLSearchParams(window.location.search);
  const code = params.get('code');
  // The page shows the live state: the server keeps one ARM read per connection for a few seconds, however many
  // pages ask.
  const url = `${data.statusPath}?live=true${code ? `&code=${encodeURIComponent(code)}` : ''}`;
  // ?refresh=<seconds> (0.5 to 60) overrides the period, e.g. for a wall display or a test.
  const wanted = Number(params.get('refresh') ?? NaN);
  const refreshMs = wanted >= 0.5 && wanted <= 60 ? wanted * 1000 : data.refreshMs;
  /** Once the run (and any teardown) ended only the live state changes: a slower pace is enough. */
  const SETTLED_FACTOR = 5;
  let failures = 0;
  let refreshedAt: string | undefined;

  const draw = (refresh: RefreshState): void => {
    app.innerHTML = renderer.renderConnection(data, refresh);
  };
  const schedule = (): void => {
    const period = renderer.isSettled(data.status) ? refreshMs * SETTLED_FACTOR : refreshMs;
    // Back off while the app does not answer, up to a minute.
    window.setTimeout(() => void refresh(), Math.min(60_000, period * 2 ** failures));
  };
  async function refresh(): Promise<void> {
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' } });
      if (response.status === 401 || response.status === 403) {
        draw({ live: false, note: 'the key was refused: open this page with ?code=<function key>' });
        return;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      data.status = await response.json();
      failures = 0;
      refreshedAt = new Date().toISOString();
      const live = !renderer.isFinished(data.status);
      draw({ live, refreshedAt });
      if (live) schedule();
    } catch (error) {
      failures++;
      draw({
        live: true,
        note: `cannot refresh (${String(error)}), retrying`,
        ...(refreshedAt ? { refreshedAt } : {}),
      });
      schedule();
    }
  }
  if (!renderer.isFinished(data.status)) schedule();
}

/** Runs on the list page: keeps the table fresh, with links that carry the page's own key on. */
export function runListPage(renderer: PageRenderer): void {
  const dataElement = document.getElementById('hc-data');
  const app = document.getElementById('app');
  if (!dataElement || !app) return;
  const data = JSON.parse(dataElement.textContent ?? '{}') as ListPageData;
  const code = new URLSearchParams(window.location.search).get('code');
  const url =
    data.listPath + (code ? `${data.listPath.includes('?') ? '&' : '?'}code=${encodeURIComponent(code)}` : '');
  const draw = (refresh: RefreshState): void => {
    app.innerHTML = renderer.renderList(data, refresh, code);
  };
  async function refresh(): Promise<void> {
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' } });
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const body = (await response.json()) as { items?: unknown; now?: unknown };
      data.items = Array.isArray(body.items) ? (body.items as unknown[]) : [];
      data.now = body.now;
      draw({ live: true, refreshedAt: new Date().toISOString() });
    } catch (error) {
      draw({ live: true, note: `cannot refresh (${String(error)}), retrying` });
    }
    window.setTimeout(() => void refresh(), data.refreshMs);
  }
  // The first paint came from the function without the key in the links: add it at once.
  draw({ live: true });
  window.setTimeout(() => void refresh(), data.refreshMs);
}
