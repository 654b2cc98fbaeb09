// The soak's own ARM clients for the simulator: the app's client factory (lib/clouds) with the very settings the host
// runs with, so the soak reads and writes the clouds as an operator with the same principal would. Used to make the
// foreign resources and to read a rotated connection's key; never by the host.
import { armClientsFor, type ArmClients } from '../lib/clouds';
import type { CloudId } from '../lib/cloudIds';
import { SIMULATED_STAMP_ID } from '../cli/simulatorSettings';
import { readSettings } from '../lib/settings';
import type { SimProcess } from './simProcess';

export function soakArmClients(
  sim: Pick<SimProcess, 'ready' | 'hostEnvironment'>,
  cloud: CloudId,
): Promise<ArmClients> {
  return armClientsFor(
    {
      cloud,
      subscriptionId: sim.ready[cloud].subscriptionId,
      ...(cloud === 'azureStack' ? { stamp: SIMULATED_STAMP_ID } : {}),
    },
    readSettings(sim.hostEnvironment),
  );
}
