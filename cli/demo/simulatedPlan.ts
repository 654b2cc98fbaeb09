// Adapts a plan written for real clouds (examples/plan.json) to a running simulator: its subscriptions and its Azure
// Stack Hub ARM endpoint. Pure; everything else in the plan (names, address spaces, SKUs, policy) is kept as written.
import type { ReadyInfo } from '../../simulator';
import { isRecord } from '../../lib/json';

export class DemoPlanError extends Error {
  override readonly name = 'DemoPlanError';
}

export function planForSimulator(plan: unknown, sim: Pick<ReadyInfo, 'azure' | 'azureStack'>): Record<string, unknown> {
  if (!isRecord(plan) || !isRecord(plan.azure) || !isRecord(plan.azureStack)) {
    throw new DemoPlanError('the plan needs "azure" and "azureStack" objects');
  }
  // `$schema` helps editors, not the API.
  const rest: Record<string, unknown> = { ...plan };
  delete rest.$schema;
  return {
    ...rest,
    azure: { ...plan.azure, subscriptionId: sim.azure.subscriptionId },
    azureStack: {
      ...plan.azureStack,
      subscriptionId: sim.azureStack.subscriptionId,
      armEndpoint: sim.azureStack.armEndpoint,
    },
  };
}
