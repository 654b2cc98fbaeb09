// The shape of what NRP answers, compared with real responses:
// - deleting a public IP an ipConfiguration still holds is 400 PublicIPAddressCannotBeDeleted, "Public IP address
//   <id> can not be deleted since it is still allocated to resource <ipConfiguration id>. In order to delete the
//   public IP, disassociate/detach the Public IP address from the resource.  To learn how to do this, see
//   aka.ms/deletepublicip." (https://github.com/hashicorp/terraform-provider-azurerm/issues/2566,
//   https://github.com/ernestio/ernest/issues/514, https://github.com/microsoft/AzureTRE/issues/4355);
// - NRP's CloudErrors carry `"details": []` next to code and message (RESPONSE bodies in
//   https://github.com/Azure/terraform-provider-azapi/issues/503 and "Details=[]" in
//   https://github.com/Azure-Terraform/terraform-azurerm-virtual-network/issues/18,
//   https://github.com/Azure/azure-rest-api-specs/issues/11861), while ARM's own errors (ResourceNotFound of a GET,
//   ResourceGroupNotFound, LocationRequired) carry none;
// - a GET answers with an ETag header equal to the body's etag (Azure/azure-sdk-for-js
//   sdk/network/arm-network/recordings/node/network_test/recording_virtualnetworks_create_test.json and
//   recording_subnets_create_test.json: `ETag: W/"…"`).
import { startSdkWorld, type SdkWorld } from '../network/sdkWorld';
import {
  API,
  gatewayIn,
  LOCATION,
  nicIn,
  rawArm,
  SETTLE_MS,
  vnetWithGatewaySubnet,
  type Cloud,
  type RawArm,
} from './rawArm';

jest.setTimeout(60_000);

const GROUP = 'rg-shape';
const N = `resourceGroups/${GROUP}/providers/Microsoft.Network`;
const C = `resourceGroups/${GROUP}/providers/Microsoft.Compute`;

const PIP: Record<Cloud, object> = {
  azure: { sku: { name: 'Standard' }, zones: ['1', '2', '3'], properties: { publicIPAllocationMethod: 'Static' } },
  azureStack: { sku: { name: 'Basic' }, properties: { publicIPAllocationMethod: 'Dynamic' } },
};
const GATEWAY_SKU: Record<Cloud, string> = { azure: 'VpnGw1AZ', azureStack: 'Standard' };

