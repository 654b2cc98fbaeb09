// Which IPsec policies each cloud's connection resource carries, derived from a resolved plan. Pure.
import type { CloudId } from '../cloudIds';
import type { IpsecPolicy } from '../ipsec';
import { siteProfile } from '../sites/profiles';
import type { PairPlan } from './types';

/**
 * The `ipsecPolicies` array for one cloud's connection. Both ends run `plan.connection.ipsecPolicy`; a gateway whose
 * SKU runs only its built-in offer (Stack Hub's Basic) cannot carry a custom policy, so there it is left empty and the
 * built-in offer (which the plan's policy then equals, as validation guarantees) applies.
 */
export function ipsecPoliciesFor(plan: PairPlan, cloud: CloudId): IpsecPolicy[] {
  const sku: string = plan[cloud].gatewaySku;
  if (siteProfile(cloud).builtInPolicyOnlySkus.includes(sku)) return [];
  return [{ ...plan.connection.ipsecPolicy }];
}
