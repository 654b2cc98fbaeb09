// A fleet plan for the e2e tests: examples/plan.json with the hub in `rg-<name>-hub` and one site per name, site i on
// the simulator's stamp i, in `rg-<name>-<site>` with 10.(201+i).0.0/16. Any subset of the sites keeps each site's
// stamp and addresses, so a test can grow and shrink one fleet. And what a test reads of the ARM writes since a point.
import { readFileSync } from 'node:fs';
import { planForSimulator } from '../../cli/demo/simulatedPlan';
import { EXAMPLE_PLAN_FILE, simRequests, type Serve, type SimRequestEntry } from './harness';

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

/** ARM writes (anything but GET) after request `since`, as `METHOD service path`. */
export async function writesSince(serve: Serve, since: number): Promise<string[]> {
  const requests = await simRequests(serve, `since=${since}`);
  return requests
    .filter((r) => r.method !== 'GET' && r.path.toLowerCase().includes('/resourcegroups/'))
    .map((r) => `${r.method} ${r.service} ${r.path}`);
}

export async function lastRequest(serve: Serve): Promise<number> {
  const requests: SimRequestEntry[] = await simRequests(serve);
  return Math.max(0, ...requests.map((r) => r.sequence));
}
