// Microsoft.Network/connections (+ GET/PUT sharedkey): validates references, IPsec policies per cloud and locks on
// the gateway; keeps the shared key out of bodies that do not show it; renders connectionStatus and byte counters
// from network truth (tunnel.ts) at read time.
import type { ArmResource, ReadOutcome, ResourceRequest, ResourceType, WriteOutcome } from '../arm/resourceType';
import { randomToken } from '../random';
import { asArray, asBoolean, asNumber, asRecord, asString, cloneJson, propertiesOf, refId } from './body';
import {
  invalidRequestFormat,
  invalidResourceReference,
  ipsecPolicyNotSupportedOnBasic,
  notSupportedOnAzureStack,
  siteToSiteTunnelLimitReached,
} from './errors';
import { siteToSiteTunnelLimit } from './gatewaySkus';
import { networkEnum } from './enums';
import { seededGuid, weakEtag } from './identifiers';
import { internalString, publicCopy, withInternal } from './internalState';
import { validateIpsecPolicies } from './ipsecPolicy';
import { connectionsOfGateway } from './references';
import {
  assertNoOperationInProgress,
  envelope,
  isLegacyNetworkApi,
  patchTags,
  setProvisioningState,
  updateStored,
} from './requestContext';
import { isIdOfType, sameId } from './resourceIds';
import { evaluateTunnel, tunnelTraits, type TunnelState } from './tunnel';
import { resetConnection } from './tunnelFaults';
import { CONNECTIONS, LOCAL_NETWORK_GATEWAYS, VIRTUAL_NETWORK_GATEWAYS } from './typeNames';

/** Computed or secret fields a client may echo back; NRP ignores them on PUT. */
const NOT_STORED = [
  'provisioningState',
  'resourceGuid',
  'sharedKey',
  'connectionStatus',
  'tunnelConnectionStatus',
  'ingressBytesTransferred',
  'egressBytesTransferred',
];
/** Length of the shared key NRP generates when a connection is created without one. */
const GENERATED_KEY_LENGTH = 32;

function referenced(
  request: ResourceRequest,
  id: string | undefined,
  type: string,
  path: string,
  byId: string,
): ArmResource {
  if (!id) throw invalidRequestFormat(path, `Required property '${path.split('.').pop() ?? path}' not found in JSON.`);
  const resource = isIdOfType(id, type) ? request.store.get(id) : undefined;
  if (!resource) throw invalidResourceReference(id, byId);
  return resource;
}

/** Connection types that take one of a gateway's site-to-site tunnels. */
const TUNNEL_TYPES = ['IPsec', 'Vnet2Vnet'];

/**
 * A new tunnel on a gateway that already has as many as its SKU takes is refused (re-PUTs of an existing connection
 * are not new tunnels). Connections still being deleted count until they are gone.
 */
function refuseTunnelBeyondLimit(
  request: ResourceRequest,
  gateway: ArmResource,
  connectionType: string,
  limits: Readonly<Record<string, number>>,
): void {
  if (!TUNNEL_TYPES.includes(connectionType)) return;
  const sku = asString(asRecord(propertiesOf(gateway).sku).name) ?? 'Basic';
  const limit = siteToSiteTunnelLimit(request.cloud, sku, limits);
  if (limit === undefined) return;
  const tunnels = connectionsOfGateway(request.store, gateway.id).filter((connection) =>
    TUNNEL_TYPES.includes(asString(propertiesOf(connection).connectionType) ?? ''),
  );
  if (tunnels.length >= limit) throw siteToSiteTunnelLimitReached(gateway.id, sku, limit);
}

