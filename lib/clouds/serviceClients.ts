// Key Vault and Event Grid clients built from app settings, created lazily and reused per process. The Azure
// credential (HC_AZURE_*) reads the vault; Event Grid takes HC_EVENT_GRID_KEY, or that credential when no key is set.
import { createHash } from 'node:crypto';
import type { EventGridPublisherClient } from '@azure/eventgrid';
import type { TokenCredential } from '@azure/identity';
import type { SecretClient } from '@azure/keyvault-secrets';
import { readSettings, requireEventGridEndpoint, requireKeyVaultUrl, type AppSettings } from '../settings';
import { eventGrid, keyVaultSecrets } from './armSdk';
import { azureServiceCredential } from './credentials';
import { trustOptionsFor } from './trustedCa';
import { trustedClientOptions } from './trustedClientOptions';

/** Key Vault DNS suffixes of the public and sovereign clouds; any other vault host skips challenge verification. */
const PUBLIC_VAULT_SUFFIXES = [
  '.vault.azure.net',
  '.vault.azure.cn',
  '.vault.usgovcloudapi.net',
  '.vault.microsoftazure.de',
  '.managedhsm.azure.net',
];

export function isPublicVaultHost(vaultUrl: string): boolean {
  try {
    const host = new URL(vaultUrl).hostname.toLowerCase();
    return PUBLIC_VAULT_SUFFIXES.some((suffix) => host.endsWith(suffix));
  } catch {
    return false;
  }
}

const secretClients = new WeakMap<TokenCredential, Map<string, SecretClient>>();

export function secretClientFor(settings: AppSettings = readSettings()): SecretClient {
  const vaultUrl = requireKeyVaultUrl(settings);
  const trust = trustOptionsFor(settings.caCertFile);
  const credential = azureServiceCredential(settings, trust);
  let byUrl = secretClients.get(credential);
  if (!byUrl) {
    byUrl = new Map();
    secretClients.set(credential, byUrl);
  }
  const cached = byUrl.get(vaultUrl);
  if (cached) return cached;
  const client = new (keyVaultSecrets().SecretClient)(vaultUrl, credential, {
    // The challenge names the vault's resource; only public vault domains can be checked against it.
    disableChallengeResourceVerification: !isPublicVaultHost(vaultUrl),
    ...trustedClientOptions(trust),
  });
  byUrl.set(vaultUrl, client);
  return client;
}

const eventGridClients = new Map<string, EventGridPublisherClient<'CloudEvent'>>();
const keylessEventGridClients = new WeakMap<TokenCredential, Map<string, EventGridPublisherClient<'CloudEvent'>>>();

/** A CloudEvents 1.0 publisher for HC_EVENT_GRID_ENDPOINT. */
export function eventGridClientFor(settings: AppSettings = readSettings()): EventGridPublisherClient<'CloudEvent'> {
  const endpoint = requireEventGridEndpoint(settings);
  const trust = trustOptionsFor(settings.caCertFile);
  const options = {
    // A failing publish is retried by the orchestrator on durable timers (virtual time, off any worker): the SDK's
    // own retries would wait in wall time inside the activity, and a run with Event Grid down took 52 s instead of
    // 4 s (measured at time scale 1500). One attempt per activity call.
    retryOptions: { maxRetries: 0 },
    ...trustedClientOptions(trust),
  };
  if (settings.eventGridKey !== undefined) {
    // The key itself is never part of a cache key or a message: clients are keyed by a salted reference to it.
    const key = `${endpoint}|${trust?.source ?? ''}|${keyFingerprint(settings.eventGridKey)}`;
    const cached = eventGridClients.get(key);
    if (cached) return cached;
    const client = new (eventGrid().EventGridPublisherClient)(
      endpoint,
      'CloudEvent',
      new (eventGrid().AzureKeyCredential)(settings.eventGridKey),
      options,
    );
    eventGridClients.set(key, client);
    return client;
  }
  const credential = azureServiceCredential(settings, trust);
  let byEndpoint = keylessEventGridClients.get(credential);
  if (!byEndpoint) {
    byEndpoint = new Map();
    keylessEventGridClients.set(credential, byEndpoint);
  }
  const cached = byEndpoint.get(endpoint);
  if (cached) return cached;
  const client = new (eventGrid().EventGridPublisherClient)(endpoint, 'CloudEvent', credential, options);
  byEndpoint.set(endpoint, client);
  return client;
}

function keyFingerprint(value: string): string {
  // Not a secret derivation, just a cache discriminator; a hash keeps the key out of the map's keys.
  return createHash('sha256').update(value).digest('hex').slice(0, 16);
}
