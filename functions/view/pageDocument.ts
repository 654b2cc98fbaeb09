// Assembles the status pages as complete HTML documents: inline stylesheet and script (each allowed by a per-response
// nonce in the Content-Security-Policy), the page data as inert JSON, and the first paint from the same renderer the
// browser uses. No external resource, no key: the script reuses the key of the page's own URL.
import type { ConnectionPageData, ListPageData } from './pageModel';
import { createPatcher, runConnectionPage, runListPage } from './pageClient';
import { createMarkup } from './pageMarkup';
import { createPageRenderer, PAGE_PARTS } from './pageRenderer';
import { PAGE_STYLES } from './pageStyles';
import { PAGE_VOCABULARY } from './pageVocabulary';

const renderer = createPageRenderer(PAGE_VOCABULARY, PAGE_PARTS);
const { html } = createMarkup();

/** The headers every page is sent with: no caching, no referrer (the key is in the URL), nothing loaded from elsewhere. */
export function pageHeaders(nonce: string): Record<string, string> {
  return {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'Referrer-Policy': 'no-referrer',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy':
      `default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'; connect-src 'self'; ` +
      `img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
  };
}

export function connectionPageHtml(data: ConnectionPageData, nonce: string): string {
  const firstPaint = renderer.renderConnection(data, { live: !renderer.isFinished(data.status) });
  return documentHtml(`${data.name} · hybrid connection`, firstPaint, data, scriptFor(runConnectionPage), nonce);
}

export function listPageHtml(data: ListPageData, nonce: string): string {
  const firstPaint = renderer.renderList(data, { live: true }, null);
  return documentHtml('hybrid connections', firstPaint, data, scriptFor(runListPage), nonce);
}

/** A page for a refusal (unknown name, bad name), so a browser shows words rather than JSON. */
export function messagePageHtml(title: string, message: string, nonce: string): string {
  const body = html`<header><h1>${title}</h1></header><p>${message}</p>`;
  return documentHtml(title, body.html, undefined, undefined, nonce);
}

/**
 * The renderer as the browser gets it: an expression of its factory's and its parts' source texts (PAGE_PARTS, in
 * order) and its vocabulary as JSON. Every factory is self-contained, so their text runs the same in the browser as
 * it did here.
 */
export function rendererSource(): string {
  const parts = Object.entries(PAGE_PARTS).map(([name, part]) => `${name}: (${part.toString()})`);
  return `(${createPageRenderer.toString()})(${inertJson(PAGE_VOCABULARY)}, { ${parts.join(', ')} })`;
}

/** The page's script: the page runner's source text, run with the renderer and the patcher. */
export function scriptFor(run: typeof runConnectionPage | typeof runListPage): string {
  return `(${run.toString()})(${rendererSource()}, (${createPatcher.toString()})());`;
}

/** JSON that cannot end the script element it sits in, whatever strings it holds. */
export function inertJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function documentHtml(title: string, body: string, data: unknown, script: string | undefined, nonce: string): string {
  // The values (title, nonce) go through html`...`; the rest is text made here: the rendered body, the stylesheet,
  // the inert JSON and the script (raw text elements, which escaping would break).
  const styleTag = html`<style nonce="${nonce}">`;
  const scriptTag = html`<script nonce="${nonce}">`;
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    html`<meta name="referrer" content="no-referrer"><link rel="icon" href="data:,"><title>${title}</title>`.html +
    `${styleTag.html}${PAGE_STYLES}</style></head><body><main><div id="app">${body}</div>` +
    // Outside #app, so redrawing the page never empties it: the script says here what a refresh changed.
    `<div id="hc-announce" class="visually-hidden" role="status" aria-live="polite"></div></main>` +
    (data !== undefined ? `<script type="application/json" id="hc-data">${inertJson(data)}</script>` : '') +
    (script !== undefined ? `${scriptTag.html}${script}</script>` : '') +
    `</body></html>`
  );
}
