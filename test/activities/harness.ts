// Test-only set-up for the activity tests: a real simulator, the app settings pointing at it (process.env, as the
// Functions host would set them), SiteTargets for both clouds, and a real InvocationContext whose log lines are
// kept. The settings are the ones `serve --simulate` uses; the CA is trusted through HC_CA_CERT_FILE only, so the
// tests also prove that setting works.
import { InvocationContext } from '@azure/functions';
import { appSettingsForSimulator, SIMULATED_STAMP_ID, type SimulatedCredential } from '../../cli/simulatorSettings';
import { clearArmMetadataCache, clearCredentialCache } from '../../lib/clouds';
import type { CloudId } from '../../lib/cloudIds';
import { resourceTags } from '../../lib/naming';
import { SETTING_NAMES } from '../../lib/settings';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../simulator';
import type { ActivityResult, SiteTarget } from '../../activities/contracts';

export interface ActivityWorld {
  sim: Simulator;
  targets: Record<CloudId, SiteTarget>;
  /** Every line any activity logged through its InvocationContext. */
  logs: string[];
  context: (functionName?: string) => InvocationContext;
  stop: () => Promise<void>;
}

/** The simulator's speed in these tests: a 40-minute gateway takes 2.4 s of wall time. */
export const SIMULATOR_TIME_SCALE = 1000;
export const CONNECTION_NAME = 'contoso';

/** `credential`: how both clouds' principals sign in (the secret, as `serve --simulate` does, or the certificate). */
export async function startActivityWorld(
  options: SimulatorOptions = {},
  name = CONNECTION_NAME,
  credential: SimulatedCredential = 'secret',
): Promise<ActivityWorld> {
  const sim = await startSimulator({ timeScale: SIMULATOR_TIME_SCALE, seed: 7, ...options });
  const saved = new Map(SETTING_NAMES.map((setting) => [setting, process.env[setting]]));
  // Only the chosen credential's settings: a secret left over from the environment would make a certificate ambiguous.
  for (const setting of SETTING_NAMES.filter((name) => name.includes('_CLIENT_'))) delete process.env[setting];
  Object.assign(process.env, appSettingsForSimulator(sim, credential));
  // Clients and discovered endpoints are per process: a fresh simulator (new port, new CA) needs fresh ones.
  clearCredentialCache();
  clearArmMetadataCache();
  const tags = resourceTags(name, 'CHG0001');
  const target = (cloud: CloudId): SiteTarget => ({
    cloud,
    subscriptionId: sim[cloud].subscriptionId,
    location: sim[cloud].location,
    resourceGroup: `rg-${name}-hybrid`,
    ...(cloud === 'azureStack' ? { stamp: SIMULATED_STAMP_ID } : {}),
    name,
    tags,
  });
  const logs: string[] = [];
  return {
    sim,
    targets: { azure: target('azure'), azureStack: target('azureStack') },
    logs,
    context: (functionName = 'activity') =>
      new InvocationContext({
        functionName,
        invocationId: `test-${functionName}`,
        logHandler: (level, ...args) => logs.push(`${level}: ${args.map(String).join(' ')}`),
      }),
    stop: async () => {
      await sim.stop();
      for (const [setting, value] of saved) {
        if (value === undefined) delete process.env[setting];
        else process.env[setting] = value;
      }
      clearCredentialCache();
      clearArmMetadataCache();
    },
  };
}

/** The value of an ok result; fails the test with the error details otherwise. */
export function valueOf<T>(result: ActivityResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${JSON.stringify(result.error)}`);
  return result.value;
}

/** Address plan of the two test sites: disjoint address spaces, a /27 GatewaySubnet each. */
export const SITE_PLAN = {
  azure: {
    addressSpace: ['10.100.0.0/16'],
    workloadSubnet: '10.100.1.0/24',
    gatewaySubnet: '10.100.255.0/27',
    gatewaySku: 'VpnGw1AZ',
    vmSize: 'Standard_B2s',
  },
  azureStack: {
    addressSpace: ['10.200.0.0/16'],
    workloadSubnet: '10.200.1.0/24',
    gatewaySubnet: '10.200.255.0/27',
    gatewaySku: 'Standard',
    vmSize: 'Standard_DS1_v2',
  },
} as const;

export const SSH_PUBLIC_KEY =
  'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGXr8m5sVsJcJ4fV5bD2x0l3v6w5Jq7kK9c0mU1rT2Yp ops@contoso';
export const IMAGE = {
  publisher: 'Canonical',
  offer: '0001-com-ubuntu-server-jammy',
  sku: '22_04-lts',
  version: 'latest',
};

/** Virtual time that lets every started gateway and VM finish (gateways take up to 45 virtual minutes). */
/** The beginVirtualMachine input of a test site: its plan's size, the test SSH key and image. */
export function vmInputFor(target: SiteTarget, networkInterfaceId: string) {
  return {
    target,
    networkInterfaceId,
    size: SITE_PLAN[target.cloud].vmSize,
    adminUsername: 'azureuser',
    sshPublicKey: SSH_PUBLIC_KEY,
    image: IMAGE,
  };
}

export const LONG_ENOUGH_MS = 4 * 60 * 60 * 1000;

/** Asymmetric matchers typed as unknown (jest types them any, which the lint forbids spreading around). */
export const anyString = (): unknown => expect.any(String);
export const anyNumber = (): unknown => expect.any(Number);
export const matching = (pattern: RegExp): unknown => expect.stringMatching(pattern);
