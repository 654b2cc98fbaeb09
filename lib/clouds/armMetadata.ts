// Discovers an ARM endpoint's login endpoint and token audience from `<arm>/metadata/endpoints` (Azure Stack Hub
// stamps, and any ARM whose audience is not its own URL). Cached per endpoint per process; failures are not cached.
import { METADATA_ENDPOINTS_API_VERSION } from './apiVersions';
import { getJson, HttpsJsonError } from './httpsJson';
import type { TrustOptions } from './trustedCa';
import { isRecord } from '../json';

export interface ArmMetadata {
  /** The login endpoint without a trailing slash (an Entra ID host, or `https://adfs.…/adfs`). */
  authorityHost: string;
  /** True when the login endpoint is AD FS: the tenant is then `adfs`. */
  isAdfs: boolean;
  /** The token audience (audiences[0] as published). */
  audience: string;
  /** `audiences[0] + '/.default'`, the scope ARM clients request. */
  scope: string;
}

const cache = new Map<string, Promise<ArmMetadata>>();

export function discoverArmMetadata(armEndpoint: string, trust: TrustOptions | undefined): Promise<ArmMetadata> {
  const key = armEndpoint.replace(/\/+$/, '');
  const cached = cache.get(key);
  if (cached) return cached;
  const url = `${key}/metadata/endpoints?api-version=${METADATA_ENDPOINTS_API_VERSION}`;
  const pending = getJson(url, trust).then((body) => parseArmMetadata(body, url));
  cache.set(key, pending);
  // A transient failure must not stick for the life of the process: the next activity retry asks again.
  pending.catch(() => cache.delete(key));
  return pending;
}

/** Forgets discovered endpoints (tests that restart a simulator on another port). */
export function clearArmMetadataCache(): void {
  cache.clear();
}

/** Reads the object form (2015-01-01) or the array form (2019-05-01 and later). */
export function parseArmMetadata(body: unknown, url = 'metadata/endpoints'): ArmMetadata {
  const cloud = Array.isArray(body) ? (body[0] as unknown) : body;
  const auth = isRecord(cloud) ? cloud.authentication : undefined;
  const loginEndpoint = isRecord(auth) ? auth.loginEndpoint : undefined;
  const audiences = isRecord(auth) ? auth.audiences : undefined;
  const audience = Array.isArray(audiences) ? (audiences[0] as unknown) : undefined;
  if (typeof loginEndpoint !== 'string' || typeof audience !== 'string' || audience === '') {
    throw new HttpsJsonError(`${url} has no authentication.loginEndpoint and audiences[0]`);
  }
  const authorityHost = loginEndpoint.replace(/\/+$/, '');
  return {
    authorityHost,
    isAdfs: /\/adfs$/i.test(authorityHost),
    audience,
    scope: `${audience}/.default`,
  };
}
