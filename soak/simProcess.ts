// `hybrid-connection sim` as a child process for the soak: its ready line, the endpoints the app settings need (the
// Azure Stack Hub identity read from the stamp's own /metadata/endpoints, as an operator configures a stamp), the
// /_sim/ inspection API over HTTPS (its CA trusted in this process), and the real value of a Key Vault secret read
// through the SDK (the inspection API never shows values). Every call is recorded for the secrets scan.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ClientSecretCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { noProxyWithLoopback } from '../cli/processEnvironment';
import { appSettingsForSimulator, EXAMPLE_SUBSCRIPTIONS, type SimulatorSettings } from '../cli/simulatorSettings';
import { trustCertificateInProcess, type ReadyInfo } from '../simulator';
import { serverArgs, startServerProcess, type ServerProcess } from './processes';
import type { Recorder } from './recorder';

/** The Azure audience the simulator accepts for ARM (as Azure's public cloud names it). */
const AZURE_AUDIENCE = 'https://management.azure.com/';

export interface SimClock {
  now: number;
  scale: number;
}

export interface SimProcess {
  ready: ReadyInfo;
  process: ServerProcess<ReadyInfo>;
  /** The app settings that point a host at this simulator, and the environment a host process needs to trust it. */
  hostEnvironment: NodeJS.ProcessEnv;
  /** A request to /_sim/<path>; throws on anything but 2xx. */
  api<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  clock(): Promise<SimClock>;
  /**
   * Raises every quota of both subscriptions to at least `limit` (the usages API and the pre-flight's quota check
   * read them): a soak puts more connections in one subscription than a default quota plan allows.
   */
  raiseQuotas(limit: number): Promise<void>;
  /** The current value of a Key Vault secret (undefined when it does not exist). */
  secretValue(name: string): Promise<string | undefined>;
  /** The value of every version of a Key Vault secret, oldest first ([] when it does not exist). */
  secretValues(name: string): Promise<string[]>;
  stop(): Promise<number | null>;
}

export interface StartSimOptions {
  dataDir: string;
  timeScale: number;
  seed: string;
  stderrFile: string;
  recorder: Recorder;
}

export async function startSimProcess(options: StartSimOptions): Promise<SimProcess> {
  const env = { ...process.env, NO_PROXY: noProxyWithLoopback(process.env.NO_PROXY) };
  const child = await startServerProcess<ReadyInfo>(
    [
      'sim',
      ...serverArgs(options.dataDir, options.timeScale),
      '--seed',
      options.seed,
      '--azure-subscription',
      EXAMPLE_SUBSCRIPTIONS.azure,
      '--azurestack-subscription',
      EXAMPLE_SUBSCRIPTIONS.azureStack,
    ],
    { env, stderrFile: options.stderrFile, onExit: (text) => options.recorder.record('stdout sim', text) },
  );
  try {
    const ready = child.ready;
    trustCertificateInProcess(readFileSync(ready.caCertPath, 'utf8'));
    const settings = await settingsFor(ready);
    const api = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
      const response = await fetch(`${ready.url}/_sim/${path}`, {
        method,
        ...(body !== undefined ? { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}),
      });
      const text = await response.text();
      options.recorder.record(`sim ${method} /_sim/${path}`, text);
      if (!response.ok) throw new Error(`/_sim/${path} answered ${response.status}: ${text.slice(0, 300)}`);
      return (text === '' ? undefined : JSON.parse(text)) as T;
    };
    const credential = new ClientSecretCredential(
      ready.identity.tenantId,
      ready.identity.clientId,
      ready.identity.clientSecret,
      { authorityHost: ready.identity.authorityHost, disableInstanceDiscovery: true },
    );
    const secrets = new SecretClient(ready.keyVaultUrl, credential, { disableChallengeResourceVerification: true });
    return {
      ready,
      process: child,
      hostEnvironment: {
        ...env,
        ...settings,
        // Node reads it at start only: the host's SDK clients trust the simulator's CA besides the system's.
        NODE_EXTRA_CA_CERTS: join(options.dataDir, 'ca-bundle.pem'),
      },
      api,
      clock: () => api<SimClock>('GET', 'clock'),
      async raiseQuotas(limit) {
        for (const cloud of ['azure', 'azureStack']) {
          const account = await api<{ quotaLimits: Record<string, Record<string, number>> }>(
            'GET',
            `account?cloud=${cloud}`,
          );
          const raised = Object.fromEntries(
            Object.entries(account.quotaLimits).map(([kind, rows]) => [
              kind,
              Object.fromEntries(Object.entries(rows).map(([name, value]) => [name, Math.max(value, limit)])),
            ]),
          );
          await api('PATCH', `account?cloud=${cloud}`, { quotaLimits: raised });
        }
      },
      async secretValue(name) {
        try {
          return (await secrets.getSecret(name)).value;
        } catch (error) {
          if ((error as { statusCode?: number }).statusCode === 404) return undefined;
          throw error;
        }
      },
      async secretValues(name) {
        const values: string[] = [];
        try {
          for await (const version of secrets.listPropertiesOfSecretVersions(name)) {
            const value = (await secrets.getSecret(name, { version: version.version })).value;
            if (value !== undefined) values.push(value);
          }
        } catch (error) {
          if ((error as { statusCode?: number }).statusCode !== 404) throw error;
        }
        return values;
      },
      stop: () => child.stop(),
    };
  } catch (error) {
    await child.kill();
    throw error;
  }
}

/** appSettingsForSimulator from the ready line, completed with the stamp's advertised login endpoint and audience. */
async function settingsFor(ready: ReadyInfo): Promise<SimulatorSettings> {
  const response = await fetch(`${ready.azureStack.armEndpoint}/metadata/endpoints?api-version=2015-01-01`);
  const metadata = (await response.json()) as { authentication?: { loginEndpoint?: string; audiences?: string[] } };
  const audience = metadata.authentication?.audiences?.[0];
  const login = metadata.authentication?.loginEndpoint;
  if (audience === undefined || login === undefined) throw new Error('the stamp metadata has no audience or login');
  const identity = { authorityHost: ready.identity.authorityHost, tenantId: ready.identity.tenantId };
  return appSettingsForSimulator({
    azure: { ...ready.azure, ...identity, audience: AZURE_AUDIENCE, location: 'westeurope' },
    azureStack: {
      ...ready.azureStack,
      audience,
      authorityHost: login.replace(/\/+$/, ''),
      tenantId: ready.identity.tenantId,
      location: 'local',
    },
    identity: ready.identity,
    keyVaultUrl: ready.keyVaultUrl,
    eventGrid: ready.eventGrid,
    caCertPath: ready.caCertPath,
  });
}
