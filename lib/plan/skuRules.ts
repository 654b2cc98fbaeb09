// Gateway SKU rules: what to say when a plan asks for a SKU its site does not offer, what to warn about (the rules
// themselves live in each site's profile), and whether the hub gateway's SKU carries a tunnel to every site.
import { isCloudId, type CloudId } from '../cloudIds';
import { SITE_PROFILES, siteProfile } from '../sites/profiles';
import { echo } from './echo';
import type { Findings } from './findings';
import type { SideAt } from './sides';
import type { ResolvedPlan } from './types';

/** The message for a SKU the schema refused, naming why and what to pick instead (the site's profile knows). */
export function explainGatewaySkuRefusal(cloud: CloudId, value: unknown): string {
  return siteProfile(cloud).explainSkuRefusal(typeof value === 'string' ? value : '', echo(value));
}

/** The cloud a plan path is under (`azureStack[2].gatewaySku` is under azureStack), if any. */
export function cloudOfPath(path: string): CloudId | undefined {
  const head = path.split(/[.[]/)[0];
  return isCloudId(head) ? head : undefined;
}

export function checkGatewaySkus(plan: ResolvedPlan, sides: readonly SideAt[], findings: Findings): void {
  for (const { cloud, path, site } of sides) {
    const warning = siteProfile(cloud).skuWarning(site.gatewaySku);
    if (warning !== undefined) findings.warn(`${path}.gatewaySku`, warning);
  }
  checkHubTunnels(plan, findings);
}

/** The hub gateway carries one site-to-site tunnel per site: its SKU must carry that many. */
function checkHubTunnels(plan: ResolvedPlan, findings: Findings): void {
  const hub = SITE_PROFILES.azure;
  const sites = plan.azureStack.length;
  const limit = hub.maxSiteToSiteTunnels(plan.azure.gatewaySku);
  if (sites <= limit) return;
  const fits = hub.gatewaySkus.find((sku) => hub.maxSiteToSiteTunnels(sku) >= sites);
  findings.error(
    'azureStack',
    `${sites} sites need ${sites} site-to-site tunnels on the hub gateway, but ${plan.azure.gatewaySku} carries at ` +
      `most ${limit}: ` +
      (fits !== undefined
        ? `set azure.gatewaySku to ${fits} (up to ${hub.maxSiteToSiteTunnels(fits)}), or split the sites`
        : 'split the sites over more than one connection'),
  );
}
