// The steps that link two sites, each startable as soon as its inputs are known (buildAndLink runs them in rounds):
// the shared key; each side's local network gateway once the peer's address is known; each side's connection once
// its own gateway is up and its local network gateway made; Gateway.Ready and Site.Ready as each site gets there.
// Each step marks its stage when it starts and records its result when it settles; pure bookkeeping otherwise.
import type * as df from 'durable-functions';
import {
  ACTIVITY,
  type GatewayState,
  type ResourceRef,
  type SharedKeyRef,
  type SiteTarget,
} from '../activities/contracts';
import type { SiteReady } from '../lib/api/connectionStatus';
import { CLOUD_IDS, peerOf, type CloudId } from '../lib/cloudIds';
import { EVENT_TYPES, eventCloudOf, type EventType } from '../lib/events';
import { ipsecPoliciesFor } from '../lib/plan/connectionPolicy';
import { localNetworkPrefixesOf } from '../lib/plan/pairs';
import type { PairPlan } from '../lib/plan/types';
import {
  armWriteTask,
  settledValue,
  type ActivityInput,
  type ActivityKey,
  type ActivityValue,
  type CallSite,
} from './activityCalls';
import type { BegunResource, SiteStarted } from './orchestrationTypes';
import { startPublish, type EventPublish, type EventSpec } from './publishEvents';
import type { RoundStep } from './rounds';
import { finishStage, noteStage, startStage } from './stageMap';
import type { PairStatus } from './statusTypes';
import { WorkflowFailedError } from './workflowFailedError';

/** What the rounds know of one cloud so far. */
export interface SiteTrack {
  cloud: CloudId;
  target: SiteTarget;
  /** Undefined when the site child failed: what it began is still watched, nothing is linked to it. */
  started?: SiteStarted;
  /** The address the peer's local network gateway points at, once known. */
  address?: string;
  gateway?: GatewayState;
  virtualMachineUp: boolean;
  localNetworkGateway?: ResourceRef;
  /** Begun (its write may still run), with when: the tunnel's reads follow the one begun last. */
  connection?: BegunResource;
  /**
   * Whether this link publishes the side's Gateway.Ready and Site.Ready: a site's always; the hub's only in the link
   * of the fleet's first site (the hub is one, its events once).
   */
  announce: boolean;
  siteAnnounced: boolean;
}

/** The site the events of a side are about: a stamp's always; the hub's link writes only (its shared events: none). */
function eventSiteOf(plan: PairPlan, cloud: CloudId, perSite: boolean): string | undefined {
  return cloud === 'azureStack' || perSite ? plan.azureStack.name : undefined;
}

/** What the two sides share: the key, once ensured. */
export interface SharedTrack {
  sharedKey?: SharedKeyRef;
}

/** The steps each round may start, given what is known: the links while all goes well, the events always. */
export function linkSteps(
  context: df.OrchestrationContext,
  plan: PairPlan,
  tracks: Record<CloudId, SiteTrack>,
  shared: SharedTrack,
  status: PairStatus,
): (draining: boolean) => RoundStep[] {
  const now = (): Date => context.df.currentUtcDateTime;
  const secretName = plan.connection.sharedKeySecretName;

  // The key lives in Key Vault; only its name travels here. Both connections read the same secret.
  const sharedKeyStep: RoundStep = {
    key: 'sharedKey',
    site: { cloud: 'azure', stage: 'connection' },
    task: () =>
      armWriteTask(context, ACTIVITY.ensureSharedKey, {
        secretName,
        owner: { connection: plan.name, site: plan.azureStack.name },
      }),
    settle: (settled) => {
      shared.sharedKey = settledValue<SharedKeyRef>(settled, sharedKeyStep.site);
    },
  };

  // A write that makes one side's link stage: the stage runs from the step's start to its settling.
  const linkWrite = <N extends ActivityKey>(
    track: SiteTrack,
    stage: 'localNetworkGateway' | 'connection',
    name: N,
    input: ActivityInput<N>,
    settled: (value: ActivityValue<N>) => void,
  ): RoundStep => {
    const site: CallSite = { cloud: track.cloud, stage };
    return {
      key: `${stage}:${track.cloud}`,
      site,
      task: () => {
        startStage(status.stages[track.cloud], stage, now());
        return armWriteTask(context, name, input);
      },
      settle: (result) => settled(settledValue<ActivityValue<N>>(result, site)),
    };
  };

  // Each local network gateway describes the other side: its gateway's public IP and its address space (on a stamp,
  // with transit, the other sites' too: they are reached through the hub).
  const localNetworkGatewayStep = (track: SiteTrack, peerAddress: string): RoundStep =>
    linkWrite(
      track,
      'localNetworkGateway',
      ACTIVITY.ensureLocalNetworkGateway,
      {
        target: track.target,
        gatewayIpAddress: peerAddress,
        addressPrefixes: localNetworkPrefixesOf(plan, track.cloud),
      },
      (made) => {
        track.localNetworkGateway = made;
        finishStage(status.stages[track.cloud], 'localNetworkGateway', now(), made.id);
      },
    );

  // Same key, same explicit policy on both sides by default: Azure's default offers do not match Stack Hub's.
  const connectionStep = (track: SiteTrack, gatewayId: string, localNetworkGatewayId: string): RoundStep => {
    const policy = ipsecPoliciesFor(plan, track.cloud)[0];
    return linkWrite(
      track,
      'connection',
      ACTIVITY.beginConnection,
      {
        target: track.target,
        gatewayId,
        localNetworkGatewayId,
        sharedKeySecretName: secretName,
        ...(policy !== undefined ? { ipsecPolicy: policy } : {}),
      },
      (begun) => {
        track.connection = { ...begun, begunAt: now().toISOString() };
        noteStage(status.stages[track.cloud], 'connection', begun.provisioningState, begun.id);
      },
    );
  };

  // Clouds in CLOUD_IDS order, kinds in a fixed order: the same knowledge always yields the same steps, same order.
  const inOrder = CLOUD_IDS.map((cloud) => tracks[cloud]);
  return (draining) => {
    const ready: RoundStep[] = [];
    if (!draining) {
      ready.push(sharedKeyStep);
      for (const track of inOrder) {
        const peerAddress = tracks[peerOf(track.cloud)].address;
        if (track.started && peerAddress !== undefined) ready.push(localNetworkGatewayStep(track, peerAddress));
      }
      for (const track of inOrder) {
        if (track.started && track.gateway && track.localNetworkGateway && shared.sharedKey) {
          ready.push(connectionStep(track, track.started.gateway.id, track.localNetworkGateway.id));
        }
      }
    }
    // Each site's Site.Ready goes with or after its Gateway.Ready (same round: handed over in this order), never in a
    // round of its own after it, which would hold up the tunnel's first read by a round.
    for (const track of inOrder) {
      if (track.announce && track.started && track.gateway) {
        ready.push(gatewayReadyStep(context, plan, track, status));
        if (track.virtualMachineUp) ready.push(siteReadyStep(context, plan, track, status));
      }
    }
    return ready;
  };
}