describe.each<Cloud>(['azure', 'azureStack'])('error shapes and ETag headers on %s', (cloud) => {
  let world: SdkWorld;
  let arm: RawArm;
  const api = API[cloud].network;
  const location = LOCATION[cloud];
  const settle = (): void => void world.sim.inspect.advanceClock(SETTLE_MS);
  const gatewaySubnet = (): string => arm.id(`${N}/virtualNetworks/vnet/subnets/GatewaySubnet`);

  beforeAll(async () => {
    // Slow public IPs keep a write running long enough to meet it with a second one.
    const slowPip = { 'Microsoft.Network/publicIPAddresses:create': 30 * 60_000 };
    world = await startSdkWorld({ seed: `shape-${cloud}`, latency: { azure: slowPip, azureStack: slowPip } });
    arm = rawArm(world, cloud);
    await arm.send('PUT', `resourceGroups/${GROUP}`, API[cloud].resources, { location });
    await arm.send('PUT', `${N}/virtualNetworks/vnet`, api, vnetWithGatewaySubnet(location, 7));
    await arm.send('PUT', `${N}/publicIPAddresses/pip`, api, { location, ...PIP[cloud] });
    settle();
    const gateway = await arm.send(
      'PUT',
      `${N}/virtualNetworkGateways/gw`,
      api,
      gatewayIn(location, GATEWAY_SKU[cloud], {
        subnet: gatewaySubnet(),
        publicIp: arm.id(`${N}/publicIPAddresses/pip`),
      }),
    );
    expect(gateway.status).toBe(201);
    settle();
  });
  afterAll(async () => {
    await world?.sim.stop();
  });

  it('refuses to delete the gateway’s public IP with PublicIPAddressCannotBeDeleted, in NRP’s words', async () => {
    const answer = await arm.send('DELETE', `${N}/publicIPAddresses/pip`, api);
    const pipId = arm.id(`${N}/publicIPAddresses/pip`);
    const holder = arm.id(`${N}/virtualNetworkGateways/gw/ipConfigurations/default`);
    expect(answer).toEqual({
      status: 400,
      headers: expect.any(Object) as unknown,
      body: {
        error: {
          code: 'PublicIPAddressCannotBeDeleted',
          message:
            `Public IP address ${pipId} can not be deleted since it is still allocated to resource ${holder}. ` +
            'In order to delete the public IP, disassociate/detach the Public IP address from the resource.  ' +
            'To learn how to do this, see aka.ms/deletepublicip.',
          details: [],
        },
      },
    });
    expect((await arm.send('GET', `${N}/publicIPAddresses/pip`, api)).status).toBe(200);
  });

  it('sends details: [] with NRP’s validation, dependency and conflict errors', async () => {
    const missingPip = arm.id(`${N}/publicIPAddresses/nowhere`);
    const cases: [string, string, unknown, string][] = [
      [
        'PUT',
        `${N}/virtualNetworks/vnet/subnets/outside`,
        { properties: { addressPrefix: '192.168.0.0/24' } },
        'NetcfgSubnetRangeOutsideVnet',
      ],
      [
        'PUT',
        `${N}/networkInterfaces/nic-bad`,
        {
          location,
          properties: {
            ipConfigurations: [
              { name: 'c', properties: { subnet: { id: gatewaySubnet() }, publicIPAddress: { id: missingPip } } },
            ],
          },
        },
        'GatewaySubnet',
      ],
      ['DELETE', `${N}/virtualNetworks/vnet/subnets/GatewaySubnet`, undefined, 'InUseSubnetCannotBeDeleted'],
      ['GET', `${N}/virtualNetworks/vnet/subnets/none`, undefined, 'NotFound'],
    ];
    for (const [method, path, body, code] of cases) {
      const answer = await arm.send(method, path, api, body);
      expect({ path, error: (answer.body as { error?: unknown }).error }).toEqual({
        path,
        error: { code, message: expect.any(String) as unknown, details: [] },
      });
    }
    // A write while another runs on the same resource: the core's AnotherOperationInProgress, in NRP's shape.
    const update = await arm.send('PUT', `${N}/publicIPAddresses/pip2`, api, { location, ...PIP[cloud] });
    expect(update.status).toBe(201);
    const conflict = await arm.send('PUT', `${N}/publicIPAddresses/pip2`, api, { location, ...PIP[cloud] });
    expect(conflict).toMatchObject({
      status: 409,
      body: { error: { code: 'AnotherOperationInProgress', details: [] } },
    });
    settle();
  });

  it('leaves details out of ARM’s own errors', async () => {
    const notFound = await arm.send('GET', `${N}/virtualNetworks/none`, api);
    const noGroup = await arm.send('GET', `resourceGroups/none/providers/Microsoft.Network/virtualNetworks/v`, api);
    for (const [answer, code] of [
      [notFound, 'ResourceNotFound'],
      [noGroup, 'ResourceGroupNotFound'],
    ] as const) {
      expect(answer.body).toEqual({ error: { code, message: expect.any(String) as unknown } });
    }
  });

  it('answers every GET of a resource with an ETag header equal to the body’s etag', async () => {
    const paths = [
      `${N}/virtualNetworks/vnet`,
      `${N}/virtualNetworks/vnet/subnets/workload`,
      `${N}/publicIPAddresses/pip`,
      `${N}/virtualNetworkGateways/gw`,
    ];
    for (const path of paths) {
      const answer = await arm.send('GET', path, api);
      const etag = (answer.body as { etag?: unknown }).etag;
      expect({ path, etag: typeof etag, header: answer.headers.etag }).toEqual({ path, etag: 'string', header: etag });
    }
  });

  it('sends no ETag header where the body has no etag (a 2020-06-01 VM has none)', async () => {
    if (cloud === 'azure') return;
    const nic = await arm.send(
      'PUT',
      `${N}/networkInterfaces/nic`,
      api,
      nicIn(location, arm.id(`${N}/virtualNetworks/vnet/subnets/workload`)),
    );
    expect(nic.status).toBe(201);
    settle();
    const vm = await arm.send('PUT', `${C}/virtualMachines/vm`, API[cloud].compute, {
      location,
      properties: {
        hardwareProfile: { vmSize: 'Standard_DS1_v2' },
        storageProfile: {
          imageReference: {
            publisher: 'Canonical',
            offer: '0001-com-ubuntu-server-jammy',
            sku: '22_04-lts',
            version: 'latest',
          },
        },
        osProfile: { computerName: 'vm', adminUsername: 'azureuser', adminPassword: 'Placeholder-0123456789!' },
        networkProfile: { networkInterfaces: [{ id: arm.id(`${N}/networkInterfaces/nic`) }] },
      },
    });
    expect(vm.status).toBe(201);
    settle();
    const answer = await arm.send('GET', `${C}/virtualMachines/vm`, API[cloud].compute);
    expect(answer.status).toBe(200);
    expect((answer.body as { etag?: unknown }).etag).toBeUndefined();
    expect(answer.headers.etag).toBeUndefined();
  });
});
