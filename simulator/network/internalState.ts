// Simulator-only state kept on a stored resource (shared keys under api-versions that hide them, the virtual time a
// tunnel end became ready, subnet order ...). It lives under one reserved key that view() always strips, so it never
// reaches an ARM body.
import type { ArmResource } from '../arm/resourceType';
import type { JsonObject } from '../http/types';
import { asNumber, asRecord, asString } from './body';

export const INTERNAL_KEY = '__sim';

export function internalOf(resource: ArmResource | undefined): JsonObject {
  return asRecord(resource?.[INTERNAL_KEY]);
}

export function internalNumber(resource: ArmResource | undefined, key: string): number | undefined {
  return asNumber(internalOf(resource)[key]);
}

export function internalString(resource: ArmResource | undefined, key: string): string | undefined {
  return asString(internalOf(resource)[key]);
}

/** A copy of `resource` with `patch` merged into its simulator-only state. */
export function withInternal(resource: ArmResource, patch: JsonObject): ArmResource {
  return { ...resource, [INTERNAL_KEY]: { ...internalOf(resource), ...patch } };
}

/** A deep copy without the simulator-only state: the start of every view(). */
export function publicCopy(resource: ArmResource): ArmResource {
  const copy = structuredClone(resource);
  delete copy[INTERNAL_KEY];
  return copy;
}
