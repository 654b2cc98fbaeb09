// Which target each write of a fleet goes through: the hub's shared resources carry no site, what the hub holds of a
// site and everything on that site's stamp name it and carry its tag; a single-site plan keeps today's names.
import { pairPlanOf, validatePlan } from '../../lib/plan';
import { hubTargetFor, provisionSiteInputFor, siteTargetFor } from '../../orchestrations/siteTargets';
import { minimalPlan } from '../lib/planFixtures';
import { resolvedPair } from './fixtures';

const TAGS = { 'managed-by': 'hybrid-connection', 'hc-instance': 'hc-contoso' };

describe('site targets', () => {
  it("builds the hub's shared resources without a site, and each site's side with its name and tag", () => {
    const site = { ...minimalPlan().azureStack, name: 'factory-1', resourceGroup: 'rg-factory-1' };
    const result = validatePlan({ ...minimalPlan(), azureStack: [site] });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const pair = pairPlanOf(result.plan, 'factory-1');
    expect(hubTargetFor(pair)).toEqual({
      cloud: 'azure',
      subscriptionId: pair.azure.subscriptionId,
      location: 'westeurope',
      resourceGroup: 'rg-contoso-hybrid',
      name: 'contoso',
      tags: TAGS,
    });
    expect(provisionSiteInputFor(pair, 'azure').target).toEqual(hubTargetFor(pair));
    expect(siteTargetFor(pair, 'azure')).toEqual({
      ...hubTargetFor(pair),
      site: 'factory-1',
      tags: { ...TAGS, 'hc-site': 'factory-1' },
    });
    expect(provisionSiteInputFor(pair, 'azureStack').target).toEqual(siteTargetFor(pair, 'azureStack'));
    expect(siteTargetFor(pair, 'azureStack')).toMatchObject({
      cloud: 'azureStack',
      resourceGroup: 'rg-factory-1',
      site: 'factory-1',
      tags: { ...TAGS, 'hc-site': 'factory-1' },
    });
  });

  it('gives the one site of a single-site plan the name azurestack, so its names and tags stay those of before fleets', () => {
    const pair = resolvedPair();
    expect(siteTargetFor(pair, 'azure')).toEqual({ ...hubTargetFor(pair), site: 'azurestack', tags: TAGS });
    expect(siteTargetFor(pair, 'azureStack').tags).toEqual(TAGS);
    expect(provisionSiteInputFor(pair, 'azure').target.tags).toEqual(TAGS);
  });
});
