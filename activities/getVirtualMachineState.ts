// Activity: reads a VM's provisioning state and power state (instance view). A VM that ended Failed is a terminal
// {ok:false} naming ARM's code (read from the begin activity's operation when the orchestrator passes it).
import type { InvocationContext } from '@azure/functions';
import { armCall, armCompute } from '../lib/clouds';
import { ARM_TYPES } from '../lib/resourceKinds';
import type { ActivityResult, GetStateInput, VirtualMachineState } from './contracts';
import { getOrUndefined, isFailedState, NOT_FOUND, SUCCEEDED } from './shared/arm';
import { failedResourceError } from './shared/failedResource';
import { siteOf } from './shared/site';

export async function getVirtualMachineState(
  input: GetStateInput,
  _context: InvocationContext,
): Promise<ActivityResult<VirtualMachineState>> {
  const site = siteOf(input.target, 'virtualMachine');
  return armCall(site.errorSite, async () => {
    const { resourceGroup, name } = site.own(input.id, ARM_TYPES.virtualMachine);
    const { compute } = await site.clients();
    const vm = await getOrUndefined(() => compute.virtualMachines.get(resourceGroup, name, { expand: 'instanceView' }));
    if (!vm) return { provisioningState: NOT_FOUND };
    const state = vm.provisioningState ?? SUCCEEDED;
    if (isFailedState(state)) {
      const operation = input.operation;
      throw await failedResourceError(
        site.errorSite,
        ARM_TYPES.virtualMachine,
        state,
        operation === undefined
          ? undefined
          : async () => {
              await armCompute().restorePoller(compute, operation, compute.virtualMachines.createOrUpdate).poll();
            },
      );
    }
    const power = vm.instanceView?.statuses?.find((status) => status.code?.startsWith('PowerState/'))?.code;
    return {
      provisioningState: state,
      ...(power !== undefined ? { powerState: power.slice('PowerState/'.length) } : {}),
    };
  });
}
