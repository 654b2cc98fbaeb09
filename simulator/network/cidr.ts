// CIDR and address maths for VNets, subnets, local network gateways and private IP allocation, on ipaddr.js.
// Pure functions over strings; it knows nothing of ARM resources or error codes.
import ipaddr from 'ipaddr.js';

export interface Cidr {
  /** The prefix as written, e.g. `10.0.1.0/24`. */
  text: string;
  kind: 'ipv4' | 'ipv6';
  address: ipaddr.IPv4 | ipaddr.IPv6;
  prefixLength: number;
}

export type CidrParse =
  | { ok: true; cidr: Cidr }
  | { ok: false; reason: 'malformed' }
  /** Host bits are set; `shouldBe` is the prefix ARM suggests instead. */
  | { ok: false; reason: 'hostBitsSet'; shouldBe: string };

export function parseCidr(text: string): CidrParse {
  // Four-part decimal only: ipaddr also accepts `10.1/16` and hex forms, which NRP refuses.
  const v4 = ipaddr.IPv4.isValidCIDRFourPartDecimal(text);
  const v6 = !v4 && text.includes(':') && ipaddr.IPv6.isValidCIDR(text);
  if (!v4 && !v6) return { ok: false, reason: 'malformed' };
  const [address, prefixLength] = ipaddr.parseCIDR(text);
  const network = v4 ? ipaddr.IPv4.networkAddressFromCIDR(text) : ipaddr.IPv6.networkAddressFromCIDR(text);
  if (network.toString() !== address.toString()) {
    return { ok: false, reason: 'hostBitsSet', shouldBe: `${network.toString()}/${prefixLength}` };
  }
  return { ok: true, cidr: { text, kind: address.kind(), address, prefixLength } };
}

/** Parses a prefix already validated elsewhere (stored resources); undefined if it is not a clean CIDR. */
export function cidrOf(text: string | undefined): Cidr | undefined {
  if (text === undefined) return undefined;
  const parsed = parseCidr(text);
  return parsed.ok ? parsed.cidr : undefined;
}

function sameFamily(a: Cidr, b: Cidr): boolean {
  return a.kind === b.kind;
}

/** Whether every address of `inner` lies in `outer`. */
export function cidrContains(outer: Cidr, inner: Cidr): boolean {
  if (!sameFamily(outer, inner) || inner.prefixLength < outer.prefixLength) return false;
  return matches(inner.address, outer.address, outer.prefixLength);
}

export function cidrsOverlap(a: Cidr, b: Cidr): boolean {
  if (!sameFamily(a, b)) return false;
  return matches(a.address, b.address, Math.min(a.prefixLength, b.prefixLength));
}

/** Whether `inner` lies inside at least one of `outers`. */
export function coveredBy(inner: Cidr, outers: readonly Cidr[]): boolean {
  return outers.some((outer) => cidrContains(outer, inner));
}

export function isIpv4Address(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

export function addressInCidr(address: string, cidr: Cidr): boolean {
  if (!ipaddr.isValid(address)) return false;
  const parsed = ipaddr.parse(address);
  if (parsed.kind() !== cidr.kind) return false;
  return matches(parsed, cidr.address, cidr.prefixLength);
}

function matches(a: ipaddr.IPv4 | ipaddr.IPv6, b: ipaddr.IPv4 | ipaddr.IPv6, bits: number): boolean {
  if (a.kind() === 'ipv4' && b.kind() === 'ipv4') return (a as ipaddr.IPv4).match(b, bits);
  if (a.kind() === 'ipv6' && b.kind() === 'ipv6') return (a as ipaddr.IPv6).match(b, bits);
  return false;
}

/** Number of addresses in an IPv4 prefix. */
export function ipv4Size(cidr: Cidr): number {
  return 2 ** (32 - cidr.prefixLength);
}

/** The IPv4 address `offset` positions after the prefix's network address (offset may exceed 255 per octet). */
export function ipv4At(cidr: Cidr, offset: number): string {
  return ipv4FromNumber(ipv4ToNumber(cidr.address.toString()) + offset);
}

/** Position of an IPv4 address inside a prefix (0 = network address). */
export function ipv4Offset(cidr: Cidr, address: string): number {
  return ipv4ToNumber(address) - ipv4ToNumber(cidr.address.toString());
}

/** An IPv4 address as an integer, by place value over its octets. */
export function ipv4ToNumber(address: string): number {
  return ipaddr.IPv4.parse(address).octets.reduce((sum, octet) => sum * 256 + octet, 0);
}

export function ipv4FromNumber(value: number): string {
  const octets: number[] = [];
  let rest = value;
  for (let i = 0; i < 4; i++) {
    octets.unshift(rest % 256);
    rest = Math.floor(rest / 256);
  }
  return new ipaddr.IPv4(octets).toString();
}
