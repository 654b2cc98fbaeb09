// The shared key's Key Vault secret is derived from the connection name: a plan may repeat that name but never choose
// another, so a function-key holder cannot have the app read any other secret of the vault and send it to a cloud.
import { defaultSharedKeySecretName } from '../naming';
import type { Findings } from './findings';
import type { ResolvedPlan } from './types';

export function checkSharedKeySecretName(plan: ResolvedPlan, findings: Findings): void {
  const expected = defaultSharedKeySecretName(plan.name);
  if (plan.connection.sharedKeySecretName !== expected) {
    findings.error(
      'connection.sharedKeySecretName',
      `must be ${expected} (or left out): the shared key's secret is derived from the connection name`,
    );
  }
}
