// The "internet" addresses each cloud hands out to public IPs: one seeded pool per cloud (every stamp its own),
// disjoint, so an address always tells which cloud owns it. Allocation and release only; it never decides when an
// address is due.
import type { ArmResource, CloudName, ResourceStore } from '../arm/resourceType';
import { asString, propertiesOf } from './body';
import { cidrOf, ipv4At, ipv4Size } from './cidr';
import { weakEtag } from './identifiers';
import { listAll, publicIpsOf } from './references';
import { PUBLIC_IP_ADDRESSES } from './typeNames';

/**
 * Azure's pool looks like Azure's address space; the first stamp's is a documentation range (RFC 5737), as an
 * operator's VIP pool; stamp N >= 2 takes 198.18.N.0/24 of the range reserved for network tests (RFC 2544), so up to
 * 255 stamps never overlap.
 */
export function publicAddressPool(cloud: CloudName, stamp = 1): string {
  if (cloud === 'azure') return '20.84.0.0/16';
  return stamp === 1 ? '203.0.113.0/24' : `198.18.${stamp}.0/24`;
}

/** The pool a request's cloud allocates from. */
export function poolOf(request: { cloud: CloudName; publicAddressPool?: string }): string {
  return request.publicAddressPool ?? publicAddressPool(request.cloud);
}

export function allocatePublicAddress(store: ResourceStore, poolCidr: string, random: () => number): string {
  const pool = cidrOf(poolCidr);
  if (!pool) throw new Error(`bad public pool ${poolCidr}`);
  const taken = new Set(
    listAll(store, PUBLIC_IP_ADDRESSES)
      .map((pip) => asString(propertiesOf(pip).ipAddress))
      .filter((ip): ip is string => ip !== undefined),
  );
  const usable = ipv4Size(pool) - 2;
  const start = 1 + Math.floor(random() * usable);
  for (let i = 0; i < usable; i++) {
    const candidate = ipv4At(pool, 1 + ((start - 1 + i) % usable));
    if (!taken.has(candidate)) return candidate;
  }
  throw new Error(`public IP pool ${poolCidr} is exhausted`);
}

function withAddress(pip: ArmResource, ipAddress: string | undefined, random: () => number): ArmResource {
  const properties = { ...(pip.properties ?? {}) };
  if (ipAddress === undefined) delete properties.ipAddress;
  else properties.ipAddress = ipAddress;
  return { ...pip, etag: weakEtag(random), properties };
}

/** Gives every public IP of `owner` (a gateway or a NIC) an address if it has none yet (Dynamic allocation). */
export function assignAddresses(store: ResourceStore, pool: string, owner: ArmResource, random: () => number): void {
  for (const pip of publicIpsOf(store, owner)) {
    if (asString(propertiesOf(pip).ipAddress) !== undefined) continue;
    store.put(withAddress(pip, allocatePublicAddress(store, pool, random), random));
  }
}

/** Dynamic public IPs lose their address when their owner goes away; Static ones keep it. */
export function releaseDynamicAddresses(store: ResourceStore, owner: ArmResource, random: () => number): void {
  for (const pip of publicIpsOf(store, owner)) {
    if (propertiesOf(pip).publicIPAllocationMethod === 'Static') continue;
    if (asString(propertiesOf(pip).ipAddress) === undefined) continue;
    store.put(withAddress(pip, undefined, random));
  }
}
