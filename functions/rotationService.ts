// `POST /api/connections/{name}/rotate-key`: starts the rotateSharedKey orchestration of a provisioned connection,
// one at a time, with the plan and the connection ids its completed run recorded. Written against InstanceStore,
// like connectionService, so it runs without a host. Answers carry our own links only, never a key.
import type { ProvisionSummary } from '../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import { isRecord } from '../lib/json';
import { instanceIdFor } from '../lib/naming';
import { teardownInstanceId } from '../orchestrations/names';
import { versionedPlan } from '../orchestrations/planInput';
import type { RotationInput } from '../orchestrations/rotateSharedKey';
import { ROTATION_ORCHESTRATION, rotationInstanceId } from '../lib/rotationNames';
import { apiError, statusUrlFor, type ApiResult } from './apiResult';
import { invalidName, notFound, storedPlanOf } from './connectionService';
import { teardownPhase } from './connectionPhase';
import { InstanceAlreadyActiveError, isActive, type InstanceStore } from './instanceStore';
import { rotationConflict } from './rotationConflict';

/** The endpoint takes no body: anything declared larger than this is refused before it is read. */
export const MAX_ROTATE_BODY_BYTES = 1024;

/** Connections whose rotation is being decided in this process (a second POST meanwhile gets the 409 at once). */
const deciding = new Set<string>();

export async function rotateKey(store: InstanceStore, name: string, declaredLength?: number): Promise<ApiResult> {
  const invalid = invalidName(name);
  if (invalid) return invalid;
  if (declaredLength !== undefined && declaredLength > MAX_ROTATE_BODY_BYTES) {
    return { status: 400, body: { errors: [{ path: '', message: 'rotate-key takes no body; send none' }] } };
  }
  if (deciding.has(name)) {
    return apiError(409, 'RotationInProgress', `a shared-key rotation of ${name} is being started; retry shortly`);
  }
  deciding.add(name);
  try {
    return await startRotation(store, name);
  } finally {
    deciding.delete(name);
  }
}

async function startRotation(store: InstanceStore, name: string): Promise<ApiResult> {
  const provisioning = await store.get(instanceIdFor(name));
  if (!provisioning) return notFound(name);
  const links = { name, instanceId: provisioning.instanceId, runtimeStatus: provisioning.runtimeStatus };
  const summary = summaryOf(provisioning.output);
  if (provisioning.runtimeStatus !== 'Completed' || !summary) {
    return apiError(
      409,
      'ConnectionNotProvisioned',
      `connection ${name} has no completed run (${provisioning.runtimeStatus}): rotate its key once it is provisioned`,
      { ...links, statusUrl: statusUrlFor(name) },
    );
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
  const stored = storedPlanOf(provisioning);
  if (!stored.ok) return stored.refusal;
  if (stored.plan.azureStack.length > 1) {
    // Each tunnel of a fleet has its own key; rotating them all, or one site's, is a later step.
    return apiError(
      409,
      'FleetRotationUnsupported',
      `connection ${name} has ${stored.plan.azureStack.length} sites, each with its own key: rotating a fleet's keys ` +
        'is not available yet (a single-site connection rotates as before)',
      { ...links, statusUrl: statusUrlFor(name) },
    );
  }
  const instanceId = rotationInstanceId(name, new Date(store.now()));
  const input: RotationInput = {
    ...versionedPlan(stored.plan),
    trigger: 'request',
    connectionIds: summary.connectionIds,
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

/** The connection ids a completed run's summary names; undefined for anything else. */
function summaryOf(output: unknown): { connectionIds: Record<CloudId, string> } | undefined {
  if (!isRecord(output) || !isRecord(output.connections)) return undefined;
  const connections = output.connections as Partial<ProvisionSummary['connections']>;
  const connectionIds = {} as Record<CloudId, string>;
  for (const cloud of CLOUD_IDS) {
    const id = connections[cloud]?.id;
    if (typeof id !== 'string' || id === '') return undefined;
    connectionIds[cloud] = id;
  }
  return { connectionIds };
}
