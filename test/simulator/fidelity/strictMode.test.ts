// Strict mode (the default): write bodies checked against the model of the SDK package each cloud's clients use
// (arm-network 39 / compute 25 / resources 8 on Azure, the 2020-09-01-hybrid packages on Azure Stack Hub). Each
// refusal names the property path, and nothing is written. The shape of NRP's answer is real for an unknown member:
// 400 InvalidRequestFormat "Cannot parse the request." with an InvalidJson detail "Could not find member
// 'resourceGroup' on object of type 'Subnet'. Path 'properties.subnets[0].resourceGroup', …" (a VNet PUT at
// 2024-10-01 echoing a GET body, quoted in a public 2025 write-up on `az rest`); the other texts follow Json.NET's.
// Every body the app sends is accepted: the e2e, functions and activities suites run against a strict simulator.
import type { VirtualNetworkGatewayConnection } from '@azure/arm-network';
import { startSdkWorld, type SdkWorld } from '../network/sdkWorld';
import { API, LOCATION, rawArm, SETTLE_MS, vnetWithGatewaySubnet, type RawArm } from './rawArm';

jest.setTimeout(60_000);

const GROUP = 'rg-strict';
const N = `resourceGroups/${GROUP}/providers/Microsoft.Network`;
const C = `resourceGroups/${GROUP}/providers/Microsoft.Compute`;

/** NRP's answer to a body its model refuses: one InvalidJson detail per violation. */
function invalidJson(...messages: string[]): Record<string, unknown> {
  return {
    status: 400,
    body: {
      error: {
        code: 'InvalidRequestFormat',
        message: 'Cannot parse the request.',
        details: messages.map((message) => ({ code: 'InvalidJson', message })),
      },
    },
  };
}

describe('strict mode on azure', () => {
  let world: SdkWorld;
  let arm: RawArm;
  const api = API.azure.network;
  const location = LOCATION.azure;

  beforeAll(async () => {
    world = await startSdkWorld({ seed: 'strict' });
    arm = rawArm(world, 'azure');
    await arm.send('PUT', `resourceGroups/${GROUP}`, API.azure.resources, { location });
    expect((await arm.send('PUT', `${N}/virtualNetworks/vnet`, api, vnetWithGatewaySubnet(location, 7))).status).toBe(
      201,
    );
    world.sim.inspect.advanceClock(SETTLE_MS);
  });
  afterAll(async () => {
    await world?.sim.stop();
  });

  it('refuses a member the model does not know, in NRP’s recorded words', async () => {
    const body = vnetWithGatewaySubnet(location, 8) as { properties: { subnets: Record<string, unknown>[] } };
    body.properties.subnets[0].resourceGroup = GROUP;
    const answer = await arm.send('PUT', `${N}/virtualNetworks/vnet-unknown`, api, body);
    expect(answer).toMatchObject(
      invalidJson(
        "Could not find member 'resourceGroup' on object of type 'Subnet'. Path 'properties.subnets[0].resourceGroup'.",
      ),
    );
    expect((await arm.send('GET', `${N}/virtualNetworks/vnet-unknown`, api)).status).toBe(404);
  });

  it('refuses a value of the wrong JSON type, naming its path', async () => {
    const subnet = arm.id(`${N}/virtualNetworks/vnet/subnets/workload`);
    const answer = await arm.send('PUT', `${N}/networkInterfaces/nic-type`, api, {
      location,
      properties: { ipConfigurations: [{ name: 'c', properties: { subnet } }] },
    });
    expect(answer).toMatchObject(
      invalidJson(
        `Error converting value ${JSON.stringify(subnet).slice(0, 64)}… to type 'Subnet'. Path 'properties.ipConfigurations[0].properties.subnet'.`,
      ),
    );
    expect((await arm.send('GET', `${N}/networkInterfaces/nic-type`, api)).status).toBe(404);
  });

  it('refuses read-only members (provisioningState, resourceGuid) sent by the client', async () => {
    const body = vnetWithGatewaySubnet(location, 9) as { properties: Record<string, unknown> };
    body.properties.provisioningState = 'Succeeded';
    body.properties.resourceGuid = '00000000-0000-0000-0000-000000000000';
    const answer = await arm.send('PUT', `${N}/virtualNetworks/vnet-readonly`, api, body);
    expect(answer).toMatchObject(
      invalidJson(
        "Property 'provisioningState' on object of type 'VirtualNetwork' is read-only and cannot be set. Path 'properties.provisioningState'.",
        "Property 'resourceGuid' on object of type 'VirtualNetwork' is read-only and cannot be set. Path 'properties.resourceGuid'.",
      ),
    );
  });

  it('refuses a missing required member through the real SDK (a connection without connectionType)', async () => {
    const gateway = arm.id(`${N}/virtualNetworkGateways/nowhere`);
    const body = { location, virtualNetworkGateway1: { id: gateway } } as unknown as VirtualNetworkGatewayConnection;
    const refused = world.azure.network.virtualNetworkGatewayConnections.beginCreateOrUpdate(GROUP, 'cn', body);
    await expect(refused).rejects.toMatchObject({ statusCode: 400, code: 'InvalidRequestFormat' });
    // The SDK keeps the code, not the body: the same wire body, raw, shows the detail.
    const raw = await arm.send('PUT', `${N}/connections/cn`, api, {
      location,
      properties: { virtualNetworkGateway1: { id: gateway } },
    });
    expect(raw).toMatchObject(
      invalidJson("Required property 'connectionType' not found in JSON. Path 'properties.connectionType'."),
    );
  });

  it('refuses a modelAsString value the package does not know, and takes a known one in any case', async () => {
    const pip = (method: string) => ({
      location,
      sku: { name: 'Standard' },
      zones: ['1', '2', '3'],
      properties: { publicIPAllocationMethod: method },
    });
    expect(await arm.send('PUT', `${N}/publicIPAddresses/pip-sticky`, api, pip('Sticky'))).toMatchObject(
      invalidJson(
        `Error converting value "Sticky" to type 'IPAllocationMethod'. Path 'properties.publicIPAllocationMethod'.`,
      ),
    );
    expect((await arm.send('PUT', `${N}/publicIPAddresses/pip-static`, api, pip('STATIC'))).status).toBe(201);
  });

  it('refuses a value outside a fixed enum as CRP does: InvalidParameter naming the parameter', async () => {
    const answer = await arm.send('PUT', `${C}/virtualMachines/vm-caching`, API.azure.compute, {
      location,
      properties: { storageProfile: { osDisk: { createOption: 'FromImage', caching: 'Sometimes' } } },
    });
    expect(answer).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'InvalidParameter',
          target: 'properties.storageProfile.osDisk.caching',
          message:
            "Error converting value \"Sometimes\" to type 'CachingTypes'. Path 'properties.storageProfile.osDisk.caching'.",
        },
      },
    });
  });

  it('answers a resource group’s read-only member as ARM’s own front door does (InvalidRequestContent)', async () => {
    const answer = await arm.send('PUT', 'resourceGroups/rg-strict-2', API.azure.resources, {
      location,
      properties: { provisioningState: 'Succeeded' },
    });
    expect(answer).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'InvalidRequestContent',
          message:
            "The request content was invalid and could not be deserialized: 'Property 'provisioningState' on object of type 'ResourceGroupProperties' is read-only and cannot be set. Path 'properties.provisioningState'.'.",
        },
      },
    });
  });
});

