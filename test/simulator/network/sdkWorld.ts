// Real SDK clients for both clouds of a running simulator, as the product builds them: current clients for Azure,
// the 2020-09-01-hybrid profile for Azure Stack Hub (compute through arm-compute 25 pinned to 2020-06-01 by a
// per-call policy). Test-only; the SDKs talk HTTPS to the simulator, nothing is mocked.
import { ComputeManagementClient } from '@azure/arm-compute';
import { NetworkManagementClient } from '@azure/arm-network';
import { NetworkManagementClient as HybridNetworkManagementClient } from '@azure/arm-network-profile-2020-09-01-hybrid';
import { ResourceManagementClient } from '@azure/arm-resources';
import { ResourceManagementClient as HybridResourceManagementClient } from '@azure/arm-resources-profile-2020-09-01-hybrid';
import type { PipelinePolicy } from '@azure/core-rest-pipeline';
import { ClientSecretCredential } from '@azure/identity';
import { startSimulator, trustCertificateInProcess, type Simulator, type SimulatorOptions } from '../../../simulator';

/** One Azure Stack Hub stamp's clients (the 2020-09-01-hybrid profile; compute pinned to 2020-06-01). */
export interface StampClients {
  network: HybridNetworkManagementClient;
  compute: ComputeManagementClient;
  resources: HybridResourceManagementClient;
}

export interface SdkWorld {
  sim: Simulator;
  azure: { network: NetworkManagementClient; compute: ComputeManagementClient; resources: ResourceManagementClient };
  stack: StampClients;
  /** The clients of every Azure Stack Hub stamp (option azureStackStamps), the first (`stack`) included. */
  stamps: StampClients[];
  /** v39 pointed at Azure Stack Hub (it must be refused there). */
  stackCurrentNetwork: NetworkManagementClient;
}

function scopeOf(audience: string): string {
  return `${audience.replace(/\/+$/, '')}/.default`;
}

/** Rewrites api-version on every request (polls included): the documented way to run arm-compute 25 on Stack Hub. */
export function pinApiVersion(version: string): { policy: PipelinePolicy; position: 'perCall' } {
  return {
    position: 'perCall',
    policy: {
      name: `pinApiVersion-${version}`,
      sendRequest(request, next) {
        const url = new URL(request.url);
        url.searchParams.set('api-version', version);
        request.url = url.toString();
        return next(request);
      },
    },
  };
}

export async function startSdkWorld(options: SimulatorOptions = {}): Promise<SdkWorld> {
  const sim = await startSimulator({ timeScale: 1000, ...options });
  trustCertificateInProcess(sim.caPem);
  const credential = new ClientSecretCredential(
    sim.identity.tenantId,
    sim.identity.clientId,
    sim.identity.clientSecret,
    {
      authorityHost: sim.identity.authorityHost,
      disableInstanceDiscovery: true,
    },
  );
  const current = (cloud: Simulator['azure']) => ({
    endpoint: cloud.armEndpoint,
    credentials: { scopes: [scopeOf(cloud.audience)] },
  });
  const hybrid = (cloud: Simulator['azure']) => ({
    endpoint: cloud.armEndpoint,
    credentialScopes: scopeOf(cloud.audience),
  });
  const stampClients = (stamp: Simulator['azure']): StampClients => ({
    network: new HybridNetworkManagementClient(credential, stamp.subscriptionId, hybrid(stamp)),
    compute: new ComputeManagementClient(credential, stamp.subscriptionId, {
      ...current(stamp),
      additionalPolicies: [pinApiVersion('2020-06-01')],
    }),
    resources: new HybridResourceManagementClient(credential, stamp.subscriptionId, hybrid(stamp)),
  });
  const stamps = sim.azureStackStamps.map(stampClients);
  return {
    sim,
    azure: {
      network: new NetworkManagementClient(credential, sim.azure.subscriptionId, current(sim.azure)),
      compute: new ComputeManagementClient(credential, sim.azure.subscriptionId, current(sim.azure)),
      resources: new ResourceManagementClient(credential, sim.azure.subscriptionId, current(sim.azure)),
    },
    stack: stamps[0],
    stamps,
    stackCurrentNetwork: new NetworkManagementClient(
      credential,
      sim.azureStack.subscriptionId,
      current(sim.azureStack),
    ),
  };
}

/** Fast polling: the simulator's Retry-After still paces long operations. */
export const POLL = { updateIntervalInMs: 20 };

/** Waits (wall time, bounded) until `check` holds; virtual time runs meanwhile at the simulator's scale. */
export async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!accept(last)) {
    if (Date.now() > deadline)
      throw new Error(`condition not met in ${timeoutMs} ms; last value: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
    last = await read();
  }
  return last;
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function rejection(promise: Promise<unknown>): Promise<Error & { code?: string; statusCode?: number }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}
