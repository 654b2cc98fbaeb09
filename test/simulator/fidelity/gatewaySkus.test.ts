// Azure's gateway SKU rules as they stand, through the real v39 client:
// - each VpnGw SKU runs on given generations (https://learn.microsoft.com/azure/vpn-gateway/about-gateway-skus):
//   VpnGw1(AZ) Generation1 only, VpnGw2-3(AZ) both, VpnGw4-5(AZ) Generation2 only; a mismatch is refused with
//   VirtualNetworkGatewaySkuCannotBeCreatedForSpecifiedVmGeneration, "The Virtual Network Gateway Sku VpnGw1 cannot be
//   used when VirtualNetworkVpnGatewayGeneration is set to Generation2." (https://github.com/Azure/Azure-Landing-Zones/issues/3265);
// - non-AZ VpnGw1-5 are no longer created (https://learn.microsoft.com/azure/vpn-gateway/gateway-sku-consolidation,
//   https://github.com/ansible-collections/azure/pull/2205): 400 NonAzSkusNotAllowedForVPNGateway;
// - Standard and HighPerformance are retired for new gateways
//   (https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-skus-legacy);
// - Basic public IPs are retired, and every new VPN gateway, Basic SKU included, needs Standard ones
//   (https://learn.microsoft.com/azure/vpn-gateway/basic-public-ip-migrate-about): 400
//   PublicIpWithBasicSkuNotAllowedOnVPNGateways;
// - an AZ SKU needs zonal or zone-redundant public IPs: 400 VmssVpnGatewayPublicIpsMustHaveZonesConfigured, "Standard
//   Public IPs associated with VPN Gateways with AZ VPN skus must have zones configured." (Azure/ResourceModules#2609,
//   microsoft/physical-ai-toolchain#350).
import type { VirtualNetworkGateway } from '@azure/arm-network';
import { startSdkWorld, type SdkWorld } from '../network/sdkWorld';
import { API, gatewayIn, LOCATION, nrpRefusal, rawArm, SETTLE_MS, vnetWithGatewaySubnet, type RawArm } from './rawArm';

jest.setTimeout(60_000);

const GROUP = 'rg-skus';
const N = `resourceGroups/${GROUP}/providers/Microsoft.Network`;
const GENERATIONS = ['Generation1', 'Generation2'] as const;

/** Which generation each SKU accepts, as documented (the AZ SKUs follow their non-AZ namesakes). */
const ACCEPTS: Record<string, readonly string[]> = {
  Basic: ['Generation1'],
  VpnGw1AZ: ['Generation1'],
  VpnGw2AZ: ['Generation1', 'Generation2'],
  VpnGw3AZ: ['Generation1', 'Generation2'],
  VpnGw4AZ: ['Generation2'],
  VpnGw5AZ: ['Generation2'],
};

