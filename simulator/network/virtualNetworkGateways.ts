// Microsoft.Network/virtualNetworkGateways: GatewaySubnet, public IP and SKU rules per cloud, the long build (the
// latency model's 30-45 minutes on Azure), public addresses assigned when it is ready, BGP settings. Tunnels are
// connections' business.
import type { ArmResource, ResourceRequest, ResourceType, WriteOutcome } from '../arm/resourceType';
import { SMALLEST_IPV4_SUBNET, subnetPrefixTexts } from './addressRules';
import { isRecord, type JsonObject } from '../http/types';
import { asArray, asBoolean, asNumber, asRecord, asString, cloneJson, propertiesOf, refId } from './body';
import { cidrOf, ipv4At, ipv4Size } from './cidr';
import {
  gatewayNeedsGatewaySubnet,
  gatewaySubnetTooSmall,
  inUseCannotBeDeleted,
  invalidRequestFormat,
  invalidResourceReference,
  notSupportedOnAzureStack,
  onlyOneVpnGatewayPerVnet,
  publicIpAddressAlreadyAttached,
} from './errors';
import { decideGatewaySku, MODEL_SKUS } from './gatewaySkus';
import { modelEnum, networkEnum } from './enums';
import { seededGuid, weakEtag } from './identifiers';
import { publicCopy, withInternal } from './internalState';
import { assignAddresses, poolOf, releaseDynamicAddresses } from './publicIpPool';
import {
  connectionsOfGateway,
  gatewaysInVnet,
  ipConfigurationsOf,
  publicIpUser,
  publicIpsOf,
  subnetsOfVnet,
  vnetIdOfGateway,
} from './references';
import {
  assertNoOperationInProgress,
  envelope,
  isLegacyNetworkApi,
  patchTags,
  setProvisioningState,
  updateStored,
} from './requestContext';
import { childId, isIdOfType, parentIdOf, sameId } from './resourceIds';
import { PUBLIC_IP_ADDRESSES, SUBNETS, VIRTUAL_NETWORK_GATEWAYS } from './typeNames';
import { resetGateway } from './tunnelFaults';

/** Boolean gateway settings NRP returns in current api-versions even when the request left them out. */
const CURRENT_FLAGS = [
  'enablePrivateIpAddress',
  'disableIPSecReplayProtection',
  'enableBgpRouteTranslationForNat',
  'enableHighBandwidthVpnGateway',
  'allowVirtualWanTraffic',
  'allowRemoteVnetTraffic',
];
const IP_CONFIGURATION_TYPE = `${VIRTUAL_NETWORK_GATEWAYS}/ipConfigurations`;
/**
 * The point-to-site configuration NRP fills in on a VPN gateway PUT that names none (recorded 201 body,
 * Azure/azure-sdk-for-python test_mgmt_network.test_virtual_network_gateway_operations.yaml). Basic gateways have no
 * IKEv2/OpenVPN point-to-site, and Azure Stack Hub none at all: neither gets it.
 */
const DEFAULT_VPN_CLIENT_CONFIGURATION: JsonObject = {
  vpnClientProtocols: ['OpenVPN', 'IkeV2'],
  vpnClientRootCertificates: [],
  vpnClientRevokedCertificates: [],
  vpnClientIpsecPolicies: [],
};
/** NRP's default ASN for VPN gateways. */
const DEFAULT_ASN = 65515;
/** How long NRP takes to refuse a gateway it cannot build (virtual ms); real gateways fail well before 45 minutes. */
const FAILED_BUILD_MS = { min: 20_000, spread: 40_000 };

interface ResolvedIpConfiguration {
  name: string;
  id: string;
  subnetId: string;
  subnetPrefix: string;
  publicIpId: string;
  publicIpSku: string;
  /** The public IP's availability zones (empty: a regional, non-zonal address). */
  publicIpZones: readonly string[];
  privateIPAllocationMethod: string;
}