function gatewayReadyStep(
  context: df.OrchestrationContext,
  plan: PairPlan,
  track: SiteTrack,
  status: PairStatus,
): RoundStep {
  const gateway = track.started?.gateway;
  return eventStep(
    context,
    { cloud: track.cloud, stage: 'gateway' },
    {
      type: EVENT_TYPES.gatewayReady,
      name: plan.name,
      cloud: track.cloud,
      ...siteOfEvent(eventSiteOf(plan, track.cloud, false)),
      data: {
        gatewayId: gateway?.id ?? '',
        gatewaySku: plan[track.cloud].gatewaySku,
        gatewayPublicIp: track.gateway?.publicIpAddress ?? '',
        provisioningState: track.gateway?.provisioningState ?? '',
      },
    },
    (id) => {
      if (id !== undefined) status.events.push(id);
    },
  );
}

function siteReadyStep(
  context: df.OrchestrationContext,
  plan: PairPlan,
  track: SiteTrack,
  status: PairStatus,
): RoundStep {
  const site = siteReadyOf(track);
  return eventStep(
    context,
    { cloud: track.cloud, stage: 'virtualMachine' },
    {
      type: EVENT_TYPES.siteReady,
      name: plan.name,
      cloud: track.cloud,
      ...siteOfEvent(eventSiteOf(plan, track.cloud, false)),
      data: {
        virtualNetworkId: site.virtualNetworkId,
        gatewayId: site.gatewayId,
        gatewayPublicIp: site.gatewayPublicIp,
        vmId: site.vmId,
        vmPrivateIp: site.vmPrivateIp,
        addressSpace: site.addressSpace,
      },
    },
    (id) => {
      if (id !== undefined) status.events.push(id);
      track.siteAnnounced = true;
    },
  );
}

/** `{site}` for an event about a site, nothing for one about the hub's shared resources. */
export function siteOfEvent(site: string | undefined): { site?: string } {
  return site !== undefined ? { site } : {};
}

/** An event as a step: built when it starts (its time is that round's), never a failure (a lost event is not one). */
function eventStep<T extends EventType>(
  context: df.OrchestrationContext,
  site: CallSite,
  spec: EventSpec<T>,
  published: (id: string | undefined) => void,
): RoundStep {
  let publish: EventPublish | undefined;
  return {
    key: `event:${spec.type}:${eventCloudOf(spec.cloud, spec.site)}`,
    site,
    task: () => {
      publish = startPublish(context, spec);
      return publish.task;
    },
    settle: (settled) => published(publish?.idOf(settled)),
  };
}

/** A site as the link, the summary and the ping know it; only whole once its gateway is up. */
export function siteReadyOf(track: SiteTrack): SiteReady {
  const started = track.started;
  if (!started) throw stalled(`${track.cloud}'s laid-down site`);
  return {
    cloud: track.cloud,
    resourceGroupId: started.resourceGroupId,
    virtualNetworkId: started.virtualNetworkId,
    workloadSubnetId: started.workloadSubnetId,
    gatewaySubnetId: started.gatewaySubnetId,
    publicIpId: started.publicIpId,
    gatewayId: started.gateway.id,
    gatewayPublicIp: track.gateway?.publicIpAddress ?? track.address ?? '',
    networkInterfaceId: started.networkInterfaceId,
    vmId: started.virtualMachine.id,
    vmPrivateIp: started.vmPrivateIp,
    addressSpace: [...started.addressSpace],
  };
}

/** The rounds ended with nothing left to wait for and `what` still missing: a bug, said as such. */
export function stalled(what: string): WorkflowFailedError {
  return new WorkflowFailedError({
    code: 'WorkflowStalled',
    message: `nothing was left to wait for, yet ${what} is missing`,
    hint: 'a bug in the orchestration: rerun (every write is idempotent, the rerun adopts what exists) and report it',
  });
}
