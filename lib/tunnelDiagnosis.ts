// Works out why a tunnel stays down from what both clouds report (policies, local network gateways, key
// comparison). Pure: the caller gathers the facts; shared keys never reach this module, only whether they match.
import { CLOUD_IDS, peerOf, type CloudId } from './cloudIds';
import type { TunnelDiagnosis } from './errors/tunnelNotConnectedError';
import { AZURE_STACK_DEFAULT_IPSEC_POLICY, ipsecPolicyMismatches, type IpsecPolicy } from './ipsec';
import { cidrContains, parseIpv4Cidr, type Ipv4Cidr } from './plan/cidr';

export interface TunnelFacts {
  /** The `ipsecPolicies` of each cloud's connection (empty: that cloud's default offer). */
  policies: Record<CloudId, IpsecPolicy[]>;
  /** The local network gateway in each cloud, which should describe the other cloud. */
  localNetworkGateways: Record<CloudId, { gatewayIpAddress: string; addressPrefixes: string[] }>;
  /** What each cloud really has: its gateway's public IP ('' when it has none yet) and its VNet address space. */
  sites: Record<CloudId, { gatewayPublicIp: string; addressSpace: string[] }>;
  /** Whether both connections hold the same shared key, when the caller could compare them (hashes only). */
  sharedKeysMatch?: boolean;
}

export function diagnoseTunnel(facts: TunnelFacts): { diagnosis: TunnelDiagnosis; detail?: string } {
  for (const cloud of CLOUD_IDS) {
    const lgw = facts.localNetworkGateways[cloud];
    const peer = facts.sites[peerOf(cloud)];
    // A gateway without an address yet proves no local network gateway wrong: that is said last, not blamed here.
    if (peer.gatewayPublicIp !== '' && lgw.gatewayIpAddress !== peer.gatewayPublicIp) {
      return {
        diagnosis: 'addressSpaceMismatch',
        detail: `the ${cloud} local network gateway points at ${lgw.gatewayIpAddress}, the ${peerOf(cloud)} gateway is ${peer.gatewayPublicIp}`,
      };
    }
    const covered = lgw.addressPrefixes.map(parseOrUndefined).filter((c): c is Ipv4Cidr => c !== undefined);
    const missing = peer.addressSpace.filter((text) => {
      const prefix = parseOrUndefined(text);
      return !prefix || !covered.some((c) => cidrContains(c, prefix));
    });
    if (missing.length > 0) {
      return {
        diagnosis: 'addressSpaceMismatch',
        detail: `the ${cloud} local network gateway does not cover ${missing.join(', ')} of ${peerOf(cloud)}`,
      };
    }
  }

  const azure = facts.policies.azure[0];
  const azureStack = facts.policies.azureStack[0] ?? AZURE_STACK_DEFAULT_IPSEC_POLICY;
  if (!azure) {
    // Azure's default offers do not include Stack Hub's (builds >= 1910): Azure needs the explicit policy.
    return {
      diagnosis: 'ipsecPolicyMismatch',
      detail: 'the azure connection has no IPsec policy; Stack Hub needs its own',
    };
  }
  const differing = ipsecPolicyMismatches(azure, azureStack);
  if (differing.length > 0) {
    return {
      diagnosis: 'ipsecPolicyMismatch',
      detail: differing
        .map((field) => `${field}: ${azure[field]} (azure) vs ${azureStack[field]} (azureStack)`)
        .join(', '),
    };
  }

  if (facts.sharedKeysMatch === false) {
    return { diagnosis: 'sharedKeyMismatch', detail: 'the shared keys of the two connections differ' };
  }
  const unaddressed = CLOUD_IDS.filter((cloud) => facts.sites[cloud].gatewayPublicIp === '');
  if (unaddressed.length > 0) {
    return { diagnosis: 'unknown', detail: `no gateway public IP address yet: ${unaddressed.join(', ')}` };
  }
  return { diagnosis: 'unknown' };
}

function parseOrUndefined(text: string): Ipv4Cidr | undefined {
  const result = parseIpv4Cidr(text);
  return result.ok ? result.cidr : undefined;
}
