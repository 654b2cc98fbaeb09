// The "internet" addresses each cloud hands out to public IPs: one seeded pool per cloud, disjoint, so an address
// always tells which cloud owns it. Allocation and release only; it never decides when an address is due.
import type { ArmResource, CloudName, ResourceStore } from '../arm/resourceType';
import { asString, propertiesOf } from './body';
import { cidrOf, ipv4At, ipv4Size } from './cidr';
import { weakEtag } from './identifiers';
import { listAll, publicIpsOf } from './references';
import { PUBLIC_IP_ADDRESSES } from './typeNames';

/** Azure's pool looks like Azure's address space; the stamp's is a documentation range, as an operator's VIP pool. */
const POOLS: Record<CloudName, string> = { azure: '20.84.0.0/16', azureStack: '203.0.113.0/24' };

export function allocatePublicAddress(store: ResourceStore, cloud: CloudName, random: () => number): string {
  const pool = cidrOf(POOLS[cloud]);
  if (!pool) throw new Error(`bad public pool ${POOLS[cloud]}`);
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
  throw new Error(`public IP pool ${POOLS[cloud]} of ${cloud} is exhausted`);
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
  cloud: CloudName,
  owner: ArmResource,
  random: () => number,
): void {
  for (const pip of publicIpsOf(store, owner)) {
    if (asString(propertiesOf(pip).ipAddress) !== undefined) continue;
    store.put(withAddress(pip, allocatePublicAddress(store, cloud, random), random));
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
