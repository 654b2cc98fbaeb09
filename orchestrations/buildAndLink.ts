// The critical path of a connection, from the moment both site children have begun their gateway and VM: the parent
// watches the four builds and links the two sites as each input becomes known, instead of after both sites are done.
// A local network gateway needs only the peer's gateway address (a Static IP's at once, a Dynamic one's when that
// gateway is up) and the peer's address space; a side's connection needs only its own gateway up, its own local
// network gateway and the shared key. So the faster cloud's link is made while the slower gateway still builds, and
// what is left on the path is the slowest gateway and its own connection. The VMs are on no path but the ping's.
// Gateway.Ready and Site.Ready are published as each site gets there. Deterministic: rounds of fresh tasks.
import type * as df from 'durable-functions';
import type { GatewayState, ResourceRef, SharedKeyRef } from '../activities/contracts';
import type { FailureInfo, SiteReady } from '../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import type { PairPlan } from '../lib/plan/types';
import { linkSteps, siteReadyOf, stalled, type SharedTrack, type SiteTrack } from './linkSteps';
import { watchOf, type AnyWatch } from './monitor';
import { outcomeFailures, type BegunResource, type Orchestration, type SiteOutcome } from './orchestrationTypes';
import { runRounds } from './rounds';
import { gatewayWatch, virtualMachineWatch } from './siteWatches';
import { siteTargetsFor } from './siteTargets';
import { failStage, finishStage } from './stageMap';
import type { PairStatus } from './statusTypes';
import { WorkflowFailedError } from './workflowFailedError';

/** Both sites built and linked: each site, the key, both local network gateways and both connections begun. */
export interface BuiltSites {
  sites: Record<CloudId, SiteReady>;
  sharedKey: SharedKeyRef;
  localNetworkGateways: Record<CloudId, ResourceRef>;
  connections: Record<CloudId, BegunResource>;
}

/**
 * `announceHub`: publish the hub's Gateway.Ready and Site.Ready here (a fleet's links all watch the hub's builds, one
 * of them announces them).
 */
