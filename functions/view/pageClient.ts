// The status pages' script in the browser: reads the data the function put in the page, refreshes it from the API
// every few seconds with the key the page itself was opened with (?code=, never a key written into the page), and
// patches the page in place through the same renderer (focus and selection survive); once the run (and any
// teardown) ended it refreshes the live state at a slower pace, and it stops once the connection is deleted. Like the
// renderer, each function here is shipped as source text, so it must not reference anything outside its own body.
import type { ConnectionPageData, ListPageData, RefreshState } from './pageModel';
import type { PageRenderer } from './pageRenderer';

// The project compiles without the DOM library (it is a Node app): the little of the browser used here, by hand.
interface PageNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly namespaceURI?: string | null;
  nodeValue: string | null;
  readonly childNodes: ArrayLike<PageNode>;
  appendChild(node: PageNode): PageNode;
  replaceChild(node: PageNode, old: PageNode): PageNode;
  removeChild(node: PageNode): PageNode;
}
interface PageElement extends PageNode {
  textContent: string | null;
  innerHTML: string;
  readonly attributes: ArrayLike<{ name: string; value: string }>;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  removeAttribute(name: string): void;
  addEventListener(type: string, listener: (event: { target: unknown }) => void): void;
  closest?(selector: string): PageElement | null;
}
interface PageDocument {
  getElementById(id: string): PageElement | null;
  createElement(name: string): PageElement;
}
interface PageWindow {
  location: { search: string };
  setTimeout(handler: () => void, ms: number): number;
  clearTimeout(handle: number): void;
}
declare const document: PageDocument;
declare const window: PageWindow;

/** Redraws an element from new markup in place. */
export interface Patcher {
  patch: (target: PageElement, markup: string) => void;
}

/**
 * Patches the page to new markup node by node instead of replacing it: a node whose tag, attributes and text are
 * unchanged stays the same node, so the focus and a text selection on it survive a refresh (and a screen reader does
 * not lose its place). Children are matched by position; a child whose tag or `data-part` differs is replaced.
 */
export function createPatcher(): Patcher {
  const ELEMENT = 1;

  function keyOf(node: PageNode): string {
    const part = node.nodeType === ELEMENT ? (node as PageElement).getAttribute('data-part') : null;
    return `${node.nodeType} ${node.namespaceURI ?? ''} ${node.nodeName} ${part ?? ''}`;
  }

  function syncAttributes(target: PageElement, source: PageElement): void {
    const wanted = Array.from(source.attributes);
    for (const { name } of Array.from(target.attributes)) {
      if (source.getAttribute(name) === null) target.removeAttribute(name);
    }
    for (const { name, value } of wanted) if (target.getAttribute(name) !== value) target.setAttribute(name, value);
  }

  function morph(target: PageNode, source: PageNode): void {
    const had = Array.from(target.childNodes);
    const wanted = Array.from(source.childNodes);
    wanted.forEach((fresh, index) => {
      const old = had[index];
      if (old === undefined) target.appendChild(fresh);
      else if (keyOf(old) !== keyOf(fresh)) target.replaceChild(fresh, old);
      else if (old.nodeType !== ELEMENT) {
        if (old.nodeValue !== fresh.nodeValue) old.nodeValue = fresh.nodeValue;
      } else {
        syncAttributes(old as PageElement, fresh as PageElement);
        morph(old, fresh);
      }
    });
    for (const extra of had.slice(wanted.length)) target.removeChild(extra);
  }

  function patch(target: PageElement, markup: string): void {
    const next = document.createElement('div');
    next.innerHTML = markup;
    morph(target, next);
  }

  return { patch };
}

/**
 * Runs on a connection page. `renderer` is createPageRenderer() evaluated in the browser, `patcher` createPatcher().
 * Each refresh patches the page in place and says in the aria-live region what changed (never on the first paint).
 */
export function runConnectionPage(renderer: PageRenderer, patcher: Patcher): void {
  const dataElement = document.getElementById('hc-data');
  const app = document.getElementById('app');
  if (!dataElement || !app) return;
  const announce = document.getElementById('hc-announce');
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
  let timer: number | undefined;
  let fetching = false;

  const draw = (refresh: RefreshState): void => {
    patcher.patch(app, renderer.renderConnection(data, refresh));
  };
  const schedule = (): void => {
    const period = renderer.isSettled(data.status) ? refreshMs * SETTLED_FACTOR : refreshMs;
    // Back off while the app does not answer, up to a minute.
    if (timer !== undefined) window.clearTimeout(timer);
    timer = window.setTimeout(() => void refresh(), Math.min(60_000, period * 2 ** failures));
  };
  async function refresh(): Promise<void> {
    if (fetching) return;
    fetching = true;
    try {
      const response = await fetch(url, { headers: { accept: 'application/json' } });
      if (response.status === 401 || response.status === 403) {
        draw({ live: false, note: 'the key was refused: open this page with ?code=<function key>' });
        return;
      }
      if (!response.ok) throw new Error(`HTTP ${response.status}`);
      const before: unknown = data.status;
      data.status = await response.json();
      failures = 0;
      refreshedAt = new Date().toISOString();
      const live = !renderer.isFinished(data.status);
      draw({ live, refreshedAt });
      const said = renderer.changes(before, data.status);
      if (announce && said.length > 0) announce.textContent = `${said.join('. ')}.`;
      if (live) schedule();
    } catch (error) {
      failures++;
      draw({
        live: true,
        note: `cannot refresh (${String(error)}), retrying`,
        ...(refreshedAt ? { refreshedAt } : {}),
      });
      schedule();
    } finally {
      fetching = false;
    }
  }
  // "Refresh now" (a button, so the keyboard reaches it): no inline handler, which the page's CSP would refuse.
  app.addEventListener('click', (event) => {
    const target = event.target as PageElement | null;
    if (target?.closest?.('[data-action="refresh"]')) void refresh();
  });
  if (!renderer.isFinished(data.status)) schedule();
}

/** Runs on the list page: keeps the table fresh, with links that carry the page's own key on. */
export function runListPage(renderer: PageRenderer, patcher: Patcher): void {
  const dataElement = document.getElementById('hc-data');
  const app = document.getElementById('app');
  if (!dataElement || !app) return;
  const data = JSON.parse(dataElement.textContent ?? '{}') as ListPageData;
  const code = new URLSearchParams(window.location.search).get('code');
  const url =
    data.listPath + (code ? `${data.listPath.includes('?') ? '&' : '?'}code=${encodeURIComponent(code)}` : '');
  const draw = (refresh: RefreshState): void => {
    patcher.patch(app, renderer.renderList(data, refresh, code));
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
