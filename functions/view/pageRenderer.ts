// Draws a status page's content (header, every error, blueprint (a fleet's star), live state, teardown, health
// monitor, key rotations, stage timeline, events) and
// the list page's table as HTML. It runs twice: in the function for the first paint, and in the browser for every
// refresh. The browser gets it as source text (pageDocument.ts `rendererSource`): this factory and each part's
// factory in PAGE_PARTS, serialised together. So every factory stays self-contained: no imports used at run time, nothing
// referenced outside its body but its arguments; the vocabulary comes in as data (pageVocabulary.ts) and the parts
// come in as the `parts` argument. All markup goes through html`...` (pageMarkup.ts), which escapes every value.
import type { ConnectionListItem, ConnectionStatusBody } from '../../lib/api/connectionStatus';
import { createByteFormat } from '../../lib/api/byteCounts';
import { createAnnouncer } from './pageAnnounce';
import { createBlueprint } from './pageBlueprint';
import { createLive } from './pageLive';
import { createMarkup } from './pageMarkup';
import { createMonitor } from './pageMonitor';
import type { ConnectionPageData, ListPageData, RefreshState } from './pageModel';
import { createReading } from './pageReading';
import { createRotations } from './pageRotations';
import { createSections } from './pageSections';
import { createStar } from './pageStar';
import { createTimeline } from './pageTimeline';
import { createTimes } from './pageTimes';
import type { PageVocabulary } from './pageVocabulary';

/** What the page renderer offers (its methods are pure: same data, same HTML). */
export interface PageRenderer {
  renderConnection: (data: ConnectionPageData, refresh: RefreshState) => string;
  /** What changed from one status to the next, in words for the page's aria-live region. */
  changes: (before: unknown, after: unknown) => string[];
  renderList: (data: ListPageData, refresh: RefreshState, code: string | null) => string;
  /** The connection is deleted: the page stops refreshing. */
  isFinished: (status: unknown) => boolean;
  /** The run and any teardown ended: only the live state still changes, and the page refreshes less often. */
  isSettled: (status: unknown) => boolean;
}

/** The renderer's parts, in the order they are made and serialised; each one's factory is self-contained. */
export const PAGE_PARTS = {
  createMarkup,
  createReading,
  createTimes,
  createBlueprint,
  createStar,
  createTimeline,
  createSections,
  createByteFormat,
  createLive,
  createMonitor,
  createRotations,
  createAnnouncer,
};

export type PageParts = typeof PAGE_PARTS;

export function createPageRenderer(vocabulary: PageVocabulary, parts: PageParts): PageRenderer {
  const markup = parts.createMarkup();
  const { html, join } = markup;
  const read = parts.createReading(vocabulary);
  const { blueprintSvg } = parts.createBlueprint(markup, read);
  const { starSection } = parts.createStar(markup, read);
  const { timelineSvg } = parts.createTimeline(markup, read);
  const times = parts.createTimes(markup, read);
  const sections = parts.createSections(markup, read, times);
  const { liveSection } = parts.createLive(markup, read, times, parts.createByteFormat());
  const { monitorSection } = parts.createMonitor(markup, read, times);
  const { rotationsSection } = parts.createRotations(markup, read, times);
  const { changes } = parts.createAnnouncer(read);

  function renderConnection(data: ConnectionPageData, refresh: RefreshState): string {
    const status = read.rec<ConnectionStatusBody>(data.status);
    const runtimeStatus = read.str(status.runtimeStatus);
    const start = read.ms(status.createdTime);
    // A running run's elapsed time ends at the server's now (so it moves between refreshes), a finished one's at
    // its last change.
    const end = read.endOf(status);
    const elapsed = start !== undefined && end !== undefined ? read.duration(end - start) : '';
    const teardown = read.teardownPhase(status);
    const phase = teardown
      ? sections.phaseBadge(teardown)
      : status.phase
        ? html`<span class="muted">phase ${status.phase}</span>`
        : '';
    const ran = read.isFinishedRuntime(runtimeStatus) ? 'took' : 'running for';
    const started = start !== undefined ? html`started ${times.stamp(status.createdTime)}` : '';
    const took = elapsed ? html` · <span class="elapsed" data-part="elapsed">${ran} ${elapsed}</span>` : '';
    const when = html`<span class="muted">${started}${took}</span>`;
    const refreshing = html`<span class="muted">${sections.refreshLine(refresh)}</span>`;
    const button = refresh.live ? html`<button type="button" data-action="refresh">Refresh now</button>` : '';
    const verify = html`<p class="muted">${sections.verifyLine(status)}</p>`;
    // A fleet is drawn as its star (each site's ping is in its table); one site as the blueprint of its two sides.
    const picture = read.isFleet(status)
      ? html`<section><h2>Hub and sites</h2>${starSection(data, status)}</section>`
      : html`<section><h2>Blueprint</h2>${blueprintSvg(data, status)}${verify}</section>`;
    return join([
      html`<header><h1>${data.name}</h1>${sections.runtimeBadge(runtimeStatus)}${phase}${when}${refreshing}${button}</header>`,
      sections.errorSections(status, 'Failed', 'Also failed', read.isFleet(status)),
      picture,
      liveSection(status),
      sections.teardownSection(status),
      monitorSection(status),
      rotationsSection(status),
      html`<section><h2>Stages</h2>${timelineSvg(status)}</section>`,
      html`<section><h2>Events</h2>${sections.eventList(status)}</section>`,
    ]).html;
  }

  function renderList(data: ListPageData, refresh: RefreshState, code: string | null): string {
    const query = code ? `?code=${encodeURIComponent(code)}` : '';
    /** How long ago, on the server's clock (the list's `now`). */
    const now = read.ms(data.now);
    const rows = data.items.map((sent) => {
      const item = read.rec<ConnectionListItem>(sent);
      const name = read.str(item.name);
      const link = html`<a href="${`${encodeURIComponent(name)}/view${query}`}">${name}</a>`;
      const badge = sections.runtimeBadge(read.str(item.runtimeStatus));
      return html`<tr data-connection="${name}"><td>${link}</td><td>${badge}</td><td>${item.phase ?? ''}</td><td>${times.stamp(item.createdTime)}</td><td>${times.ago(item.lastUpdatedTime, now)}</td></tr>`;
    });
    const head = html`<thead><tr><th scope="col">Name</th><th scope="col">Status</th><th scope="col">Phase</th><th scope="col">Created</th><th scope="col">Updated</th></tr></thead>`;
    const table =
      rows.length === 0
        ? html`<p class="muted">No connections yet: POST a plan to /api/connections.</p>`
        : html`<table>${head}<tbody>${join(rows)}</tbody></table>`;
    const refreshing = html`<span class="muted">${sections.refreshLine(refresh)}</span>`;
    return html`<header><h1>Hybrid connections</h1>${refreshing}</header><section>${table}</section>`.html;
  }

  return { renderConnection, changes, renderList, isFinished: read.isFinished, isSettled: read.isSettled };
}
