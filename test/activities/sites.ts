// Test-only: runs the per-site activities of provisionSite for one cloud, in the orchestrator's order, through the
// real handlers, and returns what the link stage needs. Waiting is done by advancing the simulator's clock.
import { ACTIVITY_HANDLERS as A } from '../../activities/handlers';
import type { CloudId } from '../../lib/cloudIds';
import { LONG_ENOUGH_MS, SITE_PLAN, valueOf, vmInputFor, type ActivityWorld } from './harness';

export interface ProvisionedSite {
  vnetId: string;
  workloadSubnetId: string;
  gatewaySubnetId: string;
  publicIpId: string;
  gatewayId: string;
  gatewayOperation?: string;
  nicId: string;
  vmPrivateIp: string;
  vmId: string;
  gatewayPublicIp: string;
}

export async function startSite(w: ActivityWorld, cloud: CloudId): Promise<Omit<ProvisionedSite, 'gatewayPublicIp'>> {
  const target = w.targets[cloud];
  const plan = SITE_PLAN[cloud];
  valueOf(await A.ensureResourceGroup({ target }, w.context()));
  const vnet = valueOf(
    await A.ensureVirtualNetwork(
      {
        target,
        addressSpace: [...plan.addressSpace],
        workloadSubnet: plan.workloadSubnet,
        gatewaySubnet: plan.gatewaySubnet,
      },
      w.context(),
    ),
  );
  const pip = valueOf(await A.ensurePublicIp({ target }, w.context()));
  const gateway = valueOf(
    await A.beginGateway(
      { target, gatewaySubnetId: vnet.gatewaySubnetId, publicIpId: pip.id, sku: plan.gatewaySku },
      w.context(),
    ),
  );
  const nic = valueOf(await A.ensureNetworkInterface({ target, subnetId: vnet.workloadSubnetId }, w.context()));
  const vm = valueOf(await A.beginVirtualMachine(vmInputFor(target, nic.id), w.context()));
  return {
    vnetId: vnet.id,
    workloadSubnetId: vnet.workloadSubnetId,
    gatewaySubnetId: vnet.gatewaySubnetId,
    publicIpId: pip.id,
    gatewayId: gateway.id,
    ...(gateway.operation !== undefined ? { gatewayOperation: gateway.operation } : {}),
    nicId: nic.id,
    vmPrivateIp: nic.privateIpAddress,
    vmId: vm.id,
  };
}

/** Both sites, built and finished: gateways Succeeded with their public IPs, VMs running. */
export async function provisionBothSites(w: ActivityWorld): Promise<Record<CloudId, ProvisionedSite>> {
  const started = { azure: await startSite(w, 'azure'), azureStack: await startSite(w, 'azureStack') };
  w.sim.inspect.advanceClock(LONG_ENOUGH_MS);
  const finish = async (cloud: CloudId): Promise<ProvisionedSite> => {
    const state = valueOf(
      await A.getGatewayState({ target: w.targets[cloud], id: started[cloud].gatewayId }, w.context()),
    );
    if (state.provisioningState !== 'Succeeded' || !state.publicIpAddress)
      throw new Error(`${cloud} gateway not ready: ${JSON.stringify(state)}`);
    return { ...started[cloud], gatewayPublicIp: state.publicIpAddress };
  };
  return { azure: await finish('azure'), azureStack: await finish('azureStack') };
}
