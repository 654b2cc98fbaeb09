// Activity: gathers why a tunnel stays down from both clouds (IPsec policies, local network gateways, gateway IPs,
// VNet address spaces, and whether the two connections hold the same shared key) and runs lib/tunnelDiagnosis.
// The keys are compared inside this activity; only the verdict leaves it.
import type { InvocationContext } from '@azure/functions';
import { armCall } from '../lib/clouds';
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import { diagnoseTunnel as diagnose, type TunnelFacts } from '../lib/tunnelDiagnosis';
import type { ActivityResult, DiagnoseTunnelInput, SiteTarget, TunnelDiagnosisResult } from './contracts';
import { getOrUndefined, withinSite } from './shared/arm';
import { siteOf, type Site } from './shared/site';

interface SiteFacts {
  policies: TunnelFacts['policies'][CloudId];
  localNetworkGateway?: { gatewayIpAddress: string; addressPrefixes: string[] };
  gatewayPublicIp?: string;
  addressSpace?: string[];
  /** Read only to compare; dropped before anything is returned. */
  sharedKey?: string;
  missing: string[];
}

export async function diagnoseTunnel(
  input: DiagnoseTunnelInput,
  _context: InvocationContext,
): Promise<ActivityResult<TunnelDiagnosisResult>> {
  const secrets: string[] = [];
  return armCall(
    { cloud: 'azure', stage: 'tunnel' },
    async () => {
      const [azure, azureStack] = await Promise.all([
        siteFacts(input.sites.azure, secrets),
        siteFacts(input.sites.azureStack, secrets),
      ]);
      const facts: Record<CloudId, SiteFacts> = { azure, azureStack };
      const missing = CLOUD_IDS.flatMap((cloud) => facts[cloud].missing.map((what) => `${cloud} ${what}`));
      if (missing.length > 0) return { diagnosis: 'unknown', detail: `missing: ${missing.join(', ')}` };
      const sharedKeysMatch =
        azure.sharedKey !== undefined && azureStack.sharedKey !== undefined
          ? azure.sharedKey === azureStack.sharedKey
          : undefined;
      const verdict = diagnose({
        policies: { azure: azure.policies, azureStack: azureStack.policies },
        localNetworkGateways: {
          azure: azure.localNetworkGateway ?? { gatewayIpAddress: '', addressPrefixes: [] },
          azureStack: azureStack.localNetworkGateway ?? { gatewayIpAddress: '', addressPrefixes: [] },
        },
        sites: {
          azure: { gatewayPublicIp: azure.gatewayPublicIp ?? '', addressSpace: azure.addressSpace ?? [] },
          azureStack: {
            gatewayPublicIp: azureStack.gatewayPublicIp ?? '',
            addressSpace: azureStack.addressSpace ?? [],
          },
        },
        ...(sharedKeysMatch !== undefined ? { sharedKeysMatch } : {}),
      });
      return { diagnosis: verdict.diagnosis, ...(verdict.detail !== undefined ? { detail: verdict.detail } : {}) };
    },
    secrets,
  );
}

function siteFacts(target: SiteTarget, secrets: string[]): Promise<SiteFacts> {
  const site = siteOf(target, 'tunnel');
  return withinSite(site.errorSite, () => readSiteFacts(site, secrets), secrets);
}

async function readSiteFacts(site: Site, secrets: string[]): Promise<SiteFacts> {
  const { target } = site;
  const rg = target.resourceGroup;
  const { network } = await site.clients();
  const [connection, lgw, gateway, vnet, pip] = await Promise.all([
    getOrUndefined(() => network.virtualNetworkGatewayConnections.get(rg, site.names.connection)),
    getOrUndefined(() => network.localNetworkGateways.get(rg, site.names.localNetworkGateway)),
    getOrUndefined(() => network.virtualNetworkGateways.get(rg, site.names.virtualNetworkGateway)),
    getOrUndefined(() => network.virtualNetworks.get(rg, site.names.virtualNetwork)),
    getOrUndefined(() => network.publicIPAddresses.get(rg, site.names.gatewayPublicIp)),
  ]);
  const key = connection
    ? await getOrUndefined(() => network.virtualNetworkGatewayConnections.getSharedKey(rg, site.names.connection))
    : undefined;
  if (key?.value) secrets.push(key.value);
  const missing = [
    ...(connection ? [] : ['connection']),
    ...(lgw ? [] : ['local network gateway']),
    ...(gateway ? [] : ['gateway']),
    ...(vnet ? [] : ['virtual network']),
  ];
  return {
    policies: (connection?.ipsecPolicies ?? []).map((policy) => ({ ...policy })),
    ...(lgw
      ? {
          localNetworkGateway: {
            gatewayIpAddress: lgw.gatewayIpAddress ?? '',
            addressPrefixes: lgw.localNetworkAddressSpace?.addressPrefixes ?? [],
          },
        }
      : {}),
    ...(pip?.ipAddress ? { gatewayPublicIp: pip.ipAddress } : {}),
    addressSpace: vnet?.addressSpace?.addressPrefixes ?? [],
    ...(key?.value !== undefined ? { sharedKey: key.value } : {}),
    missing,
  };
}
