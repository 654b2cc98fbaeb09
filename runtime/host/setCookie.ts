// Serialises the worker's RpcHttpCookie into a Set-Cookie header value (RFC 6265), as ASP.NET Core writes it for the
// Functions host in classic mode: the value URL-encoded, attributes only when set, except the path: the host builds
// `new CookieOptions()` (https://github.com/Azure/azure-functions-host/blob/dev/src/WebJobs.Script.Grpc/MessageExtensions/GrpcMessageExtensionUtilities.cs),
// whose Path defaults to "/" (https://learn.microsoft.com/dotnet/api/microsoft.aspnetcore.http.cookieoptions.path),
// so a cookie without a path gets `path=/` (the official e2e tests expect it:
// https://github.com/Azure/azure-functions-nodejs-e2e-tests/blob/main/src/http.test.ts, 'Cookies'). With HTTP
// streams the library writes its own Set-Cookie headers and no path is added.
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
  attributes.push(`path=${cookie.path?.value ?? '/'}`);
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
