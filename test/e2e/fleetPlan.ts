// A fleet plan for the e2e tests: examples/plan.json with the hub in `rg-<name>-hub` and one site per name, site i on
// the simulator's stamp i, in `rg-<name>-<site>` with 10.(201+i).0.0/16. Any subset of the sites keeps each site's
// stamp and addresses, so a test can grow and shrink one fleet.
import { readFileSync } from 'node:fs';
import { planForSimulator } from '../../cli/demo/simulatedPlan';
import { EXAMPLE_PLAN_FILE, type Serve } from './harness';

export function fleetPlanFor(
  serve: Serve,
  name: string,
  sites: readonly string[],
  only: readonly string[] = sites,
): Record<string, unknown> {
  const example = JSON.parse(readFileSync(EXAMPLE_PLAN_FILE, 'utf8')) as Record<string, unknown> & {
    azureStack: Record<string, unknown>;
  };
  const all = sites.map((site, index) => ({
    ...example.azureStack,
    name: site,
    resourceGroup: `rg-${name}-${site}`,
    addressSpace: [`10.${201 + index}.0.0/16`],
    workloadSubnet: `10.${201 + index}.1.0/24`,
    gatewaySubnet: `10.${201 + index}.255.0/27`,
  }));
  // planForSimulator puts site i on stamp i: bind them all, then keep the ones asked for.
  const plan = planForSimulator({ ...example, azureStack: all }, serve.ready.simulator);
  const bound = plan.azureStack as { name: string }[];
  return {
    ...plan,
    name,
    azure: { ...(plan.azure as object), resourceGroup: `rg-${name}-hub` },
    connection: { ...(plan.connection as object), sharedKeySecretName: `hc-${name}-psk` },
    azureStack: bound.filter((site) => only.includes(site.name)),
  };
}
