// The plans the soak sends: examples/plan.json pointed at the simulator, one connection name per run (its resource
// groups and shared-key secret named after it, as the API requires). Pure apart from reading the example once.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { planForSimulator } from '../cli/demo/simulatedPlan';
import { packageRoot } from '../cli/packageRoot';
import type { ReadyInfo } from '../simulator';

export type Plan = Record<string, unknown> & {
  name: string;
  azure: Record<string, unknown>;
  azureStack: Record<string, unknown>;
  connection: Record<string, unknown>;
  options: Record<string, unknown>;
};

let example: unknown;

export function planFor(sim: Pick<ReadyInfo, 'azure' | 'azureStack'>, name: string): Plan {
  example ??= JSON.parse(readFileSync(join(packageRoot(), 'examples', 'plan.json'), 'utf8'));
  const plan = structuredClone(planForSimulator(example, sim)) as Plan;
  plan.name = name;
  plan.azure.resourceGroup = `rg-${name}-hybrid`;
  plan.azureStack.resourceGroup = `rg-${name}-hybrid`;
  plan.connection.sharedKeySecretName = `hc-${name}-psk`;
  return plan;
}
