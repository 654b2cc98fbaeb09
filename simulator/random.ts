// Seeded randomness for the simulator: independent named streams derived from one seed, so the same seed and the
// same request sequence give the same run. Never use Math.random for anything that shapes simulated behaviour.

export type Random = () => number;
export type Seed = number | string;

/** A 32-bit hash of a string (xmur3 finaliser), used to turn seeds and stream names into PRNG states. */
export function hash32(text: string): number {
  let h = 1779033703 ^ text.length;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  h = Math.imul(h ^ (h >>> 16), 2246822507);
  h = Math.imul(h ^ (h >>> 13), 3266489909);
  return (h ^ (h >>> 16)) >>> 0;
}

/** mulberry32: tiny, fast, good enough for jitter and fault decisions (not for secrets). */
export function mulberry32(state: number): Random {
  let a = state >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A stream of its own per purpose: consuming numbers in one stream never shifts another. */
export function seededStream(seed: Seed, stream: string): Random {
  return mulberry32(hash32(`${String(seed)}\u0000${stream}`));
}

/** One deterministic number in [0,1) for a (seed, key) pair, with no state: decisions that must not depend on order. */
export function seededUnit(seed: Seed, key: string): number {
  return mulberry32(hash32(`${String(seed)}\u0000${key}`))();
}

/** A version-4-shaped GUID drawn from `random`. */
export function randomGuid(random: Random): string {
  const bytes: number[] = [];
  for (let i = 0; i < 16; i++) bytes.push(Math.floor(random() * 256));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** A GUID that depends only on the seed and a name: subscription ids, tenant and client ids. */
export function seededGuid(seed: Seed, name: string): string {
  return randomGuid(seededStream(seed, `guid:${name}`));
}

/** A URL-safe token of `length` characters drawn from `random` (simulated keys; real secrets use crypto). */
export function randomToken(random: Random, length: number, alphabet = ALPHANUMERIC): string {
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

const ALPHANUMERIC = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A named seeded stream that can start over (inspection reset), so a reset simulator replays like a fresh one. */
export class ReseedableStream {
  private current: Random;

  constructor(
    private readonly seed: Seed,
    private readonly name: string,
  ) {
    this.current = seededStream(seed, name);
  }

  /** Bound, so it can be handed around as a plain `() => number`. */
  readonly next: Random = () => this.current();

  reseed(): void {
    this.current = seededStream(this.seed, this.name);
  }
}
