// Key Vault's bearer challenge: every request without a valid token gets 401 + WWW-Authenticate, which is what makes
// SecretClient fetch a token and resend. It never inspects or echoes the token itself.
import type { SimRequest } from '../http/types';
import { KeyVaultError } from './errors';

export interface ChallengeOptions {
  /** Audience the client asks its credential for (scope = resource + '/.default'). */
  resource: string;
  /** The `authorization` value (authority URL whose path is the tenant); omitted means the credential's own tenant. */
  authorizationUri?: (request: SimRequest) => string;
}

/**
 * Builds the header exactly as the SDK parses it: pairs separated by ", " (the parser splits on /,? +/), the
 * resource without a trailing slash (or the scope would get a double slash).
 */
export function wwwAuthenticate(request: SimRequest, options: ChallengeOptions): string {
  const pairs: string[] = [];
  if (options.authorizationUri) pairs.push(`authorization="${options.authorizationUri(request)}"`);
  pairs.push(`resource="${options.resource.replace(/\/+$/, '')}"`);
  return `Bearer ${pairs.join(', ')}`;
}

/** The 401 for a request that did not authenticate: the challenge on every one, as the real service does. */
export function unauthenticated(request: SimRequest, options: ChallengeOptions, tokenPresent: boolean): KeyVaultError {
  const message = tokenPresent
    ? 'The access token is not valid for this vault or has expired.'
    : 'AKV10000: Request is missing a Bearer or PoP token.';
  return new KeyVaultError(401, 'Unauthorized', message, undefined, {
    'www-authenticate': wwwAuthenticate(request, options),
  });
}
