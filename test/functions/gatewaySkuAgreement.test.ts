// One SKU table through both sides: every gateway SKU of the model (VirtualNetworkGatewaySkuName, network 2026-01-01)
// is put to the app's plan validation and, as the gateway body the app would send (activities/beginGateway
// gatewayModel: the SKU on the generation the site's profile gives it) over the public IP the app would create
// (publicIpShape), to the simulated cloud through the same SDK client the app uses. A SKU the plan accepts must
// build; a SKU it refuses must be refused by the cloud too, except where the app is stricter on purpose (listed,
// with why). The rules both follow, with their sources, are in simulator/network/gatewaySkus.ts and
// test/simulator/fidelity/gatewaySkus.test.ts:
//   https://learn.microsoft.com/azure/vpn-gateway/about-gateway-skus (SKUs per generation)
//   https://learn.microsoft.com/azure/vpn-gateway/gateway-sku-consolidation (no new non-AZ VpnGw1-5)
//   https://learn.microsoft.com/azure/vpn-gateway/vpn-gateway-about-skus-legacy (no new Standard/HighPerformance)
//   https://learn.microsoft.com/azure/vpn-gateway/basic-public-ip-migrate-about (Standard public IPs only)
//   https://learn.microsoft.com/azure-stack/user/azure-stack-vpn-gateway-settings (Stack Hub's SKUs)
import { gatewayModel } from '../../activities/beginGateway';
import type { SiteTarget } from '../../activities/contracts';
import { publicIpShape } from '../../activities/ensurePublicIp';
import type { CloudId } from '../../lib/cloudIds';
import { siteProfile } from '../../lib/sites/profiles';
import { MODEL_SKUS } from '../../simulator/network/gatewaySkus';
import { messagesAt, planWith } from '../lib/planFixtures';
import { POLL, startSdkWorld, type SdkWorld } from '../simulator/network/sdkWorld';

jest.setTimeout(120_000);

/** SKUs the cloud would build that the plan refuses anyway, and why. */
const STRICTER_ON_PURPOSE: Record<CloudId, Record<string, string>> = {
  azure: { Basic: 'a Basic gateway takes no custom IPsec/IKE policy, and Azure must carry Stack Hub’s' },
  azureStack: {},
};

const LOCATION: Record<CloudId, string> = { azure: 'westeurope', azureStack: 'local' };
const GROUP = 'rg-skus';

describe.each<CloudId>(['azure', 'azureStack'])('gateway SKUs: plan validation and the simulated %s agree', (cloud) => {
  let world: SdkWorld;
  const verdicts: Record<string, { plan: boolean; cloud: boolean; generation?: string }> = {};

  const network = () => (cloud === 'azure' ? world.azure.network : world.stack.network);

  /** Builds the app's gateway for `sku` in its own VNet; true when it ends Succeeded. */
  async function builds(sku: string, index: number): Promise<{ ok: boolean; generation?: string }> {
    const location = LOCATION[cloud];
    const vnet = await network().virtualNetworks.beginCreateOrUpdateAndWait(
      GROUP,
      `vnet-${index}`,
      {
        location,
        addressSpace: { addressPrefixes: [`10.${index}.0.0/16`] },
        subnets: [{ name: 'GatewaySubnet', addressPrefix: `10.${index}.255.0/27` }],
      },
      POLL,
    );
    const pip = await network().publicIPAddresses.beginCreateOrUpdateAndWait(
      GROUP,
      `pip-${index}`,
      { location, ...publicIpShape(cloud) },
      POLL,
    );
    const target: SiteTarget = {
      cloud,
      subscriptionId: world.sim[cloud].subscriptionId,
      location,
      resourceGroup: GROUP,
      name: 'contoso',
      tags: { 'managed-by': 'hybrid-connection' },
    };
    const body = gatewayModel({
      target,
      sku,
      gatewaySubnetId: vnet.subnets?.find((s) => s.name === 'GatewaySubnet')?.id ?? '',
      publicIpId: pip.id ?? '',
    });
    try {
      const gateway = await network().virtualNetworkGateways.beginCreateOrUpdateAndWait(
        GROUP,
        `gw-${index}`,
        body,
        POLL,
      );
      return {
        ok: gateway.provisioningState === 'Succeeded',
        generation: (gateway as { vpnGatewayGeneration?: string }).vpnGatewayGeneration,
      };
    } catch {
      return { ok: false };
    }
  }

  beforeAll(async () => {
    world = await startSdkWorld({ seed: `sku-agreement-${cloud}`, timeScale: 100_000 });
    const groups = cloud === 'azure' ? world.azure.resources.resourceGroups : world.stack.resources.resourceGroups;
    await groups.createOrUpdate(GROUP, { location: LOCATION[cloud] });
    for (const [index, sku] of MODEL_SKUS.entries()) {
      const plan = messagesAt(planWith({ [`${cloud}.gatewaySku`]: sku }), `${cloud}.gatewaySku`).length === 0;
      const built = await builds(sku, index + 1);
      verdicts[sku] = { plan, cloud: built.ok, generation: built.generation };
    }
  });
  afterAll(async () => {
    await world?.sim.stop();
  });

  it.each(MODEL_SKUS)('%s: the plan accepts it exactly when the cloud builds it', (sku) => {
    const { plan, cloud: built } = verdicts[sku];
    const why = STRICTER_ON_PURPOSE[cloud][sku];
    if (why) {
      expect({ sku, plan, built, why }).toEqual({ sku, plan: false, built: true, why });
    } else {
      expect({ sku, plan }).toEqual({ sku, plan: built });
    }
  });

  it('builds every SKU the plan accepts on the generation the site’s profile sends', () => {
    const accepted = MODEL_SKUS.filter((sku) => verdicts[sku].plan);
    expect([...accepted].sort()).toEqual([...siteProfile(cloud).gatewaySkus].sort());
    for (const sku of accepted) {
      expect({ sku, generation: verdicts[sku].generation }).toEqual({
        sku,
        generation: siteProfile(cloud).gatewayGeneration(sku),
      });
    }
  });
});
