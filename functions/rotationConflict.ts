// A connection's running shared-key rotation, found among the task hub's instances: the rotate-key endpoint refuses
// a second one, and a start or teardown of the connection waits for it (key changes are serialized with them).
import { isRotationInstanceOf } from '../lib/rotationNames';
import { apiError, statusUrlFor, type ApiResult } from './apiResult';
import { isActive, type InstanceSnapshot, type InstanceStore } from './instanceStore';

/** The connection's rotations, newest first (their ids carry their start time; createdTime breaks no tie better). */
export function rotationsIn(instances: readonly InstanceSnapshot[], name: string): InstanceSnapshot[] {
  return instances
    .filter((instance) => isRotationInstanceOf(name, instance.instanceId))
    .sort((a, b) => (a.instanceId < b.instanceId ? 1 : a.instanceId > b.instanceId ? -1 : 0));
}

/** 409 RotationInProgress while one of the connection's rotations runs; undefined otherwise. */
export async function rotationConflict(store: InstanceStore, name: string): Promise<ApiResult | undefined> {
  const running = rotationsIn(await store.list(), name).find(isActive);
  if (!running) return undefined;
  return apiError(
    409,
    'RotationInProgress',
    `a shared-key rotation of ${name} is running (${running.instanceId}); retry when it ends`,
    { name, instanceId: running.instanceId, runtimeStatus: running.runtimeStatus, statusUrl: statusUrlFor(name) },
  );
}