describe('Azure gateway SKU, generation and public IP rules', () => {
  let world: SdkWorld;
  let arm: RawArm;
  let gateways = 0;
  const location = LOCATION.azure;

  /**
   * A fresh VNet and public IP per gateway (one VPN gateway per VNet), then the gateway PUT as given. The public IP is
   * Standard and zone-redundant unless told otherwise.
   */
  async function putGateway(
    sku: string,
    extra: Record<string, unknown> = {},
    pip: { sku?: string; zones?: string[] } = {},
  ) {
    const n = ++gateways;
    const pipSku = pip.sku ?? 'Standard';
    const zones = pip.zones ?? (pipSku === 'Standard' ? ['1', '2', '3'] : []);
    await arm.send('PUT', `${N}/virtualNetworks/vnet${n}`, API.azure.network, vnetWithGatewaySubnet(location, n));
    await arm.send('PUT', `${N}/publicIPAddresses/pip${n}`, API.azure.network, {
      location,
      sku: { name: pipSku },
      ...(zones.length > 0 ? { zones } : {}),
      properties: { publicIPAllocationMethod: pipSku === 'Standard' ? 'Static' : 'Dynamic' },
    });
    world.sim.inspect.advanceClock(SETTLE_MS);
    const answer = await arm.send(
      'PUT',
      `${N}/virtualNetworkGateways/gw${n}`,
      API.azure.network,
      gatewayIn(
        location,
        sku,
        {
          subnet: arm.id(`${N}/virtualNetworks/vnet${n}/subnets/GatewaySubnet`),
          publicIp: arm.id(`${N}/publicIPAddresses/pip${n}`),
        },
        extra,
      ),
    );
    return { name: `gw${n}`, answer };
  }

  beforeAll(async () => {
    world = await startSdkWorld({ seed: 'skus' });
    arm = rawArm(world, 'azure');
    await arm.send('PUT', `resourceGroups/${GROUP}`, API.azure.resources, { location });
  });
  afterAll(async () => {
    await world?.sim.stop();
  });

  it.each(Object.entries(ACCEPTS))('builds %s only on its documented generations', async (sku, accepted) => {
    for (const generation of GENERATIONS) {
      const { name, answer } = await putGateway(sku, { vpnGatewayGeneration: generation });
      if (accepted.includes(generation)) {
        expect({ generation, status: answer.status }).toEqual({ generation, status: 201 });
        world.sim.inspect.advanceClock(SETTLE_MS);
        const built: VirtualNetworkGateway = await world.azure.network.virtualNetworkGateways.get(GROUP, name);
        expect({ generation, state: built.provisioningState, stored: built.vpnGatewayGeneration }).toEqual({
          generation,
          state: 'Succeeded',
          stored: generation,
        });
      } else {
        expect({ generation, answer: answer.body }).toEqual({
          generation,
          answer: {
            error: {
              code: 'VirtualNetworkGatewaySkuCannotBeCreatedForSpecifiedVmGeneration',
              message: `The Virtual Network Gateway Sku ${sku} cannot be used when VirtualNetworkVpnGatewayGeneration is set to ${generation}.`,
              details: [],
            },
          },
        });
        expect(answer.status).toBe(400);
      }
    }
  });

  it('refuses VpnGw1 with Generation2 with the recorded code and text, before the non-AZ rule', async () => {
    const { answer } = await putGateway('VpnGw1', { vpnGatewayGeneration: 'Generation2' });
    expect(answer).toMatchObject({
      status: 400,
      body: {
        error: {
          code: 'VirtualNetworkGatewaySkuCannotBeCreatedForSpecifiedVmGeneration',
          message:
            'The Virtual Network Gateway Sku VpnGw1 cannot be used when VirtualNetworkVpnGatewayGeneration is set to Generation2.',
        },
      },
    });
  });

  it.each(['VpnGw1', 'VpnGw2', 'VpnGw3', 'VpnGw4', 'VpnGw5'])(
    'refuses a new non-AZ %s with NonAzSkusNotAllowedForVPNGateway when the request arrives',
    async (sku) => {
      const { name, answer } = await putGateway(sku);
      expect(answer).toEqual(
        nrpRefusal(
          'NonAzSkusNotAllowedForVPNGateway',
          'VpnGw1-5 non-AZ SKUs are no longer supported for VPN gateways. Only VpnGw1-5AZ SKUs can be created going forward.',
        ),
      );
      expect((await arm.send('GET', `${N}/virtualNetworkGateways/${name}`, API.azure.network)).status).toBe(404);
    },
  );

  it('defaults the generation a SKU runs on when the request names none (VpnGw1AZ 1, VpnGw5AZ 2)', async () => {
    for (const [sku, generation] of [
      ['VpnGw1AZ', 'Generation1'],
      ['VpnGw5AZ', 'Generation2'],
    ]) {
      const { answer } = await putGateway(sku);
      expect(answer).toMatchObject({ status: 201, body: { properties: { vpnGatewayGeneration: generation } } });
    }
  });

  it('refuses a Basic public IP on every new VPN gateway, the Basic SKU included', async () => {
    for (const sku of ['Basic', 'VpnGw1AZ']) {
      const { answer } = await putGateway(sku, {}, { sku: 'Basic' });
      expect(answer).toMatchObject({
        status: 400,
        body: { error: { code: 'PublicIpWithBasicSkuNotAllowedOnVPNGateways', details: [] } },
      });
    }
  });

  it('refuses an AZ SKU whose Standard public IP has no zones, when the request arrives; a zonal one is enough', async () => {
    const { name, answer } = await putGateway('VpnGw2AZ', {}, { zones: [] });
    expect(answer).toEqual(
      nrpRefusal(
        'VmssVpnGatewayPublicIpsMustHaveZonesConfigured',
        'Standard Public IPs associated with VPN Gateways with AZ VPN skus must have zones configured.',
      ),
    );
    expect((await arm.send('GET', `${N}/virtualNetworkGateways/${name}`, API.azure.network)).status).toBe(404);
    expect((await putGateway('VpnGw2AZ', {}, { zones: ['2'] })).answer.status).toBe(201);
  });

  it('ends a new Standard or HighPerformance gateway Failed (retired legacy SKUs)', async () => {
    for (const sku of ['Standard', 'HighPerformance']) {
      const { name, answer } = await putGateway(sku);
      expect(answer.status).toBe(201);
      world.sim.inspect.advanceClock(SETTLE_MS);
      const failed = await world.azure.network.virtualNetworkGateways.get(GROUP, name);
      expect(failed.provisioningState).toBe('Failed');
      const operation = world.sim.inspect.operations('azure').find((op) => op.resourceId.endsWith(`/${name}`));
      expect(operation?.error?.code).toBe('InvalidGatewaySize');
    }
  });
});
