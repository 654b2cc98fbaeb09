// Runs this Functions app on runtime/ against simulator/ in the test process, with one virtual clock, the app
// settings pointed at the simulator, and a plan aimed at the simulated clouds. Test-only: every server and clock it
// starts is stopped by `stop()`, and the environment it changed is restored.
import { ClientSecretCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { appSettingsForSimulator } from '../../cli/simulatorSettings';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { VirtualClock } from '../../clock';
import { startHost, type RunningHost, type StartHostOptions } from '../../runtime';
import { appProcess } from '../../runtime/host/nodeLoader';
import { startSimulator, trustCertificateInProcess, type Simulator, type SimulatorOptions } from '../../simulator';

export const PROJECT_ROOT = join(__dirname, '..', '..');

/**
 * Throws, naming what is missing, when the stack cannot run here: the host loads the app from dist/. A missing build
 * is an error, never a reason to skip (`npm test` builds first).
 */
export function assertStackBuilt(): void {
  const needed = ['dist/functions/index.js', 'dist/activities/index.js'];
  const missing = needed.filter((file) => !existsSync(join(PROJECT_ROOT, file)));
  if (missing.length > 0) {
    throw new Error(`missing ${missing.join(', ')}: build first (npm run build; npm test builds before it runs)`);
  }
}

export interface SimulatedStack {
  sim: Simulator;
  host: RunningHost;
  clock: VirtualClock;
  logs: string[];
  /** fetch against the host with the function key. */
  api(path: string, init?: RequestInit): Promise<{ status: number; headers: Headers; body: unknown; text: string }>;
  /** examples/plan.json aimed at the simulated clouds. */
  plan(changes?: (plan: Record<string, unknown>) => void): Record<string, unknown>;
  stop(): Promise<void>;
}

export async function startSimulatedStack(options: {
  timeScale: number;
  sim?: SimulatorOptions;
  /** App settings beyond the simulator's (e.g. HC_AUTH_MODE). */
  settings?: Record<string, string>;
  host?: Pick<StartHostOptions, 'appServiceAuthentication'>;
}): Promise<SimulatedStack> {
  assertStackBuilt();
  const clock = new VirtualClock({ scale: options.timeScale });
  const sim = await startSimulator({ port: 0, seed: 11, ...options.sim, clock });
  // The app runs in Node's own module system: its process.env is the real one, not the test sandbox's copy.
  const env = appProcess().env;
  const settings = { ...(appSettingsForSimulator(sim) as Record<string, string>), ...options.settings };
  const saved = Object.fromEntries(Object.keys(settings).map((key) => [key, env[key]]));
  Object.assign(env, settings);
  const logs: string[] = [];
  let host: RunningHost;
  try {
    host = await startHost({
      appDir: PROJECT_ROOT,
      port: 0,
      clock,
      inMemory: true,
      log: (level, message) => logs.push(`${level} ${message}`),
      ...options.host,
    });
  } catch (error) {
    await sim.stop();
    clock.dispose();
    throw error;
  }
  const template = JSON.parse(readFileSync(join(PROJECT_ROOT, 'examples', 'plan.json'), 'utf8')) as Record<
    string,
    unknown
  >;

  return {
    sim,
    host,
    clock,
    logs,
    async api(path, init = {}) {
      const response = await fetch(`${host.url}${path}`, {
        ...init,
        headers: { 'content-type': 'application/json', 'x-functions-key': host.keys.function, ...(init.headers ?? {}) },
      });
      const text = await response.text();
      let body: unknown = text;
      try {
        body = JSON.parse(text) as unknown;
      } catch {
        // not JSON: keep the text
      }
      return { status: response.status, headers: response.headers, body, text };
    },
    plan(changes) {
      const plan = structuredClone(template);
      delete plan.$schema;
      const azure = plan.azure as Record<string, unknown>;
      const azureStack = plan.azureStack as Record<string, unknown>;
      azure.subscriptionId = sim.azure.subscriptionId;
      azure.location = sim.azure.location;
      azureStack.subscriptionId = sim.azureStack.subscriptionId;
      azureStack.location = sim.azureStack.location;
      azureStack.armEndpoint = sim.azureStack.armEndpoint;
      changes?.(plan);
      return plan;
    },
    async stop() {
      await host.stop();
      await sim.stop();
      clock.dispose();
      for (const [key, value] of Object.entries(saved)) {
        if (value === undefined) delete env[key];
        else env[key] = value;
      }
    },
  };
}

/** The ids of the events a successful run of `name` publishes, in the order it hands them over. */
export function runEventIds(name: string): string[] {
  const id = (stage: string, cloud: string): string => `hc-${name}/${stage}/${cloud}`;
  return [
    id('started', 'all'),
    ...['gateway', 'site', 'connection'].flatMap((stage) => [id(stage, 'azure'), id(stage, 'azureStack')]),
    id('succeeded', 'all'),
  ];
}

/** Polls `probe` until it returns a value, in wall time (the virtual clock runs the stack meanwhile). */
export async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs: number, what: string): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A secret's value, read from the simulated Key Vault with the real SDK (to look for it where it must not be). */
export async function readSecret(stack: SimulatedStack, name: string): Promise<string> {
  trustCertificateInProcess(stack.sim.caPem);
  const { identity } = stack.sim;
  const credential = new ClientSecretCredential(identity.tenantId, identity.clientId, identity.clientSecret, {
    authorityHost: identity.authorityHost,
    disableInstanceDiscovery: true,
  });
  const client = new SecretClient(stack.sim.keyVaultUrl, credential, { disableChallengeResourceVerification: true });
  return (await client.getSecret(name)).value ?? '';
}
