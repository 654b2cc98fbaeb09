// What each kind of site can do, in one place: where its ARM and identity come from, which SDK generation speaks to
// it, its gateway SKUs (and which take no custom IPsec policy), its public IP and OS disk rules, and its VM
// defaults. Code asks the profile, never a cloud's name: a new kind of site (or a change in what a cloud offers)
// touches this file. Pure constants and pure functions only (orchestrations import it).
import type { CloudId } from '../cloudIds';
import type { ProgressStage } from '../stages';
import {
  AZURE_GATEWAY_SKUS,
  AZURE_STACK_GATEWAY_SKUS,
  type AzureGatewaySku,
  type AzureStackGatewaySku,
  type ImageReference,
} from '../plan/types';

export interface SiteProfile<Sku extends string = string> {
  id: CloudId;
  /** What people call it in messages. */
  title: string;
  /** Lowercase form inside resource names (`lgw-<name>-to-<slug>`). */
  slug: string;
  /**
   * Where its ARM endpoint, token audience and credential come from: `cloud`, the app settings of one cloud
   * (HC_AZURE_*); `stamp`, a stamp the plan names among those configured (HC_AZURESTACK_STAMPS).
   */
  identity: 'cloud' | 'stamp';
  /**
   * The SDK generation: `current` (arm-network 39, arm-compute 25, arm-resources 8 at their own api-versions), or the
   * `hybrid-2020-09-01` profile packages with arm-compute pinned to the profile's versions.
   */
  sdk: 'current' | 'hybrid-2020-09-01';
  gatewaySkus: readonly Sku[];
  defaultGatewaySku: Sku;
  /** SKUs whose gateways run only their built-in IPsec offer (no custom policy on the connection). */
  builtInPolicyOnlySkus: readonly Sku[];
  /**
   * How the health monitor repairs a stuck tunnel end: `resetConnection` (the connection's own reset action), or
   * `resetGateway` where the site's network api-version has none (the gateway's reset, which resets all its
   * connections).
   */
  repairAction: 'resetConnection' | 'resetGateway';
  /**
   * The gateway's public IP: Static addresses are known as soon as the public IP exists. `zones`: the availability
   * zones it is spread over (empty: none, a regional address); ARM cannot change them once it exists.
   */
  publicIp: { sku: 'Standard' | 'Basic'; allocation: 'Static' | 'Dynamic'; zones: readonly string[] };
  /** The VM's OS disk: its storage type, and whether the VM may delete it with itself (`deleteOption: Delete`). */
  osDisk: { storageAccountType: string; deleteWithVm: boolean };
  defaultVmSize: string;
  defaultImage: Readonly<ImageReference>;
  /**
   * The `vpnGatewayGeneration` its gateway is built on, for api-versions that have the field (undefined: leave it
   * out). Sent explicitly rather than left to ARM's default, which each SKU must run on.
   */
  gatewayGeneration(sku: Sku): 'Generation1' | 'Generation2' | undefined;
  /** Why a SKU the schema refused is not one for this site, and what to pick instead. */
  explainSkuRefusal(value: string, shown: string): string;
  /** A warning for a valid SKU that needs something of the operator, if any. */
  skuWarning(sku: Sku): string | undefined;
  /**
   * How many site-to-site tunnels (connections) a gateway of this SKU carries: a hub gateway needs one per site of
   * the plan, so this bounds a fleet.
   */
  maxSiteToSiteTunnels(sku: Sku): number;
  /**
   * How long each stage typically takes here: progress bars, the preview's estimate, and the gateway monitor, which
   * looks rarely before the gateway's window and often inside it (orchestrations/pollSchedules.ts).
   */
  typicalDurations: Readonly<Record<ProgressStage, DurationRange>>;
}

/** A stage's usual duration, in milliseconds of (virtual) time. */
export interface DurationRange {
  minMs: number;
  maxMs: number;
}

const S = 1000;
const MIN = 60 * S;

function ubuntuJammy(sku: string): Readonly<ImageReference> {
  return Object.freeze({ publisher: 'Canonical', offer: '0001-com-ubuntu-server-jammy', sku, version: 'latest' });
}

