// Emulates App Service authentication ("Easy Auth") in front of the app, for apps that trust the client principal
// the platform injects: client-sent principal headers are always dropped, a known bearer token becomes the
// x-ms-client-principal* headers, and with requireAuthentication an anonymous request is a 401 before its body is read.
// Header shapes: https://learn.microsoft.com/azure/app-service/configure-authentication-user-identities
import { HttpError } from './errors';
import type { IncomingHttpHeaders } from 'node:http';
import type { RequestHead } from './hostHttp';

export interface ClientPrincipalClaim {
  typ: string;
  val: string;
}

/** A signed-in caller as the platform describes it (the Static Web Apps / Functions `ClientPrincipal` shape). */
export interface ClientPrincipal {
  /** x-ms-client-principal-idp and the principal's auth_typ, e.g. "aad". */
  identityProvider: string;
  /** x-ms-client-principal-id. */
  userId: string;
  /** x-ms-client-principal-name (e-mail address or user principal name). */
  userDetails: string;
  claims: ClientPrincipalClaim[];
  /** name_typ of x-ms-client-principal; default: the e-mail address claim type, as Microsoft Entra ID sends. */
  nameClaimType?: string;
  /** role_typ of x-ms-client-principal; default: the role claim type. */
  roleClaimType?: string;
}

export interface AppServiceAuthenticationOptions {
  /** Bearer token (the text after `Authorization: Bearer `) -> the principal it signs in. */
  principals: Record<string, ClientPrincipal>;
  /** "Require authentication": requests without a known token get 401 (else they pass on anonymously). */
  requireAuthentication?: boolean;
  /** Paths that need no authentication even with requireAuthentication (the platform's excludedPaths), e.g. webhooks. */
  excludedPaths?: string[];
}

const NAME_CLAIM_TYPE = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress';
const ROLE_CLAIM_TYPE = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';

/** Headers only the platform may set: principal headers and the provider token headers (x-ms-token-*). */
function isPlatformHeader(name: string): boolean {
  return name.startsWith('x-ms-client-principal') || name.startsWith('x-ms-token-');
}

/** The request head as the app would see it behind App Service authentication, or a 401 HttpError. */
export function applyAppServiceAuthentication(
  head: RequestHead,
  options: AppServiceAuthenticationOptions,
): RequestHead {
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(head.headers)) {
    if (!isPlatformHeader(name)) headers[name] = value;
  }
  const principal = principalOf(head.headers.authorization, options.principals);
  if (principal) {
    Object.assign(headers, principalHeaders(principal));
  } else if (options.requireAuthentication && !isExcluded(head.url.pathname, options.excludedPaths ?? [])) {
    throw new HttpError(
      401,
      'Unauthorized',
      'You do not have permission to view this directory or page: sign in (Authorization: Bearer <token>).',
      { 'www-authenticate': 'Bearer' },
    );
  }
  return { ...head, headers };
}

function principalOf(
  authorization: string | undefined,
  principals: Record<string, ClientPrincipal>,
): ClientPrincipal | undefined {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  const token = match?.[1];
  // Own properties only: a token named like an Object.prototype member must not sign anyone in.
  return token !== undefined && Object.hasOwn(principals, token) ? principals[token] : undefined;
}

export function principalHeaders(principal: ClientPrincipal): Record<string, string> {
  const encoded = {
    auth_typ: principal.identityProvider,
    claims: principal.claims.map(({ typ, val }) => ({ typ, val })),
    name_typ: principal.nameClaimType ?? NAME_CLAIM_TYPE,
    role_typ: principal.roleClaimType ?? ROLE_CLAIM_TYPE,
  };
  return {
    'x-ms-client-principal': Buffer.from(JSON.stringify(encoded)).toString('base64'),
    'x-ms-client-principal-id': principal.userId,
    'x-ms-client-principal-name': principal.userDetails,
    'x-ms-client-principal-idp': principal.identityProvider,
  };
}

function isExcluded(pathname: string, excluded: readonly string[]): boolean {
  const path = pathname.toLowerCase().replace(/\/+$/, '');
  return excluded.some((entry) => {
    const prefix = entry.toLowerCase().replace(/\/+$/, '');
    return path === prefix || path.startsWith(`${prefix}/`);
  });
}
