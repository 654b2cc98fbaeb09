// Sub-orchestration that lays one cloud's site down and starts its two long builds: resource group -> in parallel
// [VNet, public IP] -> in parallel [begin gateway, NIC] -> begin VM, then returns at once. The gateway goes first
// because it is the long pole (30-45 minutes on Azure) and needs only the VNet and the public IP; the VM, a few
// minutes, follows its NIC. The parent watches both builds (it links the two sites while they run), and it learns
// this site's gateway address here when the public IP is Static. Deterministic: no I/O, no wall clock.
// It completes with a failed outcome rather than failing, so the parent can wait for both sites to settle.
import type * as df from 'durable-functions';
import { ACTIVITY, type StartedResourceRef } from '../activities/contracts';
import { armCall, callArmWrite, callArmWritesInParallel, callArmWritesSettled, type CallSite } from './activityCalls';
import { setStatus } from './customStatus';
import type { FailureInfo } from '../lib/api/connectionStatus';
import { failuresOf } from './failures';
import type {
  BegunResource,
  BegunResources,
  Orchestration,
  ProvisionSiteInput,
  SiteOutcome,
  SiteStarted,
} from './orchestrationTypes';
import { failRunningStages, finishStage, noteStage, runningStage, startStage } from './stageMap';
import type { SiteStatus } from './statusTypes';
import { WorkflowFailedError } from './workflowFailedError';

export function* provisionSiteOrchestrator(context: df.OrchestrationContext): Orchestration<SiteOutcome> {
  const input = context.df.getInput<ProvisionSiteInput>();
  const { target } = input;
  const cloud = target.cloud;
  const status: SiteStatus = { kind: 'site', cloud, stages: {}, events: [] };
  const now = (): Date => context.df.currentUtcDateTime;
  const publishStatus = (): void => setStatus(context, status);
  const at = (stage: CallSite['stage']): CallSite => ({ cloud, stage });
  const begun: BegunResources = {};
  const begunNow = (ref: StartedResourceRef): BegunResource => ({ ...ref, begunAt: now().toISOString() });

  try {
    startStage(status.stages, 'resourceGroup', now());
    publishStatus();
    const group = yield* callArmWrite(context, ACTIVITY.ensureResourceGroup, { target }, at('resourceGroup'));
    finishStage(status.stages, 'resourceGroup', now(), group.id);

    startStage(status.stages, 'virtualNetwork', now());
    startStage(status.stages, 'publicIp', now());
    publishStatus();
    const [network, publicIp] = yield* callArmWritesInParallel(
      context,
      armCall(
        ACTIVITY.ensureVirtualNetwork,
        {
          target,
          addressSpace: input.addressSpace,
          workloadSubnet: input.workloadSubnet,
          gatewaySubnet: input.gatewaySubnet,
        },
        at('virtualNetwork'),
      ),
      armCall(ACTIVITY.ensurePublicIp, { target }, at('publicIp')),
    );
    finishStage(status.stages, 'virtualNetwork', now(), network.id);
    finishStage(status.stages, 'publicIp', now(), publicIp.id);

    // Durable JS cannot re-yield a task an earlier Task.any scheduled, so the branches go in lockstep (Task.all per
    // step): the NIC takes seconds next to the gateway's begin, and the VM's begin waits for it.
    startStage(status.stages, 'gateway', now());
    startStage(status.stages, 'networkInterface', now());
    publishStatus();
    const {
      values: [gateway, networkInterface],
      failures: stepFailures,
    } = yield* callArmWritesSettled(
      context,
      armCall(
        ACTIVITY.beginGateway,
        { target, gatewaySubnetId: network.gatewaySubnetId, publicIpId: publicIp.id, sku: input.gatewaySku },
        at('gateway'),
      ),
      armCall(ACTIVITY.ensureNetworkInterface, { target, subnetId: network.workloadSubnetId }, at('networkInterface')),
    );
    // A gateway begun while its NIC failed is building all the same: the parent watches it end before failing.
    const gatewayBegun = gateway ? begunNow(gateway) : undefined;
    if (gatewayBegun) {
      begun.gateway = gatewayBegun;
      noteStage(status.stages, 'gateway', gatewayBegun.provisioningState, gatewayBegun.id);
    }
    const [stepFailure, ...alsoFailed] = stepFailures;
    if (stepFailure || !gatewayBegun || !networkInterface) {
      throw new WorkflowFailedError(stepFailure ?? missing(), alsoFailed);
    }
    finishStage(status.stages, 'networkInterface', now(), networkInterface.id);
    // The VM's private IP is fixed by its NIC: callers can show it now, long before the gateway is up.
    status.addresses = { ...status.addresses, vmPrivateIp: networkInterface.privateIpAddress };

    startStage(status.stages, 'virtualMachine', now());
    publishStatus();
    const vm = yield* callArmWrite(
      context,
      ACTIVITY.beginVirtualMachine,
      {
        target,
        networkInterfaceId: networkInterface.id,
        size: input.vm.size,
        adminUsername: input.vm.adminUsername,
        sshPublicKey: input.vm.sshPublicKey,
        image: input.vm.image,
      },
      at('virtualMachine'),
    );
    const vmBegun = begunNow(vm);
    begun.virtualMachine = vmBegun;
    noteStage(status.stages, 'virtualMachine', vm.provisioningState, vm.id);
    publishStatus();

    const started: SiteStarted = {
      cloud,
      resourceGroupId: group.id,
      virtualNetworkId: network.id,
      workloadSubnetId: network.workloadSubnetId,
      gatewaySubnetId: network.gatewaySubnetId,
      publicIpId: publicIp.id,
      ...(publicIp.ipAddress ? { publicIpAddress: publicIp.ipAddress } : {}),
      networkInterfaceId: networkInterface.id,
      vmPrivateIp: networkInterface.privateIpAddress,
      addressSpace: [...input.addressSpace],
      gateway: gatewayBegun,
      virtualMachine: vmBegun,
    };
    logInfo(context, `${cloud} site laid down: gateway and VM building`);
    return { ok: true, started, stages: status.stages, events: status.events };
  } catch (error) {
    // What was begun is still building, not failed: its stage stays running until the parent has watched it end.
    const building = Object.keys(begun) as (keyof BegunResources)[];
    const stage = runningStage(status.stages, building);
    const failures = failuresOf(error, { cloud, ...(stage !== undefined ? { stage } : {}) });
    failRunningStages(status.stages, now(), building);
    status.error = failures[0];
    status.errors = failures;
    publishStatus();
    if (!context.df.isReplaying) {
      context.error(`${cloud} site failed: ${failures.map((f) => `${f.code} at ${f.stage ?? '?'}`).join('; ')}`);
    }
    return {
      ok: false,
      failure: failures[0],
      failures,
      stages: status.stages,
      events: status.events,
      ...(Object.keys(begun).length > 0 ? { begun } : {}),
    };
  }
}

/** settleAll always settles both calls: a missing value without a failure is a bug, reported as such. */
function missing(): FailureInfo {
  return { code: 'UnexpectedError', message: 'a parallel call produced no result' };
}

function logInfo(context: df.OrchestrationContext, message: string): void {
  if (!context.df.isReplaying) context.log(message);
}
