// `POST /api/connections/{name}/rotate-key[?site=<site>]`: starts the rotateSharedKey orchestration of a provisioned
// connection, one at a time, with the plan and the connection ids its completed run recorded: a fleet's every site
// (one after the other), or only the site `site` names. Written against InstanceStore, like connectionService, so it
// runs without a host. Answers carry our own links only, never a key.
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import { isRecord } from '../lib/json';
import { instanceIdFor } from '../lib/naming';
import { echo } from '../lib/plan/echo';
import { siteNamesOf } from '../lib/plan/pairs';
import { SITE_NAME_PATTERN, type ResolvedPlan } from '../lib/plan/types';
import { teardownInstanceId } from '../orchestrations/names';
import { versionedPlan } from '../orchestrations/planInput';
import type { RotationInput } from '../orchestrations/rotateSharedKey';
import { ROTATION_ORCHESTRATION, rotationInstanceId } from '../lib/rotationNames';
import { apiError, statusUrlFor, validationFailed, type ApiResult } from './apiResult';
import { invalidName, notFound, storedPlanOf } from './connectionService';
import { teardownPhase } from './connectionPhase';
import { InstanceAlreadyActiveError, isActive, type InstanceStore } from './instanceStore';
import { rotationConflict } from './rotationConflict';

/** The endpoint takes no body: anything declared larger than this is refused before it is read. */
export const MAX_ROTATE_BODY_BYTES = 1024;

/** Connections whose rotation is being decided in this process (a second POST meanwhile gets the 409 at once). */
const deciding = new Set<string>();

/**
 * `site`: the `?site=` query value (null or undefined: every site). A value that cannot be a site name is refused
 * before anything is read; one the connection's plan does not have, once its plan is.
 */
export async function rotateKey(
  store: InstanceStore,
  name: string,
  declaredLength?: number,
  site?: string | null,
): Promise<ApiResult> {
  const invalid = invalidName(name);
  if (invalid) return invalid;
  if (declaredLength !== undefined && declaredLength > MAX_ROTATE_BODY_BYTES) {
    return { status: 400, body: { errors: [{ path: '', message: 'rotate-key takes no body; send none' }] } };
  }
  if (site !== undefined && site !== null && !SITE_NAME_PATTERN.test(site)) {
    return validationFailed([
      { path: 'site', message: `${echo(site)} is not a site name (1-15 lowercase letters, digits and hyphens)` },
    ]);
  }
  if (deciding.has(name)) {
    return apiError(409, 'RotationInProgress', `a shared-key rotation of ${name} is being started; retry shortly`);
  }
  deciding.add(name);
  try {
    return await startRotation(store, name, site ?? undefined);
  } finally {
    deciding.delete(name);
  }
}

async function startRotation(store: InstanceStore, name: string, site: string | undefined): Promise<ApiResult> {
  const provisioning = await store.get(instanceIdFor(name));
  if (!provisioning) return notFound(name);
  const links = { name, instanceId: provisioning.instanceId, runtimeStatus: provisioning.runtimeStatus };
  const stored = storedPlanOf(provisioning);
  const summary = stored.ok ? summaryOf(provisioning.output, stored.plan) : undefined;
  if (provisioning.runtimeStatus !== 'Completed' || !summary) {
    if (!stored.ok && provisioning.runtimeStatus === 'Completed') return stored.refusal;
    return apiError(
      409,
      'ConnectionNotProvisioned',
      `connection ${name} has no completed run (${provisioning.runtimeStatus}): rotate its key once it is provisioned`,
      { ...links, statusUrl: statusUrlFor(name) },
    );
  }
  const sites = siteNamesOf(summary.plan);
  if (site !== undefined && !sites.includes(site)) {
    return validationFailed([
      { path: 'site', message: `connection ${name} has no site ${echo(site)}: its sites are ${sites.join(', ')}` },
    ]);
  }
  const teardown = await store.get(teardownInstanceId(name));
  const deleting = teardownPhase(provisioning, teardown);
  if (deleting !== undefined || (teardown && isActive(teardown))) {
    return apiError(
      409,
      'ConnectionDeleted',
      `connection ${name} is ${deleting === 'deleting' ? 'being torn down' : 'torn down'}; there is no key to rotate`,
      { ...links, statusUrl: statusUrlFor(name) },
    );
  }
  const running = await rotationConflict(store, name);
  if (running) return running;
  const instanceId = rotationInstanceId(name, new Date(store.now()));
  const input: RotationInput = {
    ...versionedPlan(summary.plan),
    trigger: 'request',
    connectionIds: summary.connectionIds,
    ...(site !== undefined ? { site } : {}),
    ...(summary.siteConnectionIds !== undefined ? { siteConnectionIds: summary.siteConnectionIds } : {}),
  };
  try {
    await store.start(ROTATION_ORCHESTRATION.rotateSharedKey, instanceId, input);
  } catch (error) {
    if (!(error instanceof InstanceAlreadyActiveError)) throw error;
    return apiError(409, 'RotationInProgress', `a shared-key rotation of ${name} is running (${instanceId})`, {
      name,
      instanceId,
      statusUrl: statusUrlFor(name),
    });
  }
  return {
    status: 202,
    headers: { Location: statusUrlFor(name) },
    body: { name, instanceId, statusUrl: statusUrlFor(name) },
  };
}

interface RotatableRun {
  plan: ResolvedPlan;
  /** The first site's (a single-site connection's only) connections. */
  connectionIds: Record<CloudId, string>;
  /** A fleet's: every site's connections, by site name. */
  siteConnectionIds?: Record<string, Record<CloudId, string>>;
}

/**
 * The connection ids a completed run's summary names (`connections`, and a fleet's every site under `pairs`);
 * undefined for anything else.
 */
function summaryOf(output: unknown, plan: ResolvedPlan): RotatableRun | undefined {
  if (!isRecord(output)) return undefined;
  const connectionIds = connectionIdsOf(output.connections);
  if (connectionIds === undefined) return undefined;
  const sites = siteNamesOf(plan);
  if (sites.length <= 1) return { plan, connectionIds };
  const pairs = isRecord(output.pairs) ? output.pairs : {};
  const siteConnectionIds: Record<string, Record<CloudId, string>> = {};
  for (const site of sites) {
    const pair = pairs[site];
    const ids = isRecord(pair) ? connectionIdsOf(pair.connections) : undefined;
    if (ids === undefined) return undefined;
    siteConnectionIds[site] = ids;
  }
  return { plan, connectionIds, siteConnectionIds };
}

/** `{azure: {id}, azureStack: {id}}` as a summary's connections are: both ids, or undefined. */
function connectionIdsOf(connections: unknown): Record<CloudId, string> | undefined {
  if (!isRecord(connections)) return undefined;
  const connectionIds = {} as Record<CloudId, string>;
  for (const cloud of CLOUD_IDS) {
    const side = connections[cloud];
    const id = isRecord(side) ? side.id : undefined;
    if (typeof id !== 'string' || id === '') return undefined;
    connectionIds[cloud] = id;
  }
  return connectionIds;
}
