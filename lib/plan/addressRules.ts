// Semantic address rules of a plan: CIDR syntax and host bits, subnets inside the address space and
// disjoint, GatewaySubnet size, no overlap anywhere (the hub and each site, every two sites). All CIDR maths goes
// through cidr.ts (ipaddr.js).
import { CLOUD_DISPLAY_NAMES, type CloudId } from '../cloudIds';
import { SMALLEST_SUBNET_PREFIX, cidrContains, cidrText, cidrsOverlap, parseIpv4Cidr, type Ipv4Cidr } from './cidr';
import type { Findings } from './findings';
import type { SideAt } from './sides';

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
  /** Where the side is in the plan (`azure`, `azureStack`, `azureStack[2]`). */
  path: string;
  /** Prefixes of the address space that parsed, with their index in the plan. */
  space: { index: number; cidr: Ipv4Cidr }[];
  spaceComplete: boolean;
  workload?: Ipv4Cidr;
  gateway?: Ipv4Cidr;
}

/** `sides`: the hub first, then every site (sidesAt). */
export function checkAddresses(sides: readonly SideAt[], findings: Findings): void {
  const [hub, ...sites] = sides.map((side) => checkSite(side, findings));
  if (hub === undefined) return;
  sites.forEach((site, index) => checkSpacesDisjoint(site, [hub, ...sites.slice(0, index)], findings));
}

function checkSite(side: SideAt, findings: Findings): ParsedSite {
  const { cloud, site } = side;
  const at = side.path;
  const parsed: ParsedSite = { cloud, path: at, space: [], spaceComplete: true };

  site.addressSpace.forEach((text, index) => {
    const path = `${at}.addressSpace[${index}]`;
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
        `${text} overlaps ${at}.addressSpace[${earlier.index}] (${earlier.cidr.text}): ` +
          'the prefixes of one address space must not overlap; remove one or merge them',
      );
      return;
    }
    parsed.space.push({ index, cidr: result.cidr });
  });

  parsed.workload = checkSubnet(side, 'workloadSubnet', parsed, findings);
  parsed.gateway = checkSubnet(side, 'gatewaySubnet', parsed, findings);

  if (parsed.gateway && parsed.workload && cidrsOverlap(parsed.gateway, parsed.workload)) {
    findings.error(
      `${at}.gatewaySubnet`,
      `${parsed.gateway.text} overlaps ${at}.workloadSubnet (${parsed.workload.text}): ` +
        'the GatewaySubnet must be a separate range; pick another block of the address space',
    );
  }
  if (parsed.gateway && parsed.gateway.prefix <= SMALLEST_SUBNET_PREFIX) {
    const advised = ADVISED_GATEWAY_SUBNET_PREFIX[cloud];
    if (parsed.gateway.prefix > advised) {
      findings.warn(
        `${at}.gatewaySubnet`,
        `${parsed.gateway.text} works, but ${CLOUD_DISPLAY_NAMES[cloud]} advises a GatewaySubnet of /${advised} or ` +
          `larger (e.g. ${cidrText(parsed.gateway.address, advised)}) to leave room for more connections`,
      );
    }
  }
  return parsed;
}

function checkSubnet(
  side: SideAt,
  field: 'workloadSubnet' | 'gatewaySubnet',
  parsed: ParsedSite,
  findings: Findings,
): Ipv4Cidr | undefined {
  const { cloud } = side;
  const path = `${side.path}.${field}`;
  const result = parseIpv4Cidr(side.site[field]);
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
      `${subnet.text} is outside ${side.path}.addressSpace (${spaces}): choose a range inside the address space, ` +
        'or add a prefix that contains it',
    );
  }
  return subnet;
}

/** A site's prefixes against the hub's and every earlier site's: each prefix is reported once, at its first clash. */
function checkSpacesDisjoint(site: ParsedSite, others: readonly ParsedSite[], findings: Findings): void {
  for (const prefix of site.space) {
    for (const other of others) {
      const clash = other.space.find((o) => cidrsOverlap(o.cidr, prefix.cidr));
      if (!clash) continue;
      const who =
        other.cloud === 'azure'
          ? 'the two clouds need disjoint address spaces'
          : 'every site needs its own address space';
      findings.error(
        `${site.path}.addressSpace[${prefix.index}]`,
        `${prefix.cidr.text} overlaps ${other.path}.addressSpace[${clash.index}] (${clash.cidr.text}): traffic between ` +
          `the sites is routed by address, so ${who}; pick another range for one of them`,
      );
      break;
    }
  }
}

function mustParse(text: string): Ipv4Cidr {
  const result = parseIpv4Cidr(text);
  if (!result.ok) throw new Error(`internal: bad reserved range ${text}`);
  return result.cidr;
}
