// Checks the key a request presents against the host's keys, per auth level, as the Functions host does: the key comes
// from the `x-functions-key` header or the `code` query parameter. Comparisons are constant-time; keys are never logged.
import { timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { AuthLevel } from './httpRouteTable';
import type { HostKeys, SystemKeyName } from './hostKeys';

export function presentedKey(headers: IncomingHttpHeaders, url: URL): string | undefined {
  const header = headers['x-functions-key'];
  const fromHeader = Array.isArray(header) ? header[0] : header;
  if (fromHeader) return fromHeader;
  return url.searchParams.get('code') ?? undefined;
}

export function sameKey(presented: string, expected: string): boolean {
  const a = Buffer.from(presented);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function anyMatches(presented: string | undefined, candidates: string[]): boolean {
  if (presented === undefined) return false;
  // Check every candidate so the time taken does not tell which kind of key matched.
  return candidates.map((candidate) => sameKey(presented, candidate)).includes(true);
}

/**
 * Whether `presented` opens a function of this auth level: function = one of that function's own keys, the host
 * function key or the master key; admin = master only.
 */
export function authorizes(
  level: AuthLevel,
  presented: string | undefined,
  keys: HostKeys,
  functionName: string,
): boolean {
  switch (level) {
    case 'anonymous':
      return true;
    case 'function':
      return anyMatches(presented, [
        ...Object.values(keys.functionKeys[functionName.toLowerCase()] ?? {}),
        keys.function,
        keys.master,
      ]);
    case 'admin':
      return anyMatches(presented, [keys.master]);
    case 'system':
      return anyMatches(presented, [...Object.values(keys.system), keys.master]);
  }
}

/** Whether `presented` is the named extension's system key or the master key (webhooks of extensions). */
export function authorizesExtension(name: SystemKeyName, presented: string | undefined, keys: HostKeys): boolean {
  return anyMatches(presented, [keys.system[name], keys.master]);
}
