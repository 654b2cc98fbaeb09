// Microsoft.Network/virtualNetworks: address space and inline subnets (kept in step with the subnet child records),
// in-use checks on re-PUT and delete, locks shared with subnets and the VNet's gateway. Knows nothing of tunnels.
import type { ArmResource, ResourceRequest, ResourceType, WriteOutcome } from '../arm/resourceType';
import {
  validPrefix,
  subnetPrefixTexts,
  validateSubnetLayout,
  vnetPrefixes,
  samePrefixes,
  type SubnetLayout,
} from './addressRules';
import type { JsonObject } from '../http/types';
import { asArray, asRecord, asString, cloneJson, propertiesOf } from './body';
import {
  duplicateResourceName,
  invalidAddressSpace,
  inUseSubnetCannotBeDeleted,
  inUseSubnetCannotBeUpdated,
  invalidRequestFormat,
} from './errors';
import { seededGuid, weakEtag } from './identifiers';
import { internalNumber, withInternal, publicCopy } from './internalState';
import { gatewaysInVnet, subnetUsers } from './references';
import {
  assertNoOperationInProgress,
  envelope,
  isLegacyNetworkApi,
  patchTags,
  setProvisioningState,
  updateStored,
} from './requestContext';
import { childId, sameText } from './resourceIds';
import {
  inlineSubnet,
  orderedSubnets,
  nextSubnetSeq,
  renderSubnet,
  subnetPropertiesWithDefaults,
} from './subnetRecords';
import { SUBNETS, VIRTUAL_NETWORKS } from './typeNames';

/** Body properties NRP computes itself; a client echoing them back must not overwrite them. */
const READ_ONLY = ['provisioningState', 'resourceGuid', 'subnets', 'ipConfigurations'];

function withoutReadOnly(properties: JsonObject): JsonObject {
  const copy = cloneJson(properties);
  for (const key of READ_ONLY) delete copy[key];
  return copy;
}

interface SubnetInput {
  name: string;
  properties: JsonObject;
  prefixTexts: string[];
}

function subnetInputs(properties: JsonObject, vnetId: string): SubnetInput[] {
  const inputs = asArray(properties.subnets).map((item, index) => {
    const subnet = asRecord(item);
    const name = asString(subnet.name);
    if (!name) throw invalidRequestFormat(`properties.subnets[${index}].name`, 'A subnet needs a name.');
    const subnetProperties = asRecord(subnet.properties);
    return { name, properties: subnetProperties, prefixTexts: subnetPrefixTexts(subnetProperties) };
  });
  const seen = new Set<string>();
  for (const input of inputs) {
    const key = input.name.toLowerCase();
    if (seen.has(key)) throw duplicateResourceName(vnetId, input.name);
    seen.add(key);
  }
  return inputs;
}

