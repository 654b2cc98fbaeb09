// Semantic address rules of a plan: CIDR syntax and host bits, subnets inside the address space and
// disjoint, GatewaySubnet size, no overlap between the clouds. All CIDR maths goes through cidr.ts (ipaddr.js).
import { CLOUD_DISPLAY_NAMES, CLOUD_IDS, type CloudId } from '../cloudIds';
import { SMALLEST_SUBNET_PREFIX, cidrContains, cidrText, cidrsOverlap, parseIpv4Cidr, type Ipv4Cidr } from './cidr';
import type { Findings } from './findings';
import type { ResolvedPlan } from './types';

/** GatewaySubnet size each cloud's documentation advises (larger leaves room for more connections). */
export const ADVISED_GATEWAY_SUBNET_PREFIX: Readonly<Record<CloudId, number>> = { azure: 27, azureStack: 28 };

/** Ranges a virtual network may not use (Azure VNet FAQ: multicast, broadcast, loopback, link-local, platform IP). */
const RESERVED_RANGES: readonly { cidr: string; why: string }[] = [
  { cidr: '0.0.0.0/8', why: 'the "this network" range' },
  { cidr: '127.0.0.0/8', why: 'loopback' },
  { cidr: '169.254.0.0/16', why: 'link-local (Azure metadata and DHCP)' },
  { cidr: '168.63.129.16/32', why: "Azure's platform address (DNS, health probes)" },
  { cidr: '224.0.0.0/4', why: 'multicast' },
  { cidr: '240.0.0.0/4', why: 'reserved (class E) and broadcast' },
];

interface ParsedSite {
  cloud: CloudId;
  /** Prefixes of the address space that parsed, with their index in the plan. */
  space: { index: number; cidr: Ipv4Cidr }[];
  spaceComplete: boolean;
  workload?: Ipv4Cidr;
  gateway?: Ipv4Cidr;
}

export function checkAddresses(plan: ResolvedPlan, findings: Findings): void {
  const sites = CLOUD_IDS.map((cloud) => checkSite(plan, cloud, findings));
  checkCloudsDisjoint(sites[0], sites[1], findings);
}

function checkSite(plan: ResolvedPlan, cloud: CloudId, findings: Findings): ParsedSite {
  const site = plan[cloud];
  const parsed: ParsedSite = { cloud, space: [], spaceComplete: true };

  site.addressSpace.forEach((text, index) => {
    const path = `${cloud}.addressSpace[${index}]`;
    const result = parseIpv4Cidr(text);
    if (!result.ok) {
      findings.error(path, result.message);
      parsed.spaceComplete = false;
      return;
    }
    const reserved = RESERVED_RANGES.find((r) => cidrsOverlap(result.cidr, mustParse(r.cidr)));
    if (reserved) {
      findings.error(
        path,
        `${text} overlaps ${reserved.cidr} (${reserved.why}): use a private range such as 10.0.0.0/8`,
      );
      return;
    }
    const earlier = parsed.space.find((p) => cidrsOverlap(p.cidr, result.cidr));
    if (earlier) {
      findings.error(
        path,
        `${text} overlaps ${cloud}.addressSpace[${earlier.index}] (${earlier.cidr.text}): ` +
          'the prefixes of one address space must not overlap; remove one or merge them',
      );
      return;
    }
    parsed.space.push({ index, cidr: result.cidr });
  });

  parsed.workload = checkSubnet(plan, cloud, 'workloadSubnet', parsed, findings);
  parsed.gateway = checkSubnet(plan, cloud, 'gatewaySubnet', parsed, findings);

  if (parsed.gateway && parsed.workload && cidrsOverlap(parsed.gateway, parsed.workload)) {
    findings.error(
      `${cloud}.gatewaySubnet`,
      `${parsed.gateway.text} overlaps ${cloud}.workloadSubnet (${parsed.workload.text}): ` +
        'the GatewaySubnet must be a separate range; pick another block of the address space',
    );
  }
  if (parsed.gateway && parsed.gateway.prefix <= SMALLEST_SUBNET_PREFIX) {
    const advised = ADVISED_GATEWAY_SUBNET_PREFIX[cloud];
    if (parsed.gateway.prefix > advised) {
      findings.warn(
        `${cloud}.gatewaySubnet`,
        `${parsed.gateway.text} works, but ${CLOUD_DISPLAY_NAMES[cloud]} advises a GatewaySubnet of /${advised} or ` +
          `larger (e.g. ${cidrText(parsed.gateway.address, advised)}) to leave room for more connections`,
      );
    }
  }
  return parsed;
}

function checkSubnet(
  plan: ResolvedPlan,
  cloud: CloudId,
  field: 'workloadSubnet' | 'gatewaySubnet',
  parsed: ParsedSite,
  findings: Findings,
): Ipv4Cidr | undefined {
  const path = `${cloud}.${field}`;
  const result = parseIpv4Cidr(plan[cloud][field]);
  if (!result.ok) {
    findings.error(path, result.message);
    return undefined;
  }
  const subnet = result.cidr;
  if (subnet.prefix > SMALLEST_SUBNET_PREFIX) {
    const what = field === 'gatewaySubnet' ? 'the GatewaySubnet' : 'a subnet';
    const advised = field === 'gatewaySubnet' ? ADVISED_GATEWAY_SUBNET_PREFIX[cloud] : SMALLEST_SUBNET_PREFIX;
    findings.error(
      path,
      `${subnet.text} is too small: ${what} must be /${SMALLEST_SUBNET_PREFIX} or larger; ` +
        `use e.g. ${cidrText(subnet.address, advised)}`,
    );
  }
  // Only judge containment against a fully parsed address space, or the message would blame the wrong field.
  if (parsed.spaceComplete && parsed.space.length > 0 && !parsed.space.some((p) => cidrContains(p.cidr, subnet))) {
    const spaces = parsed.space.map((p) => p.cidr.text).join(', ');
    findings.error(
      path,
      `${subnet.text} is outside ${cloud}.addressSpace (${spaces}): choose a range inside the address space, ` +
        'or add a prefix that contains it',
    );
  }
  return subnet;
}

function checkCloudsDisjoint(azure: ParsedSite, azureStack: ParsedSite, findings: Findings): void {
  for (const stack of azureStack.space) {
    const clash = azure.space.find((a) => cidrsOverlap(a.cidr, stack.cidr));
    if (clash) {
      findings.error(
        `azureStack.addressSpace[${stack.index}]`,
        `${stack.cidr.text} overlaps azure.addressSpace[${clash.index}] (${clash.cidr.text}): traffic between the ` +
          'sites is routed by address, so the two clouds need disjoint address spaces; pick another range for one of them',
      );
    }
  }
}

function mustParse(text: string): Ipv4Cidr {
  const result = parseIpv4Cidr(text);
  if (!result.ok) throw new Error(`internal: bad reserved range ${text}`);
  return result.cidr;
}
