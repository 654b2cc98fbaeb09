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
import type { ResolvedPlan } from './types';

const POLICY_PATH = 'connection.ipsecPolicy';

export function checkIpsecPolicy(plan: ResolvedPlan, findings: Findings): void {
  const policy = plan.connection.ipsecPolicy;

  const gcm = gcmPairingProblem(policy);
  if (gcm) findings.error(`${POLICY_PATH}.ipsecIntegrity`, `${gcm} (GCM encrypts and authenticates in one step)`);

  if (SITE_PROFILES.azureStack.builtInPolicyOnlySkus.includes(plan.azureStack.gatewaySku)) {
    // A Basic Stack Hub gateway runs its built-in offer only; the default policy equals it, anything else cannot match.
    if (!ipsecPoliciesEqual(policy, AZURE_STACK_DEFAULT_IPSEC_POLICY)) {
      findings.error(
        POLICY_PATH,
        'an Azure Stack Hub Basic gateway accepts no custom IPsec policy: remove connection.ipsecPolicy ' +
          "(Azure then gets Stack Hub's built-in policy) or set azureStack.gatewaySku to Standard or HighPerformance",
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
