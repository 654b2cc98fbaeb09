// Microsoft.Network/networkInterfaces: ipConfigurations with private addresses allocated in their subnet (first
// usable is .4), optional public IPs, the virtualMachine back-reference and a MAC once a VM uses the NIC.
// Refuses GatewaySubnet and deletes while attached. VMs themselves are compute's business.
import type { ArmResource, ResourceRequest, ResourceType, WriteOutcome } from '../arm/resourceType';
import { subnetPrefixTexts } from './addressRules';
import type { JsonObject } from '../http/types';
import {
  asArray,
  asBoolean,
  asNumber,
  asRecord,
  asString,
  asStringArray,
  cloneJson,
  propertiesOf,
  refId,
} from './body';
import { cidrOf } from './cidr';
import {
  gatewaySubnetOnlyForGateways,
  invalidRequestFormat,
  invalidResourceReference,
  nicInUse,
  publicIpAddressAlreadyAttached,
} from './errors';
import { networkEnum } from './enums';
import { seededGuid } from './identifiers';
import { publicCopy } from './internalState';
import { allocateDynamic, checkStatic, spanOf, type Span } from './privateIpAllocator';
import { allIpConfigurations, ipConfigurationsOf, publicIpUser, vmUsingNic } from './references';
import {
  assertNoOperationInProgress,
  envelope,
  isLegacyNetworkApi,
  patchTags,
  setProvisioningState,
} from './requestContext';
import { childId, isIdOfType, parentIdOf, sameId } from './resourceIds';
import { NETWORK_INTERFACES, PUBLIC_IP_ADDRESSES, SUBNETS } from './typeNames';

function takenIn(
  request: ResourceRequest,
  subnetId: string,
  exceptNicId: string,
  subnetCidr: NonNullable<ReturnType<typeof cidrOf>>,
): Span[] {
  return allIpConfigurations(request.store)
    .filter((config) => sameId(config.subnetId, subnetId) && !sameId(config.ownerId, exceptNicId) && config.privateIp)
    .map((config) => spanOf(subnetCidr, config.privateIp ?? ''))
    .filter((span): span is Span => span !== undefined);
}

function buildIpConfigurations(
  request: ResourceRequest,
  nicId: string,
  existing: ArmResource | undefined,
): JsonObject[] {
  const configs = asArray(propertiesOf(request.body).ipConfigurations);
  if (configs.length === 0) {
    throw invalidRequestFormat(
      'properties.ipConfigurations',
      'A network interface needs at least one ipConfiguration.',
    );
  }
  const firstSubnetId = configs.map((item) => refId(asRecord(asRecord(item).properties).subnet)).find((id) => id);
  const previous = existing ? ipConfigurationsOf(existing) : [];
  const claimed: Span[] = [];
  return configs.map((item, index) => {
    const config = asRecord(item);
    const properties = cloneJson(asRecord(config.properties));
    const name = asString(config.name) ?? `ipconfig${index + 1}`;
    const id = childId(nicId, 'ipConfigurations', name);
    const subnetId = refId(properties.subnet) ?? firstSubnetId;
    if (!subnetId)
      throw invalidRequestFormat(
        `properties.ipConfigurations[${index}].properties.subnet`,
        'Subnet reference is required for ipconfiguration.',
      );
    const subnet = isIdOfType(subnetId, SUBNETS) ? request.store.get(subnetId) : undefined;
    if (!subnet) throw invalidResourceReference(subnetId, nicId);
    if (subnet.name === 'GatewaySubnet') throw gatewaySubnetOnlyForGateways();
    assertNoOperationInProgress(request, [parentIdOf(subnet.id) ?? '', subnet.id]);
    const subnetCidr = cidrOf(subnetPrefixTexts(propertiesOf(subnet))[0]);
    if (!subnetCidr || subnetCidr.kind !== 'ipv4') throw invalidResourceReference(subnetId, nicId);

    const publicIpId = refId(properties.publicIPAddress);
    if (publicIpId) {
      const pip = isIdOfType(publicIpId, PUBLIC_IP_ADDRESSES) ? request.store.get(publicIpId) : undefined;
      if (!pip) throw invalidResourceReference(publicIpId, nicId);
      const user = publicIpUser(request.store, pip.id, nicId);
      if (user) throw publicIpAddressAlreadyAttached(pip.id, user.id, id);
    }

    const taken = [...takenIn(request, subnet.id, nicId, subnetCidr), ...claimed];
    const prefixLength = asNumber(properties.privateIPAddressPrefixLength);
    const requested = asString(properties.privateIPAddress);
    const path = `properties.ipConfigurations[${index}].properties`;
    const method =
      networkEnum(properties.privateIPAllocationMethod, 'ipAllocationMethod', `${path}.privateIPAllocationMethod`) ??
      (requested ? 'Static' : 'Dynamic');
    const version =
      networkEnum(properties.privateIPAddressVersion, 'ipVersion', `${path}.privateIPAddressVersion`) ?? 'IPv4';
    let address: string;
    if (method === 'Static' && requested) {
      checkStatic(subnetCidr, requested, taken, id);
      address = requested;
    } else {
      const kept = previous.find(
        (prev) => prev.id.toLowerCase() === id.toLowerCase() && sameId(prev.subnetId, subnet.id),
      )?.privateIp;
      const keptSpan = kept ? spanOf(subnetCidr, kept) : undefined;
      const keep = kept && keptSpan && taken.every((span) => keptSpan.end < span.start || keptSpan.start > span.end);
      address = keep ? kept : allocateDynamic(subnetCidr, taken, prefixLength);
    }
    const span = spanOf(subnetCidr, address);
    if (span) claimed.push(span);
    delete properties.provisioningState;
    return {
      name,
      id,
      type: 'Microsoft.Network/networkInterfaces/ipConfigurations',
      properties: {
        ...properties,
        provisioningState: 'Succeeded',
        privateIPAddress: address,
        privateIPAllocationMethod: method,
        subnet: { id: subnet.id },
        ...(publicIpId ? { publicIPAddress: { id: publicIpId } } : {}),
        primary: asBoolean(properties.primary) ?? index === 0,
        privateIPAddressVersion: version,
      },
    };
  });
}

