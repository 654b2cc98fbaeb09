// Entra ID and AD FS as @azure/identity sees them: OpenID discovery documents and token endpoints (client secret or
// certificate) on the simulator's origin (https://learn.microsoft.com/entra/identity-platform/v2-protocols-oidc,
// https://learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow). Mounted at the origin root;
// answers only identity paths.
import type { SimHandler, SimRequest, SimResponse } from '../http/types';
import type { Random } from '../random';
import type { ServicePrincipal } from './servicePrincipal';
import { aadError } from './identityErrors';
import { grantClientCredentials } from './tokenEndpoint';
import type { TokenStore } from './tokenStore';

export interface IdentityHandlerOptions {
  principal: ServicePrincipal;
  tokens: TokenStore;
  /** Serve the AD FS endpoints (`/adfs/...`): only when Azure Stack Hub uses the AD FS identity style. */
  adfs: boolean;
  knownAudiences: () => string[];
  random: Random;
  /** Wall-clock epoch ms: what a client assertion's exp is checked against. */
  wallNow: () => number;
}

/** Whether a path belongs to identity (so the router can send it here). */
export function isIdentityPath(path: string): boolean {
  return /^\/[^/]+\/(v2\.0\/\.well-known\/|oauth2\/|discovery\/)/i.test(path) || /^\/adfs(\/|$)/i.test(path);
}

export function createIdentityHandler(options: IdentityHandlerOptions): SimHandler {
  return (request: SimRequest): SimResponse => {
    const segments = request.path.split('/').filter(Boolean);
    const origin = request.url.origin;
    if (segments[0]?.toLowerCase() === 'adfs') return adfsRoute(request, segments.slice(1), origin, options);
    return aadRoute(request, segments, origin, options);
  };
}

function aadRoute(
  request: SimRequest,
  segments: string[],
  origin: string,
  options: IdentityHandlerOptions,
): SimResponse {
  const [tenant, ...rest] = segments;
  const route = rest.join('/').toLowerCase();
  if (tenant === undefined || tenant.toLowerCase() !== options.principal.tenantId.toLowerCase()) {
    return aadError(
      400,
      'invalid_tenant',
      90002,
      `AADSTS90002: Tenant '${tenant ?? ''}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud. Check with your subscription administrator, this may happen if there are no active subscriptions for the tenant.`,
      options.random,
    );
  }
  const base = `${origin}/${tenant}`;
  if (request.method === 'GET' && route === 'v2.0/.well-known/openid-configuration') {
    return {
      status: 200,
      body: {
        token_endpoint: `${base}/oauth2/v2.0/token`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
        jwks_uri: `${base}/discovery/v2.0/keys`,
        response_modes_supported: ['query', 'fragment', 'form_post'],
        subject_types_supported: ['pairwise'],
        id_token_signing_alg_values_supported: ['RS256'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
        scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
        issuer: `${base}/v2.0`,
        request_uri_parameter_supported: false,
        authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
        end_session_endpoint: `${base}/oauth2/v2.0/logout`,
        tenant_region_scope: null,
        cloud_instance_name: 'microsoftonline.com',
      },
    };
  }
  if (request.method === 'GET' && route === 'discovery/v2.0/keys') return { status: 200, body: { keys: [] } };
  if (request.method === 'POST' && route === 'oauth2/v2.0/token') {
    return grantClientCredentials(new URLSearchParams(request.body.toString('utf8')), {
      issuer: 'aad',
      tenant: options.principal.tenantId,
      principal: options.principal,
      tokens: options.tokens,
      knownAudiences: options.knownAudiences,
      random: options.random,
      tokenEndpoint: `${base}/oauth2/v2.0/token`,
      wallNow: options.wallNow,
    });
  }
  return notFound(request);
}

function adfsRoute(request: SimRequest, rest: string[], origin: string, options: IdentityHandlerOptions): SimResponse {
  if (!options.adfs) return notFound(request);
  const route = rest.join('/').toLowerCase();
  const base = `${origin}/adfs`;
  if (request.method === 'GET' && route === '.well-known/openid-configuration') {
    return {
      status: 200,
      body: {
        issuer: base,
        authorization_endpoint: `${base}/oauth2/authorize/`,
        token_endpoint: `${base}/oauth2/token`,
        jwks_uri: `${base}/discovery/keys`,
        token_endpoint_auth_methods_supported: ['client_secret_post', 'client_secret_basic', 'private_key_jwt'],
        response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token', 'code token'],
        response_modes_supported: ['query', 'fragment', 'form_post'],
        grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
        subject_types_supported: ['pairwise'],
        scopes_supported: ['openid', 'profile', 'email', 'allatclaims'],
        id_token_signing_alg_values_supported: ['RS256'],
        access_token_issuer: `${origin}/adfs/services/trust`,
        end_session_endpoint: `${base}/oauth2/logout`,
      },
    };
  }
  if (request.method === 'GET' && route === 'discovery/keys') return { status: 200, body: { keys: [] } };
  if (request.method === 'POST' && route === 'oauth2/token') {
    return grantClientCredentials(new URLSearchParams(request.body.toString('utf8')), {
      issuer: 'adfs',
      tenant: 'adfs',
      principal: options.principal,
      tokens: options.tokens,
      knownAudiences: options.knownAudiences,
      random: options.random,
      tokenEndpoint: `${base}/oauth2/token`,
      wallNow: options.wallNow,
    });
  }
  return notFound(request);
}

function notFound(request: SimRequest): SimResponse {
  return { status: 404, body: { error: 'not_found', error_description: `No identity endpoint at ${request.path}.` } };
}
