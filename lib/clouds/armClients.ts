// The SDK client factory: for a site (cloud + subscription + endpoint) the network, compute and resource-manager
// clients of that cloud's SDK generation, created lazily and reused for the life of the process.
// Azure: arm-network 39, arm-compute 25, arm-resources 8 at their own api-versions. Azure Stack Hub: the
// 2020-09-01-hybrid profile packages, and arm-compute 25 pinned to 2020-06-01 by a per-call policy.
import type { ComputeManagementClient } from '@azure/arm-compute';
import type { NetworkManagementClient } from '@azure/arm-network';
import type { NetworkManagementClient as HybridNetworkManagementClient } from '@azure/arm-network-profile-2020-09-01-hybrid';
import type { CloudId } from '../cloudIds';
import { siteProfile } from '../sites/profiles';
import { readSettings, type AppSettings } from '../settings';
import { AZURE_STACK_COMPUTE_API_VERSION, AZURE_STACK_DISKS_API_VERSION } from './apiVersions';
import { armCompute, armNetwork, armResources, hybridArmNetwork, hybridArmResources } from './armSdk';
import type { NetworkOperations, ResourceManagerOperations } from './armOperations';
import type { CloudProfile } from './cloudProfile';
import { pinnedApiVersionPolicies } from './pinApiVersionPolicy';
import { trustedClientOptions } from './trustedClientOptions';
import { USER_AGENT_PREFIX } from './userAgent';
import { clientsForProfile, type ProfileClientCache } from './profileClients';

export interface ArmClients {
  cloud: CloudId;
  subscriptionId: string;
  armEndpoint: string;
  network: NetworkOperations;
  compute: ComputeManagementClient;
  resourceManager: ResourceManagerOperations;
  /**
   * Polls a network PUT this cloud's client started, once, from its serialised state (`operation`). Resolves when
   * the operation has not failed; rejects with the SDK's own failure (`The long-running operation has failed. <code>.`).
   */
  pollNetworkPut(kind: ResumableNetworkKind, resourceGroupName: string, name: string, operation: string): Promise<void>;
}

export type ResumableNetworkKind = 'virtualNetworkGateways' | 'virtualNetworkGatewayConnections';

export interface SiteLocator {
  cloud: CloudId;
  subscriptionId: string;
  /** Azure Stack Hub only: the configured stamp's id (HC_AZURESTACK_STAMPS). Azure's endpoint is an app setting. */
  stamp?: string;
  /** Azure Stack Hub only, for inputs stored before stamps had ids: must equal a configured stamp's endpoint. */
  armEndpoint?: string;
}

/** Per credential (so a settings change gets fresh clients), per cloud + endpoint + subscription. */
const cache: ProfileClientCache<ArmClients> = new WeakMap();

export async function armClientsFor(site: SiteLocator, settings: AppSettings = readSettings()): Promise<ArmClients> {
  return clientsForProfile(cache, site, settings, (profile, subscriptionId) =>
    siteProfile(site.cloud).sdk === 'current'
      ? currentClients(profile, subscriptionId)
      : hybridProfileClients(profile, subscriptionId),
  );
}

function currentClients(profile: CloudProfile, subscriptionId: string): ArmClients {
  const options = {
    endpoint: profile.armEndpoint,
    credentials: { scopes: [profile.scope] },
    userAgentOptions: { userAgentPrefix: USER_AGENT_PREFIX },
    ...trustedClientOptions(profile.trust),
  };
  const { NetworkManagementClient, restorePoller } = armNetwork();
  const network = new NetworkManagementClient(profile.credential, subscriptionId, options);
  const resources = new (armResources().ResourceManagementClient)(profile.credential, subscriptionId, options);
  return {
    cloud: 'azure',
    subscriptionId,
    armEndpoint: profile.armEndpoint,
    network: networkOperations(network),
    compute: new (armCompute().ComputeManagementClient)(profile.credential, subscriptionId, options),
    resourceManager: { resourceGroups: resources.resourceGroups, resources: resources.resources },
    pollNetworkPut: async (kind, _resourceGroupName, _name, operation) => {
      // v39 has no resumeFrom: restorePoller rebuilds the poller from the state and the source operation.
      const source =
        kind === 'virtualNetworkGateways'
          ? network.virtualNetworkGateways.createOrUpdate
          : network.virtualNetworkGatewayConnections.createOrUpdate;
      await restorePoller(network, operation, source).poll();
    },
  };
}

function hybridProfileClients(profile: CloudProfile, subscriptionId: string): ArmClients {
  const hybridOptions = {
    endpoint: profile.armEndpoint,
    credentialScopes: [profile.scope],
    userAgentOptions: { userAgentPrefix: USER_AGENT_PREFIX },
    ...trustedClientOptions(profile.trust),
  };
  const network = new (hybridArmNetwork().NetworkManagementClient)(profile.credential, subscriptionId, hybridOptions);
  const resources = new (hybridArmResources().ResourceManagementClient)(
    profile.credential,
    subscriptionId,
    hybridOptions,
  );
  // No compute package exists for the profile: arm-compute 25 with every request (polls included) pinned.
  const compute = new (armCompute().ComputeManagementClient)(profile.credential, subscriptionId, {
    endpoint: profile.armEndpoint,
    credentials: { scopes: [profile.scope] },
    userAgentOptions: { userAgentPrefix: USER_AGENT_PREFIX },
    ...trustedClientOptions(
      profile.trust,
      pinnedApiVersionPolicies(AZURE_STACK_COMPUTE_API_VERSION, [
        { path: /\/providers\/Microsoft\.Compute\/disks(\/|$)/i, apiVersion: AZURE_STACK_DISKS_API_VERSION },
      ]),
    ),
  });
  return {
    cloud: 'azureStack',
    subscriptionId,
    armEndpoint: profile.armEndpoint,
    network: networkOperations(network),
    compute,
    resourceManager: { resourceGroups: resources.resourceGroups, resources: resources.resources },
    pollNetworkPut: async (kind, resourceGroupName, name, operation) => {
      // core-lro 2: beginX with resumeFrom sends no PUT; it polls once from the saved state (the body is unused).
      if (kind === 'virtualNetworkGateways') {
        await network.virtualNetworkGateways.beginCreateOrUpdate(
          resourceGroupName,
          name,
          {},
          { resumeFrom: operation },
        );
      } else {
        const unused = { connectionType: 'IPsec', virtualNetworkGateway1: {} };
        await network.virtualNetworkGatewayConnections.beginCreateOrUpdate(resourceGroupName, name, unused, {
          resumeFrom: operation,
        });
      }
    },
  };
}

/** Both generations' clients fit NetworkOperations; the compiler checks each assignment. */
function networkOperations(client: NetworkManagementClient | HybridNetworkManagementClient): NetworkOperations {
  return {
    virtualNetworks: client.virtualNetworks,
    subnets: client.subnets,
    publicIPAddresses: client.publicIPAddresses,
    virtualNetworkGateways: client.virtualNetworkGateways,
    localNetworkGateways: client.localNetworkGateways,
    virtualNetworkGatewayConnections: client.virtualNetworkGatewayConnections,
    networkInterfaces: client.networkInterfaces,
  };
}
