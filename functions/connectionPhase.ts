// Where a connection is, as `phase` says it: its teardown's phase once a teardown started after the run (a
// connection being or having been deleted is no longer "succeeded", whatever its run recorded), else the phase the
// run's own status names. Pure.
import type { ConnectionPhase, StatusPhase, TeardownPhase } from '../lib/api/connectionStatus';
import { isActive, type InstanceSnapshot } from './instanceStore';

export function phaseOf(
  provisioning: InstanceSnapshot,
  runPhase: ConnectionPhase | undefined,
  teardown: InstanceSnapshot | undefined,
): StatusPhase | null {
  return teardownPhase(provisioning, teardown) ?? runPhase ?? null;
}

/**
 * The teardown's phase, when the teardown is about the current run: one started before it (the connection was
 * deleted, then started again) describes an earlier life, and none can start while a run is active.
 */
export function teardownPhase(
  provisioning: InstanceSnapshot,
  teardown: InstanceSnapshot | undefined,
): TeardownPhase | undefined {
  if (!teardown || isActive(provisioning)) return undefined;
  if (Date.parse(teardown.createdTime) < Date.parse(provisioning.createdTime)) return undefined;
  if (isActive(teardown)) return 'deleting';
  return teardown.runtimeStatus === 'Completed' ? 'deleted' : 'deleteFailed';
}
