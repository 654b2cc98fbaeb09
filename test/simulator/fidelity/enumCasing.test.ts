// Enum values NRP's specs mark `x-ms-enum: { modelAsString: true }` are matched case-insensitively and come back in
// the model's casing, in the PUT response and every later GET. Real ARM, recorded: a gateway PUT with
// `"gatewayType": "VPN"` answered 201 with `"gatewayType": "Vpn"` —
//   https://github.com/Azure/azure-sdk-for-python/blob/064b1135e0081f1b5b8cb4d4b723f784f461657d/sdk/network/azure-mgmt-network/tests/recordings/test_mgmt_network.test_virtual_network_gateway_operations.yaml
// The enums are modelAsString in both api-versions served (gatewayType, vpnType, vpnGatewayGeneration, sku names,
// IPAllocationMethod, IPVersion, connection type/protocol, IPsec policy algorithms):
//   https://github.com/Azure/azure-rest-api-specs/blob/c32f85eb28116f5ddfb3b92bc143d0b94bb61473/specification/network/resource-manager/Microsoft.Network/stable/2026-01-01/virtualNetworkGateway.json
//   https://github.com/Azure/azure-rest-api-specs/blob/main/specification/network/resource-manager/Microsoft.Network/stable/2018-11-01/virtualNetworkGateway.json
// A value outside the enum, in any casing, is still refused (400 InvalidRequestFormat).
import { STACK_DEFAULT_POLICY } from '../network/blueprint';
import { startSdkWorld, type SdkWorld } from '../network/sdkWorld';
import { API, LOCATION, rawArm, SETTLE_MS, vnetWithGatewaySubnet, type Cloud, type RawArm } from './rawArm';

jest.setTimeout(60_000);

const GROUP = 'rg-enums';
const N = `resourceGroups/${GROUP}/providers/Microsoft.Network`;

interface Shouted {
  pip: unknown;
  pipExpected: Record<string, unknown>;
  gatewaySku: string;
  gatewaySkuExpected: string;
}

const SHOUTED: Record<Cloud, Shouted> = {
  azure: {
    pip: {
      sku: { name: 'STANDARD', tier: 'regional' },
      zones: ['1', '2', '3'],
      properties: { publicIPAllocationMethod: 'static', publicIPAddressVersion: 'ipv4' },
    },
    pipExpected: { sku: { name: 'Standard', tier: 'Regional' } },
    gatewaySku: 'vpngw1az',
    gatewaySkuExpected: 'VpnGw1AZ',
  },
  azureStack: {
    pip: {
      sku: { name: 'basic' },
      properties: { publicIPAllocationMethod: 'DYNAMIC', publicIPAddressVersion: 'IPV4' },
    },
    pipExpected: { sku: { name: 'Basic' } },
    gatewaySku: 'STANDARD',
    gatewaySkuExpected: 'Standard',
  },
};

/** Azure Stack Hub's default offer, every algorithm in lower case. */
const POLICY = Object.fromEntries(
  Object.entries(STACK_DEFAULT_POLICY).map(([key, value]) => [
    key,
    typeof value === 'string' ? value.toLowerCase() : value,
  ]),
);

