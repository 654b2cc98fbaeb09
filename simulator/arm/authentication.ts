// ARM's bearer-token check: a token this simulator issued, from the cloud's identity provider, for the cloud's
// audience; otherwise 401 with ARM's codes and a WWW-Authenticate challenge. It never logs or echoes a token.
import { sameAudience, type IssuedToken, type TokenStore } from '../identity/tokenStore';
import type { CloudContext } from './cloud';
import { ArmError } from './resourceType';

/** The token's grant when ARM accepts it (its principal is what the permissions API answers for). */
export function authenticate(ctx: CloudContext, tokens: TokenStore, authorization: string | undefined): IssuedToken {
  const challenge = (error: string, description: string): Record<string, string> => ({
    'WWW-Authenticate': `Bearer authorization_uri="${ctx.authority()}", error="${error}", error_description="${description}"`,
  });
  const check = tokens.check(authorization);
  if (!check.ok) {
    switch (check.reason) {
      case 'missing':
        throw new ArmError(
          401,
          'AuthenticationFailed',
          "Authentication failed. The 'Authorization' header is missing.",
          undefined,
          undefined,
          challenge('invalid_token', "The authentication failed because of missing 'Authorization' header."),
        );
      case 'malformed':
        throw new ArmError(
          401,
          'AuthenticationFailed',
          "Authentication failed. The 'Authorization' header is provided in an invalid format.",
          undefined,
          undefined,
          challenge('invalid_token', "The 'Authorization' header is provided in an invalid format."),
        );
      case 'expired': {
        const message = `The access token expiry UTC time '${utc(check.token.expiresAt)}' is earlier than current UTC time '${utc(Date.now())}'.`;
        throw new ArmError(
          401,
          'ExpiredAuthenticationToken',
          message,
          undefined,
          undefined,
          challenge('invalid_token', message),
        );
      }
      default:
        throw new ArmError(
          401,
          'InvalidAuthenticationToken',
          'The access token is invalid.',
          undefined,
          undefined,
          challenge('invalid_token', 'The access token is invalid.'),
        );
    }
  }
  const token = check.token;
  if (token.issuer !== ctx.issuer) {
    const message = `The access token is from the wrong issuer. It must match the tenant '${ctx.issuer === 'adfs' ? 'adfs' : ctx.tenantId}' associated with this subscription. Please use the authority (URL) '${ctx.authority()}' to get the token.`;
    throw new ArmError(
      401,
      'InvalidAuthenticationTokenTenant',
      message,
      undefined,
      undefined,
      challenge('invalid_token', message),
    );
  }
  if (!ctx.audiences.some((a) => sameAudience(a, token.audience))) {
    const message = `The access token has been obtained for wrong audience or resource '${token.audience}'. It should exactly match with one of the allowed audiences '${ctx.audiences.join("','")}'.`;
    throw new ArmError(
      401,
      'InvalidAuthenticationTokenAudience',
      message,
      undefined,
      undefined,
      challenge('invalid_resource', message),
    );
  }
  return token;
}

function utc(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z')
    .replace('T', ' ');
}
