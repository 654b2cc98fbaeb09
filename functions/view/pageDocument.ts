// Assembles the status pages as complete HTML documents: inline stylesheet and script (each allowed by a per-response
// nonce in the Content-Security-Policy), the page data as inert JSON, and the first paint from the same renderer the
// browser uses. No external resource, no key: the script reuses the key of the page's own URL.
import type { ConnectionPageData, ListPageData } from './pageModel';
import { runConnectionPage, runListPage } from './pageClient';
import { createPageRenderer } from './pageRenderer';
import { PAGE_STYLES } from './pageStyles';
import { PAGE_VOCABULARY } from './pageVocabulary';

const renderer = createPageRenderer(PAGE_VOCABULARY);

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
  const body = `<header><h1>${renderer.esc(title)}</h1></header><p>${renderer.esc(message)}</p>`;
  return documentHtml(title, body, undefined, undefined, nonce);
}

/**
 * The page's script: the renderer and the page runner as source text, and the renderer's vocabulary as JSON. Both
 * functions are self-contained, so their text runs the same in the browser as it did here.
 */
export function scriptFor(run: typeof runConnectionPage | typeof runListPage): string {
  return `(${run.toString()})((${createPageRenderer.toString()})(${inertJson(PAGE_VOCABULARY)}));`;
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
  const safeNonce = renderer.esc(nonce);
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<meta name="referrer" content="no-referrer"><link rel="icon" href="data:,"><title>${renderer.esc(title)}</title>` +
    `<style nonce="${safeNonce}">${PAGE_STYLES}</style></head><body><main id="app">${body}</main>` +
    (data !== undefined ? `<script type="application/json" id="hc-data">${inertJson(data)}</script>` : '') +
    (script !== undefined ? `<script nonce="${safeNonce}">${script}</script>` : '') +
    `</body></html>`
  );
}
