// The demo's final summary as text: outcome, resources per cloud (from the status' resource ids), tunnel, ping,
// the events the Event Grid topic received, virtual vs wall time. Pure; prints nothing and holds no secret.
import { CLOUD_IDS } from '../../lib/cloudIds';
import type { ConnectionView } from '../client/apiTypes';
import { isRecord } from '../../lib/json';
import { formatDuration } from './progressLines';

export interface SummaryInput {
  view: ConnectionView;
  /** What the simulator's Event Grid topic accepted, in arrival order. */
  events: unknown[];
  virtualMs: number;
  wallMs: number;
  timeScale: number;
}

export function summaryText({ view, events, virtualMs, wallMs, timeScale }: SummaryInput): string[] {
  const ok = view.runtimeStatus === 'Completed' && view.error === null;
  const lines = [
    '',
    `${view.name}: ${ok ? 'connected' : 'FAILED'} (${view.runtimeStatus}) in ${formatDuration(virtualMs)} of ` +
      `virtual time, ${(wallMs / 1000).toFixed(1)} s of wall time (time scale ${timeScale})`,
  ];
  if (view.error) {
    const where = [view.error.cloud, view.error.stage].filter(Boolean).join(' / ');
    lines.push(`  error: ${view.error.code}${where ? ` at ${where}` : ''}: ${view.error.message}`);
    if (view.error.hint) lines.push(`  hint: ${view.error.hint}`);
    if (view.error.diagnosis) lines.push(`  diagnosis: ${view.error.diagnosis}`);
  }
  lines.push('', 'Resources');
  for (const cloud of CLOUD_IDS) {
    // Later stages (tunnel, verify) name resources an earlier stage made: list each resource once.
    const made = new Map<string, string>();
    for (const [stage, state] of Object.entries(view.stages[cloud])) {
      const id = state.resourceId?.toLowerCase();
      if (state.resourceId !== undefined && id !== undefined && !made.has(id))
        made.set(id, `${stage.padEnd(20)} ${shortId(state.resourceId)}`);
    }
    lines.push(`  ${cloud}${made.size === 0 ? ': none' : ''}`);
    for (const line of made.values()) lines.push(`    ${line}`);
  }
  const { connection } = view;
  const sides = CLOUD_IDS.map((cloud) => `${cloud}: ${connection.connectionStatus[cloud] ?? '-'}`).join(', ');
  lines.push('', `Tunnel: ${connection.state} (${sides})${connection.diagnosis ? ` ${connection.diagnosis}` : ''}`);
  const { verify } = connection;
  const packets =
    verify.packetsSent !== undefined ? `, ${verify.packetsReceived ?? 0}/${verify.packetsSent} packets back` : '';
  const reach = verify.reachable === undefined ? '' : verify.reachable ? ', reachable' : ', NOT reachable';
  lines.push(`Ping across the tunnel: ${verify.state}${reach}${packets}`);
  lines.push('', `Events published (${events.length}, as the Event Grid topic received them)`);
  for (const event of events) lines.push(`  ${eventLine(event)}`);
  return lines;
}

/** `Microsoft.Network/virtualNetworkGateways/vgw-contoso` from a full ARM id. */
function shortId(id: string): string {
  const match = /\/providers\/(.+)$/i.exec(id);
  if (match?.[1]) return match[1];
  const group = /\/resourceGroups\/([^/]+)$/i.exec(id);
  return group?.[1] ? `resourceGroups/${group[1]}` : id;
}

function eventLine(event: unknown): string {
  if (!isRecord(event)) return String(event);
  const text = (value: unknown): string => (typeof value === 'string' ? value : '');
  return `${text(event.type).padEnd(42)} ${text(event.id)}`;
}
