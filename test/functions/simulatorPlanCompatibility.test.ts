// A plan aimed at the simulator must pass plan validation, or no end-to-end run can start: simulator/ serves Azure
// Stack Hub's ARM under a path prefix (https://127.0.0.1:PORT/azurestack), which lib/plan must accept as a root.
import { validatePlan } from '../../lib/plan';
import { startSimulator } from '../../simulator';

describe('simulator and plan validation', () => {
  it('accept a plan aimed at the simulated Azure Stack Hub', async () => {
    const sim = await startSimulator({ port: 0, seed: 1, timeScale: 1 });
    try {
      const plan = {
        name: 'contoso',
        azure: {
          subscriptionId: sim.azure.subscriptionId,
          location: sim.azure.location,
          addressSpace: ['10.100.0.0/16'],
          workloadSubnet: '10.100.1.0/24',
          gatewaySubnet: '10.100.255.0/27',
          vm: {
            adminUsername: 'azureuser',
            sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEpgcRXNlArot8h4qq/tNSe0v5ajexFb1dV0t421GPvc x',
          },
        },
        azureStack: {
          armEndpoint: sim.azureStack.armEndpoint,
          subscriptionId: sim.azureStack.subscriptionId,
          location: sim.azureStack.location,
          addressSpace: ['10.200.0.0/16'],
          workloadSubnet: '10.200.1.0/24',
          gatewaySubnet: '10.200.255.0/27',
          vm: {
            adminUsername: 'azureuser',
            sshPublicKey: 'ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEpgcRXNlArot8h4qq/tNSe0v5ajexFb1dV0t421GPvc x',
          },
        },
      };
      const result = validatePlan(plan);
      expect(result.ok ? [] : result.errors).toEqual([]);
    } finally {
      await sim.stop();
    }
  });
});
