// The official ARM examples (fixtures/arm-examples) as test fixtures: loading, rewriting ids to the simulator's
// subscription, and turning an example response into the object the matching SDK makes of it. The simulator side
// of every comparison is real HTTPS; the "fixture transport" below only lets the same SDK deserialize the example
// JSON, so both sides go through one deserializer. Test-only.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createHttpHeaders, type HttpClient } from '@azure/core-rest-pipeline';
import type { AccessToken, TokenCredential } from '@azure/identity';

/**
 * Official examples (network and compute, from Azure/azure-rest-api-specs) kept with the tests so they run anywhere:
 * reformatted by Prettier only, JSON-identical to the originals (MANIFEST.json gives their source commits).
 */
export const EXAMPLES_DIR = join(__dirname, 'fixtures', 'arm-examples');

export interface Example {
  parameters: Record<string, unknown>;
  responses: Record<string, { body?: unknown }>;
}

export function loadExample(relativePath: string): Example {
  return JSON.parse(readFileSync(join(EXAMPLES_DIR, relativePath), 'utf8')) as Example;
}

/** Rewrites the example's subscription placeholders and extra fragments (`from` -> `to`) everywhere in a body. */
export function rewrite<T>(value: T, subscriptionId: string, replacements: [string, string][] = []): T {
  let text = JSON.stringify(value)
    .replaceAll('/subscriptions/subid/', `/subscriptions/${subscriptionId}/`)
    .replaceAll('/subscriptions/{subscription-id}/', `/subscriptions/${subscriptionId}/`);
  for (const [from, to] of replacements) text = text.replaceAll(from, to);
  return JSON.parse(text) as T;
}

/** Every `location` in a body set to `location` (Azure Stack Hub only offers its own region). */
export function relocate(value: unknown, location: string): unknown {
  if (Array.isArray(value)) return value.map((item) => relocate(item, location));
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, key === 'location' ? location : relocate(item, location)]),
  );
}

/** Serves one canned JSON body: the SDK's own deserializer then turns the example into its object. */
export function fixtureTransport(body: unknown): HttpClient {
  return {
    sendRequest: (request) =>
      Promise.resolve({
        request,
        status: 200,
        headers: createHttpHeaders({ 'content-type': 'application/json; charset=utf-8' }),
        bodyAsText: JSON.stringify(body),
      }),
  };
}

export const fixtureCredential: TokenCredential = {
  getToken: (): Promise<AccessToken> =>
    Promise.resolve({ token: 'fixture', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

/** Maps under these keys are free-form (their keys are data, not schema). */
const FREE_FORM = new Set(['tags', 'userAssignedIdentities', 'settings']);

/** Dotted key paths of defined values (`a.b[].c`), as a deserialized SDK object exposes them. */
export function keyPaths(value: unknown, prefix = '', out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) keyPaths(item, `${prefix}[]`, out);
    return out;
  }
  if (typeof value !== 'object' || value === null || value instanceof Date) return out;
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    const path = prefix ? `${prefix}.${key}` : key;
    out.add(path);
    if (!FREE_FORM.has(key)) keyPaths(item, path, out);
  }
  return out;
}

/** Paths the example has and ours lacks, minus documented exclusions (a field excludes everything below it). */
export function missingPaths(example: unknown, ours: unknown, excluded: readonly string[] = []): string[] {
  const have = keyPaths(ours);
  const isExcluded = (path: string): boolean =>
    excluded.some((rule) => path === rule || path.startsWith(`${rule}.`) || path.startsWith(`${rule}[]`));
  return [...keyPaths(example)].filter((path) => !have.has(path) && !isExcluded(path));
}
