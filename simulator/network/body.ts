// Narrowing helpers for untyped JSON request bodies and stored resources.
// They never throw and never mutate their input: validation decisions belong to the resource types.
import { isRecord, type JsonObject } from '../http/types';

/** The value as an object, or an empty object when it is not one. */
export function asRecord(value: unknown): JsonObject {
  return isRecord(value) ? value : {};
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function asNumber(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function asBoolean(value: unknown): boolean | undefined {
  return typeof value === 'boolean' ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asStringArray(value: unknown): string[] {
  return asArray(value).filter((item): item is string => typeof item === 'string');
}

/** The `id` of a sub-resource reference `{ id }`, if present. */
export function refId(value: unknown): string | undefined {
  return asString(asRecord(value).id);
}

/** A deep copy of JSON data, so stored resources never share objects with requests or responses. */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/** `properties` of a request body or stored resource. */
export function propertiesOf(value: unknown): JsonObject {
  return asRecord(asRecord(value).properties);
}

/** Tags as ARM accepts them: string values only. */
export function tagsOf(value: unknown): Record<string, string> | undefined {
  const tags = asRecord(value).tags;
  if (!isRecord(tags)) return undefined;
  const out: Record<string, string> = {};
  for (const [key, tagValue] of Object.entries(tags)) if (typeof tagValue === 'string') out[key] = tagValue;
  return out;
}
