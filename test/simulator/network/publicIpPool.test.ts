// The public addresses a simulated cloud hands out: distinct, from its own ranges, and enough of them on the Azure
// Stack Hub stamp for a load of hundreds of gateways (one /24 held 254, so the 255th gateway failed).
import { allocatePublicAddress, publicAddressPool } from '../../../simulator/network/publicIpPool';
import { cidrContains, cidrOf } from '../../../simulator/network/cidr';
import { PUBLIC_IP_ADDRESSES } from '../../../simulator/network/typeNames';
import { mulberry32 } from '../../../simulator/random';
import { MemoryStore, SUBSCRIPTION } from './harness';

const STAMP_RANGES = ['203.0.113.0/24', '198.51.100.0/24', '192.0.2.0/24'];

function within(range: string, address: string): boolean {
  const outer = cidrOf(range);
  const inner = cidrOf(`${address}/32`);
  if (!outer || !inner) throw new Error(`${range} or ${address} is not a prefix`);
  return cidrContains(outer, inner);
}

/** Allocates `count` addresses, storing each as a public IP the next allocation must avoid. */
function allocateMany(count: number): string[] {
  const store = new MemoryStore();
  const random = mulberry32(7);
  const addresses: string[] = [];
  for (let i = 0; i < count; i++) {
    const ipAddress = allocatePublicAddress(store, publicAddressPool('azureStack'), random);
    addresses.push(ipAddress);
    store.put({
      id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/${PUBLIC_IP_ADDRESSES}/pip${i}`,
      name: `pip${i}`,
      type: PUBLIC_IP_ADDRESSES,
      properties: { publicIPAllocationMethod: 'Static', ipAddress },
    });
  }
  return addresses;
}

describe('the public IP pool of the Azure Stack Hub stamp', () => {
  it('hands out 300 distinct addresses, the first /24 first, every one in a documentation range', () => {
    const addresses = allocateMany(300);
    expect(new Set(addresses).size).toBe(300);
    expect(addresses.slice(0, 254).every((address) => within('203.0.113.0/24', address))).toBe(true);
    expect(addresses.every((address) => STAMP_RANGES.some((range) => within(range, address)))).toBe(true);
  });
});
