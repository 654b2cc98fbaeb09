// IPsec policy rules: GCM pairing, Stack Hub's narrower value lists, and no custom policy on a Stack Hub Basic gateway.
import {
  AZURE_STACK_DEFAULT_IPSEC_POLICY,
  AZURE_STACK_IPSEC_VALUES,
  IPSEC_ALGORITHM_FIELDS,
  gcmPairingProblem,
  ipsecPoliciesEqual,
} from '../ipsec';
import { SITE_PROFILES } from '../sites/profiles';
import { echoText } from './echo';
import type { Findings } from './findings';
import type { SiteAt } from './sides';
import type { ResolvedPlan } from './types';

const POLICY_PATH = 'connection.ipsecPolicy';

/** One policy runs on every tunnel of the plan: it must suit each pair (each site's gateway SKU). */
export function checkIpsecPolicy(plan: ResolvedPlan, sites: readonly SiteAt[], findings: Findings): void {
  const policy = plan.connection.ipsecPolicy;

  const gcm = gcmPairingProblem(policy);
  if (gcm) findings.error(`${POLICY_PATH}.ipsecIntegrity`, `${gcm} (GCM encrypts and authenticates in one step)`);

  const builtInOnly = sites.filter(({ site }) =>
    SITE_PROFILES.azureStack.builtInPolicyOnlySkus.includes(site.gatewaySku),
  );
  if (builtInOnly.length > 0) {
    // A Basic Stack Hub gateway runs its built-in offer only; the default policy equals it, anything else cannot match.
    if (!ipsecPoliciesEqual(policy, AZURE_STACK_DEFAULT_IPSEC_POLICY)) {
      const skus = builtInOnly.map(({ path }) => `${path}.gatewaySku`).join(', ');
      findings.error(
        POLICY_PATH,
        'an Azure Stack Hub Basic gateway accepts no custom IPsec policy: remove connection.ipsecPolicy ' +
          `(Azure then gets Stack Hub's built-in policy) or set ${skus} to Standard or HighPerformance`,
      );
    }
    return;
  }

  for (const field of IPSEC_ALGORITHM_FIELDS) {
    const allowed = AZURE_STACK_IPSEC_VALUES[field];
    if (!allowed.includes(policy[field])) {
      findings.error(
        `${POLICY_PATH}.${field}`,
        `Azure Stack Hub does not accept ${echoText(policy[field])} for ${field}, and the same policy goes on both ` +
          `connections: use one of ${allowed.join(', ')}`,
      );
    }
  }
}
