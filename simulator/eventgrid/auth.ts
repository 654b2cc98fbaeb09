// Publisher authentication for the topic: `aeg-sas-key` (the topic key), `aeg-sas-token` (a SAS signed with it, as
// generateSharedAccessSignature builds it) or, when configured, an Entra bearer token. Never logs or echoes a secret.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SimRequest } from '../http/types';
import { EventGridError, badRequest } from './errors';
import { parseServiceTime } from './serviceTime';

export interface PublishAuthOptions {
  key: string;
  /**
   * Wall-clock now (epoch ms). SAS expiries are judged on WALL time, not the virtual clock: publishers sign them with
   * Date.now()-based expiries, so at scale 1000 a one-hour token would otherwise die after 3.6 s.
   */
  wallNow: number;
  validateBearer?: (authorization: string | undefined) => boolean;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function unauthorized(request: SimRequest, reason: string): EventGridError {
  return new EventGridError(
    401,
    'Unauthorized',
    `The request authorization key is not authorized for ${request.url.hostname.toUpperCase()}. This is due to the reason: ${reason}.`,
  );
}

function header(request: SimRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** Throws EventGridError 401 (or 400 for a malformed SAS) unless the request is authorized to publish. */
export function authorizePublish(request: SimRequest, options: PublishAuthOptions): void {
  const key = header(request, 'aeg-sas-key');
  if (key !== undefined) {
    if (!sameSecret(key, options.key)) {
      throw unauthorized(request, 'The specified key does not match the expected value for the specified topic');
    }
    return;
  }
  const token = header(request, 'aeg-sas-token');
  if (token !== undefined) return verifySasToken(request, token, options);
  const authorization = header(request, 'authorization');
  if (authorization !== undefined && options.validateBearer) {
    if (!options.validateBearer(authorization)) throw unauthorized(request, 'The bearer token is not valid');
    return;
  }
  throw unauthorized(request, 'The request does not contain an aeg-sas-key or aeg-sas-token header');
}

function verifySasToken(request: SimRequest, token: string, options: PublishAuthOptions): void {
  // The signature covers the raw `r=...&e=...` text exactly as the publisher encoded it.
  const match = /^(r=([^&]+)&e=([^&]+))&s=([^&]+)$/.exec(token);
  if (!match) {
    throw badRequest(
      'Invalid key in aeg-sas-token. Valid format :r=UrlEncodedResource&e=UrlEncodedUtcExpiration&s=UrlEncodedSignature.',
      'InvalidSasToken',
    );
  }
  const [, signed, rawResource, rawExpiry, rawSignature] = match;
  const expected = createHmac('sha256', Buffer.from(options.key, 'base64')).update(signed).digest('base64');
  if (!sameSecret(safeDecode(rawSignature), expected)) {
    throw unauthorized(request, 'The signature of the aeg-sas-token does not match the topic key');
  }
  const expiry = parseServiceTime(safeDecode(rawExpiry));
  if (expiry === undefined) throw unauthorized(request, 'The expiration time of the aeg-sas-token is not valid');
  if (expiry <= options.wallNow) throw unauthorized(request, 'The aeg-sas-token has expired');
  let resource: URL;
  try {
    resource = new URL(safeDecode(rawResource));
  } catch {
    throw unauthorized(request, 'The resource of the aeg-sas-token is not a valid URL');
  }
  const same =
    resource.host.toLowerCase() === request.url.host.toLowerCase() &&
    resource.pathname.replace(/\/+$/, '').toLowerCase() === request.url.pathname.replace(/\/+$/, '').toLowerCase();
  if (!same) throw unauthorized(request, 'The aeg-sas-token was issued for another resource');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
