// Verifies a client assertion (RFC 7523 jwt-bearer, as Entra ID and AD FS take it for certificate credentials,
// https://learn.microsoft.com/entra/identity-platform/certificate-credentials): a JWT signed RS256 (MSAL.NET for
// AD FS, older clients) or PS256 (MSAL Node 2+ for every authority) by the registered certificate's key, naming that
// certificate by `x5t` and/or `x5t#S256`, with aud = the token endpoint, iss = sub = client id, a jti and a live exp.
// Only says what is wrong; never echoes the assertion.
import { constants, verify } from 'node:crypto';
import type { RegisteredCertificate } from './principalCertificate';

export const JWT_BEARER_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

export type AssertionProblem =
  | { kind: 'malformed'; detail: string }
  | { kind: 'unknownKey'; thumbprint: string }
  | { kind: 'signature' }
  | { kind: 'audience' }
  | { kind: 'subject' }
  | { kind: 'lifetime' }
  | { kind: 'jti' };

export interface AssertionExpectations {
  certificate: RegisteredCertificate;
  clientId: string;
  /** The token endpoint the request came to: the only accepted `aud`. */
  tokenEndpoint: string;
  /** Wall-clock epoch ms (see tokenEndpoint.ts for why not virtual time). */
  now: number;
}

interface JwtParts {
  header: Record<string, unknown>;
  payload: Record<string, unknown>;
  signed: Buffer;
  signature: Buffer;
}

/** undefined when the assertion is valid; else the first problem, in the order Entra ID reports them. */
export function checkClientAssertion(assertion: string, expected: AssertionExpectations): AssertionProblem | undefined {
  const parts = parseJwt(assertion);
  if ('kind' in parts) return parts;
  const { header, payload } = parts;
  const alg = header.alg;
  if (alg !== 'RS256' && alg !== 'PS256') {
    return { kind: 'malformed', detail: `the signing algorithm ${JSON.stringify(alg)} is not supported` };
  }
  const x5t = header.x5t;
  const x5tS256 = header['x5t#S256'];
  if (typeof x5t !== 'string' && typeof x5tS256 !== 'string') {
    return { kind: 'malformed', detail: 'the header names no certificate (x5t or x5t#S256)' };
  }
  // Every thumbprint given must name the registered certificate: the key is looked up by them.
  if (typeof x5tS256 === 'string' && x5tS256 !== expected.certificate.x5tS256) {
    return { kind: 'unknownKey', thumbprint: hexThumbprint(x5tS256) };
  }
  if (typeof x5t === 'string' && x5t !== expected.certificate.x5t) {
    return { kind: 'unknownKey', thumbprint: hexThumbprint(x5t) };
  }
  if (!signatureIsValid(parts, alg, expected.certificate)) return { kind: 'signature' };
  if (!sameEndpoint(payload.aud, expected.tokenEndpoint)) return { kind: 'audience' };
  const clientId = expected.clientId.toLowerCase();
  if (lower(payload.iss) !== clientId || lower(payload.sub) !== clientId) return { kind: 'subject' };
  const nowSeconds = expected.now / 1000;
  const { exp, nbf } = payload;
  if (typeof exp !== 'number' || exp <= nowSeconds) return { kind: 'lifetime' };
  if (nbf !== undefined && (typeof nbf !== 'number' || nbf > nowSeconds + CLOCK_SKEW_SECONDS)) {
    return { kind: 'lifetime' };
  }
  if (typeof payload.jti !== 'string' || payload.jti === '') return { kind: 'jti' };
  return undefined;
}

/** Tolerance for a client whose clock is slightly ahead (nbf only: an exp in the past is never accepted). */
const CLOCK_SKEW_SECONDS = 300;

function parseJwt(assertion: string): JwtParts | AssertionProblem {
  const segments = assertion.split('.');
  if (segments.length !== 3 || segments.some((segment) => !/^[A-Za-z0-9_-]+$/.test(segment))) {
    return { kind: 'malformed', detail: 'it is not a signed JWT (three base64url parts)' };
  }
  const [head, body, signature] = segments as [string, string, string];
  const header = jsonObject(head);
  const payload = jsonObject(body);
  if (header === undefined || payload === undefined) {
    return { kind: 'malformed', detail: 'its header or payload is not a JSON object' };
  }
  return {
    header,
    payload,
    signed: Buffer.from(`${head}.${body}`, 'ascii'),
    signature: Buffer.from(signature, 'base64url'),
  };
}

function signatureIsValid(parts: JwtParts, alg: 'RS256' | 'PS256', certificate: RegisteredCertificate): boolean {
  const key = certificate.certificate.publicKey;
  // RFC 7518 3.5: PS256 uses MGF1 with SHA-256 and a salt as long as the hash.
  const options =
    alg === 'PS256'
      ? { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      : { key, padding: constants.RSA_PKCS1_PADDING };
  try {
    return verify('sha256', parts.signed, options, parts.signature);
  } catch {
    return false;
  }
}

function jsonObject(segment: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(Buffer.from(segment, 'base64url').toString('utf8')) as unknown;
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Entra ID compares the audience with the token endpoint case-insensitively, a trailing slash aside. */
function sameEndpoint(aud: unknown, endpoint: string): boolean {
  const norm = (text: string): string => text.replace(/\/+$/, '').toLowerCase();
  return typeof aud === 'string' && norm(aud) === norm(endpoint);
}

function lower(value: unknown): string | undefined {
  return typeof value === 'string' ? value.toLowerCase() : undefined;
}

/** The thumbprint as Entra ID prints it in AADSTS700027: upper-case hex. */
function hexThumbprint(base64url: string): string {
  return Buffer.from(base64url, 'base64url').toString('hex').toUpperCase().slice(0, 64);
}