describe.each<Cloud>(['azure', 'azureStack'])('modelAsString enums on %s', (cloud) => {
  let world: SdkWorld;
  let arm: RawArm;
  const api = API[cloud].network;
  const location = LOCATION[cloud];
  const settle = (): void => void world.sim.inspect.advanceClock(SETTLE_MS);

  beforeAll(async () => {
    world = await startSdkWorld({ seed: `enums-${cloud}` });
    arm = rawArm(world, cloud);
    await arm.send('PUT', `resourceGroups/${GROUP}`, API[cloud].resources, { location });
    const vnet = await arm.send('PUT', `${N}/virtualNetworks/vnet`, api, vnetWithGatewaySubnet(location, 5));
    expect(vnet.status).toBe(201);
    settle();
  });
  afterAll(async () => {
    await world?.sim.stop();
  });

  it('normalises a public IP’s SKU, allocation method and IP version', async () => {
    const put = await arm.send('PUT', `${N}/publicIPAddresses/pip`, api, {
      location,
      ...(SHOUTED[cloud].pip as object),
    });
    expect(put.status).toBe(201);
    settle();
    const get = await arm.send('GET', `${N}/publicIPAddresses/pip`, api);
    for (const body of [put.body, get.body]) {
      expect(body).toMatchObject({
        ...SHOUTED[cloud].pipExpected,
        properties: {
          publicIPAllocationMethod: cloud === 'azure' ? 'Static' : 'Dynamic',
          publicIPAddressVersion: 'IPv4',
        },
      });
    }
  });

  it('normalises a gateway’s type, VPN type, SKU and ipConfiguration allocation method (the recorded "VPN" -> "Vpn")', async () => {
    const put = await arm.send('PUT', `${N}/virtualNetworkGateways/gw`, api, {
      location,
      properties: {
        gatewayType: 'VPN',
        vpnType: 'routebased',
        enableBgp: false,
        sku: { name: SHOUTED[cloud].gatewaySku, tier: SHOUTED[cloud].gatewaySku },
        ipConfigurations: [
          {
            name: 'default',
            properties: {
              privateIPAllocationMethod: 'dynamic',
              subnet: { id: arm.id(`${N}/virtualNetworks/vnet/subnets/GatewaySubnet`) },
              publicIPAddress: { id: arm.id(`${N}/publicIPAddresses/pip`) },
            },
          },
        ],
      },
    });
    expect(put.status).toBe(201);
    settle();
    const get = await arm.send('GET', `${N}/virtualNetworkGateways/gw`, api);
    const sku = SHOUTED[cloud].gatewaySkuExpected;
    for (const body of [put.body, get.body]) {
      expect(body).toMatchObject({
        properties: {
          gatewayType: 'Vpn',
          vpnType: 'RouteBased',
          sku: { name: sku, tier: sku },
          ipConfigurations: [{ properties: { privateIPAllocationMethod: 'Dynamic' } }],
        },
      });
    }
    expect(get.body).toMatchObject({ properties: { provisioningState: 'Succeeded' } });
  });

  it('normalises a NIC’s allocation method and IP version', async () => {
    const put = await arm.send('PUT', `${N}/networkInterfaces/nic`, api, {
      location,
      properties: {
        ipConfigurations: [
          {
            name: 'ipconfig1',
            properties: {
              privateIPAllocationMethod: 'DYNAMIC',
              privateIPAddressVersion: 'ipv4',
              subnet: { id: arm.id(`${N}/virtualNetworks/vnet/subnets/workload`) },
            },
          },
        ],
      },
    });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({
      properties: {
        ipConfigurations: [{ properties: { privateIPAllocationMethod: 'Dynamic', privateIPAddressVersion: 'IPv4' } }],
      },
    });
  });

  it('normalises a connection’s type, protocol and IPsec policy algorithms', async () => {
    const lgw = await arm.send('PUT', `${N}/localNetworkGateways/lgw`, api, {
      location,
      properties: { gatewayIpAddress: '203.0.113.7', localNetworkAddressSpace: { addressPrefixes: ['10.6.0.0/16'] } },
    });
    expect(lgw.status).toBe(201);
    settle();
    const put = await arm.send('PUT', `${N}/connections/cn`, api, {
      location,
      properties: {
        connectionType: 'ipsec',
        connectionProtocol: 'ikev2',
        sharedKey: 'not-a-real-secret-0123456789',
        virtualNetworkGateway1: { id: arm.id(`${N}/virtualNetworkGateways/gw`) },
        localNetworkGateway2: { id: arm.id(`${N}/localNetworkGateways/lgw`) },
        ipsecPolicies: [POLICY],
      },
    });
    expect({ status: put.status, body: put.body }).toMatchObject({ status: 201 });
    settle();
    const get = await arm.send('GET', `${N}/connections/cn`, api);
    for (const body of [put.body, get.body]) {
      expect(body).toMatchObject({
        properties: {
          connectionType: 'IPsec',
          connectionProtocol: 'IKEv2',
          ipsecPolicies: [STACK_DEFAULT_POLICY],
        },
      });
    }
  });

  it('still refuses a value outside the enum, in any casing', async () => {
    const answer = await arm.send('PUT', `${N}/publicIPAddresses/pip-bad`, api, {
      location,
      properties: { publicIPAllocationMethod: 'STATICALLY' },
    });
    expect(answer).toMatchObject({
      status: 400,
      body: { error: { code: 'InvalidRequestFormat', details: [{ code: 'InvalidJson' }] } },
    });
  });
});
