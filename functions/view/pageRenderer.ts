// Draws a status page's content (blueprint, stage timeline, events, every error, teardown) and the list page's table as
// HTML strings. It runs twice: in the function for the first paint, and in the browser for every refresh, which
// gets this very function as source text (Function.prototype.toString). So the factory must stay self-contained:
// no imports used at run time, no references to anything outside its body: the clouds, stages and their titles come
// in as data (pageVocabulary.ts). Every value from the status or the
// plan goes through esc() before it reaches the markup; states become class names through a fixed table only.
import type { ConnectionPageData, ListPageData, RefreshState, SiteLayout } from './pageModel';
import type { PageVocabulary } from './pageVocabulary';

/** What the page renderer offers (its methods are pure: same data, same HTML). */
export interface PageRenderer {
  renderConnection(data: ConnectionPageData, refresh: RefreshState): string;
  renderList(data: ListPageData, refresh: RefreshState, code: string | null): string;
  isFinished(status: unknown): boolean;
  esc(value: unknown): string;
}

export function createPageRenderer(vocabulary: PageVocabulary): PageRenderer {
  type Json = Record<string, unknown>;
  type Part = 'pending' | 'running' | 'succeeded' | 'failed';

  const CLOUDS = vocabulary.clouds.map((cloud) => cloud.id);
  const CLOUD_TITLES: Record<string, string> = Object.fromEntries(vocabulary.clouds.map((c) => [c.id, c.title]));
  const PEER: Record<string, string> = Object.fromEntries(vocabulary.clouds.map((c) => [c.id, c.peer]));
  const STAGES = vocabulary.stages;
  const STAGE_TITLES: Record<string, string> = vocabulary.stageTitles;
  const EVENT_TITLES: Record<string, string> = {
    started: 'Provisioning started',
    site: 'Site ready',
    gateway: 'Gateway ready',
    connection: 'Connection connected',
    succeeded: 'Provisioning succeeded',
    failed: 'Provisioning failed',
    teardown: 'Teardown completed',
  };
  const FINISHED = ['Completed', 'Failed', 'Terminated', 'Canceled'];
  /** Only these strings ever become class names. */
  const PART_CLASS: Record<Part, string> = {
    pending: 'st-pending',
    running: 'st-running',
    succeeded: 'st-succeeded',
    failed: 'st-failed',
  };

  function esc(value: unknown): string {
    const text =
      typeof value === 'string'
        ? value
        : typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : value === undefined || value === null
            ? ''
            : (JSON.stringify(value) ?? '');
    return text.replace(/[&<>"'`]/g, (c) => `&#${c.charCodeAt(0)};`);
  }

  function rec(value: unknown): Json {
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Json) : {};
  }

  function str(value: unknown): string {
    return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  }

  /** A site's address: from `addresses` (known mid-run), else from the summary of a completed run. */
  function addressOf(status: Json, cloud: string, field: 'vmPrivateIp' | 'gatewayPublicIp'): string {
    return str(rec(rec(status.addresses)[cloud])[field]) || str(rec(rec(rec(status.summary).sites)[cloud])[field]);
  }

  /** Cuts text for SVG, which does not wrap. */
  function cut(value: unknown, max: number): string {
    const text = str(value);
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  }

  function partOf(state: unknown): Part {
    return state === 'running' || state === 'succeeded' || state === 'failed' ? state : 'pending';
  }

  function tunnelPart(state: unknown): Part {
    if (state === 'connected') return 'succeeded';
    if (state === 'connecting') return 'running';
    if (state === 'notConnected') return 'failed';
    return 'pending';
  }

  function isFinished(status: unknown): boolean {
    const s = rec(status);
    if (!FINISHED.includes(str(s.runtimeStatus))) return false;
    const teardown = rec(s.teardown);
    return teardown.runtimeStatus === undefined || FINISHED.includes(str(teardown.runtimeStatus));
  }

  function ms(value: unknown): number | undefined {
    const t = typeof value === 'string' ? Date.parse(value) : NaN;
    return Number.isFinite(t) ? t : undefined;
  }

  function duration(milliseconds: number): string {
    const total = Math.max(0, Math.floor(milliseconds / 1000));
    if (total < 60) return `${total}s`;
    const minutes = Math.floor(total / 60);
    if (minutes < 60) return `${minutes}m ${String(total % 60).padStart(2, '0')}s`;
    return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
  }

  /** The latest time the status mentions: the page's notion of "now" on the server's (maybe virtual) clock. */
  function latestTime(status: Json): number | undefined {
    let latest: number | undefined;
    const consider = (value: unknown): void => {
      const t = ms(value);
      if (t !== undefined && (latest === undefined || t > latest)) latest = t;
    };
    consider(status.now);
    consider(status.lastUpdatedTime);
    consider(status.createdTime);
    const stages = rec(status.stages);
    for (const cloud of CLOUDS) {
      for (const stage of Object.values(rec(stages[cloud]))) {
        consider(rec(stage).startedAt);
        consider(rec(stage).endedAt);
      }
    }
    return latest;
  }

  function stageOf(status: Json, cloud: string, stage: string): Json {
    return rec(rec(rec(status.stages)[cloud])[stage]);
  }

  function stageIcon(part: Part): string {
    return part === 'succeeded' ? '✔' : part === 'failed' ? '✖' : part === 'running' ? '●' : '○';
  }

  // ---- the blueprint (SVG) ----------------------------------------------------------------------------------

  interface Box {
    x: number;
    y: number;
    w: number;
    h: number;
  }

  function box(partName: string, part: Part, b: Box, lines: string[], title: string): string {
    const text = lines
      .map(
        (line, index) =>
          `<text x="${b.x + 10}" y="${b.y + 20 + index * 16}" class="${index === 0 ? 'label' : 'sub'}">${esc(line)}</text>`,
      )
      .join('');
    return (
      `<g class="part ${PART_CLASS[part]}" data-part="${esc(partName)}" data-state="${part}">` +
      `<title>${esc(title)}</title>` +
      `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="8"></rect>${text}</g>`
    );
  }

  function siteSvg(status: Json, site: SiteLayout | undefined, cloud: string, x0: number, mirrored: boolean): string {
    const stage = (name: string): Json => stageOf(status, cloud, name);
    const part = (name: string): Part => partOf(stage(name).state);
    const names = rec(site?.names);
    const title = CLOUD_TITLES[cloud] ?? cloud;
    const detail = (name: string): string => (str(stage(name).detail) ? ` · ${str(stage(name).detail)}` : '');
    const out: string[] = [];

    out.push(
      box(
        `site-${cloud}`,
        part('resourceGroup'),
        { x: x0, y: 10, w: 440, h: 382 },
        [title, [site?.location, site?.resourceGroup].filter((v) => v).join(' · ')],
        `${title}: resource group ${site?.resourceGroup ?? ''}`,
      ),
    );
    out.push(
      box(
        `vnet-${cloud}`,
        part('virtualNetwork'),
        { x: x0 + 10, y: 62, w: 420, h: 202 },
        [cut(names.virtualNetwork, 40), (site?.addressSpace ?? []).join(', ')],
        `virtual network${detail('virtualNetwork')}`,
      ),
    );
    // The gateway side faces the other cloud, so the tunnel is a straight line between the two panels.
    const gatewayX = mirrored ? x0 + 20 : x0 + 225;
    const workloadX = mirrored ? x0 + 225 : x0 + 20;
    out.push(
      box(
        `workloadSubnet-${cloud}`,
        part('virtualNetwork'),
        { x: workloadX, y: 104, w: 195, h: 150 },
        [cut(names.workloadSubnet, 24), str(site?.workloadSubnet)],
        'workload subnet',
      ),
    );
    out.push(
      box(
        `gatewaySubnet-${cloud}`,
        part('virtualNetwork'),
        { x: gatewayX, y: 104, w: 195, h: 150 },
        [str(names.gatewaySubnet) || 'GatewaySubnet', str(site?.gatewaySubnet)],
        'GatewaySubnet',
      ),
    );
    const vmIp = addressOf(status, cloud, 'vmPrivateIp');
    out.push(
      box(
        `vm-${cloud}`,
        part('virtualMachine'),
        { x: workloadX + 12, y: 148, w: 171, h: 92 },
        [
          cut(names.virtualMachine, 20),
          cut(site?.vmSize, 22),
          vmIp ? `private IP ${vmIp}` : `NIC ${stageIcon(part('networkInterface'))}`,
          cut(str(stage('virtualMachine').detail), 22),
        ],
        `virtual machine${detail('virtualMachine')}`,
      ),
    );
    const gatewayIp = addressOf(status, cloud, 'gatewayPublicIp');
    out.push(
      box(
        `gateway-${cloud}`,
        part('gateway'),
        { x: gatewayX + 12, y: 148, w: 171, h: 92 },
        [
          cut(names.virtualNetworkGateway, 20),
          cut(site?.gatewaySku, 22),
          gatewayIp ? `public IP ${gatewayIp}` : `public IP ${stageIcon(part('publicIp'))}`,
          cut(str(stage('gateway').detail), 22),
        ],
        `VPN gateway${detail('gateway')}`,
      ),
    );
    const peer = PEER[cloud] ?? '';
    const peerIp = addressOf(status, peer, 'gatewayPublicIp');
    out.push(
      box(
        `lgw-${cloud}`,
        part('localNetworkGateway'),
        { x: x0 + 10, y: 274, w: 420, h: 52 },
        [cut(names.localNetworkGateway, 44), `→ ${CLOUD_TITLES[peer] ?? peer}${peerIp ? ` gateway ${peerIp}` : ''}`],
        `local network gateway${detail('localNetworkGateway')}`,
      ),
    );
    const connectionStatus = str(rec(rec(status.connection).connectionStatus)[cloud]);
    out.push(
      box(
        `connection-${cloud}`,
        part('connection'),
        { x: x0 + 10, y: 334, w: 420, h: 52 },
        [cut(names.connection, 44), connectionStatus ? `status ${connectionStatus}` : 'IPsec site-to-site'],
        `connection${detail('connection')}`,
      ),
    );
    return out.join('');
  }

  function blueprintSvg(data: ConnectionPageData, status: Json): string {
    const layout = data.layout;
    const tunnel = rec(status.connection);
    const part = tunnelPart(tunnel.state);
    const labels: Record<string, string> = {
      connected: 'Connected',
      connecting: 'Connecting',
      notConnected: 'NotConnected',
      pending: 'not started',
    };
    const tunnelText = labels[str(tunnel.state)] ?? (str(tunnel.state) || 'not started');
    // Gateway boxes: Azure's right edge at 10+225+12+171, Stack Hub's left edge at 550+20+12.
    const y = 194;
    return (
      `<svg class="blueprint" viewBox="0 0 1000 402" role="img" aria-label="blueprint of ${esc(data.name)}">` +
      siteSvg(status, layout?.sites.azure, 'azure', 10, false) +
      siteSvg(status, layout?.sites.azureStack, 'azureStack', 550, true) +
      `<g class="tunnel ${PART_CLASS[part]}" data-part="tunnel" data-state="${part}">` +
      `<title>IPsec tunnel between the two gateways: ${esc(tunnelText)}</title>` +
      `<line x1="418" y1="${y}" x2="582" y2="${y}"></line>` +
      `<text x="500" y="${y - 14}" text-anchor="middle" class="label">tunnel</text>` +
      `<text x="500" y="${y + 24}" text-anchor="middle" class="label" data-part="tunnel-label">${esc(tunnelText)}</text>` +
      `</g></svg>`
    );
  }

  // ---- the stage timeline (SVG) -----------------------------------------------------------------------------

  function timelineSvg(status: Json): string {
    const start = ms(status.createdTime);
    const latest = latestTime(status);
    const rows: string[] = [];
    let y = 0;
    const rowHeight = 20;
    const left = 190;
    const right = 880;
    const span = start !== undefined && latest !== undefined ? Math.max(60_000, latest - start) : 60_000;
    const xOf = (t: number): number => left + ((t - (start ?? t)) / span) * (right - left);
    for (const cloud of CLOUDS) {
      const map = rec(rec(status.stages)[cloud]);
      const stages = STAGES.filter((stage) => stage in map).concat(Object.keys(map).filter((s) => !STAGES.includes(s)));
      if (stages.length === 0) continue;
      rows.push(`<text x="0" y="${y + 15}" class="cloud">${esc(CLOUD_TITLES[cloud] ?? cloud)}</text>`);
      y += rowHeight;
      for (const stage of stages) {
        const s = rec(map[stage]);
        const part = partOf(s.state);
        const began = ms(s.startedAt);
        const ended = ms(s.endedAt) ?? (part === 'running' ? latest : undefined);
        let bar = `<circle cx="${left + 4}" cy="${y + 10}" r="3"></circle>`;
        let took = part === 'pending' ? 'pending' : '';
        if (began !== undefined && start !== undefined) {
          const x1 = xOf(began);
          const x2 = Math.max(x1 + 3, xOf(ended ?? began));
          bar = `<rect x="${x1.toFixed(1)}" y="${y + 4}" width="${(x2 - x1).toFixed(1)}" height="12" rx="3"></rect>`;
          took = ended !== undefined ? duration(ended - began) + (part === 'running' ? ' so far' : '') : '';
        }
        rows.push(
          `<g class="row ${PART_CLASS[part]}" data-stage="${esc(cloud)}.${esc(stage)}" data-state="${part}">` +
            `<title>${esc(`${CLOUD_TITLES[cloud] ?? cloud} ${STAGE_TITLES[stage] ?? stage}: ${part}${s.detail ? ` (${str(s.detail)})` : ''}`)}</title>` +
            `<text x="14" y="${y + 15}">${stageIcon(part)} ${esc(STAGE_TITLES[stage] ?? stage)}</text>${bar}` +
            `<text x="${right + 10}" y="${y + 15}" class="took">${esc(took)}</text></g>`,
        );
        y += rowHeight;
      }
      y += 6;
    }
    if (rows.length === 0) return '<p class="muted">No stage has started yet.</p>';
    const axis =
      start !== undefined
        ? `<text x="${left}" y="${y + 14}" class="axis">0</text>` +
          `<text x="${right}" y="${y + 14}" class="axis" text-anchor="end">${esc(duration(span))}</text>`
        : '';
    return `<svg class="timeline" viewBox="0 0 1000 ${y + 20}" role="img" aria-label="stage timeline">${rows.join('')}${axis}</svg>`;
  }

  // ---- the rest of the page ---------------------------------------------------------------------------------

  function eventList(status: Json): string {
    const events = Array.isArray(status.events) ? status.events.filter((e) => typeof e === 'string') : [];
    if (events.length === 0) return '<p class="muted">No events yet.</p>';
    const items = events.map((id: string) => {
      const parts = id.split('/');
      const [stage, cloud] = parts.slice(-2);
      const what = EVENT_TITLES[stage] ?? stage;
      const where = cloud === 'all' || cloud === undefined ? '' : ` — ${CLOUD_TITLES[cloud] ?? cloud}`;
      return `<li data-event="${esc(id)}"><span>${esc(what + where)}</span> <code>${esc(id)}</code></li>`;
    });
    return `<ol class="events">${items.join('')}</ol>`;
  }

  function errorSection(error: Json, heading: string): string {
    if (!error.code && !error.message) return '';
    const where = [
      CLOUD_TITLES[str(error.cloud)] ?? str(error.cloud),
      STAGE_TITLES[str(error.stage)] ?? str(error.stage),
    ]
      .filter((v) => v)
      .join(' / ');
    return (
      `<section class="error" data-part="error"><h2>${esc(heading)}${where ? ` at ${esc(where)}` : ''}</h2>` +
      `<p><code>${esc(error.code)}</code>${error.httpStatus ? ` (HTTP ${esc(error.httpStatus)})` : ''}</p>` +
      (error.message ? `<p>${esc(error.message)}</p>` : '') +
      (error.diagnosis ? `<p>Diagnosis: <strong>${esc(error.diagnosis)}</strong></p>` : '') +
      (error.hint ? `<p class="hint" data-part="hint">What to do: ${esc(error.hint)}</p>` : '') +
      `</section>`
    );
  }

  /** Every failure of a status or its teardown: `errors` (both clouds can fail), else `error` alone. */
  function errorSections(holder: Json, heading: string, alsoHeading: string): string {
    const all = Array.isArray(holder.errors) && holder.errors.length > 0 ? holder.errors.map(rec) : [rec(holder.error)];
    return all.map((error, index) => errorSection(error, index === 0 ? heading : alsoHeading)).join('');
  }

  function teardownSection(status: Json): string {
    const teardown = rec(status.teardown);
    if (!teardown.runtimeStatus) return '';
    const deleted = rec(teardown.deleted);
    const lists = CLOUDS.map((cloud) => {
      const ids = Array.isArray(deleted[cloud]) ? (deleted[cloud] as unknown[]) : [];
      const items = ids.map((id) => `<li><code>${esc(str(id).split('/').pop())}</code></li>`).join('');
      return `<div><h3>${esc(CLOUD_TITLES[cloud])}: ${ids.length} deleted</h3><ul>${items}</ul></div>`;
    }).join('');
    return (
      `<section class="teardown" data-part="teardown" data-state="${esc(teardown.runtimeStatus)}">` +
      `<h2>Teardown: ${esc(teardown.runtimeStatus)}</h2><div class="columns">${lists}</div>` +
      errorSections(teardown, 'Teardown failed', 'Teardown also failed') +
      `</section>`
    );
  }

  function verifyLine(status: Json): string {
    const verify = rec(rec(status.connection).verify);
    const state = str(verify.state) || 'pending';
    if (state === 'skipped') return 'Ping across the tunnel: skipped';
    if (typeof verify.reachable === 'boolean') {
      return `Ping across the tunnel: ${verify.reachable ? 'reachable' : 'unreachable'} (${esc(verify.packetsReceived)}/${esc(verify.packetsSent)} replies)`;
    }
    return `Ping across the tunnel: ${esc(state)}`;
  }

  function refreshLine(refresh: RefreshState): string {
    const when = refresh.refreshedAt ? ` · updated ${esc(refresh.refreshedAt.slice(11, 19))}` : '';
    const note = refresh.note ? ` · <span class="note">${esc(refresh.note)}</span>` : '';
    return `<span data-part="refresh" data-live="${refresh.live ? 'yes' : 'no'}">${refresh.live ? 'live, refreshing' : 'not refreshing'}${when}${note}</span>`;
  }

  function runtimeBadge(runtimeStatus: string): string {
    const kind =
      runtimeStatus === 'Completed'
        ? 'succeeded'
        : FINISHED.includes(runtimeStatus)
          ? 'failed'
          : runtimeStatus === 'Running'
            ? 'running'
            : 'pending';
    return `<span class="badge ${PART_CLASS[kind]}" data-part="runtime-status">${esc(runtimeStatus || 'unknown')}</span>`;
  }

  function renderConnection(data: ConnectionPageData, refresh: RefreshState): string {
    const status = rec(data.status);
    const runtimeStatus = str(status.runtimeStatus);
    const start = ms(status.createdTime);
    const latest = latestTime(status);
    const elapsed = start !== undefined && latest !== undefined ? duration(latest - start) : '';
    return (
      `<header><h1>${esc(data.name)}</h1>${runtimeBadge(runtimeStatus)}` +
      (status.phase ? `<span class="muted">phase ${esc(status.phase)}</span>` : '') +
      (elapsed
        ? `<span class="muted">${FINISHED.includes(runtimeStatus) ? 'took' : 'running for'} ${esc(elapsed)}</span>`
        : '') +
      `<span class="muted">${refreshLine(refresh)}</span></header>` +
      errorSections(status, 'Failed', 'Also failed') +
      `<section><h2>Blueprint</h2>${blueprintSvg(data, status)}<p class="muted">${verifyLine(status)}</p></section>` +
      teardownSection(status) +
      `<section><h2>Stages</h2>${timelineSvg(status)}</section>` +
      `<section><h2>Events</h2>${eventList(status)}</section>`
    );
  }

  function renderList(data: ListPageData, refresh: RefreshState, code: string | null): string {
    const query = code ? `?code=${encodeURIComponent(code)}` : '';
    const rows = data.items.map((raw) => {
      const item = rec(raw);
      const name = str(item.name);
      const runtimeStatus = str(item.runtimeStatus);
      return (
        `<tr data-connection="${esc(name)}"><td><a href="${esc(`${encodeURIComponent(name)}/view${query}`)}">${esc(name)}</a></td>` +
        `<td>${runtimeBadge(runtimeStatus)}</td><td>${esc(item.phase ?? '')}</td>` +
        `<td>${esc(str(item.createdTime).replace('T', ' ').slice(0, 19))}</td>` +
        `<td>${esc(str(item.lastUpdatedTime).replace('T', ' ').slice(0, 19))}</td></tr>`
      );
    });
    const table =
      rows.length === 0
        ? '<p class="muted">No connections yet: POST a plan to /api/connections.</p>'
        : `<table><thead><tr><th>Name</th><th>Status</th><th>Phase</th><th>Created</th><th>Updated</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
    return `<header><h1>Hybrid connections</h1><span class="muted">${refreshLine(refresh)}</span></header><section>${table}</section>`;
  }

  return { renderConnection, renderList, isFinished, esc };
}