function resolveIpConfigurations(request: ResourceRequest, gatewayId: string): ResolvedIpConfiguration[] {
  const { store } = request;
  const configs = asArray(propertiesOf(request.body).ipConfigurations);
  if (configs.length === 0) {
    throw invalidRequestFormat(
      'properties.ipConfigurations',
      'A virtual network gateway needs an ipConfiguration with a subnet and a public IP address.',
    );
  }
  return configs.map((item, index) => {
    const config = asRecord(item);
    const properties = asRecord(config.properties);
    const name = asString(config.name) ?? (index === 0 ? 'default' : `ipconfig${index}`);
    const subnetId = refId(properties.subnet);
    if (!subnetId) throw gatewayNeedsGatewaySubnet(name, '(none)');
    const subnet = isIdOfType(subnetId, SUBNETS) ? store.get(subnetId) : undefined;
    if (!subnet) throw invalidResourceReference(subnetId, gatewayId);
    if (subnet.name !== 'GatewaySubnet') throw gatewayNeedsGatewaySubnet(name, subnet.id);
    const subnetPrefix = subnetPrefixTexts(propertiesOf(subnet))[0] ?? '';
    const cidr = cidrOf(subnetPrefix);
    if (cidr?.kind === 'ipv4' && cidr.prefixLength > SMALLEST_IPV4_SUBNET)
      throw gatewaySubnetTooSmall(subnet.id, subnetPrefix);

    const publicIpId = refId(properties.publicIPAddress);
    if (!publicIpId) {
      throw invalidRequestFormat(
        `properties.ipConfigurations[${index}].properties.publicIPAddress`,
        'A VPN gateway ipConfiguration needs a public IP address.',
      );
    }
    const pip = isIdOfType(publicIpId, PUBLIC_IP_ADDRESSES) ? store.get(publicIpId) : undefined;
    if (!pip) throw invalidResourceReference(publicIpId, gatewayId);
    const user = publicIpUser(store, pip.id, gatewayId);
    if (user) throw publicIpAddressAlreadyAttached(pip.id, user.id, childId(gatewayId, 'ipConfigurations', name));
    const allocation = networkEnum(
      properties.privateIPAllocationMethod,
      'ipAllocationMethod',
      `properties.ipConfigurations[${index}].properties.privateIPAllocationMethod`,
    );
    return {
      name,
      id: childId(gatewayId, 'ipConfigurations', name),
      subnetId: subnet.id,
      subnetPrefix,
      publicIpId: pip.id,
      publicIpSku: asString(asRecord(pip.sku).name) ?? 'Basic',
      publicIpZones: Array.isArray(pip.zones) ? pip.zones.filter((z): z is string => typeof z === 'string') : [],
      privateIPAllocationMethod: allocation ?? 'Dynamic',
    };
  });
}

/** vpnClientConfiguration without RADIUS secrets: NRP never returns them. */
function withoutSecrets(properties: JsonObject): JsonObject {
  const clientConfig = properties.vpnClientConfiguration;
  if (!isRecord(clientConfig)) return properties;
  const cleaned = { ...clientConfig };
  delete cleaned.radiusServerSecret;
  cleaned.radiusServers = asArray(clientConfig.radiusServers).map((server) => {
    const copy = { ...asRecord(server) };
    delete copy.radiusServerSecret;
    return copy;
  });
  return { ...properties, vpnClientConfiguration: cleaned };
}

function lastUsable(prefix: string, back: number): string | undefined {
  const cidr = cidrOf(prefix);
  if (!cidr || cidr.kind !== 'ipv4') return undefined;
  return ipv4At(cidr, ipv4Size(cidr) - 1 - back);
}

