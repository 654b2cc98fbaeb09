// A fleet plan for `serve --simulate --stamps N`: examples/plan.json with one site per name, site i on the
// simulator's stamp i (its own address space 10.(201+i).0.0/16 and resource group), and a hub group of its own.
import { readFileSync } from 'node:fs';
import { planForSimulator } from '../../cli/demo/simulatedPlan';
import { EXAMPLE_PLAN_FILE, type Serve } from './harness';

export function fleetPlanFor(serve: Serve, name: string, sites: readonly string[]): Record<string, unknown> {
  const example = JSON.parse(readFileSync(EXAMPLE_PLAN_FILE, 'utf8')) as Record<string, unknown> & {
    azureStack: Record<string, unknown>;
  };
  const siteObjects = sites.map((site, index) => ({
    ...example.azureStack,
    name: site,
    resourceGroup: `rg-${name}-${site}`,
    addressSpace: [`10.${201 + index}.0.0/16`],
    workloadSubnet: `10.${201 + index}.1.0/24`,
    gatewaySubnet: `10.${201 + index}.255.0/27`,
  }));
  const plan = planForSimulator({ ...example, azureStack: siteObjects }, serve.ready.simulator);
  return {
    ...plan,
    name,
    azure: { ...(plan.azure as object), resourceGroup: `rg-${name}-hub` },
    connection: { ...(plan.connection as object), sharedKeySecretName: `hc-${name}-psk` },
  };
}
