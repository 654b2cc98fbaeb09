// Opaque bearer tokens the simulator's token endpoints issue, and their validation for ARM, Key Vault and others.
// It never logs or returns a token's value; it only answers whether a presented token is one it issued.
import { randomBytes } from 'node:crypto';

export type TokenIssuer = 'aad' | 'adfs';

export interface IssuedToken {
  /** The resource the token is for, as the scope named it without `/.default` (trailing slash kept). */
  audience: string;
  clientId: string;
  tenant: string;
  issuer: TokenIssuer;
  /** Wall-clock epoch ms. */
  expiresAt: number;
}

export type BearerCheck =
  | { ok: true; token: IssuedToken }
  | { ok: false; reason: 'missing' | 'malformed' | 'unknown' }
  | { ok: false; reason: 'expired'; token: IssuedToken };

/**
 * Token lifetime in seconds. MSAL refreshes 300 s before expiry and Key Vault 2 min before, so anything much shorter
 * makes every call fetch a new token; 3599 is what Entra ID returns.
 */
export const TOKEN_LIFETIME_SECONDS = 3599;

export class TokenStore {
  private readonly tokens = new Map<string, IssuedToken>();

  /**
   * Expiry follows WALL time, not the virtual clock: the SDKs cache tokens by wall time (MSAL, the bearer policies),
   * so a token that expired in virtual time at scale 1000 would be rejected 3.6 s after MSAL cached it for an hour.
   */
  constructor(
    private readonly wallNow: () => number = Date.now,
    /** Told of every token issued (a persistent simulator keeps them, so clients' cached tokens outlive a restart). */
    private readonly onIssue?: (accessToken: string, token: IssuedToken) => void,
  ) {}

  issue(grant: Omit<IssuedToken, 'expiresAt'>): { accessToken: string; expiresIn: number } {
    const accessToken = `sim.${randomBytes(32).toString('base64url')}`;
    const token: IssuedToken = { ...grant, expiresAt: this.wallNow() + TOKEN_LIFETIME_SECONDS * 1000 };
    this.tokens.set(accessToken, token);
    this.onIssue?.(accessToken, token);
    return { accessToken, expiresIn: TOKEN_LIFETIME_SECONDS };
  }

  /** Takes back a token this simulator issued before a restart. */
  restore(accessToken: string, token: IssuedToken): void {
    this.tokens.set(accessToken, token);
  }

  check(authorization: string | undefined): BearerCheck {
    if (authorization === undefined || authorization.trim() === '') return { ok: false, reason: 'missing' };
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    if (!match) return { ok: false, reason: 'malformed' };
    const token = this.tokens.get(match[1]);
    if (!token) return { ok: false, reason: 'unknown' };
    if (token.expiresAt <= this.wallNow()) return { ok: false, reason: 'expired', token };
    return { ok: true, token };
  }
}

/** Compares audiences the way Entra ID does for ARM: case-insensitive, trailing slashes ignored. */
export function sameAudience(a: string, b: string): boolean {
  const norm = (s: string): string => s.trim().replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}

/**
 * `validateBearer` for a data-plane service (Key Vault, Event Grid): true only for a live token this simulator issued
 * for `audience`. Services call it with the raw Authorization header.
 */
export function bearerValidator(tokens: TokenStore, audience: string): (authorization: string | undefined) => boolean {
  return (authorization) => {
    const check = tokens.check(authorization);
    return check.ok && sameAudience(check.token.audience, audience);
  };
}
