// The resource kinds list and what derives from it: the teardown order (dependents first), the ARM types, the
// site names, the permissions a run and a teardown need, and the teardown handlers, each in the list's order.
import { deletableKinds } from '../../activities/shared/resourceKinds';
import { siteResourceNames } from '../../lib/naming';
import { PROVISION_ACTIONS, TEARDOWN_ACTIONS } from '../../lib/preflight';
import {
  ARM_TYPES,
  DELETE_ORDER,
  RESOURCE_KIND_KEYS,
  RESOURCE_KINDS,
  SITE_NAME_RULES,
  kindOfArmType,
  type ResourceKindKey,
} from '../../lib/resourceKinds';
import { STAGES } from '../../lib/stages';

const dependsOn = (key: ResourceKindKey): readonly ResourceKindKey[] => RESOURCE_KINDS[key].dependsOn;

describe('the teardown order', () => {
  it('deletes dependents first: connection, LGW, VM, its disk, NIC, gateway, public IP, VNet, resource group', () => {
    expect(DELETE_ORDER).toEqual([
      'connection',
      'localNetworkGateway',
      'virtualMachine',
      'osDisk',
      'networkInterface',
      'gateway',
      'publicIp',
      'virtualNetwork',
      'resourceGroup',
    ]);
  });

  it('holds every kind once, each before everything it depends on', () => {
    expect([...DELETE_ORDER].sort()).toEqual([...RESOURCE_KIND_KEYS].sort());
    for (const key of DELETE_ORDER) {
      for (const needed of dependsOn(key)) {
        expect([key, DELETE_ORDER.indexOf(needed) > DELETE_ORDER.indexOf(key)]).toEqual([key, true]);
      }
    }
  });

  it('gives teardown a handler for every kind, in that order', () => {
    expect(deletableKinds().map((kind) => kind.key)).toEqual(DELETE_ORDER);
    // Everything but the group is listed in it; the group is judged by its contents (listManagedResources).
    expect(
      deletableKinds()
        .filter((kind) => kind.ops.list === undefined)
        .map((kind) => kind.key),
    ).toEqual(['resourceGroup']);
  });

  it('asks for the delete permission of each kind in the same order', () => {
    const deletes = TEARDOWN_ACTIONS.filter((a) => a.action.endsWith('/delete')).map((a) => a.action);
    expect(deletes).toEqual([
      'Microsoft.Network/connections/delete',
      'Microsoft.Network/localNetworkGateways/delete',
      'Microsoft.Compute/virtualMachines/delete',
      'Microsoft.Compute/disks/delete',
      'Microsoft.Network/networkInterfaces/delete',
      'Microsoft.Network/virtualNetworkGateways/delete',
      'Microsoft.Network/publicIPAddresses/delete',
      'Microsoft.Network/virtualNetworks/delete',
      'Microsoft.Resources/subscriptions/resourceGroups/delete',
    ]);
  });
});

describe('the write order', () => {
  it("follows the stages: each kind's stage comes no earlier than the one before it", () => {
    const stageIndex = RESOURCE_KIND_KEYS.map((key) => STAGES.indexOf(RESOURCE_KINDS[key].stage));
    expect(stageIndex.every((index) => index > 0)).toBe(true);
    expect(stageIndex).toEqual([...stageIndex].sort((a, b) => a - b));
  });

  it('creates what a kind needs before it, or with it in the same stage (the VM and its OS disk)', () => {
    for (const key of RESOURCE_KIND_KEYS) {
      for (const needed of dependsOn(key)) {
        const earlier = RESOURCE_KIND_KEYS.indexOf(needed) < RESOURCE_KIND_KEYS.indexOf(key);
        const together = RESOURCE_KINDS[needed].stage === RESOURCE_KINDS[key].stage;
        expect([key, needed, earlier || together]).toEqual([key, needed, true]);
      }
    }
  });

  it('asks for the permissions of each kind the run writes, in that order', () => {
    expect(PROVISION_ACTIONS.map((a) => a.action)).toEqual([
      'Microsoft.Resources/subscriptions/resourceGroups/write',
      'Microsoft.Network/virtualNetworks/write',
      'Microsoft.Network/virtualNetworks/subnets/write',
      'Microsoft.Network/publicIPAddresses/write',
      'Microsoft.Network/virtualNetworkGateways/write',
      'Microsoft.Network/virtualNetworks/subnets/join/action',
      'Microsoft.Network/publicIPAddresses/join/action',
      'Microsoft.Network/networkInterfaces/write',
      'Microsoft.Network/networkInterfaces/join/action',
      'Microsoft.Compute/virtualMachines/write',
      'Microsoft.Network/localNetworkGateways/write',
      'Microsoft.Network/connections/write',
      'Microsoft.Network/connections/sharedKey/write',
    ]);
  });
});

describe('ARM types', () => {
  it('spells each kind as ARM ids do, no two alike', () => {
    expect(ARM_TYPES).toEqual({
      resourceGroup: 'Microsoft.Resources/resourceGroups',
      virtualNetwork: 'Microsoft.Network/virtualNetworks',
      publicIp: 'Microsoft.Network/publicIPAddresses',
      gateway: 'Microsoft.Network/virtualNetworkGateways',
      networkInterface: 'Microsoft.Network/networkInterfaces',
      virtualMachine: 'Microsoft.Compute/virtualMachines',
      osDisk: 'Microsoft.Compute/disks',
      localNetworkGateway: 'Microsoft.Network/localNetworkGateways',
      connection: 'Microsoft.Network/connections',
    });
  });

  it('finds the kind of a type in any case, and none for a type no kind has', () => {
    for (const key of RESOURCE_KIND_KEYS) {
      expect(kindOfArmType(ARM_TYPES[key])).toBe(key);
      expect(kindOfArmType(ARM_TYPES[key].toUpperCase())).toBe(key);
    }
    expect(kindOfArmType('Microsoft.Network/natGateways')).toBeUndefined();
  });
});

describe('site names', () => {
  it('are the names the kinds own, none owned twice', () => {
    const owned = RESOURCE_KIND_KEYS.flatMap((key) => Object.keys(RESOURCE_KINDS[key].names));
    expect(new Set(owned).size).toBe(owned.length);
    expect(Object.keys(siteResourceNames('contoso', 'azure')).sort()).toEqual([...owned].sort());
    expect(Object.keys(SITE_NAME_RULES)).toEqual(owned);
  });

  it("point the links at the peer site's slug", () => {
    expect(RESOURCE_KINDS.connection.names.connection.of({ name: 'contoso', peer: 'azurestack' })).toBe(
      'cn-contoso-to-azurestack',
    );
  });
});
