// The OAuth 2.0 client-credentials grant as Entra ID (v2.0 endpoint) and AD FS answer it for @azure/identity's
// ClientSecretCredential: checks the client id, secret and scope, then issues an opaque bearer token.
// It never echoes the client secret, not even in an error description.
import type { SimResponse } from '../http/types';
import { randomGuid, type Random } from '../random';
import type { ServicePrincipal } from './servicePrincipal';
import { sameAudience, type TokenIssuer, type TokenStore } from './tokenStore';

export interface TokenGrantContext {
  issuer: TokenIssuer;
  tenant: string;
  principal: ServicePrincipal;
  tokens: TokenStore;
  /** Resources this directory can issue tokens for (application id URIs). */
  knownAudiences: () => string[];
  random: Random;
}

export function grantClientCredentials(form: URLSearchParams, context: TokenGrantContext): SimResponse {
  const fail = (status: number, error: string, code: number, description: string): SimResponse =>
    context.issuer === 'adfs'
      ? adfsError(status, error, description)
      : aadError(status, error, code, description, context.random);

  const grantType = form.get('grant_type');
  if (grantType !== 'client_credentials') {
    return fail(
      400,
      'unsupported_grant_type',
      70003,
      `AADSTS70003: The app requested an unsupported grant type '${grantType ?? ''}'.`,
    );
  }
  const clientId = form.get('client_id') ?? '';
  if (clientId.toLowerCase() !== context.principal.clientId.toLowerCase()) {
    return context.issuer === 'adfs'
      ? adfsError(
          400,
          'invalid_client',
          `MSIS9607: The 'client_id' parameter in the request is invalid. No registered client is found with this identifier.`,
        )
      : aadError(
          400,
          'unauthorized_client',
          700016,
          `AADSTS700016: Application with identifier '${clientId}' was not found in the directory '${context.tenant}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
          context.random,
        );
  }
  const secret = form.get('client_secret');
  if (secret === null || secret === '') {
    return fail(
      401,
      'invalid_client',
      7000216,
      `AADSTS7000216: 'client_assertion', 'client_secret' or 'request' is required for the 'client_credentials' grant type.`,
    );
  }
  if (secret !== context.principal.clientSecret) {
    return context.issuer === 'adfs'
      ? adfsError(
          401,
          'invalid_client',
          'MSIS9622: Client authentication failed. Please verify the credential provided for client authentication is valid.',
        )
      : aadError(
          401,
          'invalid_client',
          7000215,
          `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${clientId}'.`,
          context.random,
        );
  }
  const scopes = (form.get('scope') ?? '').split(/\s+/).filter(Boolean);
  const resources = [...new Set(scopes.map((s) => s.replace(/\/?\.default$/, '')))];
  if (scopes.length === 0 || scopes.some((s) => !s.endsWith('/.default')) || resources.length !== 1) {
    return fail(
      400,
      'invalid_scope',
      1002012,
      `AADSTS1002012: The provided value for scope ${scopes.join(' ')} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
    );
  }
  const audience = scopes[0].slice(0, -'.default'.length);
  if (!context.knownAudiences().some((known) => sameAudience(known, audience))) {
    return fail(
      400,
      'invalid_resource',
      500011,
      `AADSTS500011: The resource principal named ${audience} was not found in the tenant named ${context.tenant}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
    );
  }
  const { accessToken, expiresIn } = context.tokens.issue({
    audience,
    clientId: context.principal.clientId,
    tenant: context.tenant,
    issuer: context.issuer,
  });
  const body =
    context.issuer === 'adfs'
      ? { access_token: accessToken, token_type: 'bearer', expires_in: expiresIn, resource: audience }
      : { token_type: 'Bearer', expires_in: expiresIn, ext_expires_in: expiresIn, access_token: accessToken };
  return { status: 200, headers: NO_STORE, body };
}

const NO_STORE = { 'Cache-Control': 'no-store, no-cache', Pragma: 'no-cache' };

export function aadError(
  status: number,
  error: string,
  code: number,
  description: string,
  random: Random,
): SimResponse {
  const traceId = randomGuid(random);
  const correlationId = randomGuid(random);
  const timestamp = new Date()
    .toISOString()
    .replace('T', ' ')
    .replace(/\.\d+Z$/, 'Z');
  return {
    status,
    headers: NO_STORE,
    body: {
      error,
      error_description: `${description} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
      error_codes: [code],
      timestamp,
      trace_id: traceId,
      correlation_id: correlationId,
    },
  };
}

function adfsError(status: number, error: string, description: string): SimResponse {
  return { status, headers: NO_STORE, body: { error, error_description: description } };
}
