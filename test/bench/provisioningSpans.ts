// The operation log of one made-up provisioning, as the simulator would record it (virtual ms): the fixture of the
// critical-path and Gantt chart tests.
import type { OperationSpan } from '../../bench/workflow/criticalPath';

const MIN = 60_000;
const rg = (cloud: string) => `/subscriptions/s/resourceGroups/rg-${cloud}/providers`;

export function span(
  cloud: 'azure' | 'azureStack',
  type: string,
  start: number,
  minutes: number,
  kind = 'put',
): OperationSpan {
  return { cloud, resourceId: `${rg(cloud)}/${type}/x`, kind, start, end: start + minutes * MIN };
}

/** A run where Azure's gateway (35 min) is the slow one and Stack Hub's public IP is Dynamic. */
export function run(): OperationSpan[] {
  return [
    span('azure', 'Microsoft.Network/virtualNetworks', 0, 0.3),
    span('azure', 'Microsoft.Network/publicIPAddresses', 0, 0.1),
    span('azure', 'Microsoft.Network/virtualNetworkGateways', 0.3 * MIN, 35),
    span('azure', 'Microsoft.Network/networkInterfaces', 0.3 * MIN, 0.1),
    span('azure', 'Microsoft.Compute/virtualMachines', 0.4 * MIN, 3),
    span('azureStack', 'Microsoft.Network/virtualNetworks', 0, 0.5),
    span('azureStack', 'Microsoft.Network/publicIPAddresses', 0, 0.2),
    span('azureStack', 'Microsoft.Network/virtualNetworkGateways', 0.5 * MIN, 20),
    span('azureStack', 'Microsoft.Network/networkInterfaces', 0.5 * MIN, 0.2),
    span('azureStack', 'Microsoft.Compute/virtualMachines', 0.7 * MIN, 6),
    span('azure', 'Microsoft.Network/localNetworkGateways', 36 * MIN, 0.2),
    span('azureStack', 'Microsoft.Network/localNetworkGateways', 36 * MIN, 0.4),
    span('azure', 'Microsoft.Network/connections', 37 * MIN, 1.5),
    span('azureStack', 'Microsoft.Network/connections', 37 * MIN, 2),
    span('azure', 'Microsoft.Compute/virtualMachines', 40 * MIN, 1, 'action'),
  ];
}
