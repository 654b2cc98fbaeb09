// The baseline a script would be: the same SDK calls as the workflow (the app's own activities), in the order the
// Azure Stack Hub docs give (one cloud after the other, each step waiting for the last), against a simulator with the
// same seed. Long operations cost no polling lag: the clock is moved to the moment each one ends (the short ones the
// activities wait for themselves, as a script using the SDK's pollers would), so the baseline's virtual time is about
// the sum of its steps, the best a sequential script could do.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvocationContext } from '@azure/functions';
import { ACTIVITY_HANDLERS as A } from '../../activities/handlers';
import type { ActivityResult, SiteTarget } from '../../activities/contracts';
import { appSettingsForSimulator, SIMULATED_STAMP_ID } from '../../cli/simulatorSettings';
import { clearArmMetadataCache, clearCredentialCache } from '../../lib/clouds';
import { defaultSharedKeySecretName, resourceTags } from '../../lib/naming';
import { firstPairOf, resolvePlan, type PlanInput, type ResolvedPlan } from '../../lib/plan';
import { startSimulator, type Simulator } from '../../simulator';
import { DEFAULT_ESTABLISH_MS } from '../../simulator/network/tunnel';
import { BenchScenarioError } from '../errors';

type Cloud = 'azure' | 'azureStack';
const CLOUDS: readonly Cloud[] = ['azure', 'azureStack'];

export interface SequentialSample {
  virtualMs: number;
  steps: number;
}

function valueOf<T>(result: ActivityResult<T>, what: string): T {
  if (!result.ok) throw new BenchScenarioError(`${what}: ${result.error.code} ${result.error.armMessage ?? ''}`);
  return result.value;
}

/** Moves the clock to the end of whatever operation runs on `resourceId` (no wall waiting, no polling lag). */
function finish(sim: Simulator, cloud: Cloud, resourceId: string): void {
  const running = sim.inspect
    .operations(cloud)
    .filter((op) => op.status === 'InProgress' && op.resourceId.toLowerCase() === resourceId.toLowerCase());
  const due = Math.max(0, ...running.map((op) => op.dueAt));
  const now = sim.inspect.clock().now;
  if (due > now) sim.inspect.advanceClock(due - now);
}

