// The OAuth 2.0 client-credentials grant as Entra ID (v2.0 endpoint) and AD FS answer it for @azure/identity's
// ClientSecretCredential and ClientCertificateCredential: checks the client id, its secret or client assertion, and
// the scope, then issues an opaque bearer token. It never echoes a secret or an assertion, not even in an error.
import type { SimResponse } from '../http/types';
import type { Random } from '../random';
import { refuseClient } from './clientAuthentication';
import { aadError, adfsError, NO_STORE } from './identityErrors';
import type { ServicePrincipal } from './servicePrincipal';
import { sameAudience, type TokenIssuer, type TokenStore } from './tokenStore';

export { aadError } from './identityErrors';

export interface TokenGrantContext {
  issuer: TokenIssuer;
  tenant: string;
  principal: ServicePrincipal;
  tokens: TokenStore;
  /** Resources this directory can issue tokens for (application id URIs). */
  knownAudiences: () => string[];
  random: Random;
  /** The endpoint this request came to: the `aud` a client assertion must carry. */
  tokenEndpoint: string;
  /**
   * Wall-clock epoch ms, for an assertion's exp and nbf. Not the virtual clock: MSAL signs with wall time and reuses
   * an assertion for up to 10 wall minutes, which at time scale 1000 would be a week of virtual time.
   */
  wallNow: () => number;
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
  const refusal = refuseClient(form, context);
  if (refusal) return refusal;
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
