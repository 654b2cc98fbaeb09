// Keeps each connection's last live read for a while, keyed by its name and a fingerprint of its state: a request
// within the TTL with the same fingerprint gets the same read (a read still running included, so a burst of page
// refreshes costs one), anything else reads again. Time is wall time: what it protects is ARM's request rate.
import type { LiveState } from '../../lib/api/connectionStatus';

export interface LiveStateCacheOptions {
  ttlMs: number;
  /** Connections remembered at most; the oldest read goes first. */
  maxEntries?: number;
  wallNow?: () => number;
}

interface Entry {
  fingerprint: string;
  readAtWall: number;
  value: Promise<LiveState>;
}

const DEFAULT_MAX_ENTRIES = 500;

export class LiveStateCache {
  private readonly entries = new Map<string, Entry>();
  private readonly wallNow: () => number;

  constructor(private readonly options: LiveStateCacheOptions) {
    this.wallNow = options.wallNow ?? Date.now;
  }

  get(name: string, fingerprint: string, read: () => Promise<LiveState>): Promise<LiveState> {
    const now = this.wallNow();
    const entry = this.entries.get(name);
    if (entry && entry.fingerprint === fingerprint && now - entry.readAtWall < this.options.ttlMs) return entry.value;
    const value = read();
    const fresh: Entry = { fingerprint, readAtWall: now, value };
    // Re-inserted last, so the map's order is the order of reads and the first entry the oldest.
    this.entries.delete(name);
    this.entries.set(name, fresh);
    // A failed read is not kept: the next request tries again.
    value.catch(() => {
      if (this.entries.get(name) === fresh) this.entries.delete(name);
    });
    while (this.entries.size > (this.options.maxEntries ?? DEFAULT_MAX_ENTRIES)) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
    return value;
  }
}