export function* buildAndLink(
  context: df.OrchestrationContext,
  plan: PairPlan,
  outcomes: Record<CloudId, SiteOutcome>,
  status: PairStatus,
  publishStatus: () => void,
  announceHub = true,
): Orchestration<BuiltSites> {
  const now = (): Date => context.df.currentUtcDateTime;
  const targets = siteTargetsFor(plan);
  const tracks = {} as Record<CloudId, SiteTrack>;
  for (const cloud of CLOUD_IDS) {
    const outcome = outcomes[cloud];
    const started = outcome.ok ? outcome.started : undefined;
    const address = started?.publicIpAddress;
    tracks[cloud] = {
      cloud,
      target: targets[cloud],
      ...(started ? { started } : {}),
      ...(address !== undefined ? { address } : {}),
      virtualMachineUp: false,
      announce: cloud === 'azureStack' || announceHub,
      siteAnnounced: false,
    };
  }
  // A site that failed stops new work from the start: its peer's builds are drained, never linked.
  const failedBefore = CLOUD_IDS.flatMap((cloud) => {
    const outcome = outcomes[cloud];
    return outcome.ok ? [] : outcomeFailures(outcome);
  });
  const shared: SharedTrack = {};

  const onDone = new Map<string, (state: unknown) => void>();
  const watches: AnyWatch[] = [];
  for (const cloud of CLOUD_IDS) {
    const track = tracks[cloud];
    const outcome = outcomes[cloud];
    const begun = outcome.ok ? outcome.started : (outcome.begun ?? {});
    // While draining, only what is still being built is watched: a write its begin found done holds nothing up, and
    // its stage ends now.
    const watched = (stage: 'gateway' | 'virtualMachine', resource: BegunResource | undefined) => {
      if (resource === undefined) return undefined;
      if (failedBefore.length === 0 || resource.provisioningState !== 'Succeeded') return resource;
      finishStage(status.stages[cloud], stage, now(), resource.id);
      return undefined;
    };
    const gateway = watched('gateway', begun.gateway);
    const virtualMachine = watched('virtualMachine', begun.virtualMachine);
    if (gateway) {
      const gatewayId = gateway.id;
      const watch = gatewayWatch(
        context,
        track.target,
        gateway,
        plan.options.gatewayTimeoutMinutes,
        status.stages[cloud],
      );
      watches.push(watchOf(watch));
      onDone.set(watch.key, (state) => {
        const up = state as GatewayState;
        track.gateway = up;
        // classifyGateway calls a gateway done only once it has its public IP.
        track.address ??= up.publicIpAddress;
        finishStage(status.stages[cloud], 'gateway', now(), gatewayId);
        if (up.publicIpAddress) {
          const addresses = { ...status.addresses?.[cloud], gatewayPublicIp: up.publicIpAddress };
          status.addresses = { ...status.addresses, [cloud]: addresses };
        }
      });
    }
    if (virtualMachine) {
      const vmId = virtualMachine.id;
      const watch = virtualMachineWatch(context, track.target, virtualMachine);
      watches.push(watchOf(watch));
      onDone.set(watch.key, () => {
        track.virtualMachineUp = true;
        finishStage(status.stages[cloud], 'virtualMachine', now(), vmId);
      });
    }
  }

  const steps = linkSteps(context, plan, tracks, shared, status);
  const failures = yield* runRounds(
    context,
    {
      watches,
      readySteps: steps,
      onWatchDone: (key, state) => onDone.get(key)?.(state),
      afterRound: (failed) => {
        noteFailures(status, failed, now());
        // Linking is all that is left once every site is built; a run that is failing only drains its builds.
        const building = CLOUD_IDS.some(
          (c) => tracks[c].started && (!tracks[c].gateway || !tracks[c].virtualMachineUp),
        );
        if (failed.length === 0 && !building) status.phase = 'link';
        publishStatus();
      },
    },
    failedBefore,
  );
  const [failure, ...also] = failures;
  if (failure) throw new WorkflowFailedError(failure, also);
  return builtOf(tracks, shared.sharedKey);
}

/** Failures so far into the status at once, so the caller learns the cause while the builds in flight are drained. */
function noteFailures(status: PairStatus, failures: readonly FailureInfo[], now: Date): void {
  const [first] = failures;
  if (!first) return;
  for (const failure of failures) {
    const { cloud, stage } = failure;
    if (cloud !== undefined && stage !== undefined && status.stages[cloud][stage]?.state === 'running') {
      failStage(status.stages[cloud], stage, now);
    }
  }
  status.error = first;
  status.errors = [...failures];
}

/** The rounds ended without a failure: every piece must be there (anything missing is a bug, said as such). */
function builtOf(tracks: Record<CloudId, SiteTrack>, sharedKey: SharedKeyRef | undefined): BuiltSites {
  if (!sharedKey) throw stalled('the shared key');
  const pick = <T>(what: string, of: (track: SiteTrack) => T | undefined): Record<CloudId, T> => {
    const out = {} as Record<CloudId, T>;
    for (const cloud of CLOUD_IDS) {
      const value = of(tracks[cloud]);
      if (value === undefined) throw stalled(`${cloud}'s ${what}`);
      out[cloud] = value;
    }
    return out;
  };
  // A side this link does not announce is ready once its gateway and VM are up.
  const ready = (t: SiteTrack): boolean =>
    t.announce ? t.siteAnnounced : t.gateway !== undefined && t.virtualMachineUp;
  return {
    sites: pick('announced site', (t) => (ready(t) ? siteReadyOf(t) : undefined)),
    sharedKey,
    localNetworkGateways: pick('local network gateway', (t) => t.localNetworkGateway),
    connections: pick('connection', (t) => t.connection),
  };
}
