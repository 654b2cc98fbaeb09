// Builds Key Vault's JSON bundles (SecretBundle, SecretItem, DeletedSecretBundle/Item) from store records. The SDK
// derives name, version and vaultUrl from `id`, so ids are built from the origin the client addressed.
import {
  RECOVERABLE_DAYS,
  RECOVERY_LEVEL,
  type DeletedSecret,
  type SecretEntry,
  type SecretVersion,
} from './secretStore';

type Json = Record<string, unknown>;

function attributes(version: SecretVersion): Json {
  const out: Json = { enabled: version.enabled };
  if (version.nbf !== undefined) out.nbf = version.nbf;
  if (version.exp !== undefined) out.exp = version.exp;
  out.created = version.created;
  out.updated = version.updated;
  out.recoveryLevel = RECOVERY_LEVEL;
  out.recoverableDays = RECOVERABLE_DAYS;
  return out;
}

function common(version: SecretVersion, id: string): Json {
  const out: Json = { id, attributes: attributes(version) };
  if (version.contentType !== undefined) out.contentType = version.contentType;
  if (version.tags !== undefined) out.tags = version.tags;
  return out;
}

/** The secret's id with or without a version segment: `https://HOST/secrets/{name}[/{version}]`. */
export function secretId(origin: string, name: string, version?: string): string {
  return version ? `${origin}/secrets/${name}/${version}` : `${origin}/secrets/${name}`;
}

/** A full SecretBundle; `withValue` is false for update/recover answers, which carry no value. */
export function secretBundle(origin: string, entry: SecretEntry, version: SecretVersion, withValue: boolean): Json {
  const bundle = common(version, secretId(origin, entry.name, version.version));
  return withValue ? { value: version.value, ...bundle } : bundle;
}

/** A list item: the secret-level id when listing secrets, the versioned id when listing versions. */
export function secretItem(origin: string, entry: SecretEntry, version: SecretVersion, versioned: boolean): Json {
  return common(version, secretId(origin, entry.name, versioned ? version.version : undefined));
}

function deletedFields(origin: string, deleted: DeletedSecret): Json {
  return {
    recoveryId: `${origin}/deletedsecrets/${deleted.entry.name}`,
    deletedDate: deleted.deletedDate,
    scheduledPurgeDate: deleted.scheduledPurgeDate,
  };
}

function current(entry: SecretEntry): SecretVersion {
  return entry.versions[entry.versions.length - 1];
}

/** DeletedSecretBundle: the current version's properties (no value) plus the recovery fields. */
export function deletedBundle(origin: string, deleted: DeletedSecret): Json {
  const version = current(deleted.entry);
  return {
    ...deletedFields(origin, deleted),
    ...common(version, secretId(origin, deleted.entry.name, version.version)),
  };
}

export function deletedItem(origin: string, deleted: DeletedSecret): Json {
  return { ...deletedFields(origin, deleted), ...common(current(deleted.entry), secretId(origin, deleted.entry.name)) };
}
