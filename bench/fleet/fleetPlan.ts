// The fleet the bench provisions: examples/plan.json with its Azure side as the hub and N Azure Stack Hub sites
// (10.201.0.0/16 upwards, site i on the simulator's stamp i), its resource groups and secret named after the
// connection as the API requires. Pure.
import { planForSimulator } from '../../cli/demo/simulatedPlan';
import type { ReadyInfo } from '../../simulator';

export type ExamplePlan = Record<string, unknown> & { azureStack: Record<string, unknown> };

/** The sites of an N-site fleet, in plan order. */
export function fleetSiteNames(sites: number): string[] {
  return Array.from({ length: sites }, (_, index) => `site${index + 1}`);
}

/** The resource group of the hub, or of a site, of the fleet `name`. */
export function fleetResourceGroup(name: string, site?: string): string {
  return `rg-${name}-${site ?? 'hub'}`;
}

export function fleetPlan(
  example: ExamplePlan,
  ready: Pick<ReadyInfo, 'azure' | 'azureStack' | 'azureStackStamps'>,
  name: string,
  sites: readonly string[],
): Record<string, unknown> {
  const azureStack = sites.map((site, index) => ({
    ...example.azureStack,
    name: site,
    resourceGroup: fleetResourceGroup(name, site),
    addressSpace: [`10.${201 + index}.0.0/16`],
    workloadSubnet: `10.${201 + index}.1.0/24`,
    gatewaySubnet: `10.${201 + index}.255.0/27`,
  }));
  const plan = planForSimulator({ ...example, azureStack }, ready);
  return {
    ...plan,
    name,
    azure: { ...(plan.azure as object), resourceGroup: fleetResourceGroup(name) },
    connection: { ...(plan.connection as object), sharedKeySecretName: `hc-${name}-psk` },
  };
}