function put(
  request: ResourceRequest,
  existing: ArmResource | undefined,
  tunnelLimits: Readonly<Record<string, number>>,
): WriteOutcome {
  const { store, cloud } = request;
  const base = envelope(request, CONNECTIONS, existing);
  const properties = cloneJson(propertiesOf(request.body));
  const connectionType = networkEnum(properties.connectionType, 'connectionType', 'properties.connectionType');
  if (!connectionType)
    throw invalidRequestFormat('properties.connectionType', "Required property 'connectionType' not found in JSON.");
  if (cloud === 'azureStack' && connectionType !== 'IPsec') {
    throw notSupportedOnAzureStack(`Connection type '${connectionType}'`, 'properties.connectionType');
  }
  const protocol =
    networkEnum(properties.connectionProtocol, 'connectionProtocol', 'properties.connectionProtocol') ?? 'IKEv2';
  const gateway = referenced(
    request,
    refId(properties.virtualNetworkGateway1),
    VIRTUAL_NETWORK_GATEWAYS,
    'properties.virtualNetworkGateway1',
    base.id,
  );
  const localGateway =
    connectionType === 'IPsec'
      ? referenced(
          request,
          refId(properties.localNetworkGateway2),
          LOCAL_NETWORK_GATEWAYS,
          'properties.localNetworkGateway2',
          base.id,
        )
      : undefined;
  const secondGateway =
    connectionType === 'Vnet2Vnet'
      ? referenced(
          request,
          refId(properties.virtualNetworkGateway2),
          VIRTUAL_NETWORK_GATEWAYS,
          'properties.virtualNetworkGateway2',
          base.id,
        )
      : undefined;

  const policies = validateIpsecPolicies(cloud, properties.ipsecPolicies);
  if (policies.length > 0 && asString(asRecord(propertiesOf(gateway).sku).name) === 'Basic')
    throw ipsecPolicyNotSupportedOnBasic(gateway.id);
  if (cloud === 'azureStack' && properties.usePolicyBasedTrafficSelectors === true) {
    throw notSupportedOnAzureStack('Policy-based traffic selectors', 'properties.usePolicyBasedTrafficSelectors');
  }
  if (!existing) refuseTunnelBeyondLimit(request, gateway, connectionType, tunnelLimits);
  // NRP locks a gateway with its connections: a connection waits for its gateway to finish provisioning and for
  // other writes on that gateway's connections (terraform-provider-azurerm#10582), and for its local gateway.
  assertNoOperationInProgress(request, [
    gateway.id,
    ...(localGateway ? [localGateway.id] : []),
    ...(secondGateway ? [secondGateway.id] : []),
    ...connectionsOfGateway(store, gateway.id)
      .map((connection) => connection.id)
      .filter((id) => !sameId(id, base.id)),
  ]);

  const random = (): number => request.random();
  const sharedKey =
    asString(properties.sharedKey) ??
    internalString(existing, 'sharedKey') ??
    randomToken(random, GENERATED_KEY_LENGTH);
  for (const key of NOT_STORED) delete properties[key];
  const legacy = isLegacyNetworkApi(request.apiVersion);
  const stored: ArmResource = {
    ...base,
    properties: {
      ...properties,
      provisioningState: 'Updating',
      resourceGuid: asString(existing?.properties?.resourceGuid) ?? seededGuid(random),
      virtualNetworkGateway1: { id: gateway.id, properties: {} },
      ...(localGateway ? { localNetworkGateway2: { id: localGateway.id, properties: {} } } : {}),
      ...(secondGateway ? { virtualNetworkGateway2: { id: secondGateway.id, properties: {} } } : {}),
      connectionType,
      connectionProtocol: protocol,
      routingWeight: asNumber(properties.routingWeight) ?? 0,
      enableBgp: asBoolean(properties.enableBgp) ?? false,
      usePolicyBasedTrafficSelectors: asBoolean(properties.usePolicyBasedTrafficSelectors) ?? false,
      ipsecPolicies: policies,
      trafficSelectorPolicies: asArray(properties.trafficSelectorPolicies),
      ingressBytesTransferred: 0,
      egressBytesTransferred: 0,
      ...(legacy
        ? {}
        : {
            dpdTimeoutSeconds: asNumber(properties.dpdTimeoutSeconds) ?? 45,
            connectionMode: asString(properties.connectionMode) ?? 'Default',
            useLocalAzureIpAddress: asBoolean(properties.useLocalAzureIpAddress) ?? false,
          }),
    },
  };
  const resource = withInternal(stored, {
    sharedKey,
    ...(existing ? {} : tunnelTraits(random)),
  });
  return {
    resource,
    created: existing === undefined,
    durationMs: request.latency(`${CONNECTIONS}:${existing ? 'update' : 'create'}`),
    complete: () => {
      updateStored(store, base.id, random, (connection) =>
        withInternal(setProvisioningState(connection, 'Succeeded'), { readyAt: request.clock.now() }),
      );
    },
  };
}