const AZURE: SiteProfile<AzureGatewaySku> = {
  id: 'azure',
  title: 'Azure',
  slug: 'azure',
  identity: 'cloud',
  sdk: 'current',
  gatewaySkus: AZURE_GATEWAY_SKUS,
  defaultGatewaySku: 'VpnGw1AZ',
  builtInPolicyOnlySkus: [],
  // POST .../connections/{name}/resetconnection (network 2020-05-01 on).
  repairAction: 'resetConnection',
  // Basic public IPs are retired and new VPN gateways need Standard, which is always Static. The AZ SKUs (the only
  // ones a new gateway may have) need a zone-redundant or zonal one: 400 VmssVpnGatewayPublicIpsMustHaveZonesConfigured
  // otherwise (Azure/ResourceModules#2609). Zone-redundant, so the gateway survives the loss of a zone.
  publicIp: { sku: 'Standard', allocation: 'Static', zones: ['1', '2', '3'] },
  // StandardSSD_LRS fits the small default sizes; the disk goes with the VM.
  osDisk: { storageAccountType: 'StandardSSD_LRS', deleteWithVm: true },
  defaultVmSize: 'Standard_B2s',
  // Ubuntu 22.04 LTS, Gen2 on Azure.
  defaultImage: ubuntuJammy('22_04-lts-gen2'),
  // VpnGw1AZ runs on Generation1 only; VpnGw2AZ-5AZ on Generation2 (VpnGw4AZ-5AZ only there): about-gateway-skus.
  gatewayGeneration: (sku) => {
    if (sku === 'VpnGw1AZ') return 'Generation1';
    return /^VpnGw[2-5]AZ$/.test(sku) ? 'Generation2' : undefined;
  },
  explainSkuRefusal(value, shown) {
    if (value === 'Standard' || value === 'HighPerformance') {
      return (
        `${shown} can no longer be used for new Azure VPN gateways (retired legacy SKU): ` +
        'use VpnGw1AZ (the default) or another of VpnGw1AZ-5AZ'
      );
    }
    if (/^VpnGw[1-5]$/.test(value)) {
      return (
        `${shown} can no longer be used for new Azure VPN gateways (non-zone-redundant SKUs are retired; ` +
        `https://learn.microsoft.com/azure/vpn-gateway/gateway-sku-consolidation): use ${value}AZ instead`
      );
    }
    if (value === 'Basic') {
      return `${shown} takes no custom IPsec/IKE policy, which the Azure side needs to meet Azure Stack Hub's: use VpnGw1AZ (the default) or another of VpnGw1AZ-5AZ`;
    }
    if (/^(ErGw|UltraPerformance)/.test(value)) {
      return `${shown} is an ExpressRoute or retired SKU, not one for a new VPN gateway: use VpnGw1AZ (the default) or another of VpnGw1AZ-5AZ`;
    }
    return `${shown} is not an Azure VPN gateway SKU: use one of ${AZURE_GATEWAY_SKUS.join(', ')}`;
  },
  skuWarning: () => undefined,
  // https://learn.microsoft.com/azure/vpn-gateway/about-gateway-skus: 30 S2S tunnels for VpnGw1AZ-3AZ, 100 for 4AZ-5AZ.
  maxSiteToSiteTunnels: (sku) => (sku === 'VpnGw4AZ' || sku === 'VpnGw5AZ' ? 100 : 30),
  // Microsoft's documentation: a VPN gateway takes 30-45 minutes
  // (https://learn.microsoft.com/azure/vpn-gateway/tutorial-create-gateway-portal); a VNet with its subnets a few
  // seconds (recorded by the Azure SDK test suites: 1-4 s from PUT to Succeeded).
  typicalDurations: {
    resourceGroup: { minMs: 2 * S, maxMs: 10 * S },
    virtualNetwork: { minMs: 1 * S, maxMs: 10 * S },
    publicIp: { minMs: 2 * S, maxMs: 10 * S },
    networkInterface: { minMs: 2 * S, maxMs: 10 * S },
    gateway: { minMs: 30 * MIN, maxMs: 45 * MIN },
    virtualMachine: { minMs: 1 * MIN, maxMs: 4 * MIN },
    localNetworkGateway: { minMs: 10 * S, maxMs: 60 * S },
    connection: { minMs: 1 * MIN, maxMs: 3 * MIN },
    tunnel: { minMs: 30 * S, maxMs: 5 * MIN },
    verify: { minMs: 20 * S, maxMs: 90 * S },
  },
};