/**
 * NRP answers a NIC PUT already `Succeeded`, its ipConfigurations too, with every read-only field it fills in
 * (recorded 201 body: Azure/azure-sdk-for-js sdk/compute/arm-compute/recordings/node/compute_test/
 * recording_virtualmachines_create_test.json): dnsSettings with the internal domain suffix, hostedWorkloads,
 * tapConfigurations, and (current api-versions) vnetEncryptionSupported and nicType. The operation behind its
 * Azure-AsyncOperation header still runs for the latency model's time.
 */
function put(request: ResourceRequest, existing: ArmResource | undefined): WriteOutcome {
  const base = envelope(request, NETWORK_INTERFACES, existing);
  const properties = cloneJson(propertiesOf(request.body));
  const ipConfigurations = buildIpConfigurations(request, base.id, existing);
  for (const key of ['provisioningState', 'resourceGuid', 'virtualMachine', 'macAddress']) delete properties[key];
  const random = (): number => request.random();
  const dnsSettings = asRecord(properties.dnsSettings);
  // The DNS suffix NRP assigned at creation survives re-PUTs.
  const suffix =
    asString(asRecord(existing?.properties?.dnsSettings).internalDomainNameSuffix) ??
    (request.cloud === 'azureStack'
      ? `${base.location}.internal.cloudapp.azurestack.external`
      : `${seededGuid(random).replace(/-/g, '').slice(0, 26)}.bx.internal.cloudapp.net`);
  const resource: ArmResource = {
    ...base,
    properties: {
      ...properties,
      provisioningState: 'Succeeded',
      resourceGuid: asString(existing?.properties?.resourceGuid) ?? seededGuid(random),
      ipConfigurations,
      dnsSettings: {
        ...dnsSettings,
        dnsServers: asStringArray(dnsSettings.dnsServers),
        appliedDnsServers: [],
        internalDomainNameSuffix: suffix,
      },
      enableAcceleratedNetworking: asBoolean(properties.enableAcceleratedNetworking) ?? false,
      enableIPForwarding: asBoolean(properties.enableIPForwarding) ?? false,
      hostedWorkloads: [],
      tapConfigurations: asArray(properties.tapConfigurations),
      ...(isLegacyNetworkApi(request.apiVersion)
        ? {}
        : {
            vnetEncryptionSupported: false,
            nicType: networkEnum(properties.nicType, 'nicType', 'properties.nicType') ?? 'Standard',
          }),
      ...(asString(existing?.properties?.macAddress) ? { macAddress: existing?.properties?.macAddress } : {}),
    },
  };
  return {
    resource,
    created: existing === undefined,
    durationMs: request.latency(`${NETWORK_INTERFACES}:${existing ? 'update' : 'create'}`),
  };
}

function remove(request: ResourceRequest, existing: ArmResource): WriteOutcome {
  const vm = vmUsingNic(request.store, existing.id);
  if (vm) throw nicInUse(existing.id, vm.id);
  return {
    resource: setProvisioningState(existing, 'Deleting'),
    durationMs: request.latency(`${NETWORK_INTERFACES}:delete`),
    complete: () => {
      request.store.delete(existing.id);
    },
  };
}

function view(request: ResourceRequest, stored: ArmResource): ArmResource {
  const rendered = publicCopy(stored);
  const vm = vmUsingNic(request.store, stored.id);
  if (rendered.properties && isLegacyNetworkApi(request.apiVersion)) {
    // 2018-11-01 ipConfigurations carry no `type`.
    rendered.properties.ipConfigurations = asArray(rendered.properties.ipConfigurations).map((config) => {
      const copy = { ...asRecord(config) };
      delete copy.type;
      return copy;
    });
  }
  if (rendered.properties) {
    // The ipConfigurations share the NIC's etag (recorded, as above).
    rendered.properties.ipConfigurations = asArray(rendered.properties.ipConfigurations).map((config) => ({
      ...asRecord(config),
      etag: rendered.etag,
    }));
    if (vm) {
      rendered.properties.virtualMachine = { id: vm.id };
      rendered.properties.primary = true;
    } else {
      delete rendered.properties.virtualMachine;
    }
  }
  return rendered;
}

export function networkInterfacesType(): ResourceType {
  return { type: NETWORK_INTERFACES, lro: { put: true, delete: true }, put, delete: remove, view, patch: patchTags };
}