function remove(request: ResourceRequest, existing: ArmResource): WriteOutcome {
  return {
    resource: setProvisioningState(existing, 'Deleting'),
    durationMs: request.latency(`${CONNECTIONS}:delete`),
    complete: () => {
      request.store.delete(existing.id);
    },
  };
}

export function tunnelStateOf(request: ResourceRequest, connection: ArmResource): TunnelState {
  return evaluateTunnel({ cloud: request.cloud, store: request.store }, request.world, connection, request.clock.now());
}

function view(request: ResourceRequest, stored: ArmResource): ArmResource {
  const rendered = publicCopy(stored);
  const properties = rendered.properties ?? {};
  const state = tunnelStateOf(request, stored);
  properties.ingressBytesTransferred = state.ingressBytes;
  properties.egressBytesTransferred = state.egressBytes;
  // Only a GET of the single connection reports connectionStatus; lists omit it (azure-powershell#2581).
  if (request.method === 'GET' && sameId(request.id, stored.id)) properties.connectionStatus = state.status;
  // 2018-11-01 GETs echo the key to the client that asks; the inspection API never shows it.
  if (isLegacyNetworkApi(request.apiVersion) && request.inspection !== true)
    properties.sharedKey = internalString(stored, 'sharedKey');
  rendered.properties = properties;
  return rendered;
}

function sharedKeyBody(request: ResourceRequest, value: string | undefined): Record<string, unknown> {
  return isLegacyNetworkApi(request.apiVersion) ? { value } : { id: '', value };
}

function getSharedKey(request: ResourceRequest, existing: ArmResource): ReadOutcome {
  return { status: 200, body: sharedKeyBody(request, internalString(existing, 'sharedKey')) };
}

function setSharedKey(request: ResourceRequest, existing: ArmResource): WriteOutcome {
  const value = asString(asRecord(request.body).value);
  if (value === undefined || value.length === 0)
    throw invalidRequestFormat('value', "Required property 'value' not found in JSON.");
  assertNoOperationInProgress(request, [existing.id]);
  const random = (): number => request.random();
  const resource = withInternal(
    { ...setProvisioningState(existing, 'Updating'), etag: weakEtag(random) },
    { sharedKey: value },
  );
  return {
    resource,
    responseBody: sharedKeyBody(request, value),
    durationMs: request.latency(`${CONNECTIONS}:action`),
    complete: () => {
      const now = request.clock.now();
      updateStored(request.store, existing.id, random, (connection) =>
        withInternal(setProvisioningState(connection, 'Succeeded'), { keyChangedAt: now }),
      );
      return sharedKeyBody(request, value);
    },
  };
}

/** `tunnelLimits` overrides the documented site-to-site tunnel limits per Azure gateway SKU (gatewaySkus.ts). */
export function connectionsType(tunnelLimits: Readonly<Record<string, number>> = {}): ResourceType {
  return {
    type: CONNECTIONS,
    lro: { put: true, delete: true },
    put: (request, existing) => put(request, existing, tunnelLimits),
    delete: remove,
    view,
    patch: patchTags,
    actions: {
      'GET sharedkey': getSharedKey,
      'PUT sharedkey': setSharedKey,
      'POST resetconnection': resetConnection,
    },
  };
}
