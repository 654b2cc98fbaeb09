// The status pages' smaller parts: the runtime badge, the refresh line, every failure (the run's and the
// teardown's), the teardown with what it deleted, the ping line and the events in words. Shipped to the browser as
// source text (see pageDocument.ts): self-contained, its helpers come in as arguments.
import type {
  ConnectionStatusBody,
  FailureInfo,
  TeardownStatusBody,
  VerifyStatus,
} from '../../lib/api/connectionStatus';
import type { Unchecked } from '../../lib/json';
import type { HtmlFragment, Markup } from './pageMarkup';
import type { RefreshState } from './pageModel';
import type { Part, Reading, StatusFields } from './pageReading';
import type { Times } from './pageTimes';

/** What holds failures: the status and its teardown. */
type FailureHolder = Unchecked<Pick<ConnectionStatusBody, 'error' | 'errors'>>;

export interface Sections {
  /** The badge of a runtime status; `part` names it for tests (the run's, or the teardown's). */
  runtimeBadge: (runtimeStatus: string, part?: string) => HtmlFragment;
  /** A teardown's phase (deleting, deleted, deleteFailed) as a badge: once it started, it is the connection's news. */
  phaseBadge: (phase: string) => HtmlFragment;
  refreshLine: (refresh: RefreshState) => HtmlFragment;
  /**
   * Every failure of a status or its teardown: `errors` (both clouds can fail), else `error` alone. A fleet's say
   * which site each is about.
   */
  errorSections: (holder: FailureHolder, heading: string, alsoHeading: string, fleet?: boolean) => HtmlFragment;
  teardownSection: (status: StatusFields) => HtmlFragment;
  verifyLine: (status: StatusFields) => HtmlFragment;
  eventList: (status: StatusFields) => HtmlFragment;
}

