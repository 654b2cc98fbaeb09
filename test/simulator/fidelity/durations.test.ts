// How long operations take, against real traffic recorded by the Azure SDK test suites (the Date of the PUT and of the
// poll that saw the operation end, or the status monitor's startTime/endTime):
//   VNet 1 s and 4 s:
//     https://github.com/Azure/azure-sdk-for-js/blob/6c476e7555ae224153d8032fd2f73474056594e6/sdk/network/arm-network/recordings/node/network_test/recording_virtualnetworks_create_test.json
//     https://github.com/Azure/azure-sdk-for-python/blob/064b1135e0081f1b5b8cb4d4b723f784f461657d/sdk/network/azure-mgmt-network/tests/recordings/test_mgmt_network.test_virtual_network_gateway_operations.yaml
//   subnet ~1 s:
//     https://github.com/Azure/azure-sdk-for-js/blob/301c4794c6e1a3c4014ccdd47e1ad2ad6d7e72eb/sdk/network/arm-network/recordings/node/network_test/recording_subnets_create_test.json
//   VPN gateway 30.7 min (the Python recording above); VM 62 s:
//     https://github.com/Azure/azure-sdk-for-js/blob/030ca529682c0177efb212c90ea12f6ca50fe581/sdk/compute/arm-compute/recordings/node/compute_test/recording_virtualmachines_create_test.json
import { LatencyModel } from '../../../simulator/latency/model';
import { mulberry32 } from '../../../simulator/random';
import { startSdkWorld, type SdkWorld } from '../network/sdkWorld';
import { API, LOCATION, rawArm, vnetWithGatewaySubnet } from './rawArm';

const S = 1000;
const MIN = 60 * S;

/** Each recorded duration, and the Azure range the default latency model must draw it from. */
const RECORDED: [string, `${string}:create`, number[], [number, number]][] = [
  ['virtual network', 'Microsoft.Network/virtualNetworks:create', [1 * S, 4 * S], [1 * S, 4 * S]],
  ['subnet', 'Microsoft.Network/virtualNetworks/subnets:create', [1 * S], [1 * S, 4 * S]],
  ['VPN gateway', 'Microsoft.Network/virtualNetworkGateways:create', [30.7 * MIN], [30 * MIN, 45 * MIN]],
  ['virtual machine', 'Microsoft.Compute/virtualMachines:create', [62 * S], [1 * MIN, 4 * MIN]],
];

describe('operation durations against recorded traffic', () => {
  it.each(RECORDED)('draws a %s create from a range that holds the recorded times', (_what, key, recorded, range) => {
    const model = new LatencyModel('azure', mulberry32(7));
    expect(model.range(key)).toEqual(range);
    for (const duration of recorded) {
      expect(duration).toBeGreaterThanOrEqual(range[0]);
      expect(duration).toBeLessThanOrEqual(range[1]);
    }
    for (let i = 0; i < 200; i++) {
      const drawn = model.sample(key);
      expect(drawn).toBeGreaterThanOrEqual(range[0]);
      expect(drawn).toBeLessThanOrEqual(range[1]);
    }
  });

  describe('through ARM', () => {
    let world: SdkWorld;
    beforeAll(async () => {
      world = await startSdkWorld({ seed: 'durations' });
    });
    afterAll(async () => {
      await world?.sim.stop();
    });

    it('ends a VNet create (with two inline subnets) 1-4 virtual seconds after its PUT, not 10-20', async () => {
      const arm = rawArm(world, 'azure');
      await arm.send('PUT', 'resourceGroups/rg-time', API.azure.resources, { location: LOCATION.azure });
      for (let i = 0; i < 5; i++) {
        const put = await arm.send(
          'PUT',
          `resourceGroups/rg-time/providers/Microsoft.Network/virtualNetworks/vnet${i}`,
          API.azure.network,
          vnetWithGatewaySubnet(LOCATION.azure, 20 + i),
        );
        expect(put.status).toBe(201);
      }
      const creates = world.sim.inspect
        .operations('azure')
        .filter((op) => op.kind === 'put' && /\/virtualNetworks\/vnet\d$/.test(op.resourceId));
      expect(creates).toHaveLength(5);
      for (const op of creates) {
        expect(op.dueAt - op.startTime).toBeGreaterThanOrEqual(1 * S);
        expect(op.dueAt - op.startTime).toBeLessThanOrEqual(4 * S);
      }
    });
  });
});
