// Which virtual network gateway SKUs, generations and public IPs each cloud builds today. Pure decisions; the gateway
// type applies them (some when the request arrives, some when the operation ends, as NRP does).
//   Azure: https://learn.microsoft.com/azure/vpn-gateway/about-gateway-skus,
//     https://learn.microsoft.com/azure/vpn-gateway/gateway-sku-consolidation (no new non-AZ VpnGw1-5 gateways),
//     https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-skus-legacy (no new Standard/HighPerformance),
//     https://learn.microsoft.com/azure/vpn-gateway/basic-public-ip-migrate-about (Basic public IPs retired; since
//     June 2025 even a Basic gateway takes a Standard public IP).
//   Azure Stack Hub: https://learn.microsoft.com/azure-stack/user/azure-stack-vpn-gateway-settings.
import type { ArmError, CloudName } from '../arm/resourceType';
import {
  azGatewayPublicIpsNeedZones,
  basicPublicIpNotAllowedOnVpnGateway,
  gatewaySkuNotForGeneration,
  invalidGatewaySize,
  legacyGatewaySkuRetired,
  nonAzSkusNotAllowed,
} from './errors';

/** The model enum (VirtualNetworkGatewaySkuName, 2026-01-01) as far as VPN and ExpressRoute gateways go. */
export const MODEL_SKUS = [
  'Basic',
  'HighPerformance',
  'Standard',
  'UltraPerformance',
  'VpnGw1',
  'VpnGw2',
  'VpnGw3',
  'VpnGw4',
  'VpnGw5',
  'VpnGw1AZ',
  'VpnGw2AZ',
  'VpnGw3AZ',
  'VpnGw4AZ',
  'VpnGw5AZ',
  'ErGw1AZ',
  'ErGw2AZ',
  'ErGw3AZ',
  'ErGwScale',
];

const AZ_SKUS = ['VpnGw1AZ', 'VpnGw2AZ', 'VpnGw3AZ', 'VpnGw4AZ', 'VpnGw5AZ'];
const NON_AZ_SKUS = ['VpnGw1', 'VpnGw2', 'VpnGw3', 'VpnGw4', 'VpnGw5'];
/** What NRP lists as valid VPN gateway sizes (InvalidGatewaySize), existing gateways' SKUs included. */
const AZURE_VPN_SKUS = ['Basic', ...NON_AZ_SKUS, ...AZ_SKUS];
const AZURE_EXPRESSROUTE_SKUS = ['ErGw1AZ', 'ErGw2AZ', 'ErGw3AZ', 'ErGwScale'];
/** Legacy SKUs Azure no longer creates (since 2023-12-01), though existing ones still exist. */
const RETIRED_ON_AZURE = ['Standard', 'HighPerformance'];
/** Stack Hub: the legacy three, and VpnGw1-3 where the operator enabled VPN Fast Path. */
export const AZURE_STACK_SKUS = ['Basic', 'Standard', 'HighPerformance', 'VpnGw1', 'VpnGw2', 'VpnGw3'];

/**
 * The generations each VPN SKU runs on (about-gateway-skus: Generation1 Basic, VpnGw1-3(AZ); Generation2 VpnGw2-5(AZ)).
 * VpnGw1(AZ) exists only as Generation1, VpnGw4/5(AZ) only as Generation2.
 */
const GENERATIONS: Readonly<Record<string, readonly string[]>> = {
  Basic: ['Generation1'],
  VpnGw1: ['Generation1'],
  VpnGw2: ['Generation1', 'Generation2'],
  VpnGw3: ['Generation1', 'Generation2'],
  VpnGw4: ['Generation2'],
  VpnGw5: ['Generation2'],
  VpnGw1AZ: ['Generation1'],
  VpnGw2AZ: ['Generation1', 'Generation2'],
  VpnGw3AZ: ['Generation1', 'Generation2'],
  VpnGw4AZ: ['Generation2'],
  VpnGw5AZ: ['Generation2'],
};

const AZ_SKU = /^VpnGw[1-5]AZ$/;

export interface GatewaySkuRequest {
  cloud: CloudName;
  gatewayType: string;
  sku: string;
  /** `vpnGatewayGeneration` as sent (canonical casing), if any; api-versions before 2019 have none. */
  generation?: string;
  /** The SKU name of the public IP each ipConfiguration uses. */
  publicIpSkus: readonly string[];
  /** The zones of the public IP each ipConfiguration uses (empty: none configured). Absent: not checked. */
  publicIpZones?: readonly (readonly string[])[];
  creating: boolean;
}

