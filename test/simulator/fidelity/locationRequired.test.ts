// A PUT of a tracked resource without `location` is refused by ARM's front door, before the resource provider sees
// it: 400 LocationRequired "The location property is required for this definition." — never defaulted to the
// resource group's location. Real responses quoted in public threads:
//   https://github.com/pulumi/pulumi-azure-native/issues/215 (Microsoft.Network resources)
//   https://github.com/Azure/bicep/issues/12046
//   https://github.com/Azure/azure-resource-manager-schemas/issues/1024
// Resource groups answer the same (ARM's own type; ResourceGroups_CreateOrUpdate marks `location` required:
// https://github.com/Azure/azure-rest-api-specs/blob/main/specification/resources/resource-manager/Microsoft.Resources/resources/stable/2025-04-01/resources.json).
import { startSdkWorld, type SdkWorld } from '../network/sdkWorld';
import { API, LOCATION, rawArm, type Cloud } from './rawArm';

jest.setTimeout(60_000);

const GROUP = 'rg-location';
const NETWORK = `resourceGroups/${GROUP}/providers/Microsoft.Network`;
const COMPUTE = `resourceGroups/${GROUP}/providers/Microsoft.Compute`;

/** Every tracked type the simulator serves, with a body that lacks only the location. */
const TRACKED: [string, string, 'network' | 'compute' | 'disks'][] = [
  ['virtual network', `${NETWORK}/virtualNetworks/vnet`, 'network'],
  ['public IP address', `${NETWORK}/publicIPAddresses/pip`, 'network'],
  ['virtual network gateway', `${NETWORK}/virtualNetworkGateways/gw`, 'network'],
  ['local network gateway', `${NETWORK}/localNetworkGateways/lgw`, 'network'],
  ['connection', `${NETWORK}/connections/cn`, 'network'],
  ['network interface', `${NETWORK}/networkInterfaces/nic`, 'network'],
  ['virtual machine', `${COMPUTE}/virtualMachines/vm`, 'compute'],
  ['managed disk', `${COMPUTE}/disks/disk`, 'disks'],
];

const DISK_API: Record<Cloud, string> = { azure: '2025-04-01', azureStack: '2019-07-01' };

describe.each<Cloud>(['azure', 'azureStack'])('LocationRequired on %s', (cloud) => {
  let world: SdkWorld;

  beforeAll(async () => {
    world = await startSdkWorld({ seed: `location-${cloud}` });
    const arm = rawArm(world, cloud);
    expect(
      (await arm.send('PUT', `resourceGroups/${GROUP}`, API[cloud].resources, { location: LOCATION[cloud] })).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await world?.sim.stop();
  });

  it.each(TRACKED)('refuses a %s without location, and stores nothing', async (_what, path, family) => {
    const arm = rawArm(world, cloud);
    const api = family === 'disks' ? DISK_API[cloud] : API[cloud][family];
    for (const body of [{ properties: {} }, { location: '', properties: {} }, { tags: { a: 'b' } }]) {
      const answer = await arm.send('PUT', path, api, body);
      expect({ status: answer.status, body: answer.body }).toEqual({
        status: 400,
        body: {
          error: { code: 'LocationRequired', message: 'The location property is required for this definition.' },
        },
      });
    }
    expect((await arm.send('GET', path, api)).status).toBe(404);
  });

  it('refuses a resource group without location', async () => {
    const arm = rawArm(world, cloud);
    const answer = await arm.send('PUT', 'resourceGroups/rg-nowhere', API[cloud].resources, { tags: { a: 'b' } });
    expect(answer).toMatchObject({ status: 400, body: { error: { code: 'LocationRequired' } } });
    expect((await arm.send('GET', 'resourceGroups/rg-nowhere', API[cloud].resources)).status).toBe(404);
  });

  it('still accepts a child resource (subnet) without location: it has none', async () => {
    const arm = rawArm(world, cloud);
    const vnet = await arm.send('PUT', `${NETWORK}/virtualNetworks/parent`, API[cloud].network, {
      location: LOCATION[cloud],
      properties: { addressSpace: { addressPrefixes: ['10.9.0.0/16'] } },
    });
    expect(vnet.status).toBe(201);
    world.sim.inspect.advanceClock(60_000);
    const subnet = await arm.send('PUT', `${NETWORK}/virtualNetworks/parent/subnets/s1`, API[cloud].network, {
      properties: { addressPrefix: '10.9.1.0/24' },
    });
    expect(subnet.status).toBe(201);
  });
});