describe('strict mode on azureStack (the 2020-09-01-hybrid mappers)', () => {
  let world: SdkWorld;
  let arm: RawArm;
  const api = API.azureStack.network;
  const location = LOCATION.azureStack;

  beforeAll(async () => {
    world = await startSdkWorld({ seed: 'strict-stack' });
    arm = rawArm(world, 'azureStack');
    await arm.send('PUT', `resourceGroups/${GROUP}`, API.azureStack.resources, { location });
  });
  afterAll(async () => {
    await world?.sim.stop();
  });

  it('refuses a read-only member, an unknown one and a wrong type of the 2018-11-01 models', async () => {
    const answer = await arm.send('PUT', `${N}/connections/cn`, api, {
      location,
      properties: {
        connectionType: 'IPsec',
        routingWeight: 'ten',
        provisioningState: 'Succeeded',
        dpdTimeoutSeconds: 45,
      },
    });
    expect(answer).toMatchObject(
      invalidJson(
        `Error converting value "ten" to type 'number'. Path 'properties.routingWeight'.`,
        "Property 'provisioningState' on object of type 'VirtualNetworkGatewayConnection' is read-only and cannot be set. Path 'properties.provisioningState'.",
        "Could not find member 'dpdTimeoutSeconds' on object of type 'VirtualNetworkGatewayConnection'. Path 'properties.dpdTimeoutSeconds'.",
      ),
    );
  });
});

describe('strict: false', () => {
  it('serves what the resource types accept, read-only members included', async () => {
    const world = await startSdkWorld({ seed: 'lenient', strict: false });
    try {
      const arm = rawArm(world, 'azure');
      const location = LOCATION.azure;
      await arm.send('PUT', `resourceGroups/${GROUP}`, API.azure.resources, { location });
      const body = vnetWithGatewaySubnet(location, 9) as { properties: Record<string, unknown> };
      body.properties.provisioningState = 'Succeeded';
      expect((await arm.send('PUT', `${N}/virtualNetworks/vnet`, API.azure.network, body)).status).toBe(201);
    } finally {
      await world.sim.stop();
    }
  });
});
