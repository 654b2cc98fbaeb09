// Serialises the worker's RpcHttpCookie into a Set-Cookie header value (RFC 6265), as ASP.NET Core writes it for the
// Functions host: the value URL-encoded, attributes only when set.
import type { RpcHttpCookie } from './coreTypes';

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** The Set-Cookie value, or undefined when the cookie name is not a valid token (such a cookie cannot be sent). */
export function setCookieHeader(cookie: RpcHttpCookie): string | undefined {
  const name = cookie.name ?? '';
  if (!TOKEN.test(name)) return undefined;
  const attributes = [`${name}=${encodeURIComponent(cookie.value ?? '')}`];
  const seconds = cookie.expires?.value?.seconds;
  if (seconds !== undefined && seconds !== null) {
    attributes.push(`expires=${new Date(Number(seconds) * 1000).toUTCString()}`);
  }
  const maxAge = cookie.maxAge?.value;
  if (typeof maxAge === 'number' && Number.isFinite(maxAge)) attributes.push(`max-age=${Math.trunc(maxAge)}`);
  const domain = cookie.domain?.value;
  if (domain) attributes.push(`domain=${domain}`);
  const path = cookie.path?.value;
  if (path) attributes.push(`path=${path}`);
  if (cookie.secure?.value) attributes.push('secure');
  const sameSite = sameSiteOf(cookie.sameSite);
  if (sameSite) attributes.push(`samesite=${sameSite}`);
  if (cookie.httpOnly?.value) attributes.push('httponly');
  return attributes.join('; ');
}

/** RpcHttpCookie.SameSite: 'none' means "not set"; 'explicitNone' is SameSite=None. */
function sameSiteOf(value: string | null | undefined): string | undefined {
  switch (value) {
    case 'lax':
      return 'lax';
    case 'strict':
      return 'strict';
    case 'explicitNone':
      return 'none';
    default:
      return undefined;
  }
}
