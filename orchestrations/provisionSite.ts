// Sub-orchestration that builds one cloud's site: resource group -> VNet -> in parallel [public IP -> gateway] and
// [NIC -> VM], then monitors the gateway and the VM with durable timers. Deterministic: no I/O, no wall clock.
// It completes with a failed outcome rather than failing, so the parent can wait for both sites to settle.
import type * as df from 'durable-functions';
import { ACTIVITY, type GatewayState, type VirtualMachineState } from '../activities/contracts';
import type { SiteReady } from '../lib/api/connectionStatus';
import { StageTimeoutError } from '../lib/errors';
import { EVENT_TYPES } from '../lib/events';
import { siteProfile } from '../lib/sites/profiles';
import {
  armCall,
  armReadTask,
  callArmWrite,
  callArmWritesInParallel,
  operationOf,
  type CallSite,
} from './activityCalls';
import { setStatus } from './customStatus';
import { failureFromArmDetails, failuresOf } from './failures';
import { monitorAll, watchOf, type Verdict, type Watch } from './monitor';
import type { Orchestration, ProvisionSiteInput, SiteOutcome } from './orchestrationTypes';
import {
  VIRTUAL_MACHINE_POLL_MS,
  VIRTUAL_MACHINE_TIMEOUT_MINUTES,
  addMinutes,
  fixedInterval,
  gatewayPollInterval,
} from './pollSchedules';
import { publishEvent } from './publishEvents';
import { failRunningStages, finishStage, noteStage, runningStage, startStage } from './stageMap';
import type { SiteStatus } from './statusTypes';

const GATEWAY_KEY = 'gateway';
const VIRTUAL_MACHINE_KEY = 'virtualMachine';

export function* provisionSiteOrchestrator(context: df.OrchestrationContext): Orchestration<SiteOutcome> {
  const input = context.df.getInput<ProvisionSiteInput>();
  const { target } = input;
  const cloud = target.cloud;
  const status: SiteStatus = { kind: 'site', cloud, stages: {}, events: [] };
  const now = (): Date => context.df.currentUtcDateTime;
  const publishStatus = (): void => setStatus(context, status);
  const at = (stage: CallSite['stage']): CallSite => ({ cloud, stage });

  try {
    startStage(status.stages, 'resourceGroup', now());
    publishStatus();
    const group = yield* callArmWrite(context, ACTIVITY.ensureResourceGroup, { target }, at('resourceGroup'));
    finishStage(status.stages, 'resourceGroup', now(), group.id);

    startStage(status.stages, 'virtualNetwork', now());
    publishStatus();
    const network = yield* callArmWrite(
      context,
      ACTIVITY.ensureVirtualNetwork,
      {
        target,
        addressSpace: input.addressSpace,
        workloadSubnet: input.workloadSubnet,
        gatewaySubnet: input.gatewaySubnet,
      },
      at('virtualNetwork'),
    );
    finishStage(status.stages, 'virtualNetwork', now(), network.id);

    // The two branches run in lockstep (Task.all per step): a public IP and a NIC each take seconds, and Durable JS
    // cannot re-yield a task that an earlier Task.any already scheduled, so truly independent branches would need
    // further sub-orchestrations for no gain.
    startStage(status.stages, 'publicIp', now());
    startStage(status.stages, 'networkInterface', now());
    publishStatus();
    const [publicIp, networkInterface] = yield* callArmWritesInParallel(
      context,
      armCall(ACTIVITY.ensurePublicIp, { target }, at('publicIp')),
      armCall(ACTIVITY.ensureNetworkInterface, { target, subnetId: network.workloadSubnetId }, at('networkInterface')),
    );
    finishStage(status.stages, 'publicIp', now(), publicIp.id);
    finishStage(status.stages, 'networkInterface', now(), networkInterface.id);
    // The VM's private IP is fixed by its NIC: callers can show it now, long before the gateway is up.
    status.addresses = { ...status.addresses, vmPrivateIp: networkInterface.privateIpAddress };

    startStage(status.stages, 'gateway', now());
    startStage(status.stages, 'virtualMachine', now());
    publishStatus();
    const [gateway, vm] = yield* callArmWritesInParallel(
      context,
      armCall(
        ACTIVITY.beginGateway,
        { target, gatewaySubnetId: network.gatewaySubnetId, publicIpId: publicIp.id, sku: input.gatewaySku },
        at('gateway'),
      ),
      armCall(
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
      ),
    );
    const gatewayId = gateway.id;
    const vmId = vm.id;
    noteStage(status.stages, 'gateway', gateway.provisioningState, gatewayId);
    noteStage(status.stages, 'virtualMachine', vm.provisioningState, vmId);
    publishStatus();

    const started = now();
    const gatewayWatch: Watch<GatewayState> = {
      key: GATEWAY_KEY,
      site: at('gateway'),
      poll: () => armReadTask(context, ACTIVITY.getGatewayState, { target, id: gatewayId, ...operationOf(gateway) }),
      classify: (state) => classifyGateway(state, at('gateway')),
      interval: gatewayPollInterval(siteProfile(cloud).gatewayBuildMinutes),
      startedAt: started,
      deadline: addMinutes(started, input.gatewayTimeoutMinutes),
      onTimeout: (last) =>
        new StageTimeoutError({
          cloud,
          stage: 'gateway',
          deadline: addMinutes(started, input.gatewayTimeoutMinutes).toISOString(),
          ...(last ? { lastState: last.provisioningState } : {}),
        }),
      onPoll: (state, verdict) => {
        if (verdict.kind === 'pending') {
          noteStage(status.stages, 'gateway', verdict.detail ?? state.provisioningState);
          publishStatus();
        }
      },
    };
    const vmWatch: Watch<VirtualMachineState> = {
      key: VIRTUAL_MACHINE_KEY,
      site: at('virtualMachine'),
      poll: () => armReadTask(context, ACTIVITY.getVirtualMachineState, { target, id: vmId, ...operationOf(vm) }),
      classify: (state) => classifyVirtualMachine(state, at('virtualMachine')),
      interval: fixedInterval(VIRTUAL_MACHINE_POLL_MS),
      startedAt: started,
      deadline: addMinutes(started, VIRTUAL_MACHINE_TIMEOUT_MINUTES),
      onTimeout: (last) =>
        new StageTimeoutError({
          cloud,
          stage: 'virtualMachine',
          deadline: addMinutes(started, VIRTUAL_MACHINE_TIMEOUT_MINUTES).toISOString(),
          ...(last ? { lastState: last.provisioningState } : {}),
        }),
    };

    const finals = yield* monitorAll(context, [watchOf(gatewayWatch), watchOf(vmWatch)], function* (key, state) {
      if (key === GATEWAY_KEY) {
        const ready = state as GatewayState;
        finishStage(status.stages, 'gateway', now(), gatewayId);
        // classifyGateway calls a gateway done only once it has its public IP.
        if (ready.publicIpAddress) status.addresses = { ...status.addresses, gatewayPublicIp: ready.publicIpAddress };
        publishStatus();
        const id = yield* publishEvent(context, {
          type: EVENT_TYPES.gatewayReady,
          name: target.name,
          cloud,
          data: {
            gatewayId,
            gatewaySku: input.gatewaySku,
            gatewayPublicIp: ready.publicIpAddress ?? '',
            provisioningState: ready.provisioningState,
          },
        });
        if (id !== undefined) status.events.push(id);
      } else {
        finishStage(status.stages, 'virtualMachine', now(), vmId);
      }
      publishStatus();
    });
    const gatewayState = finals[GATEWAY_KEY] as GatewayState;

    const site: SiteReady = {
      cloud,
      resourceGroupId: group.id,
      virtualNetworkId: network.id,
      workloadSubnetId: network.workloadSubnetId,
      gatewaySubnetId: network.gatewaySubnetId,
      publicIpId: publicIp.id,
      gatewayId,
      gatewayPublicIp: gatewayState.publicIpAddress ?? '',
      networkInterfaceId: networkInterface.id,
      vmId,
      vmPrivateIp: networkInterface.privateIpAddress,
      addressSpace: [...input.addressSpace],
    };
    const siteEvent = yield* publishEvent(context, {
      type: EVENT_TYPES.siteReady,
      name: target.name,
      cloud,
      data: {
        virtualNetworkId: site.virtualNetworkId,
        gatewayId: site.gatewayId,
        gatewayPublicIp: site.gatewayPublicIp,
        vmId: site.vmId,
        vmPrivateIp: site.vmPrivateIp,
        addressSpace: site.addressSpace,
      },
    });
    if (siteEvent !== undefined) status.events.push(siteEvent);
    publishStatus();
    logInfo(context, `${cloud} site ready: gateway ${site.gatewayPublicIp}, VM ${site.vmPrivateIp}`);
    return { ok: true, site, stages: status.stages, events: status.events };
  } catch (error) {
    const stage = runningStage(status.stages);
    const failures = failuresOf(error, { cloud, ...(stage !== undefined ? { stage } : {}) });
    failRunningStages(status.stages, now());
    status.error = failures[0];
    status.errors = failures;
    publishStatus();
    if (!context.df.isReplaying) {
      context.error(`${cloud} site failed: ${failures.map((f) => `${f.code} at ${f.stage ?? '?'}`).join('; ')}`);
    }
    return { ok: false, failure: failures[0], failures, stages: status.stages, events: status.events };
  }
}

