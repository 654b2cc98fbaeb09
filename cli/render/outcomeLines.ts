// The closing words of a followed run: what was built (gateway public IPs, VM private IPs, tunnel, ping) when it
// succeeded, or where and why it failed and what to do. Pure.
import { CLOUD_IDS } from '../../lib/cloudIds';
import { hasFailed, isRecord, type ConnectionView } from '../client/apiTypes';
import { painter } from './ansi';
import { formatDuration } from './format';
import { cloudLabel, tunnelLabel } from './labels';
import { runElapsedMs } from './stageRows';
import { failureLines } from './statusView';

export function outcomeLines(view: ConnectionView, colour: boolean): string[] {
  const paint = painter(colour);
  const elapsed = runElapsedMs(view, Date.parse(view.lastUpdatedTime) || 0, true);
  const took = elapsed !== undefined && elapsed > 0 ? ` (took ${formatDuration(elapsed)})` : '';
  if (hasFailed(view)) {
    const error = view.error ?? { code: view.runtimeStatus, message: `the run ended ${view.runtimeStatus}` };
    return [
      ...failureLines(error, paint),
      `  rerun with the same plan to resume (what exists is adopted), or tear down with: hybrid-connection down ${view.name}`,
    ];
  }
  const lines = [paint('green', `✔ ${view.name} is connected${took}`)];
  const sites = isRecord(view.summary) && isRecord(view.summary.sites) ? view.summary.sites : {};
  for (const cloud of CLOUD_IDS) {
    const site = sites[cloud];
    if (!isRecord(site)) continue;
    const gateway = typeof site.gatewayPublicIp === 'string' ? site.gatewayPublicIp : '?';
    const vm = typeof site.vmPrivateIp === 'string' ? site.vmPrivateIp : '?';
    lines.push(`  ${cloudLabel(cloud).padEnd(16)} gateway ${gateway.padEnd(15)}  VM ${vm}`);
  }
  const verify = view.connection.verify;
  const ping =
    verify.state === 'skipped'
      ? 'ping skipped'
      : verify.reachable === undefined
        ? `ping ${verify.state}`
        : `ping VM to VM ${verify.reachable ? 'ok' : 'FAILED'} (${verify.packetsReceived ?? 0}/${verify.packetsSent ?? 0} replies)`;
  lines.push(`  tunnel ${tunnelLabel(view.connection.state)} · ${ping}`);
  return lines;
}

export function teardownOutcomeLines(view: ConnectionView, colour: boolean): string[] {
  const paint = painter(colour);
  const teardown = view.teardown;
  if (!teardown) return [];
  const total = CLOUD_IDS.reduce((sum, cloud) => sum + (teardown.deleted[cloud]?.length ?? 0), 0);
  if (teardown.runtimeStatus === 'Completed') {
    return [paint('green', `✔ ${view.name} torn down: ${total} resource(s) deleted`)];
  }
  const error = teardown.error ?? {
    code: teardown.runtimeStatus,
    message: `the teardown ended ${teardown.runtimeStatus}`,
  };
  return [...failureLines(error, paint), `  run hybrid-connection down ${view.name} again once the cause is fixed`];
}