export interface GatewaySkuDecision {
  /** 400 when the request arrives (nothing is written). */
  refuse?: ArmError;
  /** The error the operation ends Failed with (NRP reports sizes when it tries to build). */
  failLater?: ArmError;
  /** vpnGatewayGeneration to store, for api-versions that have it. */
  generation: string;
}

export function decideGatewaySku(request: GatewaySkuRequest): GatewaySkuDecision {
  const { cloud, gatewayType, sku, creating } = request;
  const generation = request.generation ?? defaultGeneration(gatewayType, sku);
  if (gatewayType === 'LocalGateway') return { generation };
  if (cloud === 'azureStack') {
    return AZURE_STACK_SKUS.includes(sku)
      ? { generation }
      : { generation, failLater: invalidGatewaySize(AZURE_STACK_SKUS) };
  }
  if (gatewayType !== 'Vpn') {
    return AZURE_EXPRESSROUTE_SKUS.includes(sku) || !creating
      ? { generation }
      : { generation, failLater: invalidGatewaySize(AZURE_EXPRESSROUTE_SKUS) };
  }
  if (!creating) return { generation };
  if (RETIRED_ON_AZURE.includes(sku)) return { generation, failLater: legacyGatewaySkuRetired() };
  if (!AZURE_VPN_SKUS.includes(sku)) return { generation, failLater: invalidGatewaySize(AZURE_VPN_SKUS) };
  // The generation is checked first: the recorded refusal of VpnGw1 on Generation2 stays what it was.
  if (!(GENERATIONS[sku] ?? []).includes(generation)) {
    return { generation, refuse: gatewaySkuNotForGeneration(sku, generation) };
  }
  if (NON_AZ_SKUS.includes(sku)) return { generation, refuse: nonAzSkusNotAllowed() };
  if (request.publicIpSkus.some((pipSku) => pipSku !== 'Standard')) {
    return { generation, refuse: basicPublicIpNotAllowedOnVpnGateway() };
  }
  // An AZ SKU runs its instances across zones: each Standard public IP must be zonal or zone-redundant.
  if (AZ_SKU.test(sku) && (request.publicIpZones ?? []).some((zones) => zones.length === 0)) {
    return { generation, refuse: azGatewayPublicIpsNeedZones() };
  }
  return { generation };
}

/**
 * Site-to-site (and VNet-to-VNet) tunnels an Azure VPN gateway of each SKU takes
 * (https://learn.microsoft.com/azure/vpn-gateway/about-gateway-skus: Basic 10, VpnGw1-3(AZ) 30, VpnGw4-5(AZ) 100;
 * the legacy Standard 10 and HighPerformance 30 from vpn-gateway-about-skus-legacy). Stack Hub gateways are limited
 * per stamp, not per gateway (its quota plan's VirtualNetworkGatewayConnections), so they have no entry.
 */
export const SITE_TO_SITE_TUNNEL_LIMITS: Readonly<Record<string, number>> = {
  Basic: 10,
  Standard: 10,
  HighPerformance: 30,
  VpnGw1: 30,
  VpnGw2: 30,
  VpnGw3: 30,
  VpnGw4: 100,
  VpnGw5: 100,
  VpnGw1AZ: 30,
  VpnGw2AZ: 30,
  VpnGw3AZ: 30,
  VpnGw4AZ: 100,
  VpnGw5AZ: 100,
};

/** The tunnel limit of an Azure gateway SKU (an override first), or undefined when none applies. */
export function siteToSiteTunnelLimit(
  cloud: CloudName,
  sku: string,
  overrides: Readonly<Record<string, number>> = {},
): number | undefined {
  if (cloud !== 'azure') return undefined;
  return overrides[sku] ?? SITE_TO_SITE_TUNNEL_LIMITS[sku];
}

/** vpnGatewayGeneration NRP reports when the request leaves it out. */
export function defaultGeneration(gatewayType: string, sku: string): string {
  if (gatewayType !== 'Vpn' || sku === 'Standard' || sku === 'HighPerformance') return 'None';
  return /^VpnGw[45]/.test(sku) ? 'Generation2' : 'Generation1';
}
