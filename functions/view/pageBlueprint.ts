// The status page's blueprint (SVG): both clouds side by side, each a resource group holding its virtual network,
// subnets, VM and VPN gateway, its local network gateway and connection, coloured by their stages, and the tunnel
// between the gateways. Shipped to the browser as source text (see pageDocument.ts): self-contained, its helpers
// come in as arguments.
import type { ConnectionStatusBody } from '../../lib/api/connectionStatus';
import type { CloudId } from '../../lib/cloudIds';
import type { HtmlFragment, Markup } from './pageMarkup';
import type { ConnectionPageData, SiteLayout } from './pageModel';
import type { Part, Reading, StatusFields } from './pageReading';

export interface Blueprint {
  blueprintSvg: (data: ConnectionPageData, status: StatusFields) => HtmlFragment;
}

export function createBlueprint({ html, join }: Markup, read: Reading): Blueprint {
  interface Box {
    x: number;
    y: number;
    w: number;
    h: number;
  }

  /** One part of a site: its name (`<name>-<cloud>` in data-part), the stage it shows, where, and what it says. */
  interface SitePart {
    name: string;
    stage: string;
    at: Box;
    lines: string[];
    title: string;
  }

  function box(partName: string, part: Part, b: Box, lines: string[], title: string): HtmlFragment {
    const text = lines.map(
      (line, index) =>
        html`<text x="${b.x + 10}" y="${b.y + 20 + index * 16}" class="${index === 0 ? 'label' : 'sub'}">${line}</text>`,
    );
    const shape = html`<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="8"></rect>`;
    return html`<g class="part ${read.partClass[part]}" data-part="${partName}" data-state="${part}"><title>${title}</title>${shape}${join(text)}</g>`;
  }

  function siteParts(
    status: StatusFields,
    site: SiteLayout | undefined,
    cloud: CloudId,
    x0: number,
    mirrored: boolean,
  ): SitePart[] {
    const { cut, str } = read;
    const stage = (name: string) => read.stageOf(status, cloud, name);
    const icon = (name: string): string => read.stageIcon(read.partOf(stage(name).state));
    const detail = (name: string): string => (str(stage(name).detail) ? ` · ${str(stage(name).detail)}` : '');
    const names = read.rec<SiteLayout['names']>(site?.names);
    const title = read.cloudTitle(cloud);
    // The gateway side faces the other cloud, so the tunnel is a straight line between the two panels.
    const gatewayX = mirrored ? x0 + 20 : x0 + 225;
    const workloadX = mirrored ? x0 + 225 : x0 + 20;
    const vmIp = read.addressOf(status, cloud, 'vmPrivateIp');
    const gatewayIp = read.addressOf(status, cloud, 'gatewayPublicIp');
    const peer = read.peerOf(cloud);
    const peerIp = read.addressOf(status, peer, 'gatewayPublicIp');
    /** A box inside a subnet (the VM, the gateway): its resource name and size, its address, the state read last. */
    const machine = (
      name: string,
      stageName: string,
      x: number,
      [resourceName, size]: unknown[],
      address: string,
      what: string,
    ): SitePart => ({
      name,
      stage: stageName,
      at: { x, y: 148, w: 171, h: 92 },
      lines: [cut(resourceName, 20), cut(size, 22), address, cut(str(stage(stageName).detail), 22)],
      title: `${what}${detail(stageName)}`,
    });
    const tunnel = read.rec<ConnectionStatusBody['connection']>(status.connection);
    const connectionStatus = str(read.rec<Record<CloudId, string>>(tunnel.connectionStatus)[cloud]);
    return [
      {
        name: 'site',
        stage: 'resourceGroup',
        at: { x: x0, y: 10, w: 440, h: 382 },
        lines: [title, [site?.location, site?.resourceGroup].filter((v) => v).join(' · ')],
        title: `${title}: resource group ${site?.resourceGroup ?? ''}`,
      },
      {
        name: 'vnet',
        stage: 'virtualNetwork',
        at: { x: x0 + 10, y: 62, w: 420, h: 202 },
        lines: [cut(names.virtualNetwork, 40), (site?.addressSpace ?? []).join(', ')],
        title: `virtual network${detail('virtualNetwork')}`,
      },
      {
        name: 'workloadSubnet',
        stage: 'virtualNetwork',
        at: { x: workloadX, y: 104, w: 195, h: 150 },
        lines: [cut(names.workloadSubnet, 24), str(site?.workloadSubnet)],
        title: 'workload subnet',
      },
      {
        name: 'gatewaySubnet',
        stage: 'virtualNetwork',
        at: { x: gatewayX, y: 104, w: 195, h: 150 },
        lines: [str(names.gatewaySubnet) || 'GatewaySubnet', str(site?.gatewaySubnet)],
        title: 'GatewaySubnet',
      },
      machine(
        'vm',
        'virtualMachine',
        workloadX + 12,
        [names.virtualMachine, site?.vmSize],
        vmIp ? `private IP ${vmIp}` : `NIC ${icon('networkInterface')}`,
        'virtual machine',
      ),
      machine(
        'gateway',
        'gateway',
        gatewayX + 12,
        [names.virtualNetworkGateway, site?.gatewaySku],
        gatewayIp ? `public IP ${gatewayIp}` : `public IP ${icon('publicIp')}`,
        'VPN gateway',
      ),
      {
        name: 'lgw',
        stage: 'localNetworkGateway',
        at: { x: x0 + 10, y: 274, w: 420, h: 52 },
        lines: [cut(names.localNetworkGateway, 44), `→ ${read.cloudTitle(peer)}${peerIp ? ` gateway ${peerIp}` : ''}`],
        title: `local network gateway${detail('localNetworkGateway')}`,
      },
      {
        name: 'connection',
        stage: 'connection',
        at: { x: x0 + 10, y: 334, w: 420, h: 52 },
        lines: [cut(names.connection, 44), connectionStatus ? `status ${connectionStatus}` : 'IPsec site-to-site'],
        title: `connection${detail('connection')}`,
      },
    ];
  }

  function siteSvg(
    status: StatusFields,
    site: SiteLayout | undefined,
    cloud: CloudId,
    x0: number,
    mirrored: boolean,
  ): HtmlFragment {
    // What the teardown deleted is drawn as not there (grey), whatever the run recorded of building it.
    const sent = read.rec<Record<CloudId, unknown>>(read.teardownOf(status).deleted)[cloud];
    const deleted = new Set((Array.isArray(sent) ? sent : []).map((id) => read.str(id).toLowerCase()));
    return join(
      siteParts(status, site, cloud, x0, mirrored).map(({ name, stage, at, lines, title }) => {
        const built = read.stageOf(status, cloud, stage);
        const gone = deleted.has(read.str(built.resourceId).toLowerCase());
        const part = gone ? 'pending' : read.partOf(built.state);
        return box(`${name}-${cloud}`, part, at, lines, gone ? `${title} (deleted)` : title);
      }),
    );
  }

  /** The resources the drawing shows per cloud (its stages but the tunnel's and the ping's), in dependency order. */
  const DRAWN_STAGES = read.stages.filter((stage) => stage !== 'tunnel' && stage !== 'verify');

  /** What the drawing shows of a cloud, in words: which resources exist, which are being built, failed, deleted. */
  function siteWords(status: StatusFields, cloud: CloudId): string {
    const sent = read.rec<Record<CloudId, unknown>>(read.teardownOf(status).deleted)[cloud];
    const deleted = new Set((Array.isArray(sent) ? sent : []).map((id) => read.str(id).toLowerCase()));
    const groups: Record<Part | 'deleted', string[]> = {
      succeeded: [],
      running: [],
      failed: [],
      pending: [],
      deleted: [],
    };
    for (const stage of DRAWN_STAGES) {
      const built = read.stageOf(status, cloud, stage);
      const gone = read.str(built.resourceId) !== '' && deleted.has(read.str(built.resourceId).toLowerCase());
      groups[gone ? 'deleted' : read.partOf(built.state)].push(read.stageTitle(stage));
    }
    const said = [
      groups.succeeded.length > 0 ? `exists: ${groups.succeeded.join(', ')}` : 'nothing built yet',
      groups.running.length > 0 ? `being built: ${groups.running.join(', ')}` : '',
      groups.failed.length > 0 ? `failed: ${groups.failed.join(', ')}` : '',
      groups.deleted.length > 0 ? `deleted: ${groups.deleted.join(', ')}` : '',
    ];
    return `${read.cloudTitle(cloud)}: ${said.filter((words) => words).join('; ')}.`;
  }

  /** Which side reads Connected: the live read when the status has one, else what the run read last. */
  function sideWords(status: StatusFields): string {
    const live = read.rec<Record<CloudId, unknown>>(status.live);
    const recorded = read.rec<Record<CloudId, unknown>>(
      read.rec<ConnectionStatusBody['connection']>(status.connection).connectionStatus,
    );
    const sides = read.clouds.map((cloud) => {
      const liveStatus = read.str(read.rec(read.rec(live[cloud]).connection).connectionStatus);
      const side = liveStatus || read.str(recorded[cloud]);
      return `${read.cloudTitle(cloud)} side ${side || 'not connected (no status yet)'}`;
    });
    return `${sides.join(', ')}.`;
  }

  /** The tunnel's words for its states; any other state is shown as sent. */
  const TUNNEL_LABELS: Record<string, string> = {
    connected: 'Connected',
    connecting: 'Connecting',
    notConnected: 'NotConnected',
    pending: 'not started',
  };

  function blueprintSvg(data: ConnectionPageData, status: StatusFields): HtmlFragment {
    const layout = data.layout;
    const tunnel = read.rec<ConnectionStatusBody['connection']>(status.connection);
    const state = read.str(tunnel.state);
    // The run's record of the tunnel stops being true once its teardown starts removing the connections.
    const teardown = read.teardownPhase(status);
    const part: Part =
      teardown === 'deleting' ? 'running' : teardown === 'deleted' ? 'pending' : read.tunnelPart(tunnel.state);
    const tunnelText =
      teardown === 'deleting'
        ? 'being torn down'
        : teardown === 'deleted'
          ? 'torn down'
          : ((Object.hasOwn(TUNNEL_LABELS, state) ? TUNNEL_LABELS[state] : undefined) ?? (state || 'not started'));
    // Gateway boxes: Azure's right edge at 10+225+12+171, Stack Hub's left edge at 550+20+12.
    const y = 194;
    const sites = join([
      siteSvg(status, layout?.sites.azure, 'azure', 10, false),
      siteSvg(status, layout?.sites.azureStack, 'azureStack', 550, true),
    ]);
    const tunnelSvg = join([
      html`<title>IPsec tunnel between the two gateways: ${tunnelText}</title>`,
      html`<line x1="418" y1="${y}" x2="582" y2="${y}"></line>`,
      html`<text x="500" y="${y - 14}" text-anchor="middle" class="label">tunnel</text>`,
      html`<text x="500" y="${y + 24}" text-anchor="middle" class="label" data-part="tunnel-label">${tunnelText}</text>`,
    ]);
    const words = `Blueprint of ${data.name}. ${read.clouds.map((cloud) => siteWords(status, cloud)).join(' ')} Tunnel between the gateways: ${tunnelText}. ${sideWords(status)}`;
    return html`<svg class="blueprint" viewBox="0 0 1000 402" role="img" aria-labelledby="blueprint-title blueprint-desc"><title id="blueprint-title">Blueprint of ${data.name}: tunnel ${tunnelText}</title><desc id="blueprint-desc" data-part="blueprint-desc">${words}</desc>${sites}<g class="tunnel ${read.partClass[part]}" data-part="tunnel" data-state="${part}">${tunnelSvg}</g></svg>`;
  }

  return { blueprintSvg };
}
