// One cloud's resource store and the back-references read from it: lists by type (answered from a per-type index)
// and who uses a public IP or a subnet (answered from an index rebuilt after each write) must see every put and
// delete at once, in the order the resources were created.
import type { ArmResource } from '../../../simulator/arm/resourceType';
import { InMemoryResourceStore } from '../../../simulator/arm/store';
import { allIpConfigurations, publicIpUser, subnetUsers } from '../../../simulator/network/references';

const GROUP = '/subscriptions/00000000-0000-0000-0000-0000000000aa/resourceGroups/rg';
const NIC_TYPE = 'Microsoft.Network/networkInterfaces';
const GATEWAY_TYPE = 'Microsoft.Network/virtualNetworkGateways';
const PIP_TYPE = 'Microsoft.Network/publicIPAddresses';
const SUBNET_A = `${GROUP}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/a`;
const SUBNET_B = `${GROUP}/providers/Microsoft.Network/virtualNetworks/vnet/subnets/b`;
const pipId = (name: string): string => `${GROUP}/providers/${PIP_TYPE}/${name}`;

function resource(type: string, name: string, properties: Record<string, unknown> = {}): ArmResource {
  return { id: `${GROUP}/providers/${type}/${name}`, name, type, properties };
}

function nic(name: string, subnetId: string, publicIp?: string): ArmResource {
  return resource(NIC_TYPE, name, {
    ipConfigurations: [
      {
        name: 'ipconfig1',
        properties: { subnet: { id: subnetId }, ...(publicIp ? { publicIPAddress: { id: pipId(publicIp) } } : {}) },
      },
    ],
  });
}

describe('InMemoryResourceStore', () => {
  it('lists one type in creation order, whatever the type casing, and follows puts and deletes', () => {
    const store = new InMemoryResourceStore();
    store.put(resource(NIC_TYPE, 'n1'));
    store.put(resource(PIP_TYPE, 'p1'));
    store.put(resource(NIC_TYPE, 'n2'));
    store.put(resource(NIC_TYPE, 'n3'));
    const names = (type: string, prefix = '/subscriptions/'): string[] => store.list(prefix, type).map((r) => r.name);
    expect(names(NIC_TYPE)).toEqual(['n1', 'n2', 'n3']);
    expect(names(NIC_TYPE.toUpperCase())).toEqual(['n1', 'n2', 'n3']);
    expect(names(PIP_TYPE)).toEqual(['p1']);
    expect(names(GATEWAY_TYPE)).toEqual([]);
    expect(names(NIC_TYPE, `${GROUP}/providers/${NIC_TYPE}/n2`.toUpperCase())).toEqual(['n2']);

    store.put({ ...resource(NIC_TYPE, 'n1'), tags: { updated: 'yes' } });
    expect(names(NIC_TYPE)).toEqual(['n1', 'n2', 'n3']);
    expect(store.delete(`${GROUP}/providers/${NIC_TYPE}/N2`)).toBe(true);
    expect(store.delete(`${GROUP}/providers/${NIC_TYPE}/n2`)).toBe(false);
    store.put(resource(NIC_TYPE, 'n2'));
    expect(names(NIC_TYPE)).toEqual(['n1', 'n3', 'n2']);
    expect(store.list('/subscriptions/').map((r) => r.name)).toEqual(['n1', 'p1', 'n3', 'n2']);
    store.clear();
    expect(names(NIC_TYPE)).toEqual([]);
  });

  it('keeps the casing of the first put of an id in lists by type', () => {
    const store = new InMemoryResourceStore();
    const first = resource(NIC_TYPE, 'Nic');
    store.put(first);
    store.put({ ...first, id: first.id.toLowerCase(), tags: { second: 'put' } });
    expect(store.list('/subscriptions/', NIC_TYPE).map((r) => [r.id, r.tags])).toEqual([[first.id, { second: 'put' }]]);
  });

  it('moves to a new revision with every put and delete, and only then', () => {
    const store = new InMemoryResourceStore();
    const before = store.revision;
    store.put(resource(NIC_TYPE, 'n1'));
    const afterPut = store.revision;
    store.get(`${GROUP}/providers/${NIC_TYPE}/n1`);
    store.list('/subscriptions/', NIC_TYPE);
    expect(store.revision).toBe(afterPut);
    store.delete(`${GROUP}/providers/${NIC_TYPE}/n1`);
    expect(new Set([before, afterPut, store.revision]).size).toBe(3);
  });
});

describe('back-references of a store', () => {
  it('find the user of a public IP and the users of a subnet as writes come and go', () => {
    const store = new InMemoryResourceStore();
    store.put(nic('n1', SUBNET_A, 'pip1'));
    store.put(nic('n2', SUBNET_A));
    expect(publicIpUser(store, pipId('pip1'))?.ownerId).toBe(store.list('/subscriptions/', NIC_TYPE)[0]?.id);
    expect(publicIpUser(store, pipId('PIP1') + '/')?.id).toMatch(/n1\/ipConfigurations\/ipconfig1$/);
    expect(subnetUsers(store, SUBNET_A).map((user) => user.id)).toEqual([
      expect.stringMatching(/n1\/ipConfigurations\/ipconfig1$/),
      expect.stringMatching(/n2\/ipConfigurations\/ipconfig1$/),
    ]);

    // n1 moves to subnet b and lets go of its address; a gateway takes the address.
    store.put(nic('n1', SUBNET_B));
    store.put(
      resource(GATEWAY_TYPE, 'gw', {
        ipConfigurations: [
          { name: 'default', properties: { subnet: { id: SUBNET_B }, publicIPAddress: { id: pipId('pip1') } } },
        ],
      }),
    );
    expect(publicIpUser(store, pipId('pip1'))?.ownerType).toBe(GATEWAY_TYPE);
    expect(publicIpUser(store, pipId('pip1'), `${GROUP}/providers/${GATEWAY_TYPE}/gw`)).toBeUndefined();
    expect(subnetUsers(store, SUBNET_A).map((user) => user.ownerId)).toEqual([`${GROUP}/providers/${NIC_TYPE}/n2`]);
    expect(subnetUsers(store, SUBNET_B).map((user) => user.ownerType)).toEqual([NIC_TYPE, GATEWAY_TYPE]);
    expect(allIpConfigurations(store)).toHaveLength(3);

    store.delete(`${GROUP}/providers/${GATEWAY_TYPE}/gw`);
    expect(publicIpUser(store, pipId('pip1'))).toBeUndefined();
    expect(subnetUsers(store, SUBNET_B)).toHaveLength(1);
  });
});
