// The critical path of a provisioning: the true dependency DAG (a local network gateway waits only for the peer's
// address, a connection only for its own gateway and local network gateway) and its longest chain.
import { criticalPath, dependencies, stepOf } from '../../bench/workflow/criticalPath';
import { run, span } from './provisioningSpans';

const MIN = 60_000;

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
