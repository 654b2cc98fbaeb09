// What the fleet tests read of a driven run: the status document GET /api/connections/{name} would answer, and the
// activity calls made for the hub or one site.
import { buildDomainStatus, connectionInstancesIn } from '../../functions/domainStatus';
import type { InstanceSnapshot } from '../../functions/instanceStore';
import type { ResolvedPlan } from '../../lib/plan';
import { versionedPlan } from '../../orchestrations/planInput';
import type { DriveResult } from './episodeDriver';
import { START } from './fixtures';

/** The task hub as GET /api/connections/{name} would read it after `run`: each instance's last status and output. */
export function statusAfter(run: DriveResult, plan: ResolvedPlan) {
  const byId = new Map<string, InstanceSnapshot>();
  const add = (instanceId: string, result: DriveResult, input: unknown) =>
    byId.set(instanceId, {
      instanceId,
      name: 'orchestrator',
      runtimeStatus: result.runtimeStatus,
      createdTime: START.toISOString(),
      lastUpdatedTime: result.endedAt.toISOString(),
      input,
      output: result.output,
      customStatus: result.customStatuses.at(-1),
    });
  add('hc-contoso', run, versionedPlan(plan));
  for (const [id, child] of run.children) add(id, child, undefined);
  const provisioning = byId.get('hc-contoso');
  if (!provisioning) throw new Error('no run');
  return buildDomainStatus('contoso', connectionInstancesIn(byId, 'contoso', provisioning), run.endedAt.toISOString());
}

export function callsOf(
  run: DriveResult,
  name: string,
  where: (input: Record<string, unknown>) => boolean = () => true,
) {
  return run.calls.filter((call) => call.name === name && where(call.input as Record<string, unknown>));
}

/** Calls made for the hub (`cloud: azure`) or a stamp, by the target's site (undefined: the hub's shared target). */
export function on(cloud: 'azure' | 'azureStack', site?: string) {
  return (input: Record<string, unknown>): boolean => {
    const target = input.target as { cloud?: string; site?: string } | undefined;
    return target?.cloud === cloud && target.site === site;
  };
}
