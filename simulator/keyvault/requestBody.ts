// Parses and checks Key Vault request bodies (SecretSetParameters, SecretUpdateParameters) from unknown JSON.
// Error messages name the offending field, never echo a secret value.
import { badParameter } from './errors';
import type { SecretAttributesInput, SetSecretInput, UpdateSecretInput } from './secretStore';

function parseJsonObject(body: Buffer): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    throw badParameter('The request body is not valid JSON.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw badParameter('The request body must be a JSON object.');
  }
  return parsed as Record<string, unknown>;
}

function optionalString(object: Record<string, unknown>, field: string): string | undefined {
  const value = object[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw badParameter(`Property '${field}' must be a string.`);
  return value;
}

function optionalTags(object: Record<string, unknown>): Record<string, string> | undefined {
  const tags = object.tags;
  if (tags === undefined || tags === null) return undefined;
  if (typeof tags !== 'object' || Array.isArray(tags)) throw badParameter("Property 'tags' must be an object.");
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    if (typeof value !== 'string') throw badParameter(`Tag '${key}' must have a string value.`);
    out[key] = value;
  }
  return out;
}

function optionalAttributes(object: Record<string, unknown>): SecretAttributesInput | undefined {
  const attributes = object.attributes;
  if (attributes === undefined || attributes === null) return undefined;
  if (typeof attributes !== 'object' || Array.isArray(attributes)) {
    throw badParameter("Property 'attributes' must be an object.");
  }
  const input = attributes as Record<string, unknown>;
  const out: SecretAttributesInput = {};
  if (input.enabled !== undefined && input.enabled !== null) {
    if (typeof input.enabled !== 'boolean') throw badParameter("Attribute 'enabled' must be a boolean.");
    out.enabled = input.enabled;
  }
  for (const field of ['nbf', 'exp'] as const) {
    const value = input[field];
    if (value === undefined || value === null) continue;
    // Unix seconds, as the SDK sends them; milliseconds would be a client bug worth surfacing.
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      throw badParameter(`Attribute '${field}' must be an integer (Unix time in seconds).`);
    }
    out[field] = value;
  }
  return out;
}

export function parseSetSecret(body: Buffer): SetSecretInput {
  const object = parseJsonObject(body);
  const value = object.value;
  if (typeof value !== 'string') throw badParameter("Property 'value' is required and must be a string.");
  return {
    value,
    contentType: optionalString(object, 'contentType'),
    tags: optionalTags(object),
    attributes: optionalAttributes(object),
  };
}

export function parseUpdateSecret(body: Buffer): UpdateSecretInput {
  const object = body.length === 0 ? {} : parseJsonObject(body);
  return {
    contentType: optionalString(object, 'contentType'),
    tags: optionalTags(object),
    attributes: optionalAttributes(object),
  };
}
