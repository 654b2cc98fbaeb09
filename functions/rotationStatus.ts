// `rotations` of a connection's status: each rotation instance as a RotationStatus, from its output once it
// completed, else its custom status while it runs, else what Durable says of one that ended without either. Pure.
import type { FailureInfo, RotationStatus } from '../lib/api/connectionStatus';
import { isRecord } from '../lib/json';
import { isActive, type InstanceSnapshot } from './instanceStore';

/** Newest first, as `rotationsIn` orders the instances. */
export function rotationViews(instances: readonly InstanceSnapshot[]): RotationStatus[] {
  return instances.map(rotationView);
}

export function rotationView(instance: InstanceSnapshot): RotationStatus {
  const recorded =
    asRotation(instance.runtimeStatus === 'Completed' ? instance.output : undefined) ??
    asRotation(instance.customStatus);
  const base: RotationStatus = {
    instanceId: instance.instanceId,
    state: 'running',
    trigger: 'request',
    startedAt: instance.createdTime,
    finishedAt: null,
    previousVersion: null,
    newVersion: null,
    downtimeSeconds: null,
    error: null,
  };
  const view: RotationStatus = recorded ? { ...base, ...pick(recorded), instanceId: instance.instanceId } : base;
  if (isActive(instance) || instance.runtimeStatus === 'Completed') return view;
  // Ended without finishing its own account (a crash, a termination): failed, whatever it said last.
  const ended: FailureInfo = {
    code: instance.runtimeStatus === 'Terminated' ? 'Terminated' : 'OrchestrationFailed',
    message: `the rotation ended ${instance.runtimeStatus}`,
  };
  return {
    ...view,
    state: 'failed',
    finishedAt: view.finishedAt ?? instance.lastUpdatedTime,
    error: view.error ?? ended,
  };
}

function asRotation(value: unknown): Partial<RotationStatus> | undefined {
  if (!isRecord(value) || typeof value.state !== 'string' || typeof value.startedAt !== 'string') return undefined;
  return value;
}

/** The wire fields only: custom status carries a few more (kind, the sides' last reads, a fleet's current site). */
function pick(recorded: Partial<RotationStatus>): Partial<RotationStatus> {
  const out: Partial<RotationStatus> = {};
  const keys: (keyof RotationStatus)[] = [
    'state',
    'trigger',
    'startedAt',
    'finishedAt',
    'previousVersion',
    'newVersion',
    'downtimeSeconds',
    'error',
    'downtimeResolutionSeconds',
    'restoredVersion',
    'events',
    'sites',
  ];
  for (const key of keys) {
    if (recorded[key] !== undefined) (out as Record<string, unknown>)[key] = recorded[key];
  }
  return out;
}
