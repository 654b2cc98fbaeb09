// IPv4 CIDR parsing and set relations on top of ipaddr.js (no bit twiddling by hand). Pure functions only.
import * as ipaddr from 'ipaddr.js';
import { echo } from './echo';

export interface Ipv4Cidr {
  /** Canonical text, e.g. 10.100.0.0/16. */
  text: string;
  address: ipaddr.IPv4;
  prefix: number;
}

export type CidrParseResult = { ok: true; cidr: Ipv4Cidr } | { ok: false; message: string };

/** The smallest IPv4 subnet Azure and Azure Stack Hub accept (5 addresses are reserved in each subnet). */
export const SMALLEST_SUBNET_PREFIX = 29;

/**
 * Parses strict IPv4 CIDR text: four decimal octets without leading zeros and a prefix 0-32, with no host bits
 * set. ipaddr.js alone would also accept octal, hex and short forms ("10.1/16"), which ARM does not.
 */
export function parseIpv4Cidr(text: string): CidrParseResult {
  if (!ipaddr.IPv4.isValidCIDRFourPartDecimal(text)) {
    return { ok: false, message: `${echo(text)} is not an IPv4 CIDR: write it like 10.100.0.0/16` };
  }
  const [address, prefix] = ipaddr.IPv4.parseCIDR(text);
  const canonical = `${address.toString()}/${prefix}`;
  if (canonical !== text) {
    return { ok: false, message: `write ${echo(text)} as ${canonical} (no leading zeros)` };
  }
  const network = networkOf(address, prefix);
  if (network.toString() !== address.toString()) {
    const widest = widestPrefixStartingAt(address);
    return {
      ok: false,
      message:
        `${canonical} has host bits set: the /${prefix} network containing it is ${network.toString()}/${prefix}; ` +
        `use that, or ${address.toString()}/${widest} (or a longer prefix) if you meant a smaller range`,
    };
  }
  return { ok: true, cidr: { text: canonical, address, prefix } };
}

/** The network address of `address` under `prefix`. */
export function networkOf(address: ipaddr.IPv4, prefix: number): ipaddr.IPv4 {
  return ipaddr.IPv4.networkAddressFromCIDR(`${address.toString()}/${prefix}`);
}

/** The widest range that starts at `address`: the shortest prefix for which `address` has no host bits. */
export function widestPrefixStartingAt(address: ipaddr.IPv4): number {
  for (let prefix = 0; prefix <= 32; prefix++) {
    if (networkOf(address, prefix).toString() === address.toString()) return prefix;
  }
  return 32;
}

/** True when the two ranges share at least one address. */
export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
  // Two prefixes overlap exactly when one contains the other's network address.
  return a.address.match(b.address, b.prefix) || b.address.match(a.address, a.prefix);
}

/** True when `inner` lies entirely inside `outer`. */
export function cidrContains(outer: Ipv4Cidr, inner: Ipv4Cidr): boolean {
  return inner.prefix >= outer.prefix && inner.address.match(outer.address, outer.prefix);
}

/** `address/prefix` written canonically, the address first moved to its network. */
export function cidrText(address: ipaddr.IPv4, prefix: number): string {
  return `${networkOf(address, prefix).toString()}/${prefix}`;
}
