// The critical path of a provisioning: the true dependency DAG (a local network gateway waits only for the peer's
// address, a connection only for its own gateway and local network gateway) and its longest chain.
import { criticalPath, dependencies, stepOf, type OperationSpan } from '../../bench/workflow/criticalPath';

const MIN = 60_000;
const rg = (cloud: string) => `/subscriptions/s/resourceGroups/rg-${cloud}/providers`;

function span(
  cloud: 'azure' | 'azureStack',
  type: string,
  start: number,
  minutes: number,
  kind = 'put',
): OperationSpan {
  return { cloud, resourceId: `${rg(cloud)}/${type}/x`, kind, start, end: start + minutes * MIN };
}

/** A run where Azure's gateway (35 min) is the slow one and Stack Hub's public IP is Dynamic. */
function run(): OperationSpan[] {
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

describe('criticalPath', () => {
  it('names the steps the DAG knows and leaves out subnets and deletes', () => {
    expect(stepOf(span('azure', 'Microsoft.Network/virtualNetworkGateways', 0, 1))).toBe('gateway');
    expect(stepOf(span('azure', 'Microsoft.Compute/virtualMachines', 0, 1, 'action'))).toBe('ping');
    expect(stepOf({ ...span('azure', 'Microsoft.Network/virtualNetworks', 0, 1), kind: 'delete' })).toBeUndefined();
    const subnet = { ...span('azure', 'Microsoft.Network/virtualNetworks', 0, 1) };
    subnet.resourceId += '/subnets/GatewaySubnet';
    expect(stepOf(subnet)).toBeUndefined();
  });

  it("lets a local network gateway wait only for the peer's address: its public IP if Static, else its gateway", () => {
    const deps = dependencies({ azure: true, azureStack: false });
    expect(deps['azureStack:lgw']).toEqual(['azure:pip']);
    expect(deps['azure:lgw']).toEqual(['azureStack:gateway']);
    expect(deps['azure:connection']).toEqual(['azure:gateway', 'azure:lgw']);
  });

  it('follows the slowest gateway, its own connection, the tunnel and the ping', () => {
    const path = criticalPath({
      spans: run(),
      staticPublicIp: { azure: true, azureStack: false },
      establishMs: 0.25 * MIN,
    });
    expect(path.chain).toEqual(['azure:vnet', 'azure:gateway', 'azure:connection', 'tunnel', 'ping']);
    expect(path.lengthMs).toBeCloseTo((0.3 + 35 + 1.5 + 0.25 + 1) * MIN, -1);
  });

  it('puts the other side on the path when its address arrives late: the Stack Hub gateway feeds the Azure LGW', () => {
    // Stack Hub's gateway takes 40 min and Azure's connection 3: Azure's LGW (needing Stack Hub's address) and its
    // connection then end last.
    const slowStack = run().map((s) => {
      if (s.cloud === 'azureStack' && /virtualNetworkGateways/.test(s.resourceId))
        return { ...s, end: s.start + 40 * MIN };
      if (s.cloud === 'azure' && /connections/.test(s.resourceId)) return { ...s, end: s.start + 3 * MIN };
      return s;
    });
    const path = criticalPath({ spans: slowStack, staticPublicIp: { azure: true, azureStack: false }, establishMs: 0 });
    expect(path.chain.slice(0, 4)).toEqual(['azureStack:vnet', 'azureStack:gateway', 'azure:lgw', 'azure:connection']);
  });
});
