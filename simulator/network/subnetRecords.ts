// Subnets live twice, as NRP shows them: as child resources (…/virtualNetworks/v/subnets/s) and inline in the VNet's
// properties.subnets. The child records are the truth; this module keeps the VNet's inline copy in step and renders
// back-references. It never validates.
import type { ArmResource, ResourceStore } from '../arm/resourceType';
import type { JsonObject } from '../http/types';
import { asArray } from './body';
import { networkEnum } from './enums';
import { weakEtag } from './identifiers';
import { internalNumber, publicCopy } from './internalState';
import { subnetUsers, subnetsOfVnet } from './references';

export function orderedSubnets(store: ResourceStore, vnetId: string): ArmResource[] {
  return subnetsOfVnet(store, vnetId).sort(
    (a, b) => (internalNumber(a, 'seq') ?? 0) - (internalNumber(b, 'seq') ?? 0) || a.name.localeCompare(b.name),
  );
}

export function nextSubnetSeq(store: ResourceStore, vnetId: string): number {
  return subnetsOfVnet(store, vnetId).reduce((max, subnet) => Math.max(max, internalNumber(subnet, 'seq') ?? 0), 0) + 1;
}

/**
 * A subnet as GET shows it: with `ipConfigurations` back-references to NIC and gateway ipConfigurations. Legacy
 * api-versions (2018-11-01) have no `type` on subnets.
 */
export function renderSubnet(store: ResourceStore, subnet: ArmResource, legacy = false): ArmResource {
  const view = publicCopy(subnet);
  if (legacy) delete (view as Partial<ArmResource>).type;
  const users = subnetUsers(store, subnet.id);
  const properties = { ...(view.properties ?? {}) };
  if (users.length > 0) properties.ipConfigurations = users.map((user) => ({ id: user.id }));
  else delete properties.ipConfigurations;
  view.properties = properties;
  return view;
}

/** The inline form stored in the VNet (no back-references: those are computed when read). */
export function inlineSubnet(subnet: ArmResource): ArmResource {
  const copy = publicCopy(subnet);
  if (copy.properties) delete copy.properties.ipConfigurations;
  return copy;
}

/** Rewrites the VNet's stored inline subnets from the child records (after a subnet PUT or DELETE). */
export function syncInlineSubnets(store: ResourceStore, vnetId: string, random: () => number): void {
  const vnet = store.get(vnetId);
  if (!vnet) return;
  store.put({
    ...vnet,
    etag: weakEtag(random),
    properties: { ...(vnet.properties ?? {}), subnets: orderedSubnets(store, vnetId).map(inlineSubnet) },
  });
}

/**
 * A subnet's properties as NRP stores them from a request (child PUT or inline in a VNet PUT): `delegations` always,
 * and from 2019 api-versions on the private endpoint / private link service policies, defaulted as real NRP answered
 * a subnet PUT that named none (Azure/azure-sdk-for-js sdk/network/arm-network/recordings/node/network_test/
 * recording_subnets_create_test.json: `"delegations": []`, `"privateEndpointNetworkPolicies": "Disabled"`,
 * `"privateLinkServiceNetworkPolicies": "Enabled"`). The 2018-11-01 model has delegations but not the policies.
 * `path` names the subnet in error messages. Read-only inputs must already be removed.
 */
export function subnetPropertiesWithDefaults(properties: JsonObject, legacy: boolean, path: string): JsonObject {
  const withDefaults: JsonObject = { ...properties, delegations: asArray(properties.delegations) };
  if (legacy) return withDefaults;
  withDefaults.privateEndpointNetworkPolicies =
    networkEnum(
      properties.privateEndpointNetworkPolicies,
      'privateEndpointNetworkPolicies',
      `${path}.privateEndpointNetworkPolicies`,
    ) ?? 'Disabled';
  withDefaults.privateLinkServiceNetworkPolicies =
    networkEnum(
      properties.privateLinkServiceNetworkPolicies,
      'privateLinkServiceNetworkPolicies',
      `${path}.privateLinkServiceNetworkPolicies`,
    ) ?? 'Enabled';
  return withDefaults;
}
