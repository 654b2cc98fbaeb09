// The status page's health monitor section (once provisioning succeeded): whether it runs and how often it reads,
// its repair policy, the latest reads of both sides as a table, the Degraded / Recovered transitions and the repairs
// it tried, each time as a timestamp and how long ago. Shipped to the browser as source text (see pageDocument.ts):
// self-contained, its helpers come in as arguments.
import type {
  ConnectionStatusBody,
  FailureInfo,
  MonitorRead,
  MonitorStatus,
  MonitorTransition,
  RepairAttempt,
} from '../../lib/api/connectionStatus';
import type { HtmlFragment, Markup } from './pageMarkup';
import type { Part, Reading, StatusFields } from './pageReading';
import type { Times } from './pageTimes';

export interface MonitorSection {
  /** Nothing while the status carries no monitor (before provisioning succeeded, or an older server). */
  monitorSection: (status: StatusFields) => HtmlFragment;
}

export function createMonitor({ html, join }: Markup, read: Reading, times: Times): MonitorSection {
  /** A side's connectionStatus in the page's colours: Connected green, Connecting amber, the rest red. */
  function sidePart(connectionStatus: string, errorCode: string): Part {
    if (errorCode) return 'failed';
    if (connectionStatus === 'Connected') return 'succeeded';
    return connectionStatus === 'Connecting' ? 'running' : 'failed';
  }

  const ACTIONS: Record<string, string> = { resetConnection: 'reset connection', resetGateway: 'reset gateway' };
  const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

  function readsTable(reads: unknown[], now: number | undefined): HtmlFragment {
    if (reads.length === 0) return html`<p class="muted">No read yet.</p>`;
    const heads = read.clouds.map((cloud) => html`<th scope="col">${read.cloudTitle(cloud)}</th>`);
    const rows = reads.map((sent) => {
      const one = read.rec<MonitorRead>(sent);
      const sides = read.rec<MonitorRead['sides']>(one.sides);
      const cells = read.clouds.map((cloud) => {
        const side = read.rec<NonNullable<MonitorRead['sides'][typeof cloud]>>(sides[cloud]);
        const status = read.str(side.connectionStatus);
        const code = read.str(side.errorCode);
        const text = code ? `not read: ${code}` : status || 'unknown';
        return html`<td><span class="label ${read.partClass[sidePart(status, code)]}">${text}</span></td>`;
      });
      return html`<tr><td>${times.ago(one.readAt, now)}</td>${join(cells)}</tr>`;
    });
    return html`<table><caption>Latest reads, newest first</caption><thead><tr><th scope="col">Read at</th>${join(heads)}</tr></thead><tbody>${join(rows)}</tbody></table>`;
  }

  function transitionList(transitions: unknown[], now: number | undefined): HtmlFragment {
    if (transitions.length === 0)
      return html`<p class="muted">No transition: neither side changed since the monitor started.</p>`;
    const items = transitions.map((sent) => {
      const t = read.rec<MonitorTransition>(sent);
      const kind = read.str(t.kind);
      const part: Part = kind === 'recovered' ? 'succeeded' : kind === 'degraded' ? 'failed' : 'pending';
      const words = kind === 'recovered' ? 'Recovered' : kind === 'degraded' ? 'Degraded' : kind;
      return html`<li>${times.ago(t.at, now)} · ${read.cloudTitle(read.str(t.cloud))} <span class="label ${read.partClass[part]}">${words}</span> <code>${t.eventId}</code></li>`;
    });
    return html`<ol class="events">${join(items)}</ol>`;
  }

  function repairTable(repairs: unknown[], now: number | undefined): HtmlFragment {
    if (repairs.length === 0) return html`<p class="muted">No repair tried.</p>`;
    const rows = repairs.map((sent) => {
      const r = read.rec<RepairAttempt>(sent);
      const outcome = read.str(r.outcome);
      const part: Part = outcome === 'succeeded' ? 'succeeded' : outcome === 'failed' ? 'failed' : 'pending';
      const error = read.rec<FailureInfo>(r.error);
      const why = error.code || error.message ? html`<code>${error.code}</code> ${error.message}` : '';
      // Own keys only: an action named like an Object.prototype member (`toString`) is shown as sent.
      const sentAction = read.str(r.action);
      const action = (Object.hasOwn(ACTIONS, sentAction) ? ACTIONS[sentAction] : undefined) ?? sentAction;
      return html`<tr><td>${times.ago(r.at, now)}</td><td>${read.cloudTitle(read.str(r.cloud))}</td><td>${r.attempt}</td><td>${action}</td><td><span class="label ${read.partClass[part]}">${outcome || 'unknown'}</span></td><td>${why}</td></tr>`;
    });
    return html`<table><caption>Repairs, newest first</caption><thead><tr><th scope="col">At</th><th scope="col">Side</th><th scope="col">Attempt today</th><th scope="col">Action</th><th scope="col">Outcome</th><th scope="col">Why</th></tr></thead><tbody>${join(rows)}</tbody></table>`;
  }

  function monitorSection(status: StatusFields): HtmlFragment {
    if (status.monitor === undefined || status.monitor === null) return html``;
    const monitor = read.rec<MonitorStatus>(read.rec<ConnectionStatusBody>(status).monitor);
    const now = read.nowOf(status);
    const state = read.str(monitor.state);
    const part: Part = state === 'running' ? 'succeeded' : 'pending';
    const interval =
      typeof monitor.intervalMinutes === 'number' ? html` · reads both sides every ${monitor.intervalMinutes} min` : '';
    const policy = read.rec<NonNullable<MonitorStatus['repair']>>(monitor.repair);
    const repair =
      monitor.repair && typeof monitor.repair === 'object'
        ? html` · repairs a side after ${policy.afterFailedReads} failed reads, at most ${policy.maxPerDay} a day`
        : html` · repair off`;
    const badge = html`<span class="badge ${read.partClass[part]}" data-part="monitor-state">${state || 'unknown'}</span>`;
    return html`<section class="monitor" data-part="monitor" data-state="${part}"><h2>Health monitor</h2><p>${badge}${interval}${repair}</p>${readsTable(list(monitor.reads), now)}<h3>Transitions</h3>${transitionList(list(monitor.transitions), now)}<h3>Repairs</h3>${repairTable(list(monitor.repairs), now)}</section>`;
  }

  return { monitorSection };
}
