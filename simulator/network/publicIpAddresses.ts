// Microsoft.Network/publicIPAddresses: SKU and allocation rules per cloud, the address (Static: when created;
// Dynamic: when its gateway or VM is provisioned) and the ipConfiguration back-reference. Deletes refuse while in use.
import type { ArmResource, ResourceRequest, ResourceType, WriteOutcome } from '../arm/resourceType';
import { asNumber, asRecord, asString, cloneJson, propertiesOf } from './body';
import {
  invalidRequestFormat,
  publicIpAddressCannotBeDeleted,
  publicIpSkuNotSupported,
  standardPublicIpMustBeStatic,
} from './errors';
import { networkEnum } from './enums';
import { seededGuid } from './identifiers';
import { publicCopy } from './internalState';
import { allocatePublicAddress, poolOf } from './publicIpPool';
import { publicIpUser } from './references';
import { envelope, isLegacyNetworkApi, patchTags, setProvisioningState, updateStored } from './requestContext';
import { PUBLIC_IP_ADDRESSES } from './typeNames';

const SKUS = ['Basic', 'Standard'];

function put(request: ResourceRequest, existing: ArmResource | undefined): WriteOutcome {
  const { store } = request;
  const base = envelope(request, PUBLIC_IP_ADDRESSES, existing);
  const body = asRecord(request.body);
  const properties = cloneJson(propertiesOf(body));
  const skuName =
    networkEnum(asRecord(body.sku).name, 'publicIpSku', 'sku.name') ??
    asString(asRecord(existing?.sku).name) ??
    'Basic';
  if (!SKUS.includes(skuName))
    throw invalidRequestFormat('sku.name', `Error converting value "${skuName}" to type 'PublicIPAddressSkuName'.`);
  if (request.cloud === 'azureStack' && skuName !== 'Basic') throw publicIpSkuNotSupported(skuName);
  const method =
    networkEnum(properties.publicIPAllocationMethod, 'ipAllocationMethod', 'properties.publicIPAllocationMethod') ??
    (skuName === 'Standard' ? 'Static' : 'Dynamic');
  if (skuName === 'Standard' && method !== 'Static') throw standardPublicIpMustBeStatic(base.id);
  const tier = networkEnum(asRecord(body.sku).tier, 'publicIpSkuTier', 'sku.tier') ?? 'Regional';
  const version =
    networkEnum(properties.publicIPAddressVersion, 'ipVersion', 'properties.publicIPAddressVersion') ?? 'IPv4';

  for (const key of ['provisioningState', 'resourceGuid', 'ipAddress', 'ipConfiguration']) delete properties[key];
  const label = asString(asRecord(properties.dnsSettings).domainNameLabel);
  if (label) {
    const suffix = request.cloud === 'azureStack' ? 'cloudapp.azurestack.external' : 'cloudapp.azure.com';
    properties.dnsSettings = { ...asRecord(properties.dnsSettings), fqdn: `${label}.${base.location}.${suffix}` };
  }
  const keptAddress = asString(existing?.properties?.ipAddress);
  // Availability zones (Azure: `["1","2","3"]` is zone-redundant, one zone zonal); none sent, none stored.
  const zones = Array.isArray(body.zones) ? body.zones.filter((z): z is string => typeof z === 'string') : [];
  const random = (): number => request.random();
  const resource: ArmResource = {
    ...base,
    sku: isLegacyNetworkApi(request.apiVersion) ? { name: skuName } : { name: skuName, tier },
    ...(zones.length > 0 ? { zones } : {}),
    properties: {
      ...properties,
      provisioningState: 'Updating',
      resourceGuid: asString(existing?.properties?.resourceGuid) ?? seededGuid(random),
      publicIPAddressVersion: version,
      publicIPAllocationMethod: method,
      idleTimeoutInMinutes: asNumber(properties.idleTimeoutInMinutes) ?? 4,
      ipTags: Array.isArray(properties.ipTags) ? properties.ipTags : [],
      ...(keptAddress ? { ipAddress: keptAddress } : {}),
    },
  };
  return {
    resource,
    created: existing === undefined,
    durationMs: request.latency(`${PUBLIC_IP_ADDRESSES}:${existing ? 'update' : 'create'}`),
    complete: () => {
      updateStored(store, base.id, random, (pip) => {
        const next = setProvisioningState(pip, 'Succeeded');
        if (method === 'Static' && asString(next.properties?.ipAddress) === undefined) {
          next.properties = { ...next.properties, ipAddress: allocatePublicAddress(store, poolOf(request), random) };
        }
        return next;
      });
    },
  };
}

function remove(request: ResourceRequest, existing: ArmResource): WriteOutcome {
  const user = publicIpUser(request.store, existing.id);
  if (user) throw publicIpAddressCannotBeDeleted(existing.id, user.id);
  return {
    resource: setProvisioningState(existing, 'Deleting'),
    durationMs: request.latency(`${PUBLIC_IP_ADDRESSES}:delete`),
    complete: () => {
      request.store.delete(existing.id);
    },
  };
}

function view(request: ResourceRequest, stored: ArmResource): ArmResource {
  const rendered = publicCopy(stored);
  const user = publicIpUser(request.store, stored.id);
  if (rendered.properties) {
    if (user) rendered.properties.ipConfiguration = { id: user.id };
    else delete rendered.properties.ipConfiguration;
  }
  return rendered;
}

export function publicIpAddressesType(): ResourceType {
  return { type: PUBLIC_IP_ADDRESSES, lro: { put: true, delete: true }, put, delete: remove, view, patch: patchTags };
}
