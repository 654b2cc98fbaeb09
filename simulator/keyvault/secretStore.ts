// One vault's secrets in memory: versions, attributes, soft delete, purge and recover. Knows nothing of HTTP or
// wire shapes; it must never expose a value except through the explicit getters the routes call.
import { KeyVaultError, deletedSecretNotFound, secretNotFound } from './errors';

/** Soft-delete retention, as a vault created with defaults has it. */
export const RECOVERABLE_DAYS = 90;
export const RECOVERY_LEVEL = 'Recoverable+Purgeable';

export interface SecretAttributesInput {
  enabled?: boolean;
  /** Unix seconds. */
  nbf?: number;
  /** Unix seconds. */
  exp?: number;
}

export interface SecretVersion {
  version: string;
  value: string;
  contentType?: string;
  tags?: Record<string, string>;
  enabled: boolean;
  nbf?: number;
  exp?: number;
  /** Unix seconds. */
  created: number;
  /** Unix seconds. */
  updated: number;
}

export interface SecretEntry {
  /** The name as first created; lookups ignore case like Key Vault's do. */
  name: string;
  /** Oldest first; the last one is the current version. */
  versions: SecretVersion[];
}

export interface DeletedSecret {
  entry: SecretEntry;
  /** Unix seconds. */
  deletedDate: number;
  /** Unix seconds. */
  scheduledPurgeDate: number;
}

export interface SetSecretInput {
  value: string;
  contentType?: string;
  tags?: Record<string, string>;
  attributes?: SecretAttributesInput;
}

export interface UpdateSecretInput {
  contentType?: string;
  tags?: Record<string, string>;
  attributes?: SecretAttributesInput;
}

export class SecretStore {
  private readonly live = new Map<string, SecretEntry>();
  private readonly deleted = new Map<string, DeletedSecret>();

  constructor(
    /** Current time in Unix seconds (virtual). */
    private readonly nowSeconds: () => number,
    private readonly newVersionId: () => string,
  ) {}

  set(name: string, input: SetSecretInput): { entry: SecretEntry; version: SecretVersion } {
    this.expire();
    const key = name.toLowerCase();
    if (this.deleted.has(key)) {
      throw new KeyVaultError(
        409,
        'Conflict',
        `Secret ${name} is currently in a deleted but recoverable state, and its name cannot be reused; in this ` +
          'state, the secret can only be recovered or purged.',
      );
    }
    const now = this.nowSeconds();
    const version: SecretVersion = {
      version: this.newVersionId(),
      value: input.value,
      contentType: input.contentType,
      tags: input.tags,
      enabled: input.attributes?.enabled ?? true,
      nbf: input.attributes?.nbf,
      exp: input.attributes?.exp,
      created: now,
      updated: now,
    };
    const entry = this.live.get(key) ?? { name, versions: [] };
    entry.versions.push(version);
    this.live.set(key, entry);
    return { entry, version };
  }

  /** A version (the current one when `version` is empty). Throws SecretNotFound like the service. */
  get(name: string, version = ''): { entry: SecretEntry; version: SecretVersion } {
    this.expire();
    const entry = this.live.get(name.toLowerCase());
    if (!entry) throw secretNotFound(version ? `${name}/${version}` : name);
    const found = version
      ? entry.versions.find((v) => v.version.toLowerCase() === version.toLowerCase())
      : entry.versions[entry.versions.length - 1];
    if (!found) throw secretNotFound(`${name}/${version}`);
    return { entry, version: found };
  }

  update(name: string, version: string, input: UpdateSecretInput): { entry: SecretEntry; version: SecretVersion } {
    const found = this.get(name, version);
    const target = found.version;
    if (input.contentType !== undefined) target.contentType = input.contentType;
    if (input.tags !== undefined) target.tags = input.tags;
    if (input.attributes?.enabled !== undefined) target.enabled = input.attributes.enabled;
    if (input.attributes?.nbf !== undefined) target.nbf = input.attributes.nbf;
    if (input.attributes?.exp !== undefined) target.exp = input.attributes.exp;
    target.updated = this.nowSeconds();
    return found;
  }

  /** Live secrets sorted by name, so pages are stable across requests. */
  list(): SecretEntry[] {
    this.expire();
    return [...this.live.values()].sort((a, b) => compareNames(a.name, b.name));
  }

  delete(name: string): DeletedSecret {
    this.expire();
    const key = name.toLowerCase();
    const entry = this.live.get(key);
    if (!entry) throw secretNotFound(name);
    const now = this.nowSeconds();
    const deleted: DeletedSecret = { entry, deletedDate: now, scheduledPurgeDate: now + RECOVERABLE_DAYS * 86400 };
    this.live.delete(key);
    this.deleted.set(key, deleted);
    return deleted;
  }

  getDeleted(name: string): DeletedSecret {
    this.expire();
    const deleted = this.deleted.get(name.toLowerCase());
    if (!deleted) throw deletedSecretNotFound(name);
    return deleted;
  }

  listDeleted(): DeletedSecret[] {
    this.expire();
    return [...this.deleted.values()].sort((a, b) => compareNames(a.entry.name, b.entry.name));
  }

  purge(name: string): void {
    this.getDeleted(name);
    this.deleted.delete(name.toLowerCase());
  }

  recover(name: string): { entry: SecretEntry; version: SecretVersion } {
    const deleted = this.getDeleted(name);
    const key = name.toLowerCase();
    this.deleted.delete(key);
    this.live.set(key, deleted.entry);
    return this.get(name);
  }

  /** Names and version counts only: safe to show in an inspection API. */
  summary(): { live: { name: string; versions: number }[]; deleted: string[] } {
    return {
      live: this.list().map((e) => ({ name: e.name, versions: e.versions.length })),
      deleted: this.listDeleted().map((d) => d.entry.name),
    };
  }

  clear(): void {
    this.live.clear();
    this.deleted.clear();
  }

  /** Deleted secrets past their purge date disappear, as the service purges them on schedule. */
  private expire(): void {
    const now = this.nowSeconds();
    for (const [key, deleted] of this.deleted) {
      if (deleted.scheduledPurgeDate <= now) this.deleted.delete(key);
    }
  }
}

function compareNames(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}
