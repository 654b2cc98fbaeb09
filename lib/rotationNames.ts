// Names and instance ids of the shared-key rotation and its schedule. Pure string functions: the HTTP trigger uses
// them to find a connection's rotations, the orchestrators and the schedule's start activity to start them. A
// rotation's id carries its start time on the task hub's clock (`hc-<name>:rotate-20261203T201741Z`), so ids sort by
// time and the schedule can name the rotations it starts deterministically (orchestration time).
import { instanceIdFor } from './naming';

/** orchestrations/names.ts's INSTANCE_SUFFIX_SEPARATOR (lib cannot import it; test/lib/rotationOptions.test.ts holds
 * them equal): the ids are children of `hc-<name>` like the sites' and the teardown's. */
const INSTANCE_SUFFIX_SEPARATOR = ':';

export const ROTATION_ORCHESTRATION = {
  rotateSharedKey: 'rotateSharedKey',
  sharedKeySchedule: 'sharedKeySchedule',
} as const;

const ROTATION_SUFFIX = 'rotate-';

/** The prefix every rotation instance of the connection starts with. */
export function rotationInstancePrefix(name: string): string {
  return `${instanceIdFor(name)}${INSTANCE_SUFFIX_SEPARATOR}${ROTATION_SUFFIX}`;
}

/** `hc-<name>:rotate-<UTC time to the second, compact ISO 8601>`. */
export function rotationInstanceId(name: string, at: Date): string {
  const stamp = at
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace(/[-:]/g, '');
  return `${rotationInstancePrefix(name)}${stamp}`;
}

export function isRotationInstanceOf(name: string, instanceId: string): boolean {
  const prefix = rotationInstancePrefix(name);
  return instanceId.startsWith(prefix) && /^\d{8}T\d{6}Z$/.test(instanceId.slice(prefix.length));
}

/** The eternal schedule of options.rotateKeyEveryDays: `hc-<name>:keyschedule`. */
export function keyScheduleInstanceId(name: string): string {
  return `${instanceIdFor(name)}${INSTANCE_SUFFIX_SEPARATOR}keyschedule`;
}

/** The external event teardown raises on the schedule so it ends instead of rotating a deleted connection. */
export const STOP_SCHEDULE_EVENT = 'stop';