const AZURE_STACK: SiteProfile<AzureStackGatewaySku> = {
  id: 'azureStack',
  title: 'Azure Stack Hub',
  slug: 'azurestack',
  identity: 'stamp',
  sdk: 'hybrid-2020-09-01',
  gatewaySkus: AZURE_STACK_GATEWAY_SKUS,
  defaultGatewaySku: 'Standard',
  builtInPolicyOnlySkus: ['Basic'],
  // The 2018-11-01 network api (profile 2020-09-01-hybrid) has no connection reset; it has the gateway's.
  repairAction: 'resetGateway',
  // The only public IP SKU Stack Hub offers.
  // Azure Stack Hub has no availability zones.
  publicIp: { sku: 'Basic', allocation: 'Dynamic', zones: [] },
  // Stack Hub offers Standard_LRS and Premium_LRS only; compute 2020-06-01 has no deleteOption.
  osDisk: { storageAccountType: 'Standard_LRS', deleteWithVm: false },
  // A size every stamp offers (the B series is not on all stamps).
  defaultVmSize: 'Standard_DS1_v2',
  // Ubuntu 22.04 LTS from the Stack Hub marketplace (Gen1: Stack Hub VMs are Gen1 by default).
  defaultImage: ubuntuJammy('22_04-lts'),
  // The 2018-11-01 network api has no vpnGatewayGeneration.
  gatewayGeneration: () => undefined,
  explainSkuRefusal(value, shown) {
    if (/^VpnGw\dAZ$/.test(value)) {
      return (
        `${shown} is zone-redundant and Azure Stack Hub has no availability zones: ` +
        'use Standard (the default), HighPerformance, Basic, or VpnGw1-3 with VPN Fast Path'
      );
    }
    if (/^VpnGw[45]$/.test(value)) {
      return `${shown} is not offered on Azure Stack Hub (VpnGw1-3 only, with VPN Fast Path): use Standard, HighPerformance or VpnGw1-3`;
    }
    return `${shown} is not an Azure Stack Hub VPN gateway SKU: use one of ${AZURE_STACK_GATEWAY_SKUS.join(', ')}`;
  },
  skuWarning: (sku) =>
    sku.startsWith('VpnGw')
      ? `${sku} exists on Azure Stack Hub only where the operator enabled VPN Fast Path ` +
        '(and the remote side needs NAT-T); without it, use Standard or HighPerformance'
      : undefined,
  // Stack Hub follows Azure's legacy SKUs (Basic and Standard 10 tunnels, HighPerformance 30) and, with VPN Fast Path,
  // Azure's VpnGw1-3 (30 each). A site's gateway carries one tunnel: the one to the hub.
  maxSiteToSiteTunnels: (sku) => (sku === 'Basic' || sku === 'Standard' ? 10 : 30),
  // No public measurements: plausible figures (a stamp's gateway is a pair of VMs it already runs), like the
  // simulator's latency model.
  typicalDurations: {
    resourceGroup: { minMs: 5 * S, maxMs: 15 * S },
    virtualNetwork: { minMs: 2 * S, maxMs: 15 * S },
    publicIp: { minMs: 5 * S, maxMs: 15 * S },
    networkInterface: { minMs: 5 * S, maxMs: 15 * S },
    gateway: { minMs: 10 * MIN, maxMs: 20 * MIN },
    virtualMachine: { minMs: 3 * MIN, maxMs: 8 * MIN },
    localNetworkGateway: { minMs: 15 * S, maxMs: 60 * S },
    connection: { minMs: 1 * MIN, maxMs: 3 * MIN },
    tunnel: { minMs: 30 * S, maxMs: 5 * MIN },
    verify: { minMs: 30 * S, maxMs: 90 * S },
  },
};

/** The profile of each kind of site a plan has. */
export const SITE_PROFILES: {
  readonly azure: SiteProfile<AzureGatewaySku>;
  readonly azureStack: SiteProfile<AzureStackGatewaySku>;
} = { azure: AZURE, azureStack: AZURE_STACK };

export function siteProfile(cloud: CloudId): SiteProfile {
  return SITE_PROFILES[cloud];
}