export function classifyGateway(state: GatewayState, site: CallSite): Verdict {
  switch (state.provisioningState) {
    case 'Succeeded':
      // A dynamic public IP (Stack Hub) gets its address only once the gateway is up; wait for it.
      return state.publicIpAddress
        ? { kind: 'done' }
        : { kind: 'pending', detail: 'Succeeded, waiting for its public IP' };
    case 'Failed':
      // getGatewayState answers a Failed gateway with {ok:false} and ARM's own code; this is only a fallback.
      return {
        kind: 'failed',
        failure: failureFromArmDetails({ ...site, code: 'VirtualNetworkGatewayProvisioningFailed' }),
      };
    case 'NotFound':
      return {
        kind: 'failed',
        failure: failureFromArmDetails({
          ...site,
          code: 'ResourceNotFound',
          hint: 'the gateway disappeared while it was being built (deleted by someone?): rerun to create it again',
        }),
      };
    default:
      return { kind: 'pending', detail: state.provisioningState };
  }
}

export function classifyVirtualMachine(state: VirtualMachineState, site: CallSite): Verdict {
  switch (state.provisioningState) {
    case 'Succeeded':
      return { kind: 'done' };
    case 'Failed':
      return {
        kind: 'failed',
        failure: failureFromArmDetails({
          ...site,
          code: 'VirtualMachineProvisioningFailed',
          hint: 'the VM failed to provision: check its boot diagnostics and the vm.size quota, then rerun',
        }),
      };
    case 'NotFound':
      return {
        kind: 'failed',
        failure: failureFromArmDetails({
          ...site,
          code: 'ResourceNotFound',
          hint: 'the VM disappeared while it was being built: rerun to create it again',
        }),
      };
    default:
      return { kind: 'pending', detail: state.provisioningState };
  }
}

function logInfo(context: df.OrchestrationContext, message: string): void {
  if (!context.df.isReplaying) context.log(message);
}
