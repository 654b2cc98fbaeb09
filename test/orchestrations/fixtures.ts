// Plans, clocks and one-liners shared by the orchestration tests.
import { firstPairOf, validatePlan, type PairPlan, type ResolvedPlan } from '../../lib/plan';
import { ORCHESTRATION } from '../../orchestrations/names';
import { versionedPlan } from '../../orchestrations/planInput';
import { minimalPlan, planWith } from '../lib/planFixtures';

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

/** Minutes between `from` and an ISO time. */
export function minutesAfter(from: Date, iso: string): number {
  return (Date.parse(iso) - from.getTime()) / MINUTE;
}
