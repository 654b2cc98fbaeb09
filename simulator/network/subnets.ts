// Microsoft.Network/virtualNetworks/subnets as child resources: validated against the parent VNet and its other
// subnets, locked together with the VNet and its gateway, refused while in use. The VNet's inline copy follows.
import type { ArmResource, ResourceRequest, ResourceType, WriteOutcome } from '../arm/resourceType';
import { samePrefixes, subnetPrefixTexts, validPrefix, validateSubnetLayout, vnetPrefixes } from './addressRules';
import { cloneJson, propertiesOf } from './body';
import {
  inUseSubnetCannotBeDeleted,
  inUseSubnetCannotBeUpdated,
  invalidRequestFormat,
  resourceNotFound,
} from './errors';
import { weakEtag } from './identifiers';
import { internalNumber, withInternal } from './internalState';
import { gatewaysInVnet, subnetUsers } from './references';
import { assertNoOperationInProgress, isLegacyNetworkApi, setProvisioningState, updateStored } from './requestContext';
import { parentIdOf, sameId } from './resourceIds';
import {
  nextSubnetSeq,
  orderedSubnets,
  renderSubnet,
  subnetPropertiesWithDefaults,
  syncInlineSubnets,
} from './subnetRecords';
import { SUBNETS, VIRTUAL_NETWORKS } from './typeNames';

function parentVnet(request: ResourceRequest): ArmResource {
  const vnetId = request.parentId ?? parentIdOf(request.id) ?? '';
  const vnet = request.store.get(vnetId);
  if (!vnet || vnet.type.toLowerCase() !== VIRTUAL_NETWORKS.toLowerCase()) throw resourceNotFound(vnetId);
  return vnet;
}

function lockedTogether(request: ResourceRequest, vnet: ArmResource, selfId: string): string[] {
  return [
    vnet.id,
    ...orderedSubnets(request.store, vnet.id)
      .map((subnet) => subnet.id)
      .filter((id) => !sameId(id, selfId)),
    ...gatewaysInVnet(request.store, vnet.id).map((gateway) => gateway.id),
  ];
}

function put(request: ResourceRequest, existing: ArmResource | undefined): WriteOutcome {
  const { store } = request;
  const vnet = parentVnet(request);
  const id = existing?.id ?? request.id;
  const name = existing?.name ?? request.name;
  assertNoOperationInProgress(request, lockedTogether(request, vnet, id));

  const properties = cloneJson(propertiesOf(request.body));
  const prefixTexts = subnetPrefixTexts(properties);
  if (prefixTexts.length === 0)
    throw invalidRequestFormat('properties.addressPrefix', 'A subnet needs an address prefix.');
  const prefixes = prefixTexts.map((text) => validPrefix(text, id));
  const siblings = orderedSubnets(store, vnet.id).filter((subnet) => !sameId(subnet.id, id));
  // The new subnet goes last so an overlap is reported against it, as NRP names the subnet being written.
  validateSubnetLayout(vnet.name, vnetPrefixes(propertiesOf(vnet), vnet.id), [
    ...siblings.map((subnet) => ({
      name: subnet.name,
      id: subnet.id,
      prefixes: subnetPrefixTexts(propertiesOf(subnet)).map((text) => validPrefix(text, subnet.id)),
    })),
    { name, id, prefixes },
  ]);
  if (existing) {
    const users = subnetUsers(store, id).map((user) => user.id);
    if (users.length > 0 && !samePrefixes(prefixTexts, subnetPrefixTexts(propertiesOf(existing)))) {
      throw inUseSubnetCannotBeUpdated(name, users);
    }
  }
  for (const key of ['provisioningState', 'ipConfigurations']) delete properties[key];

  const random = (): number => request.random();
  const resource = withInternal(
    {
      id,
      name,
      type: SUBNETS,
      etag: weakEtag(random),
      properties: {
        ...subnetPropertiesWithDefaults(properties, isLegacyNetworkApi(request.apiVersion), 'properties'),
        provisioningState: 'Updating',
      },
    },
    { seq: internalNumber(existing, 'seq') ?? nextSubnetSeq(store, vnet.id) },
  );
  return {
    resource,
    created: existing === undefined,
    durationMs: request.latency(`${SUBNETS}:${existing ? 'update' : 'create'}`),
    complete: () => {
      updateStored(store, id, random, (subnet) => setProvisioningState(subnet, 'Succeeded'));
      syncInlineSubnets(store, vnet.id, random);
    },
  };
}

function remove(request: ResourceRequest, existing: ArmResource): WriteOutcome {
  const { store } = request;
  const vnet = parentVnet(request);
  assertNoOperationInProgress(request, lockedTogether(request, vnet, existing.id));
  const users = subnetUsers(store, existing.id).map((user) => user.id);
  if (users.length > 0) throw inUseSubnetCannotBeDeleted(existing.name, users);
  const random = (): number => request.random();
  return {
    resource: setProvisioningState(existing, 'Deleting'),
    durationMs: request.latency(`${SUBNETS}:delete`),
    complete: () => {
      store.delete(existing.id);
      syncInlineSubnets(store, vnet.id, random);
    },
  };
}

export function subnetsType(): ResourceType {
  return {
    type: SUBNETS,
    lro: { put: true, delete: true },
    put,
    delete: remove,
    view: (request, stored) => renderSubnet(request.store, stored, isLegacyNetworkApi(request.apiVersion)),
  };
}