export function createSections({ html, join }: Markup, read: Reading, times: Times): Sections {
  /** Event ids end in `<stage>/<cloud>`: the stage in words. */
  const EVENT_TITLES: Record<string, string> = {
    started: 'Provisioning started',
    site: 'Site ready',
    gateway: 'Gateway ready',
    connection: 'Connection connected',
    succeeded: 'Provisioning succeeded',
    failed: 'Provisioning failed',
    teardown: 'Teardown completed',
  };

  function runtimeBadge(runtimeStatus: string, part = 'runtime-status'): HtmlFragment {
    const kind: Part =
      runtimeStatus === 'Completed'
        ? 'succeeded'
        : read.isFinishedRuntime(runtimeStatus)
          ? 'failed'
          : runtimeStatus === 'Running'
            ? 'running'
            : 'pending';
    return html`<span class="badge ${read.partClass[kind]}" data-part="${part}">${runtimeStatus || 'unknown'}</span>`;
  }

  function phaseBadge(phase: string): HtmlFragment {
    const words: Record<string, [string, Part]> = {
      deleting: ['Deleting', 'running'],
      deleted: ['Deleted', 'pending'],
      deleteFailed: ['Delete failed', 'failed'],
    };
    const [text, kind] = words[phase] ?? [phase, 'pending'];
    return html`<span class="badge ${read.partClass[kind]}" data-part="phase" data-state="${phase}">${text}</span>`;
  }

  function refreshLine(refresh: RefreshState): HtmlFragment {
    const when = refresh.refreshedAt ? html` · updated ${refresh.refreshedAt.slice(11, 19)}` : '';
    const note = refresh.note ? html` · <span class="note">${refresh.note}</span>` : '';
    const state = refresh.live ? 'live, refreshing' : 'not refreshing';
    return html`<span data-part="refresh" data-live="${refresh.live ? 'yes' : 'no'}">${state}${when}${note}</span>`;
  }

  function errorSection(error: Unchecked<FailureInfo>, heading: string, fleet: boolean): HtmlFragment {
    if (!error.code && !error.message) return html``;
    const cloudStage = [read.cloudTitle(read.str(error.cloud)), read.stageTitle(read.str(error.stage))]
      .filter((v) => v)
      .join(' / ');
    const site = fleet ? read.str(error.site) : '';
    const where = site ? `site ${site}${cloudStage ? `, ${cloudStage}` : ''}` : cloudStage;
    const title = html`<h2>${heading}${where ? html` at ${where}` : ''}</h2>`;
    const code = html`<p><code>${error.code}</code>${error.httpStatus ? html` (HTTP ${error.httpStatus})` : ''}</p>`;
    const message = error.message ? html`<p>${error.message}</p>` : '';
    const diagnosis = error.diagnosis ? html`<p>Diagnosis: <strong>${error.diagnosis}</strong></p>` : '';
    const hint = error.hint ? html`<p class="hint" data-part="hint">What to do: ${error.hint}</p>` : '';
    return html`<section class="error" data-part="error">${title}${code}${message}${diagnosis}${hint}</section>`;
  }

  function errorSections(holder: FailureHolder, heading: string, alsoHeading: string, fleet = false): HtmlFragment {
    const sent = holder.errors;
    const all: unknown[] = Array.isArray(sent) && sent.length > 0 ? sent : [holder.error];
    return join(
      all.map((error, index) => errorSection(read.rec<FailureInfo>(error), index === 0 ? heading : alsoHeading, fleet)),
    );
  }

  function teardownSection(status: StatusFields): HtmlFragment {
    const teardown = read.teardownOf(status);
    if (!teardown.runtimeStatus) return html``;
    const runtimeStatus = read.str(teardown.runtimeStatus);
    const deleted = read.rec<TeardownStatusBody['deleted']>(teardown.deleted);
    let total = 0;
    const lists = read.clouds.map((cloud) => {
      const sent = deleted[cloud];
      const ids: unknown[] = Array.isArray(sent) ? sent : [];
      total += ids.length;
      const items = ids.map((id) => html`<li><code>${read.str(id).split('/').pop()}</code></li>`);
      return html`<div><h3>${read.cloudTitle(cloud)}: ${ids.length} deleted</h3><ul>${join(items)}</ul></div>`;
    });
    const finished = read.isFinishedRuntime(runtimeStatus);
    const when = times.span(teardown.createdTime, finished ? teardown.lastUpdatedTime : undefined, read.nowOf(status));
    const result =
      runtimeStatus === 'Completed'
        ? `Result: done, ${total} resource(s) deleted`
        : finished
          ? `Result: ${runtimeStatus} after deleting ${total} resource(s)`
          : `In progress: ${total} resource(s) deleted so far`;
    const failures = errorSections(teardown, 'Teardown failed', 'Teardown also failed', read.isFleet(status));
    return html`<section class="teardown" data-part="teardown" data-state="${runtimeStatus}"><h2>Teardown ${runtimeBadge(runtimeStatus, 'teardown-status')}</h2><p class="muted">${when}</p><p data-part="teardown-result">${result}</p><div class="columns">${join(lists)}</div>${failures}</section>`;
  }

  function verifyLine(status: StatusFields): HtmlFragment {
    const verify = read.rec<VerifyStatus>(read.rec<ConnectionStatusBody['connection']>(status.connection).verify);
    const state = read.str(verify.state) || 'pending';
    if (state === 'skipped') return html`Ping across the tunnel: skipped`;
    if (typeof verify.reachable === 'boolean') {
      const reached = verify.reachable ? 'reachable' : 'unreachable';
      return html`Ping across the tunnel: ${reached} (${verify.packetsReceived}/${verify.packetsSent} replies)`;
    }
    return html`Ping across the tunnel: ${state}`;
  }

  function eventList(status: StatusFields): HtmlFragment {
    const sent = status.events;
    const events = Array.isArray(sent) ? sent.filter((e): e is string => typeof e === 'string') : [];
    if (events.length === 0) return html`<p class="muted">No events yet.</p>`;
    const items = events.map((id) => {
      const [stage, place] = id.split('/').slice(-2);
      const what = EVENT_TITLES[stage] ?? stage;
      // A fleet's site events end in `<cloud>-<site>` (connection/azure-north: the hub's end of north's tunnel).
      const [cloud, ...site] = place?.split('-') ?? [];
      const ofSite = site.length > 0 && read.clouds.some((known) => known === cloud);
      const where =
        place === 'all' || place === undefined
          ? ''
          : ofSite
            ? ` — ${read.cloudTitle(cloud)}, site ${site.join('-')}`
            : ` — ${read.cloudTitle(place)}`;
      return html`<li data-event="${id}"><span>${what + where}</span> <code>${id}</code></li>`;
    });
    return html`<ol class="events">${join(items)}</ol>`;
  }

  return { runtimeBadge, phaseBadge, refreshLine, errorSections, teardownSection, verifyLine, eventList };
}
