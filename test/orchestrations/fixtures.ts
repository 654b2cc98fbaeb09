// Plans, clocks and one-liners shared by the orchestration tests.
import { firstPairOf, planReplacement, validatePlan, type PairPlan, type ResolvedPlan } from '../../lib/plan';
import { ORCHESTRATION } from '../../orchestrations/names';
import { versionedPlan } from '../../orchestrations/planInput';
import { minimalPlan, planWith } from '../lib/planFixtures';
import { CannedClouds, type CannedCloudOptions } from './cannedClouds';

export { oneSitePlan } from '../lib/planFixtures';
import { drive, type DriveResult, type World } from './episodeDriver';

export const START = new Date('2025-03-01T08:00:00.000Z');
export const MINUTE = 60_000;

/** The minimal plan, resolved, with fields changed by dotted path (see planWith). */
export function resolvedPlan(changes: Record<string, unknown> = {}): ResolvedPlan {
  const result = validatePlan(planWith(changes, minimalPlan()));
  if (!result.ok) throw new Error(`fixture plan invalid: ${JSON.stringify(result.errors)}`);
  return result.plan;
}

/** resolvedPlan's first (for a single-site plan, its only) pair: the hub and its site. */
export function resolvedPair(changes: Record<string, unknown> = {}): PairPlan {
  return firstPairOf(resolvedPlan(changes));
}

export function driveProvisioning(world: World, plan: ResolvedPlan = resolvedPlan()): Promise<DriveResult> {
  return drive({
    name: ORCHESTRATION.provisionHybridConnection,
    instanceId: `hc-${plan.name}`,
    // What the trigger hands over: the validated plan, versioned.
    input: versionedPlan(plan),
    start: START,
    world,
  });
}

/** A replacing run of `stored` into `plan`, with the change PUT /api/connections/{name} would hand it. */
export function driveReplacement(stored: ResolvedPlan, plan: ResolvedPlan, world: World): Promise<DriveResult> {
  const replaced = planReplacement(stored, plan, { arrayForm: true });
  if (!replaced.ok) throw new Error(JSON.stringify(replaced.errors));
  return drive({
    name: ORCHESTRATION.provisionHybridConnection,
    instanceId: `hc-${plan.name}`,
    input: { ...versionedPlan(plan), change: replaced.change },
    start: START,
    world,
  });
}

/** Minutes between `from` and an ISO time. */
export function minutesAfter(from: Date, iso: string): number {
  return (Date.parse(iso) - from.getTime()) / MINUTE;
}

/** The sites of the fleet fixture, and each one's octet: its space 10.<n>.0.0/16, its addresses 192.168.10<n>.20 and 10.<n>.1.4. */
export const FLEET_SITES = ['north', 'south', 'east'] as const;
export const FLEET_OCTETS: Record<(typeof FLEET_SITES)[number], number> = { north: 1, south: 2, east: 3 };

/** The minimal plan's hub with FLEET_SITES as its sites (each in its own group), resolved, with `changes` set. */
export function fleetPlan(changes: Record<string, unknown> = {}): ResolvedPlan {
  const sites = FLEET_SITES.map((name) => ({
    ...minimalPlan().azureStack,
    name,
    resourceGroup: `rg-${name}`,
    addressSpace: [`10.${FLEET_OCTETS[name]}.0.0/16`],
    workloadSubnet: `10.${FLEET_OCTETS[name]}.1.0/24`,
    gatewaySubnet: `10.${FLEET_OCTETS[name]}.255.0/27`,
  }));
  const result = validatePlan(planWith(changes, { ...minimalPlan(), azureStack: sites }));
  if (!result.ok) throw new Error(`fixture fleet invalid: ${JSON.stringify(result.errors)}`);
  return result.plan;
}

/** Canned clouds whose FLEET_SITES each have their own addresses (and, through `options.sites`, faults). */
export function fleetWorld(options: CannedCloudOptions = {}): CannedClouds {
  // Sites beyond FLEET_SITES (a fleet grown by a replacing run) keep what the options give them.
  const sites: NonNullable<CannedCloudOptions['sites']> = { ...options.sites };
  for (const name of FLEET_SITES) {
    const octet = FLEET_OCTETS[name];
    sites[name] = { publicIp: `192.168.10${octet}.20`, privateIp: `10.${octet}.1.4`, ...options.sites?.[name] };
  }
  return new CannedClouds({ hubSites: FLEET_SITES, ...options, sites });
}
