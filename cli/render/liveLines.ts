// The live state of `status --live` as terminal lines: when it was read (and how long ago, on the server's clock),
// then per cloud its tunnel as ARM says it now, the byte counters, the gateway's address and its resources by
// provisioningState, or why that cloud could not be read. Pure.
import { CLOUD_IDS } from '../../lib/cloudIds';
import type { LiveCloudState } from '../../lib/api/connectionStatus';
import { isLiveError, type LiveView } from '../client/apiTypes';
import type { Painter, Style } from './ansi';
import { formatBytes, formatDuration, shortTime } from './format';
import { cloudLabel } from './labels';

const LABEL_WIDTH = 16;

export function liveLines(live: LiveView, serverNowMs: number, paint: Painter): string[] {
  const readAt = Date.parse(live.readAt);
  const age = Number.isFinite(readAt) ? ` (${formatDuration(serverNowMs - readAt)} ago)` : '';
  const lines = [`  ${paint('bold', 'Live')}    ${paint('dim', `read ${shortTime(live.readAt)}${age}`)}`];
  for (const cloud of CLOUD_IDS) {
    const side = live[cloud];
    if (side === undefined) continue;
    const label = cloudLabel(cloud).padEnd(LABEL_WIDTH);
    const text = isLiveError(side)
      ? paint('red', `not read: ${side.error.code}${side.error.message ? `: ${side.error.message}` : ''}`)
      : sideText(side, paint);
    lines.push(`    ${label} ${text}`);
  }
  return lines;
}

function sideText(side: LiveCloudState, paint: Painter): string {
  if (side.resources.length === 0) return paint('grey', 'nothing there (no resource of this connection exists)');
  const parts: string[] = [];
  const status = side.connection?.connectionStatus;
  parts.push(
    side.connection === null
      ? paint('grey', 'no connection resource')
      : `tunnel ${paint(styleOf(status), status ?? 'unknown')}`,
  );
  const ingress = side.connection?.ingressBytesTransferred;
  const egress = side.connection?.egressBytesTransferred;
  if (typeof ingress === 'number' && typeof egress === 'number') {
    parts.push(`in ${formatBytes(ingress)}, out ${formatBytes(egress)}`);
  }
  if (side.gatewayIpAddress !== null) parts.push(`gateway ${side.gatewayIpAddress}`);
  parts.push(resourcesText(side));
  return parts.join(paint('dim', ' · '));
}

/** `9 resources Succeeded`, or `9 resources: 8 Succeeded, 1 Updating`. */
function resourcesText(side: LiveCloudState): string {
  const counts = new Map<string, number>();
  for (const resource of side.resources) {
    const state = resource.provisioningState ?? 'no state';
    counts.set(state, (counts.get(state) ?? 0) + 1);
  }
  const total = `${side.resources.length} resource${side.resources.length === 1 ? '' : 's'}`;
  if (counts.size === 1) return `${total} ${[...counts.keys()][0]}`;
  return `${total}: ${[...counts].map(([state, count]) => `${count} ${state}`).join(', ')}`;
}

function styleOf(connectionStatus: string | null | undefined): Style {
  if (connectionStatus === 'Connected') return 'green';
  if (connectionStatus === 'Connecting') return 'yellow';
  if (connectionStatus === 'NotConnected') return 'red';
  return 'grey';
}
