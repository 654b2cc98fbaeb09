// Gateway SKU rules: what to say when a plan asks for a SKU its site does not offer, and what to warn about (the
// rules themselves live in each site's profile).
import { CLOUD_IDS, type CloudId } from '../cloudIds';
import { siteProfile } from '../sites/profiles';
import { echo } from './echo';
import type { Findings } from './findings';
import type { ResolvedPlan } from './types';

/** The message for a SKU the schema refused, naming why and what to pick instead (the site's profile knows). */
export function explainGatewaySkuRefusal(cloud: CloudId, value: unknown): string {
  return siteProfile(cloud).explainSkuRefusal(typeof value === 'string' ? value : '', echo(value));
}

export function checkGatewaySkus(plan: ResolvedPlan, findings: Findings): void {
  for (const cloud of CLOUD_IDS) {
    const warning = siteProfile(cloud).skuWarning(plan[cloud].gatewaySku);
    if (warning !== undefined) findings.warn(`${cloud}.gatewaySku`, warning);
  }
}
