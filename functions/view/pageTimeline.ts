// The status page's stage timeline (SVG): per cloud, one row per stage in dependency order (then any stage this
// page does not know), a bar from its start to its end (to the server's now while it runs) and how long it took. A
// fleet's: the hub's shared stages, then one row per site from its first stage's start to its last one's end (its
// table above the timeline has each site's stages in words).
// Shipped to the browser as source text (see pageDocument.ts): self-contained, its helpers come in as arguments.
import type { HubStatusBody, SiteStatusBody, StageState } from '../../lib/api/connectionStatus';
import type { Unchecked } from '../../lib/json';
import type { HtmlFragment, Markup } from './pageMarkup';
import type { Reading, StatusFields } from './pageReading';

export interface Timeline {
  timelineSvg: (status: StatusFields) => HtmlFragment;
}

export function createTimeline({ html, join }: Markup, read: Reading): Timeline {
  const ROW_HEIGHT = 20;
  /** Where the bars start and end: the axis' 0 and its span. */
  const LEFT = 190;
  const RIGHT = 880;

  /** A row: a stage (or for a fleet, a site: its span from its first stage's start to its last one's end). */
  interface Row {
    id: string;
    label: string;
    sent: Unchecked<StageState>;
  }

  /** A block of rows under a title: a cloud's stages; for a fleet, the hub's, then one row per site. */
  interface Group {
    key: string;
    title: string;
    rows: Row[];
  }

  function stageRows(map: Unchecked<Record<string, StageState>>): Row[] {
    const known = read.stages;
    const stages = known.filter((stage) => stage in map).concat(Object.keys(map).filter((s) => !known.includes(s)));
    return stages.map((stage) => ({
      id: stage,
      label: read.stageTitle(stage),
      sent: read.rec<StageState>(map[stage]),
    }));
  }

  /** A fleet's site as one row: its state as its spoke shows it, from its first start to its last end once settled. */
  function siteRow(status: StatusFields, site: string): Row {
    const stages = read.rec<SiteStatusBody['stages']>(read.siteOf(status, site).stages);
    const sent = read.clouds.flatMap((cloud) => Object.values(read.rec<Record<string, unknown>>(stages[cloud])));
    const times = (field: 'startedAt' | 'endedAt'): number[] =>
      sent.map((stage) => read.ms(read.rec<StageState>(stage)[field])).filter((t): t is number => t !== undefined);
    const state = read.siteState(status, site);
    const began = Math.min(...times('startedAt'));
    const settled = state.part === 'succeeded' || state.part === 'failed';
    const ended = Math.max(...times('endedAt'));
    return {
      id: site,
      label: site,
      sent: {
        state: state.part,
        detail: state.words,
        ...(Number.isFinite(began) ? { startedAt: new Date(began).toISOString() } : {}),
        ...(settled && Number.isFinite(ended) ? { endedAt: new Date(ended).toISOString() } : {}),
      },
    };
  }

  function groupsOf(status: StatusFields): Group[] {
    if (!read.isFleet(status)) {
      return read.clouds.map((cloud) => ({
        key: cloud,
        title: read.cloudTitle(cloud),
        rows: stageRows(read.stageMap(status, cloud)),
      }));
    }
    const hub = read.rec<Record<string, StageState>>(read.rec<HubStatusBody>(status.hub).stages);
    return [
      { key: 'hub', title: `${read.cloudTitle('azure')} hub`, rows: stageRows(hub) },
      { key: 'sites', title: 'Sites', rows: read.siteNames(status).map((site) => siteRow(status, site)) },
    ];
  }

  function timelineSvg(status: StatusFields): HtmlFragment {
    const start = read.ms(status.createdTime);
    // While the run goes, running bars reach the server's now; once it ended, its last change.
    const latest = read.endOf(status);
    const rows: HtmlFragment[] = [];
    /** The drawing in words, per cloud: how many stages are in each state, and which run or failed. */
    const words: string[] = [];
    let y = 0;
    const span = start !== undefined && latest !== undefined ? Math.max(60_000, latest - start) : 60_000;
    const xOf = (t: number): number => LEFT + ((t - (start ?? t)) / span) * (RIGHT - LEFT);
    for (const { key, title: groupTitle, rows: stages } of groupsOf(status)) {
      if (stages.length === 0) continue;
      rows.push(html`<text x="0" y="${y + 15}" class="cloud">${groupTitle}</text>`);
      const parts = stages.map((stage) => read.partOf(stage.sent.state));
      const named = (part: string): string[] =>
        stages.filter((_, index) => parts[index] === part).map((stage) => stage.label);
      const counts = ['succeeded', 'running', 'failed', 'pending']
        .map((part) => {
          const count = parts.filter((p) => p === part).length;
          const which = part === 'running' || part === 'failed' ? ` (${named(part).join(', ')})` : '';
          return count > 0 ? `${count} ${part}${which}` : '';
        })
        .filter((text) => text);
      words.push(`${groupTitle}: ${counts.join(', ')}.`);
      y += ROW_HEIGHT;
      for (const { id, label: stageLabel, sent: s } of stages) {
        const part = read.partOf(s.state);
        const began = read.ms(s.startedAt);
        const ended = read.ms(s.endedAt) ?? (part === 'running' ? latest : undefined);
        let bar = html`<circle cx="${LEFT + 4}" cy="${y + 10}" r="3"></circle>`;
        let took = part === 'pending' ? 'pending' : '';
        if (began !== undefined && start !== undefined) {
          const x1 = xOf(began);
          const x2 = Math.max(x1 + 3, xOf(ended ?? began));
          bar = html`<rect x="${x1.toFixed(1)}" y="${y + 4}" width="${(x2 - x1).toFixed(1)}" height="12" rx="3"></rect>`;
          took = ended !== undefined ? read.duration(ended - began) + (part === 'running' ? ' so far' : '') : '';
        }
        const words = `${groupTitle} ${stageLabel}: ${part}`;
        const title = `${words}${s.detail ? ` (${read.str(s.detail)})` : ''}`;
        const label = html`<text x="14" y="${y + 15}">${read.stageIcon(part)} ${stageLabel}</text>`;
        const tookText = html`<text x="${RIGHT + 10}" y="${y + 15}" class="took">${took}</text>`;
        rows.push(
          html`<g class="row ${read.partClass[part]}" data-stage="${key}.${id}" data-state="${part}"><title>${title}</title>${label}${bar}${tookText}</g>`,
        );
        y += ROW_HEIGHT;
      }
      y += 6;
    }
    if (rows.length === 0) return html`<p class="muted">No stage has started yet.</p>`;
    const axis =
      start !== undefined
        ? html`<text x="${LEFT}" y="${y + 14}" class="axis">0</text><text x="${RIGHT}" y="${y + 14}" class="axis" text-anchor="end">${read.duration(span)}</text>`
        : html``;
    return html`<svg class="timeline" viewBox="0 0 1000 ${y + 20}" role="img" aria-label="${`Stage timeline. ${words.join(' ')}`}">${join(rows)}${axis}</svg>`;
  }

  return { timelineSvg };
}
