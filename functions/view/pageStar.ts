// A fleet's status page picture (SVG): the Azure hub in the centre and one node per site around it, each spoke the
// site's tunnel to the hub, coloured and dashed by its state (Connected, connecting, failed, being removed, removed),
// with the same facts as a table of sites in words (tunnel, ping from the hub, stages, address space, error), so
// nothing is told by colour alone. Shipped to the browser as source text (see pageDocument.ts): self-contained, its
// helpers come in as arguments.
import type { SiteStatusBody, StageState, VerifyStatus } from '../../lib/api/connectionStatus';
import type { CloudId } from '../../lib/cloudIds';
import type { HtmlFragment, Markup } from './pageMarkup';
import type { ConnectionPageData, FleetSiteLayout } from './pageModel';
import type { Part, Reading, SiteState, StatusFields } from './pageReading';

export interface Star {
  /** The star and the table of its sites. */
  starSection: (data: ConnectionPageData, status: StatusFields) => HtmlFragment;
}

export function createStar({ html, join }: Markup, read: Reading): Star {
  const WIDTH = 1000;
  const HEIGHT = 460;
  const CX = WIDTH / 2;
  const CY = HEIGHT / 2;
  /** Up to this many sites each get a box with its name and state; more get a dot (the table says the rest). */
  const MAX_BOXES = 12;
  /** Up to this many dots are labelled with their site's name. */
  const MAX_LABELS = 36;

  /** One node of the ring: a site of the plan, or one a replacing run removes. */
  interface Node {
    name: string;
    state: SiteState;
    lines: string[];
  }

  /** The hub's colour: its shared stages all built, any failed, any under way (or torn down with the rest). */
  function hubPart(status: StatusFields): Part {
    const teardown = read.teardownPhase(status);
    if (teardown === 'deleting') return 'running';
    if (teardown === 'deleted') return 'pending';
    const stages = Object.values(read.rec<Record<string, unknown>>(read.rec(status.hub).stages)).map((stage) =>
      read.partOf(read.rec<StageState>(stage).state),
    );
    if (stages.includes('failed')) return 'failed';
    if (stages.length > 0 && stages.every((part) => part === 'succeeded')) return 'succeeded';
    return stages.some((part) => part !== 'pending') ? 'running' : 'pending';
  }

  const HUB_WORDS: Record<Part, string> = {
    succeeded: 'built',
    running: 'being built',
    failed: 'failed',
    pending: 'not started',
  };

  function hubSvg(data: ConnectionPageData, status: StatusFields): HtmlFragment {
    const part = hubPart(status);
    const teardown = read.teardownPhase(status);
    const words = teardown === 'deleting' ? 'being torn down' : teardown === 'deleted' ? 'torn down' : HUB_WORDS[part];
    const gateway = read.rec<StageState>(read.rec<Record<string, unknown>>(read.rec(status.hub).stages).gateway);
    const gatewayIp = read.addressOf(status, 'azure', 'gatewayPublicIp');
    const lines = [
      `${read.cloudTitle('azure')} hub`,
      `VPN gateway ${read.stageIcon(read.partOf(gateway.state))}${read.str(gateway.detail) ? ` ${read.cut(gateway.detail, 14)}` : ''}`,
      read.cut((data.layout?.sites.azure.addressSpace ?? []).join(', '), 28),
      gatewayIp ? `public IP ${gatewayIp}` : '',
    ].filter((line) => line !== '');
    const b = { x: CX - 105, y: CY - 40, w: 210, h: 80 };
    const text = lines.map(
      (line, index) =>
        html`<text x="${b.x + 10}" y="${b.y + 20 + index * 16}" class="${index === 0 ? 'label' : 'sub'}">${line}</text>`,
    );
    return html`<g class="part ${read.partClass[part]}" data-part="hub" data-state="${part}"><title>${read.cloudTitle('azure')} hub: ${words}</title><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="8"></rect>${join(text)}</g>`;
  }

  function classes(state: SiteState, kind: string): string {
    return `${kind} ${read.partClass[state.part]}${state.gone ? ' gone' : ''}`;
  }

  function nodeSvg(node: Node, x: number, y: number, boxes: boolean, cos: number, labelled: boolean): HtmlFragment {
    const title = html`<title>${node.name}: tunnel ${node.state.words}</title>`;
    if (boxes) {
      const b = { x: x - 80, y: y - 27, w: 160, h: 54 };
      const text = node.lines.map(
        (line, index) =>
          html`<text x="${b.x + 10}" y="${b.y + 18 + index * 16}" class="${index === 0 ? 'label' : 'sub'}">${line}</text>`,
      );
      return html`<g class="${classes(node.state, 'part')}" data-part="node-${node.name}" data-state="${node.state.part}">${title}<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="8"></rect>${join(text)}</g>`;
    }
    // A dot, its name outside the ring on the side it sits.
    const anchor = cos > 0.3 ? 'start' : cos < -0.3 ? 'end' : 'middle';
    const label = labelled
      ? html`<text x="${(x + cos * 16).toFixed(1)}" y="${(y + (anchor === 'middle' ? (y < CY ? -14 : 22) : 4)).toFixed(1)}" text-anchor="${anchor}" class="sub">${read.cut(node.name, 12)}</text>`
      : '';
    return html`<g class="${classes(node.state, 'part')}" data-part="node-${node.name}" data-state="${node.state.part}">${title}<rect x="${(x - 9).toFixed(1)}" y="${(y - 9).toFixed(1)}" width="18" height="18" rx="9"></rect>${label}</g>`;
  }

  function spokeSvg(node: Node, x: number, y: number): HtmlFragment {
    const title = html`<title>Tunnel between the hub and ${node.name}: ${node.state.words}</title>`;
    return html`<g class="${classes(node.state, 'tunnel')}" data-part="spoke-${node.name}" data-state="${node.state.part}">${title}<line x1="${CX}" y1="${CY}" x2="${x.toFixed(1)}" y2="${y.toFixed(1)}"></line></g>`;
  }

  function nodesOf(data: ConnectionPageData, status: StatusFields): Node[] {
    const layouts = read.rec<Record<string, FleetSiteLayout>>(data.layout?.fleet);
    const spaceOf = (name: string): string => {
      const layout = read.rec<FleetSiteLayout>(Object.hasOwn(layouts, name) ? layouts[name] : undefined);
      return Array.isArray(layout.addressSpace) ? layout.addressSpace.map(read.str).join(', ') : '';
    };
    const sites = read.siteNames(status).map((name) => {
      const state = read.siteState(status, name);
      return { name, state, lines: [read.cut(name, 18), `tunnel ${state.words}`, read.cut(spaceOf(name), 22)] };
    });
    const removed = read.removedSites(status).map(({ name, state }) => ({
      name,
      state,
      lines: [read.cut(name, 18), state.words],
    }));
    return [...sites, ...removed];
  }

  function starSvg(data: ConnectionPageData, status: StatusFields, nodes: Node[]): HtmlFragment {
    const boxes = nodes.length <= MAX_BOXES;
    const rx = boxes ? 370 : 400;
    const ry = boxes ? 175 : 190;
    const placed = nodes.map((node, index) => {
      // Clockwise from the top.
      const angle = -Math.PI / 2 + (2 * Math.PI * index) / Math.max(1, nodes.length);
      return { node, cos: Math.cos(angle), x: CX + rx * Math.cos(angle), y: CY + ry * Math.sin(angle) };
    });
    const spokes = placed.map(({ node, x, y }) => spokeSvg(node, x, y));
    const labelled = nodes.length <= MAX_LABELS;
    const drawn = placed.map(({ node, x, y, cos }) => nodeSvg(node, x, y, boxes, cos, labelled));
    const connected = nodes.filter((node) => node.state.part === 'succeeded' && !node.state.gone).length;
    const sites = read.siteNames(status).length;
    const summary = `${connected} of ${sites} tunnel${sites === 1 ? '' : 's'} Connected`;
    const said = nodes.map((node) => `${node.name}: ${node.state.words}`).join('; ');
    const hubWords = `${read.cloudTitle('azure')} hub ${HUB_WORDS[hubPart(status)]}`;
    const desc = `Hub and sites of ${data.name}. ${hubWords}. ${nodes.length} site${nodes.length === 1 ? '' : 's'} around it, each tunnel to the hub: ${said}.`;
    return html`<svg class="star" viewBox="0 0 ${WIDTH} ${HEIGHT}" role="img" aria-labelledby="star-title star-desc"><title id="star-title">Hub and sites of ${data.name}: ${summary}</title><desc id="star-desc" data-part="star-desc">${desc}</desc>${join(spokes)}${hubSvg(data, status)}${join(drawn)}</svg>`;
  }

  function pingWords(verify: unknown): string {
    const sent = read.rec<VerifyStatus>(verify);
    const state = read.str(sent.state) || 'pending';
    if (state === 'skipped') return 'skipped';
    if (typeof sent.reachable !== 'boolean') return state;
    const replies = `${read.str(sent.packetsReceived) || '0'}/${read.str(sent.packetsSent) || '0'} replies`;
    return `${sent.reachable ? 'reachable' : 'unreachable'} (${replies})`;
  }

  /** A site's stages on both sides in words: how many are done, which are under way or failed. */
  function stageWords(site: ReturnType<Reading['siteOf']>): string {
    const stages = read.rec<SiteStatusBody['stages']>(site.stages);
    const all = read.clouds.flatMap((cloud: CloudId) =>
      Object.entries(read.rec<Record<string, unknown>>(stages[cloud])).map(([stage, sent]) => ({
        stage,
        part: read.partOf(read.rec<StageState>(sent).state),
      })),
    );
    if (all.length === 0) return '';
    const named = (part: Part): string[] => [
      ...new Set(all.filter((each) => each.part === part).map((each) => read.stageTitle(each.stage))),
    ];
    const done = all.filter((each) => each.part === 'succeeded').length;
    return [
      `${done} of ${all.length} done`,
      named('running').length > 0 ? `building: ${named('running').join(', ')}` : '',
      named('failed').length > 0 ? `failed: ${named('failed').join(', ')}` : '',
    ]
      .filter((words) => words)
      .join('; ');
  }

  function errorCell(site: ReturnType<Reading['siteOf']>): HtmlFragment {
    const error = read.rec(site.error);
    if (!read.str(error.code) && !read.str(error.message)) return html``;
    const where = [read.cloudTitle(read.str(error.cloud)), read.stageTitle(read.str(error.stage))]
      .filter((v) => v)
      .join(' / ');
    const hint = read.str(error.hint) ? html` <span class="hint">What to do: ${error.hint}</span>` : '';
    return html`<code>${error.code}</code>${where ? ` at ${where}` : ''}: ${error.message}${hint}`;
  }

  function badge(state: SiteState): HtmlFragment {
    return html`<span class="label ${read.partClass[state.part]}">${state.words}</span>`;
  }

  function sitesTable(data: ConnectionPageData, status: StatusFields, nodes: Node[]): HtmlFragment {
    const layouts = read.rec<Record<string, FleetSiteLayout>>(data.layout?.fleet);
    const rows = read.siteNames(status).map((name) => {
      const site = read.siteOf(status, name);
      const state = read.siteState(status, name);
      const tunnel = read.rec(site.tunnel);
      const sides = read.rec<Record<string, unknown>>(tunnel.connectionStatus);
      const reads = read.clouds
        .filter((cloud) => read.str(sides[cloud]))
        .map((cloud) => `${read.cloudTitle(cloud)} ${read.str(sides[cloud])}`);
      const ends = reads.length > 0 && !state.gone ? html` <span class="muted">(${reads.join(', ')})</span>` : '';
      const layout = read.rec<FleetSiteLayout>(Object.hasOwn(layouts, name) ? layouts[name] : undefined);
      const space = Array.isArray(layout.addressSpace) ? layout.addressSpace.map(read.str).join(', ') : '';
      return html`<tr data-part="row-${name}" data-state="${state.part}"><th scope="row">${name}</th><td>${badge(state)}${ends}</td><td>${pingWords(site.verify)}</td><td>${stageWords(site)}</td><td>${space}</td><td>${errorCell(site)}</td></tr>`;
    });
    const removed = read.removedSites(status).map(({ name, state, deleted }) => {
      const what = `removed from the plan; ${deleted} resource${deleted === 1 ? '' : 's'} deleted`;
      return html`<tr data-part="row-${name}" data-state="${state.part}"><th scope="row">${name}</th><td>${badge(state)}</td><td></td><td>${what}</td><td></td><td></td></tr>`;
    });
    const head = html`<thead><tr><th scope="col">Site</th><th scope="col">Tunnel to the hub</th><th scope="col">Ping from the hub</th><th scope="col">Stages</th><th scope="col">Address space</th><th scope="col">Error</th></tr></thead>`;
    return html`<table data-part="sites"><caption>${nodes.length} site${nodes.length === 1 ? '' : 's'} of the hub</caption>${head}<tbody>${join([...rows, ...removed])}</tbody></table>`;
  }

  function starSection(data: ConnectionPageData, status: StatusFields): HtmlFragment {
    const nodes = nodesOf(data, status);
    return html`${starSvg(data, status, nodes)}${sitesTable(data, status, nodes)}`;
  }

  return { starSection };
}