function put(request: ResourceRequest, existing: ArmResource | undefined): WriteOutcome {
  const { store, cloud } = request;
  const base = envelope(request, VIRTUAL_NETWORK_GATEWAYS, existing);
  const body = asRecord(request.body);
  const properties = withoutSecrets(cloneJson(propertiesOf(body)));
  const gatewayType = networkEnum(properties.gatewayType, 'gatewayType', 'properties.gatewayType') ?? 'Vpn';
  const vpnType = networkEnum(properties.vpnType, 'vpnType', 'properties.vpnType') ?? 'RouteBased';
  const sku = asRecord(properties.sku);
  const skuName = modelEnum(sku.name, MODEL_SKUS, 'properties.sku.name', 'VirtualNetworkGatewaySkuName') ?? 'Basic';
  const skuTier = modelEnum(sku.tier, MODEL_SKUS, 'properties.sku.tier', 'VirtualNetworkGatewaySkuTier') ?? skuName;
  const activeActive = asBoolean(properties.activeActive) ?? false;
  if (cloud === 'azureStack') {
    if (gatewayType !== 'Vpn')
      throw notSupportedOnAzureStack(`Gateway type '${gatewayType}'`, 'properties.gatewayType');
    if (vpnType !== 'RouteBased') throw notSupportedOnAzureStack(`VPN type '${vpnType}'`, 'properties.vpnType');
    if (activeActive) throw notSupportedOnAzureStack('Active-active mode', 'properties.activeActive');
  }

  const ipConfigurations = resolveIpConfigurations(request, base.id);
  const legacy = isLegacyNetworkApi(request.apiVersion);
  const skus = decideGatewaySku({
    cloud,
    gatewayType,
    sku: skuName,
    generation: legacy
      ? undefined
      : networkEnum(properties.vpnGatewayGeneration, 'vpnGatewayGeneration', 'properties.vpnGatewayGeneration'),
    publicIpSkus: ipConfigurations.map((config) => config.publicIpSku),
    publicIpZones: ipConfigurations.map((config) => config.publicIpZones),
    creating: existing === undefined,
  });
  if (skus.refuse) throw skus.refuse;
  const vnetId = parentIdOf(ipConfigurations[0].subnetId) ?? '';
  const other = gatewaysInVnet(store, vnetId).find(
    (gateway) => !sameId(gateway.id, base.id) && (asString(propertiesOf(gateway).gatewayType) ?? 'Vpn') === gatewayType,
  );
  if (other && gatewayType === 'Vpn') throw onlyOneVpnGatewayPerVnet(vnetId, other.id);
  assertNoOperationInProgress(request, [
    vnetId,
    ...subnetsOfVnet(store, vnetId).map((subnet) => subnet.id),
    ...ipConfigurations.map((config) => config.publicIpId),
    ...connectionsOfGateway(store, base.id).map((connection) => connection.id),
  ]);

  const random = (): number => request.random();
  const gatewaySubnet = ipConfigurations[0].subnetPrefix;
  const requestedBgp = asRecord(properties.bgpSettings);
  const bgpSettings: JsonObject = {
    asn: asNumber(requestedBgp.asn) ?? DEFAULT_ASN,
    bgpPeeringAddress: lastUsable(gatewaySubnet, 1) ?? asString(requestedBgp.bgpPeeringAddress),
    peerWeight: asNumber(requestedBgp.peerWeight) ?? 0,
  };
  const natRules = asArray(properties.natRules).map((rule) => {
    const record = asRecord(rule);
    const name = asString(record.name) ?? 'natRule';
    return {
      ...record,
      id: childId(base.id, 'natRules', name),
      name,
      etag: weakEtag(random),
      properties: { ...asRecord(record.properties), provisioningState: 'Succeeded' },
    };
  });
  for (const key of [
    'provisioningState',
    'resourceGuid',
    'inboundDnsForwardingEndpoint',
    'virtualNetworkGatewayMigrationStatus',
  ]) {
    delete properties[key];
  }
  const gatewayProperties: JsonObject = {
    ...properties,
    provisioningState: 'Updating',
    resourceGuid: asString(existing?.properties?.resourceGuid) ?? seededGuid(random),
    ipConfigurations: ipConfigurations.map((config) => ({
      name: config.name,
      id: config.id,
      properties: {
        provisioningState: 'Updating',
        privateIPAllocationMethod: config.privateIPAllocationMethod,
        subnet: { id: config.subnetId },
        publicIPAddress: { id: config.publicIpId },
      },
    })),
    sku: { name: skuName, tier: skuTier, capacity: asNumber(sku.capacity) ?? 2 },
    gatewayType,
    vpnType,
    enableBgp: asBoolean(properties.enableBgp) ?? false,
    activeActive,
    bgpSettings,
    ...(natRules.length > 0 ? { natRules } : {}),
  };
  if (!legacy && gatewayType === 'Vpn' && skuName !== 'Basic' && !isRecord(properties.vpnClientConfiguration)) {
    gatewayProperties.vpnClientConfiguration = cloneJson(DEFAULT_VPN_CLIENT_CONFIGURATION);
  }
  if (!legacy) {
    gatewayProperties.vpnGatewayGeneration = skus.generation;
    // Flags current api-versions always report, false unless the request turned them on.
    for (const flag of CURRENT_FLAGS) gatewayProperties[flag] = asBoolean(properties[flag]) ?? false;
  }
  if (!legacy && properties.enableDnsForwarding === true) {
    gatewayProperties.inboundDnsForwardingEndpoint = lastUsable(gatewaySubnet, 2);
  }
  const resource: ArmResource = { ...base, properties: gatewayProperties };
  if (isRecord(body.identity)) resource.identity = body.identity;

  const problem = skus.failLater;
  const durationMs = problem
    ? FAILED_BUILD_MS.min + Math.floor(random() * FAILED_BUILD_MS.spread)
    : request.latency(`${VIRTUAL_NETWORK_GATEWAYS}:${existing ? 'update' : 'create'}`);
  return {
    resource,
    created: existing === undefined,
    durationMs,
    complete: () => {
      if (problem) throw problem;
      const ready = updateStored(store, base.id, random, (gateway) => {
        const next = setProvisioningState(gateway, 'Succeeded');
        next.properties = {
          ...next.properties,
          ipConfigurations: asArray(next.properties?.ipConfigurations).map((config) => {
            const record = asRecord(config);
            return { ...record, properties: { ...asRecord(record.properties), provisioningState: 'Succeeded' } };
          }),
        };
        return withInternal(next, { readyAt: request.clock.now() });
      });
      if (ready) assignAddresses(store, poolOf(request), ready, random);
    },
  };
}

