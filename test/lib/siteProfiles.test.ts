// Each kind of site is described once, by its profile: the plan schema, the defaults, the activities' bodies and the
// words on screen all follow it.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { publicIpShape } from '../../activities/ensurePublicIp';
import { CLOUD_DISPLAY_NAMES, CLOUD_IDS } from '../../lib/cloudIds';
import { firstPairOf, ipsecPoliciesFor, resolvePlan } from '../../lib/plan';
import { SITE_PROFILES, siteProfile } from '../../lib/sites/profiles';
import { minimalPlan, planWith } from './planFixtures';

type SiteSchema = { properties: { gatewaySku: { enum: string[] } } };
const schema = JSON.parse(readFileSync(join(__dirname, '../../lib/plan/plan.schema.json'), 'utf8')) as {
  properties: Record<string, SiteSchema>;
  definitions: { azureStackSite: SiteSchema };
};
/** Each cloud's site object in the schema (a Stack Hub site is a definition: azureStack is one, or an array). */
const siteSchemas: Record<string, SiteSchema | undefined> = {
  azure: schema.properties.azure,
  azureStack: schema.definitions.azureStackSite,
};

describe('site profiles', () => {
  it.each(CLOUD_IDS)(
    '%s: the schema offers exactly the SKUs its profile has, and the defaults are among them',
    (cloud) => {
      const profile = siteProfile(cloud);
      expect(siteSchemas[cloud]?.properties.gatewaySku.enum).toEqual([...profile.gatewaySkus]);
      expect(profile.gatewaySkus).toContain(profile.defaultGatewaySku);
      const resolved = firstPairOf(resolvePlan(minimalPlan()));
      expect(resolved[cloud]).toMatchObject({
        gatewaySku: profile.defaultGatewaySku,
        vm: { size: profile.defaultVmSize, image: profile.defaultImage },
      });
      expect(CLOUD_DISPLAY_NAMES[cloud]).toBe(profile.title);
    },
  );

  it('gives the public IP and the OS disk the rules of their site', () => {
    expect(publicIpShape('azure')).toEqual({
      sku: { name: 'Standard' },
      publicIPAllocationMethod: 'Static',
      zones: ['1', '2', '3'],
    });
    expect(publicIpShape('azureStack')).toEqual({ sku: { name: 'Basic' }, publicIPAllocationMethod: 'Dynamic' });
    expect(SITE_PROFILES.azure.osDisk.deleteWithVm).toBe(true);
    expect(SITE_PROFILES.azureStack.osDisk.deleteWithVm).toBe(false);
  });

  it('leaves the policy off a connection whose gateway runs only its built-in offer', () => {
    const basic = firstPairOf(resolvePlan(planWith({ 'azureStack.gatewaySku': 'Basic' }, minimalPlan()) as never));
    expect(ipsecPoliciesFor(basic, 'azureStack')).toEqual([]);
    expect(ipsecPoliciesFor(basic, 'azure')).toHaveLength(1);
  });

  it('builds each Azure SKU on the generation it runs on, and names none where the api has no such field', () => {
    // https://learn.microsoft.com/azure/vpn-gateway/about-gateway-skus: VpnGw1AZ Generation1 only, VpnGw4AZ-5AZ
    // Generation2 only; the 2018-11-01 network api of Stack Hub has no vpnGatewayGeneration.
    expect(SITE_PROFILES.azure.gatewaySkus.map((sku) => SITE_PROFILES.azure.gatewayGeneration(sku))).toEqual([
      'Generation1',
      'Generation2',
      'Generation2',
      'Generation2',
      'Generation2',
    ]);
    expect(SITE_PROFILES.azureStack.gatewaySkus.map((sku) => SITE_PROFILES.azureStack.gatewayGeneration(sku))).toEqual(
      SITE_PROFILES.azureStack.gatewaySkus.map(() => undefined),
    );
  });

  it('explains a refused SKU in the words of the site that refused it', () => {
    expect(SITE_PROFILES.azure.explainSkuRefusal('Standard', '"Standard"')).toMatch(/retired legacy SKU/);
    expect(SITE_PROFILES.azureStack.explainSkuRefusal('VpnGw1AZ', '"VpnGw1AZ"')).toMatch(/no availability zones/);
    expect(SITE_PROFILES.azureStack.skuWarning('VpnGw2')).toMatch(/VPN Fast Path/);
    expect(SITE_PROFILES.azure.skuWarning('VpnGw2AZ')).toBeUndefined();
  });
});
