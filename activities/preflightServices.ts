// Activity (stage 0): the Azure-side services of a run. Key Vault: reachable, and the identity may read the
// connection's shared-key secret (a GET of hc-<name>-psk: found = it is used, 404 = it will be created, 403 =
// failed). Whether it may also *set* the secret cannot be known without writing one, so that is said, not tested.
// Event Grid: never probed. A publish is a write and the topic has no read API for data-plane callers; a failing
// publish never fails a run anyway (it is retried and logged), so it is a warning when configured and unverified.
import type { InvocationContext } from '@azure/functions';
import { armCall, secretClientFor } from '../lib/clouds';
import { defaultSharedKeySecretName } from '../lib/naming';
import { failed, ok, warning, type CheckResult } from '../lib/preflight';
import { readSettings, SettingsError, type AppSettings } from '../lib/settings';
import { PREFLIGHT_STAGE } from '../lib/stages';
import type { ActivityResult } from './contracts';
import { describe } from './preflight/access';
import type { PreflightServicesInput } from './preflightContracts';
import { getOrUndefined } from './shared/arm';

const SITE = { cloud: 'azure', stage: PREFLIGHT_STAGE } as const;

export async function preflightServices(
  input: PreflightServicesInput,
  context: InvocationContext,
): Promise<ActivityResult<CheckResult[]>> {
  let settings: AppSettings;
  try {
    settings = readSettings();
  } catch (error) {
    if (!(error instanceof SettingsError)) throw error;
    return { ok: true, value: [failed('azure', 'settings', error.message, `fix app setting ${error.setting}`)] };
  }
  const checks = [await keyVaultCheck(settings, defaultSharedKeySecretName(input.name)), eventGridCheck(settings)];
  context.log(`services: pre-flight ${checks.map((c) => `${c.check} ${c.status}`).join(', ')}`);
  return { ok: true, value: checks };
}

async function keyVaultCheck(settings: AppSettings, secretName: string): Promise<CheckResult> {
  if (settings.keyVaultUrl === undefined) {
    return failed(
      'azure',
      'keyVault',
      'HC_KEY_VAULT_URL is not set',
      'set HC_KEY_VAULT_URL to the vault that keeps the VPN shared key',
    );
  }
  const vault = settings.keyVaultUrl;
  const read = await armCall(SITE, async () => {
    const secret = await getOrUndefined(() => secretClientFor(settings).getSecret(secretName));
    // Only whether it exists leaves this function; the value is dropped here.
    return secret?.value !== undefined;
  });
  if (!read.ok) {
    const denied = read.error.httpStatus === 401 || read.error.httpStatus === 403;
    return failed(
      'azure',
      'keyVault',
      `reading secret ${secretName} in ${vault} failed: ${describe(read.error)}`,
      denied
        ? 'grant the identity Key Vault Secrets Officer on the vault (get and set secrets)'
        : 'check HC_KEY_VAULT_URL and that the vault answers',
    );
  }
  return ok(
    'azure',
    'keyVault',
    read.value
      ? `${vault} answers and secret ${secretName} exists: the run uses it`
      : `${vault} answers; secret ${secretName} does not exist yet: the run creates it (setting a secret is not tested: that would write one)`,
  );
}

function eventGridCheck(settings: AppSettings): CheckResult {
  if (settings.eventGridEndpoint === undefined) {
    return warning(
      'azure',
      'eventGrid',
      'HC_EVENT_GRID_ENDPOINT is not set: no events will be published',
      'set it to publish CloudEvents',
    );
  }
  return warning(
    'azure',
    'eventGrid',
    `${new URL(settings.eventGridEndpoint).host} is configured but not verifiable without publishing an event`,
    'nothing to do unless events go missing: a failing publish is retried and logged, and never fails the run',
  );
}
