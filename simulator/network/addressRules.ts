// NRP's address rules for VNets and subnets: valid CIDR prefixes, subnets inside the VNet's space, no overlaps,
// nothing smaller than /29. Throws the real CloudErrors; it never reads or writes a store.
import type { JsonObject } from '../http/types';
import { asString, asStringArray } from './body';
import { cidrContains, cidrsOverlap, parseCidr, type Cidr } from './cidr';
import {
  invalidAddressPrefix,
  invalidCidrNotation,
  invalidSubnet,
  subnetRangeOutsideVnet,
  subnetRangesOverlap,
} from './errors';

/** The smallest IPv4 subnet Azure supports (VNet FAQ: "/29 ... 3 usable after Azure's five reserved addresses"). */
export const SMALLEST_IPV4_SUBNET = 29;

export function validPrefix(prefix: string, resourceId: string): Cidr {
  const parsed = parseCidr(prefix);
  if (parsed.ok) return parsed.cidr;
  if (parsed.reason === 'hostBitsSet') throw invalidCidrNotation(prefix, resourceId, parsed.shouldBe);
  throw invalidAddressPrefix(prefix, resourceId);
}

/** `addressPrefix` or `addressPrefixes` of a subnet body (both spellings exist in every api-version we serve). */
export function subnetPrefixTexts(properties: JsonObject): string[] {
  const single = asString(properties.addressPrefix);
  const many = asStringArray(properties.addressPrefixes);
  return single !== undefined ? [single, ...many.filter((p) => p !== single)] : many;
}

export interface SubnetLayout {
  name: string;
  id: string;
  prefixes: Cidr[];
}

/** Checks every subnet against the VNet's prefixes and against each other. */
export function validateSubnetLayout(
  vnetName: string,
  vnetPrefixes: readonly Cidr[],
  subnets: readonly SubnetLayout[],
): void {
  for (const subnet of subnets) {
    for (const prefix of subnet.prefixes) {
      if (prefix.kind === 'ipv4' && prefix.prefixLength > SMALLEST_IPV4_SUBNET)
        throw invalidSubnet(subnet.name, vnetName);
      if (!vnetPrefixes.some((space) => cidrContains(space, prefix)))
        throw subnetRangeOutsideVnet(subnet.name, vnetName);
    }
  }
  for (let i = 0; i < subnets.length; i++) {
    for (let j = 0; j < i; j++) {
      const clash = subnets[i].prefixes.some((a) => subnets[j].prefixes.some((b) => cidrsOverlap(a, b)));
      if (clash) throw subnetRangesOverlap(subnets[i].name, vnetName);
    }
  }
}

/** Validated VNet address prefixes (an empty list is the caller's to refuse). */
export function vnetPrefixes(properties: JsonObject, vnetId: string): Cidr[] {
  const addressSpace = properties.addressSpace;
  const texts = asStringArray(
    addressSpace && typeof addressSpace === 'object' ? (addressSpace as JsonObject).addressPrefixes : undefined,
  );
  return texts.map((text) => validPrefix(text, vnetId));
}

export function samePrefixes(a: readonly string[], b: readonly string[]): boolean {
  const norm = (list: readonly string[]): string =>
    [...list]
      .map((p) => p.toLowerCase())
      .sort()
      .join(',');
  return norm(a) === norm(b);
}
