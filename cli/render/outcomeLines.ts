// The closing words of a followed run: what was built (gateway public IPs, VM private IPs, tunnel, ping; a fleet's
// for the hub and each site) when it succeeded, or where and why it failed and what to do. Pure.
import { CLOUD_IDS } from '../../lib/cloudIds';
import { hasFailed, type AddressesView, type ConnectionView } from '../client/apiTypes';
import type { FleetView } from '../client/fleetViews';
import { isRecord } from '../../lib/json';
import { painter } from './ansi';
import { formatDuration } from './format';
import { cloudLabel, tunnelLabel } from './labels';
import { runElapsedMs } from './stageRows';
import { allFailureLines, failureLines, failuresOf } from './failures';
import { pingText, siteStateOf } from './fleetView';

export function outcomeLines(view: ConnectionView, colour: boolean): string[] {
  const paint = painter(colour);
  const elapsed = runElapsedMs(view, Date.parse(view.lastUpdatedTime) || 0, true);
  const took = elapsed !== undefined && elapsed > 0 ? ` (took ${formatDuration(elapsed)})` : '';
  if (hasFailed(view)) {
    const said =
      failuresOf(view).length > 0
        ? allFailureLines(view, paint, view.fleet !== undefined)
        : failureLines(endedWith(view.runtimeStatus, 'run'), paint);
    return [
      ...said,
      `  rerun with the same plan to resume (what exists is adopted), or tear down with: hybrid-connection down ${view.name}`,
    ];
  }
  const lines = [paint('green', `✔ ${view.name} is connected${took}`)];
  if (view.fleet) return [...lines, ...fleetOutcome(view, view.fleet)];
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

/** A fleet's hub and each site: gateway and VM addresses, tunnel and ping. */
function fleetOutcome(view: ConnectionView, fleet: FleetView): string[] {
  const width = Math.max(`${cloudLabel('azure')} hub`.length, ...fleet.sites.map((site) => `site ${site.name}`.length));
  const place = (name: string, addresses: AddressesView): string =>
    `  ${name.padEnd(width)} gateway ${(addresses.gatewayPublicIp ?? '?').padEnd(15)}  VM ${(addresses.vmPrivateIp ?? '?').padEnd(15)}`;
  return [
    place(`${cloudLabel('azure')} hub`, { ...view.addresses.azure, ...fleet.hub.addresses }).trimEnd(),
    ...fleet.sites.map(
      (site) =>
        `${place(`site ${site.name}`, site.addresses)}  tunnel ${siteStateOf(view, site).words} · ${pingText(site.tunnel.verify)}`,
    ),
  ];
}

export function teardownOutcomeLines(view: ConnectionView, colour: boolean): string[] {
  const paint = painter(colour);
  const teardown = view.teardown;
  if (!teardown) return [];
  const total = CLOUD_IDS.reduce((sum, cloud) => sum + (teardown.deleted[cloud]?.length ?? 0), 0);
  if (teardown.runtimeStatus === 'Completed') {
    return [paint('green', `✔ ${view.name} torn down: ${total} resource(s) deleted`)];
  }
  const said =
    failuresOf(teardown).length > 0
      ? allFailureLines(teardown, paint)
      : failureLines(endedWith(teardown.runtimeStatus, 'teardown'), paint);
  return [...said, `  run hybrid-connection down ${view.name} again once the cause is fixed`];
}

/** What to say of a run that ended badly without a failure of its own (terminated, say). */
function endedWith(runtimeStatus: string, what: string): { code: string; message: string } {
  return { code: runtimeStatus, message: `the ${what} ended ${runtimeStatus}` };
}