function put(request: ResourceRequest, existing: ArmResource | undefined): WriteOutcome {
  const { store } = request;
  const base = envelope(request, VIRTUAL_NETWORKS, existing);
  const vnetId = base.id;
  const properties = propertiesOf(request.body);
  const currentSubnets = orderedSubnets(store, vnetId);
  assertNoOperationInProgress(request, [
    ...currentSubnets.map((subnet) => subnet.id),
    ...gatewaysInVnet(store, vnetId).map((gateway) => gateway.id),
  ]);

  const prefixes = vnetPrefixes(properties, vnetId);
  if (prefixes.length === 0) throw invalidAddressSpace(vnetId);
  const inputs = subnetInputs(properties, vnetId);
  const layout: SubnetLayout[] = inputs.map((input) => {
    const id = childId(vnetId, 'subnets', input.name);
    if (input.prefixTexts.length === 0) {
      throw invalidRequestFormat(
        `properties.subnets['${input.name}'].properties.addressPrefix`,
        'A subnet needs an address prefix.',
      );
    }
    return { name: input.name, id, prefixes: input.prefixTexts.map((text) => validPrefix(text, id)) };
  });
  validateSubnetLayout(base.name, prefixes, layout);

  // A full PUT replaces the subnet list: in-use subnets may neither disappear nor change (quickstart-templates#2786).
  for (const current of currentSubnets) {
    const users = subnetUsers(store, current.id).map((user) => user.id);
    if (users.length === 0) continue;
    const next = inputs.find((input) => sameText(input.name, current.name));
    if (!next) throw inUseSubnetCannotBeDeleted(current.name, users);
    if (!samePrefixes(next.prefixTexts, subnetPrefixTexts(propertiesOf(current)))) {
      throw inUseSubnetCannotBeUpdated(current.name, users);
    }
  }

  let seq = nextSubnetSeq(store, vnetId);
  const random = (): number => request.random();
  const subnetRecords = inputs.map((input) => {
    const current = currentSubnets.find((subnet) => sameText(subnet.name, input.name));
    const record: ArmResource = {
      id: current?.id ?? childId(vnetId, 'subnets', input.name),
      name: current?.name ?? input.name,
      type: SUBNETS,
      etag: weakEtag(random),
      properties: {
        ...subnetPropertiesWithDefaults(
          withoutReadOnly(input.properties),
          isLegacyNetworkApi(request.apiVersion),
          `properties.subnets['${input.name}'].properties`,
        ),
        provisioningState: 'Updating',
      },
    };
    return withInternal(record, { seq: internalNumber(current, 'seq') ?? seq++ });
  });
  for (const current of currentSubnets) {
    if (!inputs.some((input) => sameText(input.name, current.name))) store.delete(current.id);
  }
  for (const record of subnetRecords) store.put(record);

  const resource: ArmResource = {
    ...base,
    properties: {
      ...withoutReadOnly(properties),
      provisioningState: 'Updating',
      resourceGuid: asString(existing?.properties?.resourceGuid) ?? seededGuid(random),
      addressSpace: { ...asRecord(properties.addressSpace), addressPrefixes: prefixes.map((p) => p.text) },
      subnets: subnetRecords.map(inlineSubnet),
      virtualNetworkPeerings: asArray(properties.virtualNetworkPeerings),
      enableDdosProtection: properties.enableDdosProtection === true,
    },
  };
  return {
    resource,
    created: existing === undefined,
    durationMs: request.latency(`${VIRTUAL_NETWORKS}:${existing ? 'update' : 'create'}`),
    complete: () => {
      for (const record of subnetRecords) {
        updateStored(store, record.id, random, (subnet) => setProvisioningState(subnet, 'Succeeded'));
      }
      updateStored(store, vnetId, random, (vnet) => {
        const ready = setProvisioningState(vnet, 'Succeeded');
        return {
          ...ready,
          properties: { ...ready.properties, subnets: orderedSubnets(store, vnetId).map(inlineSubnet) },
        };
      });
    },
  };
}

function remove(request: ResourceRequest, existing: ArmResource): WriteOutcome {
  const { store } = request;
  const subnets = orderedSubnets(store, existing.id);
  assertNoOperationInProgress(request, [
    ...subnets.map((subnet) => subnet.id),
    ...gatewaysInVnet(store, existing.id).map((gateway) => gateway.id),
  ]);
  for (const subnet of subnets) {
    const users = subnetUsers(store, subnet.id).map((user) => user.id);
    if (users.length > 0) throw inUseSubnetCannotBeDeleted(subnet.name, users);
  }
  return {
    resource: setProvisioningState(existing, 'Deleting'),
    durationMs: request.latency(`${VIRTUAL_NETWORKS}:delete`),
    complete: () => {
      for (const subnet of orderedSubnets(store, existing.id)) store.delete(subnet.id);
      store.delete(existing.id);
    },
  };
}

function view(request: ResourceRequest, stored: ArmResource): ArmResource {
  const rendered = publicCopy(stored);
  const children = orderedSubnets(request.store, stored.id);
  if (rendered.properties) {
    rendered.properties.subnets =
      children.length > 0
        ? children.map((subnet) => renderSubnet(request.store, subnet, isLegacyNetworkApi(request.apiVersion)))
        : asArray(rendered.properties.subnets);
  }
  return rendered;
}

export function virtualNetworksType(): ResourceType {
  return { type: VIRTUAL_NETWORKS, lro: { put: true, delete: true }, put, delete: remove, view, patch: patchTags };
}
