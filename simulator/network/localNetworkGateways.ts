// Microsoft.Network/localNetworkGateways: the peer's public address and address space as this cloud sees it.
// Validates prefixes and the address, records when either changed (tunnels renegotiate), refuses deletes in use.
import type { ArmResource, ResourceRequest, ResourceType, WriteOutcome } from '../arm/resourceType';
import { validPrefix } from './addressRules';
import { asRecord, asString, asStringArray, cloneJson, propertiesOf } from './body';
import { isIpv4Address } from './cidr';
import { inUseCannotBeDeleted, invalidGatewayIpAddress, localNetworkGatewayIpInUse } from './errors';
import { seededGuid } from './identifiers';
import { publicCopy, withInternal } from './internalState';
import { connectionsOfLocalGateway, listAll } from './references';
import { assertNoOperationInProgress, envelope, patchTags, setProvisioningState, updateStored } from './requestContext';
import { sameId } from './resourceIds';
import { LOCAL_NETWORK_GATEWAYS } from './typeNames';

export function localPrefixesOf(resource: ArmResource | undefined): string[] {
  return asStringArray(asRecord(propertiesOf(resource).localNetworkAddressSpace).addressPrefixes);
}

export function gatewayIpOf(resource: ArmResource | undefined): string | undefined {
  return asString(propertiesOf(resource).gatewayIpAddress);
}

function put(request: ResourceRequest, existing: ArmResource | undefined): WriteOutcome {
  const { store } = request;
  const base = envelope(request, LOCAL_NETWORK_GATEWAYS, existing);
  const properties = cloneJson(propertiesOf(request.body));
  const prefixes = asStringArray(asRecord(properties.localNetworkAddressSpace).addressPrefixes).map(
    (text) => validPrefix(text, base.id).text,
  );
  const gatewayIp = asString(properties.gatewayIpAddress);
  const fqdn = asString(properties.fqdn);
  if (gatewayIp !== undefined ? !isIpv4Address(gatewayIp) : !fqdn) throw invalidGatewayIpAddress(gatewayIp ?? '');
  if (request.cloud === 'azureStack' && gatewayIp !== undefined) {
    const clash = listAll(store, LOCAL_NETWORK_GATEWAYS).find(
      (lgw) => !sameId(lgw.id, base.id) && gatewayIpOf(lgw) === gatewayIp,
    );
    if (clash) throw localNetworkGatewayIpInUse(gatewayIp, clash.id);
  }
  assertNoOperationInProgress(
    request,
    connectionsOfLocalGateway(store, base.id).map((connection) => connection.id),
  );

  const changed =
    !existing || gatewayIpOf(existing) !== gatewayIp || localPrefixesOf(existing).join(',') !== prefixes.join(',');
  for (const key of ['provisioningState', 'resourceGuid']) delete properties[key];
  const random = (): number => request.random();
  const resource: ArmResource = {
    ...base,
    properties: {
      ...properties,
      provisioningState: 'Updating',
      resourceGuid: asString(existing?.properties?.resourceGuid) ?? seededGuid(random),
      localNetworkAddressSpace: { ...asRecord(properties.localNetworkAddressSpace), addressPrefixes: prefixes },
    },
  };
  return {
    resource,
    created: existing === undefined,
    durationMs: request.latency(`${LOCAL_NETWORK_GATEWAYS}:${existing ? 'update' : 'create'}`),
    complete: () => {
      updateStored(store, base.id, random, (lgw) => {
        const next = setProvisioningState(lgw, 'Succeeded');
        return changed ? withInternal(next, { changedAt: request.clock.now() }) : next;
      });
    },
  };
}

function remove(request: ResourceRequest, existing: ArmResource): WriteOutcome {
  const users = connectionsOfLocalGateway(request.store, existing.id);
  if (users.length > 0)
    throw inUseCannotBeDeleted(
      'LocalNetworkGateway',
      existing.id,
      users.map((c) => c.id),
    );
  return {
    resource: setProvisioningState(existing, 'Deleting'),
    durationMs: request.latency(`${LOCAL_NETWORK_GATEWAYS}:delete`),
    complete: () => {
      request.store.delete(existing.id);
    },
  };
}

export function localNetworkGatewaysType(): ResourceType {
  return {
    type: LOCAL_NETWORK_GATEWAYS,
    lro: { put: true, delete: true },
    put,
    delete: remove,
    view: (_request, stored) => publicCopy(stored),
    patch: patchTags,
  };
}
