// Which IPsec policies each cloud's connection resource carries, derived from a resolved plan. Pure.
import type { CloudId } from '../cloudIds';
import type { IpsecPolicy } from '../ipsec';
import type { ResolvedPlan } from './types';

/**
 * The `ipsecPolicies` array for one cloud's connection. Both ends run `plan.connection.ipsecPolicy`; a Stack Hub
 * Basic gateway cannot carry a custom policy, so there it is left empty and the gateway's built-in offer (which the
 * plan's policy then equals, as validation guarantees) applies.
 */
export function ipsecPoliciesFor(plan: ResolvedPlan, cloud: CloudId): IpsecPolicy[] {
  if (cloud === 'azureStack' && plan.azureStack.gatewaySku === 'Basic') return [];
  return [{ ...plan.connection.ipsecPolicy }];
}