function remove(request: ResourceRequest, existing: ArmResource): WriteOutcome {
  const { store } = request;
  const connections = connectionsOfGateway(store, existing.id);
  if (connections.length > 0)
    throw inUseCannotBeDeleted(
      'VirtualNetworkGateway',
      existing.id,
      connections.map((c) => c.id),
    );
  const vnetId = vnetIdOfGateway(existing);
  if (vnetId) assertNoOperationInProgress(request, [vnetId]);
  const random = (): number => request.random();
  return {
    resource: setProvisioningState(existing, 'Deleting'),
    durationMs: request.latency(`${VIRTUAL_NETWORK_GATEWAYS}:delete`),
    complete: () => {
      releaseDynamicAddresses(store, existing, random);
      store.delete(existing.id);
    },
  };
}

function view(request: ResourceRequest, stored: ArmResource): ArmResource {
  const rendered = publicCopy(stored);
  const properties = rendered.properties;
  if (!properties) return rendered;
  const legacy = isLegacyNetworkApi(request.apiVersion);
  // An ipConfiguration shares its gateway's etag and, from 2019 api-versions on, names its type (recorded:
  // Azure/azure-sdk-for-python test_mgmt_network.test_virtual_network_gateway_operations.yaml; the 2018-11-01
  // model has no `type` on it).
  properties.ipConfigurations = asArray(properties.ipConfigurations).map((config) => {
    const { id, name, properties: configProperties } = asRecord(config);
    return legacy
      ? { id, name, etag: rendered.etag, properties: configProperties }
      : { name, id, etag: rendered.etag, type: IP_CONFIGURATION_TYPE, properties: configProperties };
  });
  if (legacy) return rendered;
  // Current api-versions also show per-ipConfiguration BGP addresses with the tunnel's public address.
  const bgp = asRecord(properties.bgpSettings);
  const addresses = publicIpsOf(request.store, stored)
    .map((pip) => asString(propertiesOf(pip).ipAddress))
    .filter((ip): ip is string => ip !== undefined);
  properties.bgpSettings = {
    ...bgp,
    bgpPeeringAddresses: ipConfigurationsOf(stored).map((config) => ({
      ipconfigurationId: config.id,
      defaultBgpIpAddresses: asString(bgp.bgpPeeringAddress) ? [bgp.bgpPeeringAddress] : [],
      customBgpIpAddresses: [],
      tunnelIpAddresses: addresses,
    })),
  };
  return rendered;
}

export function virtualNetworkGatewaysType(): ResourceType {
  return {
    type: VIRTUAL_NETWORK_GATEWAYS,
    lro: { put: true, delete: true },
    put,
    delete: remove,
    view,
    patch: patchTags,
    actions: { 'POST reset': resetGateway },
  };
}
