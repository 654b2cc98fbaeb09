// Who may do what: reading (status, list, pages) and operating (start, delete) are separate authorities.
// - `keys` (default): the Functions host checks a key per function before the app runs. Readers get a function key
//   installed on the read functions only; operators one on the operate functions too (see README "Security model").
// - `appServiceAuthentication`: App Service authentication (Entra ID) signs callers in and injects the client
//   principal headers; functions are then anonymous to the host and the app requires the app role Reader or Operator.
//   Only set it where App Service authentication is on and requires sign-in: the platform then strips any
//   x-ms-client-principal a caller sends, and the headers can be trusted.
import type { HttpRequest } from '@azure/functions';
import { apiError, type ApiResult } from './apiResult';

export const AUTH_MODE_SETTING = 'HC_AUTH_MODE';
export type AuthMode = 'keys' | 'appServiceAuthentication';
export type Permission = 'read' | 'operate';

/** Entra ID app role values: Operator may do everything a Reader may, and start and delete connections. */
export const APP_ROLES = { reader: 'Reader', operator: 'Operator' } as const;

/** A principal header is a few KB at most; anything larger is not the platform's. */
const MAX_PRINCIPAL_HEADER_BYTES = 16 * 1024;
const DEFAULT_ROLE_CLAIM = 'roles';

type Env = Readonly<Record<string, string | undefined>>;

/** The configured mode; anything but the two names is refused at start (the app would otherwise be wide open). */
export function authMode(env: Env = process.env): AuthMode {
  const value = env[AUTH_MODE_SETTING]?.trim() ?? '';
  if (value === '' || value === 'keys') return 'keys';
  if (value === 'appServiceAuthentication') return 'appServiceAuthentication';
  throw new Error(`app setting ${AUTH_MODE_SETTING} must be "keys" or "appServiceAuthentication"`);
}

/** The authLevel the host enforces: a function key, or none when App Service authentication stands in front. */
export function httpAuthLevel(mode: AuthMode = authMode()): 'function' | 'anonymous' {
  return mode === 'keys' ? 'function' : 'anonymous';
}

/** Undefined when the caller may; else the 401/403 to answer. In `keys` mode the host has already decided. */
export function authorize(
  request: Pick<HttpRequest, 'headers'>,
  permission: Permission,
  mode: AuthMode = authMode(),
): ApiResult | undefined {
  if (mode === 'keys') return undefined;
  const roles = principalRoles(request.headers.get('x-ms-client-principal'));
  if (roles === undefined) {
    return apiError(401, 'Unauthenticated', 'sign in: this app requires an Entra ID identity with an app role');
  }
  const allowed = permission === 'read' ? [APP_ROLES.reader, APP_ROLES.operator] : [APP_ROLES.operator];
  if (roles.some((role) => (allowed as readonly string[]).includes(role))) return undefined;
  return apiError(
    403,
    'Forbidden',
    `this needs the app role ${permission === 'read' ? `${APP_ROLES.reader} or ${APP_ROLES.operator}` : APP_ROLES.operator}`,
  );
}

/**
 * The app roles of an App Service client principal (base64 JSON `{auth_typ, claims: [{typ, val}], name_typ,
 * role_typ}`), or undefined when there is no usable principal.
 * https://learn.microsoft.com/azure/app-service/configure-authentication-user-identities
 */
export function principalRoles(header: string | null): string[] | undefined {
  if (header === null || header === '' || header.length > MAX_PRINCIPAL_HEADER_BYTES) return undefined;
  let principal: unknown;
  try {
    principal = JSON.parse(Buffer.from(header, 'base64').toString('utf8')) as unknown;
  } catch {
    return undefined;
  }
  if (typeof principal !== 'object' || principal === null) return undefined;
  const { claims, role_typ: roleType } = principal as { claims?: unknown; role_typ?: unknown };
  if (!Array.isArray(claims)) return undefined;
  const roleClaim = typeof roleType === 'string' && roleType !== '' ? roleType : DEFAULT_ROLE_CLAIM;
  return claims.flatMap((claim: unknown) => {
    if (typeof claim !== 'object' || claim === null) return [];
    const { typ, val } = claim as { typ?: unknown; val?: unknown };
    return (typ === roleClaim || typ === DEFAULT_ROLE_CLAIM) && typeof val === 'string' ? [val] : [];
  });
}
