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
 * Azure's pool looks like Azure's address space. The first stamp's is an operator's VIP pool of documentation ranges
 * (RFC 5737), used in order: 203.0.113.0/24 first, then the next range once one is full, so a stamp can hold as many
 * public addresses as a load of hundreds of connections needs (one /24 ran out at 254 gateways). Stamp N >= 2 takes
 * 198.18.N.0/24 of the range reserved for network tests (RFC 2544), so up to 255 stamps never overlap.
 */
export function publicAddressPool(cloud: CloudName, stamp = 1): readonly string[] {
  if (cloud === 'azure') return ['20.84.0.0/16'];
  return stamp === 1 ? ['203.0.113.0/24', '198.51.100.0/24', '192.0.2.0/24'] : [`198.18.${stamp}.0/24`];
}

/** The pool a request's cloud allocates from. */
export function poolOf(request: { cloud: CloudName; publicAddressPool?: readonly string[] }): readonly string[] {
  return request.publicAddressPool ?? publicAddressPool(request.cloud);
}

export function allocatePublicAddress(store: ResourceStore, pools: readonly string[], random: () => number): string {
  const taken = new Set(
    listAll(store, PUBLIC_IP_ADDRESSES)
      .map((pip) => asString(propertiesOf(pip).ipAddress))
      .filter((ip): ip is string => ip !== undefined),
  );
  // One draw per allocation, whichever range it lands in: the seeded sequence of addresses stays what it was.
  const draw = random();
  for (const range of pools) {
    const pool = cidrOf(range);
    if (!pool) throw new Error(`bad public pool ${range}`);
    const usable = ipv4Size(pool) - 2;
    const start = 1 + Math.floor(draw * usable);
    for (let i = 0; i < usable; i++) {
      const candidate = ipv4At(pool, 1 + ((start - 1 + i) % usable));
      if (!taken.has(candidate)) return candidate;
    }
  }
  throw new Error(`the public IP pools ${pools.join(', ')} are exhausted`);
}

function withAddress(pip: ArmResource, ipAddress: string | undefined, random: () => number): ArmResource {
  const properties = { ...(pip.properties ?? {}) };
  if (ipAddress === undefined) delete properties.ipAddress;
  else properties.ipAddress = ipAddress;
  return { ...pip, etag: weakEtag(random), properties };
}

/** Gives every public IP of `owner` (a gateway or a NIC) an address if it has none yet (Dynamic allocation). */
export function assignAddresses(
  store: ResourceStore,
  pool: readonly string[],
  owner: ArmResource,
  random: () => number,
): void {
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
