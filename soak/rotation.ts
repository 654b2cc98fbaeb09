// A shared-key rotation in the crash section: started with `POST /api/connections/{name}/rotate-key` once the run
// succeeded, its moment read from the simulator (its new Key Vault version written with no side changed yet, one
// side's shared key PUT while the sides are being set, both while the rotation watches for Connected),
// and checked once it ended: `succeeded` or `restored`, both connections holding Key Vault's newest version of the key
// and reading Connected. The key values are compared here, in memory, and never printed.
import type { ConnectionStatusBody, RotationStatus } from '../lib/api/connectionStatus';
import { CLOUD_IDS } from '../lib/cloudIds';
import { defaultResourceGroupName, defaultSharedKeySecretName, siteResourceNames } from '../lib/naming';
import { soakArmClients } from './armClients';
import type { HostProcess } from './hostProcess';
import type { SimProcess } from './simProcess';

/** How many moments a rotation has for a kill: its new version written and then the shared-key PUTs so far, 0 to 2. */
export const ROTATION_MOMENTS = 3;

export interface RotationRun {
  instanceId: string;
  /** Shared-key PUTs of this connection, and versions of its Key Vault secret, before the rotation started. */
  putsBefore: number;
  versionsBefore: number;
  state?: string;
  /** What was wrong once it ended (undefined: nothing). */
  problem?: string;
}

/** Shared-key PUTs the simulator answered with 2xx for this connection (either side). */
async function sharedKeyPuts(sim: SimProcess, name: string): Promise<number> {
  const path = encodeURIComponent(`/connections/cn-${name}-to-[^/]+/sharedkey$`);
  const { requests } = await sim.api<{ requests: { status: number }[] }>('GET', `requests?method=PUT&path=${path}`);
  return requests.filter((request) => request.status >= 200 && request.status < 300).length;
}

/** Versions of the connection's shared-key secret (`/_sim/keyvault` counts them; it never shows a value). */
async function keyVersions(sim: SimProcess, name: string): Promise<number> {
  const { live } = await sim.api<{ live: { name: string; versions: number }[] }>('GET', 'keyvault');
  return live.find((secret) => secret.name === defaultSharedKeySecretName(name))?.versions ?? 0;
}

/** Starts a rotation; a string says why it did not start. */
export async function startRotation(host: HostProcess, sim: SimProcess, name: string): Promise<RotationRun | string> {
  const putsBefore = await sharedKeyPuts(sim, name);
  const versionsBefore = await keyVersions(sim, name);
  const answer = await host.api('POST', `/api/connections/${name}/rotate-key`);
  const instanceId = (answer.body as { instanceId?: unknown } | undefined)?.instanceId;
  if (answer.status !== 202 || typeof instanceId !== 'string')
    return `rotate-key answered ${answer.status}: ${answer.text.slice(0, 200)}`;
  return { instanceId, putsBefore, versionsBefore };
}

/**
 * Where the rotation is: -1 before its new version is written, 0 once it is (no side changed yet), 1 once one side's
 * shared key was PUT, 2 once both were (it watches for Connected).
 */
export async function rotationMoment(sim: SimProcess, name: string, rotation: RotationRun): Promise<number> {
  const puts = (await sharedKeyPuts(sim, name)) - rotation.putsBefore;
  if (puts > 0) return Math.min(puts, ROTATION_MOMENTS - 1);
  return (await keyVersions(sim, name)) > rotation.versionsBefore ? 0 : -1;
}

/**
 * Reads the rotation's moment every few wall ms until it reaches `moment` (some last only tens of ms at a high time
 * scale, shorter than a round of status reads), or for `timeoutMs`; returns the last moment read.
 */
export async function awaitRotationMoment(
  sim: SimProcess,
  name: string,
  rotation: RotationRun,
  moment: number,
  timeoutMs: number,
): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const now = await rotationMoment(sim, name, rotation);
    if (now >= moment || Date.now() > deadline) return now;
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** The rotation as the connection's status shows it, once it ended (undefined while it runs or is not listed yet). */
export function endedRotation(status: ConnectionStatusBody, instanceId: string): RotationStatus | undefined {
  const rotation = status.rotations.find((each) => each.instanceId === instanceId);
  return rotation !== undefined && rotation.state !== 'running' ? rotation : undefined;
}

/**
 * After a rotation ended: it must have `succeeded` (with a new version) or been `restored`, and both connections hold
 * the key of Key Vault's current version and read Connected. Returns what is wrong, or undefined.
 */
export async function checkRotation(
  sim: SimProcess,
  name: string,
  rotation: RotationStatus,
): Promise<string | undefined> {
  if (rotation.state !== 'succeeded' && rotation.state !== 'restored')
    return `rotation ended ${rotation.state}: ${rotation.error?.code ?? '?'} at ${rotation.error?.cloud ?? '?'}/${rotation.error?.stage ?? '?'}`;
  if (rotation.state === 'succeeded' && rotation.newVersion === null) return 'rotation succeeded without a new version';
  const current = await sim.secretValue(defaultSharedKeySecretName(name));
  if (current === undefined) return 'the shared-key secret is gone from Key Vault';
  const problems: string[] = [];
  for (const cloud of CLOUD_IDS) {
    const connections = (await soakArmClients(sim, cloud)).network.virtualNetworkGatewayConnections;
    const group = defaultResourceGroupName(name);
    const connection = siteResourceNames(name, cloud).connection;
    const key = (await connections.getSharedKey(group, connection)).value;
    if (key !== current) problems.push(`${cloud} holds another key than Key Vault's current version`);
    const state = (await connections.get(group, connection)).connectionStatus;
    if (state !== 'Connected') problems.push(`${cloud} reads ${String(state)}`);
  }
  return problems.length === 0 ? undefined : problems.join('; ');
}
