// The status page's live section: when ARM was read (and how long before the server's now), then per cloud its
// tunnel as ARM says it now, the byte counters, the gateway's public IP and each resource with its
// provisioningState, or why that cloud could not be read. Shipped to the browser as source text (see
// pageDocument.ts): self-contained, its helpers come in as arguments.
import type {
  ConnectionStatusBody,
  LiveCloudError,
  LiveCloudState,
  LiveConnection,
  LiveResource,
  LiveState,
} from '../../lib/api/connectionStatus';
import type { ByteFormat } from '../../lib/api/byteCounts';
import type { CloudId } from '../../lib/cloudIds';
import type { HtmlFragment, Markup } from './pageMarkup';
import type { Part, Reading, StatusFields } from './pageReading';
import type { Times } from './pageTimes';

export interface LiveSection {
  /** Nothing when the status carries no `live` (an API answer without ?live=true). */
  liveSection: (status: StatusFields) => HtmlFragment;
}

export function createLive({ html, join }: Markup, read: Reading, times: Times, { bytes }: ByteFormat): LiveSection {
  function statusPart(connectionStatus: string): Part {
    if (connectionStatus === 'Connected') return 'succeeded';
    if (connectionStatus === 'Connecting') return 'running';
    return connectionStatus === 'NotConnected' ? 'failed' : 'pending';
  }

  function cloudBlock(cloud: CloudId, sent: unknown, readAt: HtmlFragment): HtmlFragment {
    const title = read.cloudTitle(cloud);
    const failure = read.rec<LiveCloudError>(sent).error;
    if (failure !== undefined) {
      const error = read.rec<LiveCloudError['error']>(failure);
      const message = read.str(error.message);
      return html`<div data-part="live-${cloud}" data-state="failed"><h3>${title}</h3><p class="note">not read: <code>${error.code}</code>${message ? html` ${message}` : ''}</p></div>`;
    }
    const side = read.rec<LiveCloudState>(sent);
    const resources: unknown[] = Array.isArray(side.resources) ? side.resources : [];
    if (resources.length === 0) {
      return html`<div data-part="live-${cloud}" data-state="pending"><h3>${title}</h3><p class="muted">No resource of this connection exists.</p></div>`;
    }
    const connection = read.rec<LiveConnection>(side.connection);
    const connectionStatus = read.str(connection.connectionStatus);
    const part = side.connection === null || side.connection === undefined ? 'pending' : statusPart(connectionStatus);
    const tunnel =
      side.connection === null || side.connection === undefined
        ? html`<p class="muted">No connection resource.</p>`
        : html`<p>Tunnel <strong data-part="live-status-${cloud}">${connectionStatus || 'unknown'}</strong> · in ${bytes(connection.ingressBytesTransferred)}, out ${bytes(connection.egressBytesTransferred)}</p><p class="muted">as read ${readAt}</p>`;
    const address = read.str(side.gatewayIpAddress);
    const gateway = address ? html`<p>Gateway public IP <code>${address}</code></p>` : '';
    const items = resources.map((sentResource) => {
      const resource = read.rec<LiveResource>(sentResource);
      const name = read.str(resource.id).split('/').slice(-2).join('/');
      return html`<li><code>${name}</code> ${read.str(resource.provisioningState) || 'no state'}</li>`;
    });
    return html`<div data-part="live-${cloud}" data-state="${part}"><h3>${title}</h3>${tunnel}${gateway}<ul>${join(items)}</ul></div>`;
  }

  function liveSection(status: StatusFields): HtmlFragment {
    if (status.live === undefined || status.live === null) return html``;
    const live = read.rec<LiveState>(read.rec<ConnectionStatusBody>(status).live);
    const readAt = times.ago(live.readAt, read.nowOf(status));
    const when = html`<p class="muted">Read from ARM ${readAt}</p>`;
    const blocks = read.clouds.map((cloud) => cloudBlock(cloud, live[cloud], readAt));
    return html`<section class="live" data-part="live"><h2>Live</h2>${when}<div class="columns">${join(blocks)}</div></section>`;
  }

  return { liveSection };
}
