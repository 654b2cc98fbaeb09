// The read-only clients pre-flight needs beyond the ARM clients of armClients.ts, built from the same cloud profile:
// the subscription (arm-resources-subscriptions 3; Stack Hub at 2016-06-01), the caller's permissions
// (arm-authorization 9 at 2022-04-01; Stack Hub: its 2020-09-01-hybrid package at 2015-07-01) and network usages
// (arm-network 39; Stack Hub pinned to 2018-11-01, as its profile package has no usages). Reads only.
import { createSerializer, type CompositeMapper, type OperationSpec } from '@azure/core-client';
import type { CloudId } from '../cloudIds';
import { readSettings, type AppSettings } from '../settings';
import { AZURE_STACK_NETWORK_API_VERSION } from './apiVersions';
import type { SiteLocator } from './armClients';
import { armAuthorization, armNetwork, armSubscriptions, hybridArmAuthorization } from './armSdk';
import type { CloudProfile } from './cloudProfile';
import { pinnedApiVersionPolicies } from './pinApiVersionPolicy';
import { siteProfile } from '../sites/profiles';
import { clientsForProfile, type ProfileClientCache } from './profileClients';
import { trustedClientOptions } from './trustedClientOptions';

/** The subscription API version of the 2020-09-01-hybrid profile (Microsoft.Resources 2016-06-01 for subscriptions). */
export const AZURE_STACK_SUBSCRIPTIONS_API_VERSION = '2016-06-01';

export interface PermissionModel {
  actions?: string[];
  notActions?: string[];
}

export interface UsageModel {
  name: { value?: string; localizedValue?: string };
  currentValue: number;
  limit: number;
}

export interface ReadClients {
  cloud: CloudId;
  subscriptionId: string;
  /** Gets a token for the cloud's ARM scope (proves the credential works before anything else is asked). */
  token(): Promise<void>;
  subscription(): Promise<{ state?: string; displayName?: string }>;
  /** The caller's permissions at the resource group, or at the subscription when no group is named. */
  permissions(resourceGroup?: string): Promise<PermissionModel[]>;
  networkUsages(location: string): AsyncIterable<UsageModel>;
}

const USER_AGENT = { userAgentPrefix: 'hybrid-connection/0.1.0' };
const cache: ProfileClientCache<ReadClients> = new WeakMap();

export async function readClientsFor(site: SiteLocator, settings: AppSettings = readSettings()): Promise<ReadClients> {
  return clientsForProfile(cache, site, settings, build);
}

function build(profile: CloudProfile, subscriptionId: string): ReadClients {
  // The hybrid-profile sites read at the profile's api-versions; the others at the packages' own.
  const stack = siteProfile(profile.cloud).sdk !== 'current';
  const tls = trustedClientOptions(profile.trust);
  const current = {
    endpoint: profile.armEndpoint,
    credentials: { scopes: [profile.scope] },
    userAgentOptions: USER_AGENT,
    ...tls,
  };
  const legacy = {
    endpoint: profile.armEndpoint,
    credentialScopes: [profile.scope],
    userAgentOptions: USER_AGENT,
    ...tls,
  };
  const subscriptions = new (armSubscriptions().SubscriptionClient)(profile.credential, {
    ...current,
    ...(stack ? { apiVersion: AZURE_STACK_SUBSCRIPTIONS_API_VERSION } : {}),
  });
  const authorization = stack
    ? new (hybridArmAuthorization().AuthorizationManagementClient)(profile.credential, subscriptionId, legacy)
    : new (armAuthorization().AuthorizationManagementClient)(profile.credential, subscriptionId, legacy);
  const network = new (armNetwork().NetworkManagementClient)(profile.credential, subscriptionId, {
    ...current,
    ...trustedClientOptions(profile.trust, stack ? pinnedApiVersionPolicies(AZURE_STACK_NETWORK_API_VERSION) : []),
  });
  return {
    cloud: profile.cloud,
    subscriptionId,
    token: async () => {
      await profile.credential.getToken(profile.scope);
    },
    subscription: async () => {
      const read = await subscriptions.subscriptions.get(subscriptionId);
      return {
        ...(read.state !== undefined ? { state: read.state } : {}),
        ...(read.displayName !== undefined ? { displayName: read.displayName } : {}),
      };
    },
    permissions: async (resourceGroup) => {
      if (resourceGroup === undefined) {
        // Neither package has the subscription-scope list; the client's own pipeline sends it (auth, TLS, retries).
        const body: { value?: PermissionModel[] } = await authorization.sendOperationRequest(
          {},
          subscriptionPermissions(stack ? AZURE_STACK_AUTHORIZATION_API_VERSION : AZURE_AUTHORIZATION_API_VERSION),
        );
        return body.value ?? [];
      }
      const found: PermissionModel[] = [];
      for await (const permission of authorization.permissions.listForResourceGroup(resourceGroup))
        found.push(permission);
      return found;
    },
    networkUsages: (location) => network.usages.list(location),
  };
}

const STRINGS = { type: { name: 'Sequence', element: { type: { name: 'String' } } } } as const;

/** `{value: [{actions, notActions}]}`: what the check reads of a permissions list (data actions are not needed). */
const PERMISSION_LIST: CompositeMapper = {
  type: {
    name: 'Composite',
    className: 'PermissionList',
    modelProperties: {
      value: {
        serializedName: 'value',
        type: {
          name: 'Sequence',
          element: {
            type: {
              name: 'Composite',
              className: 'Permission',
              modelProperties: {
                actions: { serializedName: 'actions', ...STRINGS },
                notActions: { serializedName: 'notActions', ...STRINGS },
              },
            },
          },
        },
      },
    },
  },
};

/** What each package sends for permissions (arm-authorization 9: 2022-04-01; the hybrid profile: 2015-07-01). */
const AZURE_AUTHORIZATION_API_VERSION = '2022-04-01';
const AZURE_STACK_AUTHORIZATION_API_VERSION = '2015-07-01';

/** `GET /subscriptions/{id}/providers/Microsoft.Authorization/permissions` at the package's own api-version. */
const subscriptionPermissions = (apiVersion: string): OperationSpec => ({
  path: '/subscriptions/{subscriptionId}/providers/Microsoft.Authorization/permissions',
  httpMethod: 'GET',
  responses: { 200: { bodyMapper: PERMISSION_LIST }, default: {} },
  queryParameters: [
    {
      parameterPath: 'apiVersion',
      mapper: {
        defaultValue: apiVersion,
        isConstant: true,
        serializedName: 'api-version',
        type: { name: 'String' },
      },
    },
  ],
  urlParameters: [
    {
      parameterPath: '$host',
      mapper: { serializedName: '$host', required: true, type: { name: 'String' } },
      skipEncoding: true,
    },
    {
      parameterPath: 'subscriptionId',
      mapper: { serializedName: 'subscriptionId', required: true, type: { name: 'String' } },
    },
  ],
  headerParameters: [
    {
      parameterPath: 'accept',
      mapper: {
        defaultValue: 'application/json',
        isConstant: true,
        serializedName: 'Accept',
        type: { name: 'String' },
      },
    },
  ],
  serializer: createSerializer({}, false),
});