export async function measureSequential(example: PlanInput, seed: string): Promise<SequentialSample> {
  const dataDir = await mkdtemp(join(tmpdir(), 'hc-bench-sequential-'));
  const sim = await startSimulator({ port: 0, seed, dataDir, timeScale: 1000 });
  const saved = { ...process.env };
  Object.assign(process.env, appSettingsForSimulator(sim));
  clearCredentialCache();
  clearArmMetadataCache();
  // The activities' progress lines would drown the tables.
  const context = new InvocationContext({
    functionName: 'sequential',
    invocationId: 'bench',
    logHandler: () => undefined,
  });
  let steps = 0;
  const step = async <T>(what: string, run: () => Promise<ActivityResult<T>>): Promise<T> => {
    steps++;
    return valueOf(await run(), what);
  };
  try {
    const fleet: ResolvedPlan = resolvePlan({
      ...example,
      azure: { ...example.azure, subscriptionId: sim.azure.subscriptionId, location: sim.azure.location },
      azureStack: {
        ...example.azureStack,
        stamp: SIMULATED_STAMP_ID,
        subscriptionId: sim.azureStack.subscriptionId,
        location: sim.azureStack.location,
      },
    });
    const plan = firstPairOf(fleet);
    delete plan.azureStack.armEndpoint;
    const start = sim.inspect.clock().now;
    const target = (cloud: Cloud): SiteTarget => ({
      cloud,
      subscriptionId: plan[cloud].subscriptionId,
      location: plan[cloud].location,
      resourceGroup: plan[cloud].resourceGroup,
      ...(cloud === 'azureStack' ? { stamp: SIMULATED_STAMP_ID } : {}),
      name: plan.name,
      tags: resourceTags(plan.name, plan.ticketId),
    });
    const built: Record<Cloud, { gatewayId: string; ip: string; vmId: string; vmIp: string }> = {} as never;
    for (const cloud of CLOUDS) {
      const t = target(cloud);
      const site = plan[cloud];
      await step('resource group', () => A.ensureResourceGroup({ target: t }, context));
      const vnet = await step('vnet', () =>
        A.ensureVirtualNetwork(
          {
            target: t,
            addressSpace: site.addressSpace,
            workloadSubnet: site.workloadSubnet,
            gatewaySubnet: site.gatewaySubnet,
          },
          context,
        ),
      );
      finish(sim, cloud, vnet.id);
      const pip = await step('public ip', () => A.ensurePublicIp({ target: t }, context));
      finish(sim, cloud, pip.id);
      const gateway = await step('gateway', () =>
        A.beginGateway(
          { target: t, gatewaySubnetId: vnet.gatewaySubnetId, publicIpId: pip.id, sku: site.gatewaySku },
          context,
        ),
      );
      finish(sim, cloud, gateway.id);
      const state = await step('gateway state', () => A.getGatewayState({ target: t, id: gateway.id }, context));
      const nic = await step('nic', () =>
        A.ensureNetworkInterface({ target: t, subnetId: vnet.workloadSubnetId }, context),
      );
      finish(sim, cloud, nic.id);
      const vm = await step('vm', () =>
        A.beginVirtualMachine(
          {
            target: t,
            networkInterfaceId: nic.id,
            size: site.vm.size,
            adminUsername: site.vm.adminUsername,
            sshPublicKey: site.vm.sshPublicKey,
            image: site.vm.image,
          },
          context,
        ),
      );
      finish(sim, cloud, vm.id);
      built[cloud] = {
        gatewayId: gateway.id,
        ip: state.publicIpAddress ?? '',
        vmId: vm.id,
        vmIp: nic.privateIpAddress,
      };
    }
    const secretName = defaultSharedKeySecretName(plan.name);
    await step('shared key', () => A.ensureSharedKey({ secretName }, context));
    for (const cloud of CLOUDS) {
      const peer: Cloud = cloud === 'azure' ? 'azureStack' : 'azure';
      const lgw = await step('local network gateway', () =>
        A.ensureLocalNetworkGateway(
          { target: target(cloud), gatewayIpAddress: built[peer].ip, addressPrefixes: plan[peer].addressSpace },
          context,
        ),
      );
      finish(sim, cloud, lgw.id);
      const connection = await step('connection', () =>
        A.beginConnection(
          {
            target: target(cloud),
            gatewayId: built[cloud].gatewayId,
            localNetworkGatewayId: lgw.id,
            sharedKeySecretName: secretName,
            ipsecPolicy: plan.connection.ipsecPolicy,
          },
          context,
        ),
      );
      finish(sim, cloud, connection.id);
    }
    // Both connections up: IKE takes its establishment time, then the ping runs over the tunnel.
    sim.inspect.advanceClock(DEFAULT_ESTABLISH_MS);
    const handle = await step('ping', () =>
      A.beginPing(
        { target: target('azure'), virtualMachineId: built.azure.vmId, targetIp: built.azureStack.vmIp },
        context,
      ),
    );
    finish(sim, 'azure', built.azure.vmId);
    const ping = await step('ping result', () => A.getPingResult({ target: target('azure'), handle }, context));
    if (!ping.reachable) throw new BenchScenarioError('the sequential baseline could not ping across the tunnel');
    return { virtualMs: sim.inspect.clock().now - start, steps };
  } finally {
    await sim.stop();
    for (const key of Object.keys(process.env)) if (!(key in saved)) delete process.env[key];
    Object.assign(process.env, saved);
    clearCredentialCache();
    clearArmMetadataCache();
    await rm(dataDir, { recursive: true, force: true });
  }
}
