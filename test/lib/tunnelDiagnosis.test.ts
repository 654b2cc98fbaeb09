import { AZURE_STACK_DEFAULT_IPSEC_POLICY } from '../../lib/ipsec';
import { diagnoseTunnel, type TunnelFacts } from '../../lib/tunnelDiagnosis';

function consistent(): TunnelFacts {
  return {
    policies: {
      azure: [{ ...AZURE_STACK_DEFAULT_IPSEC_POLICY }],
      azureStack: [{ ...AZURE_STACK_DEFAULT_IPSEC_POLICY }],
    },
    localNetworkGateways: {
      azure: { gatewayIpAddress: '198.51.100.2', addressPrefixes: ['10.200.0.0/16'] },
      azureStack: { gatewayIpAddress: '203.0.113.1', addressPrefixes: ['10.100.0.0/16'] },
    },
    sites: {
      azure: { gatewayPublicIp: '203.0.113.1', addressSpace: ['10.100.0.0/16'] },
      azureStack: { gatewayPublicIp: '198.51.100.2', addressSpace: ['10.200.0.0/16'] },
    },
    sharedKeysMatch: true,
  };
}

describe('diagnoseTunnel', () => {
  it('finds nothing wrong when both sides agree', () => {
    expect(diagnoseTunnel(consistent())).toEqual({ diagnosis: 'unknown' });
  });

  it("blames a local network gateway that points at the wrong IP or misses the peer's space", () => {
    const wrongIp = consistent();
    wrongIp.localNetworkGateways.azure.gatewayIpAddress = '0.0.0.0';
    expect(diagnoseTunnel(wrongIp)).toEqual({
      diagnosis: 'addressSpaceMismatch',
      detail: expect.stringMatching(/points at 0\.0\.0\.0/) as unknown,
    });
    const narrow = consistent();
    narrow.sites.azure.addressSpace.push('10.101.0.0/16');
    expect(diagnoseTunnel(narrow)).toEqual({
      diagnosis: 'addressSpaceMismatch',
      detail: 'the azureStack local network gateway does not cover 10.101.0.0/16 of azure',
    });
  });

  it('blames differing policies, naming the fields, and an Azure connection without one', () => {
    const differing = consistent();
    differing.policies.azureStack = [{ ...AZURE_STACK_DEFAULT_IPSEC_POLICY, dhGroup: 'DHGroup14' }];
    expect(diagnoseTunnel(differing)).toEqual({
      diagnosis: 'ipsecPolicyMismatch',
      detail: 'dhGroup: ECP384 (azure) vs DHGroup14 (azureStack)',
    });
    const bare = consistent();
    bare.policies.azure = [];
    expect(diagnoseTunnel(bare).diagnosis).toBe('ipsecPolicyMismatch');
  });

  it("treats a Stack Hub connection without a policy as running Stack Hub's default", () => {
    const basic = consistent();
    basic.policies.azureStack = [];
    expect(diagnoseTunnel(basic)).toEqual({ diagnosis: 'unknown' });
  });

  it('does not blame a local network gateway when the gateway it should point at has no address yet', () => {
    const unaddressed = consistent();
    unaddressed.sites.azureStack.gatewayPublicIp = '';
    expect(diagnoseTunnel(unaddressed)).toEqual({
      diagnosis: 'unknown',
      detail: 'no gateway public IP address yet: azureStack',
    });
    // What can still be judged is: the policies.
    unaddressed.policies.azureStack = [{ ...AZURE_STACK_DEFAULT_IPSEC_POLICY, dhGroup: 'DHGroup14' }];
    expect(diagnoseTunnel(unaddressed).diagnosis).toBe('ipsecPolicyMismatch');
  });

  it('blames the shared key only when the caller saw the keys differ', () => {
    const keys = consistent();
    keys.sharedKeysMatch = false;
    expect(diagnoseTunnel(keys).diagnosis).toBe('sharedKeyMismatch');
    delete keys.sharedKeysMatch;
    expect(diagnoseTunnel(keys).diagnosis).toBe('unknown');
  });
});
