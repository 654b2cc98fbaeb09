// The app settings that point the hybrid-connection app at a running simulator: Azure and every stamp, identity, Key
// Vault, Event Grid and the simulator's CA. Pure: a simulator's endpoints in, environment variables out; logs nothing.
import { dirname } from 'node:path';
import { SIMULATOR_DATA_SETTING, type SettingName } from '../lib/settings';
import type { Simulator } from '../simulator';

export type SimulatorSettings = Partial<
  Record<SettingName | typeof BODY_LIMIT_SETTING | typeof SIMULATOR_DATA_SETTING, string>
>;

/**
 * The Functions host's request body limit for this app: a plan is at most 64 KB and a ticket event is one plan in an
 * envelope, so the host stops reading any body at 128 KB instead of its default 100 MB.
 */
const BODY_LIMIT_SETTING = 'FUNCTIONS_REQUEST_BODY_SIZE_LIMIT';
export const APP_REQUEST_BODY_LIMIT = String(128 * 1024);

/** The parts of a running simulator the settings come from. */
export type SimulatorEndpoints = Pick<Simulator, 'azure' | 'azureStack' | 'identity' | 'keyVaultUrl' | 'caCertPath'> & {
  eventGrid: Pick<Simulator['eventGrid'], 'endpoint' | 'key'>;
  /** Every stamp, the first included; absent: `azureStack` alone. */
  azureStackStamps?: Simulator['azureStackStamps'];
};

/** The id `serve --simulate` gives the simulator's (first) Azure Stack Hub stamp; plans may name it as azureStack.stamp. */
export const SIMULATED_STAMP_ID = 'local';

/** The id of the simulator's stamp `n` (1-based): `local`, then `local2`, `local3`... */
export function simulatedStampId(n: number): string {
  return n === 1 ? SIMULATED_STAMP_ID : `${SIMULATED_STAMP_ID}${n}`;
}

/**
 * The subscription ids examples/plan.json names. `serve --simulate` (and the demo) serve these unless told otherwise,
 * so the example plan, copied unchanged, runs against the simulator.
 */
export const EXAMPLE_SUBSCRIPTIONS: Readonly<Record<'azure' | 'azureStack', string>> = {
  azure: '8f2b7c1e-4a6d-4c3b-9e1f-2a5d7b9c0e14',
  azureStack: '3c9d1e7a-5b2f-4e8c-a1d6-7f0b2c4e6a93',
};

/**
 * How the app's service principals sign in to the simulator: with the client secret (what `serve --simulate` uses),
 * or with the certificate file, as an AD FS stamp's principal usually does.
 */
export type SimulatedCredential = 'secret' | 'certificate';

export function appSettingsForSimulator(
  sim: SimulatorEndpoints,
  credential: SimulatedCredential = 'secret',
): SimulatorSettings {
  // Each stamp as an operator would configure it; one credential (the built-in principal) signs in to all of them.
  const stamps = (sim.azureStackStamps ?? [sim.azureStack]).map((endpoints, index) => ({
    id: simulatedStampId(index + 1),
    armEndpoint: endpoints.armEndpoint,
    authority: endpoints.authorityHost,
    audience: endpoints.audience,
  }));
  const signIn =
    credential === 'secret'
      ? { HC_AZURE_CLIENT_SECRET: sim.identity.clientSecret, HC_AZURESTACK_CLIENT_SECRET: sim.identity.clientSecret }
      : {
          HC_AZURE_CLIENT_CERTIFICATE_PATH: sim.identity.clientCertificatePath,
          HC_AZURESTACK_CLIENT_CERTIFICATE_PATH: sim.identity.clientCertificatePath,
        };
  return {
    [BODY_LIMIT_SETTING]: APP_REQUEST_BODY_LIMIT,
    HC_AZURE_ARM_ENDPOINT: sim.azure.armEndpoint,
    HC_AZURE_AUDIENCE: sim.azure.audience,
    HC_AZURE_AUTHORITY_HOST: sim.azure.authorityHost,
    HC_AZURE_TENANT_ID: sim.azure.tenantId,
    HC_AZURE_CLIENT_ID: sim.identity.clientId,
    // Each stamp's /metadata/endpoints must advertise the same authority and audience.
    HC_AZURESTACK_STAMPS: JSON.stringify(stamps),
    HC_AZURESTACK_TENANT_ID: sim.azureStack.tenantId,
    HC_AZURESTACK_CLIENT_ID: sim.identity.clientId,
    ...signIn,
    HC_KEY_VAULT_URL: sim.keyVaultUrl,
    HC_EVENT_GRID_ENDPOINT: sim.eventGrid.endpoint,
    HC_EVENT_GRID_KEY: sim.eventGrid.key,
    // Also trusted in-process; the setting makes the app's own clients trust it the way a private stamp CA would be.
    HC_CA_CERT_FILE: sim.caCertPath,
    // The simulator's data folder (where ca.pem lives): failures against it say how to restart it there.
    [SIMULATOR_DATA_SETTING]: dirname(sim.caCertPath),
  };
}
