import { errorsOf, messagesAt, planWith, warningsOf } from './planFixtures';

describe('validatePlan: address plan', () => {
  it('refuses address spaces that overlap between the clouds, at the Stack Hub prefix that clashes', () => {
    const plan = planWith({
      'azureStack.addressSpace': ['10.200.0.0/16', '10.100.128.0/17'],
    });
    expect(messagesAt(plan, 'azureStack.addressSpace[1]')).toEqual([
      expect.stringMatching(
        /^10\.100\.128\.0\/17 overlaps azure\.addressSpace\[0\] \(10\.100\.0\.0\/16\): .*disjoint address spaces/,
      ),
    ]);
  });

  it('compares every prefix of one cloud with every prefix of the other', () => {
    const plan = planWith({
      'azure.addressSpace': ['10.100.0.0/16', '172.16.0.0/12'],
      'azureStack.addressSpace': ['10.200.0.0/16', '172.20.0.0/16'],
    });
    expect(errorsOf(plan).map((e) => e.path)).toEqual(['azureStack.addressSpace[1]']);
  });

  it('refuses a workload subnet outside the address space', () => {
    expect(messagesAt(planWith({ 'azure.workloadSubnet': '10.101.1.0/24' }), 'azure.workloadSubnet')).toEqual([
      '10.101.1.0/24 is outside azure.addressSpace (10.100.0.0/16): choose a range inside the address space, or add a prefix that contains it',
    ]);
  });

  it('refuses a subnet that only partly lies inside the address space', () => {
    const plan = planWith({
      'azureStack.addressSpace': ['10.200.0.0/24'],
      'azureStack.workloadSubnet': '10.200.0.0/23',
    });
    expect(messagesAt(plan, 'azureStack.workloadSubnet')).toEqual([
      expect.stringMatching(/is outside azureStack\.addressSpace/),
    ]);
  });

  it('accepts subnets in different prefixes of a multi-prefix address space', () => {
    const plan = planWith({
      'azure.addressSpace': ['10.100.0.0/16', '10.101.0.0/24'],
      'azure.gatewaySubnet': '10.101.0.0/27',
    });
    expect(errorsOf(plan)).toEqual([]);
  });

  it('refuses a GatewaySubnet that overlaps the workload subnet', () => {
    const plan = planWith({ 'azure.gatewaySubnet': '10.100.1.0/27' });
    expect(messagesAt(plan, 'azure.gatewaySubnet')).toEqual([
      expect.stringMatching(
        /^10\.100\.1\.0\/27 overlaps azure\.workloadSubnet \(10\.100\.1\.0\/24\): the GatewaySubnet must be a separate range/,
      ),
    ]);
  });

  it('refuses a GatewaySubnet smaller than /29 with the field path and a size to use', () => {
    expect(messagesAt(planWith({ 'azureStack.gatewaySubnet': '10.200.255.0/30' }), 'azureStack.gatewaySubnet')).toEqual(
      ['10.200.255.0/30 is too small: the GatewaySubnet must be /29 or larger; use e.g. 10.200.255.0/28'],
    );
    expect(messagesAt(planWith({ 'azure.gatewaySubnet': '10.100.255.0/30' }), 'azure.gatewaySubnet')).toEqual([
      '10.100.255.0/30 is too small: the GatewaySubnet must be /29 or larger; use e.g. 10.100.255.0/27',
    ]);
  });

  it('accepts a /29 GatewaySubnet but advises /27 on Azure and /28 on Stack Hub', () => {
    const plan = planWith({ 'azure.gatewaySubnet': '10.100.255.0/28', 'azureStack.gatewaySubnet': '10.200.255.0/29' });
    expect(errorsOf(plan)).toEqual([]);
    expect(warningsOf(plan)).toEqual([
      {
        path: 'azure.gatewaySubnet',
        message: expect.stringMatching(
          /advises a GatewaySubnet of \/27 or larger \(e\.g\. 10\.100\.255\.0\/27\)/,
        ) as unknown,
      },
      {
        path: 'azureStack.gatewaySubnet',
        message: expect.stringMatching(/Azure Stack Hub advises a GatewaySubnet of \/28/) as unknown,
      },
    ]);
    expect(warningsOf(planWith({ 'azureStack.gatewaySubnet': '10.200.255.0/28' }))).toEqual([]);
  });

  it('refuses a workload subnet smaller than /29', () => {
    expect(messagesAt(planWith({ 'azure.workloadSubnet': '10.100.1.0/30' }), 'azure.workloadSubnet')).toEqual([
      '10.100.1.0/30 is too small: a subnet must be /29 or larger; use e.g. 10.100.1.0/29',
    ]);
  });

  it('refuses host bits and says which prefix was meant', () => {
    expect(messagesAt(planWith({ 'azure.addressSpace': ['10.100.1.0/16'] }), 'azure.addressSpace[0]')).toEqual([
      '10.100.1.0/16 has host bits set: the /16 network containing it is 10.100.0.0/16; use that, or 10.100.1.0/24 (or a longer prefix) if you meant a smaller range',
    ]);
    expect(messagesAt(planWith({ 'azure.workloadSubnet': '10.100.1.7/24' }), 'azure.workloadSubnet')).toEqual([
      expect.stringMatching(
        /^10\.100\.1\.7\/24 has host bits set: the \/24 network containing it is 10\.100\.1\.0\/24/,
      ),
    ]);
  });

  it('refuses CIDR text ARM would not read', () => {
    const cases: [string, RegExp][] = [
      ['10.100.0.0/33', /is not an IPv4 CIDR/],
      ['10.100.0.0', /must be an IPv4 CIDR such as/],
      ['256.1.0.0/16', /is not an IPv4 CIDR/],
      ['010.100.0.0/16', /is not an IPv4 CIDR/],
      ['10.100.0.0/08', /write "10\.100\.0\.0\/08" as 10\.100\.0\.0\/8/],
      ['fd00::/8', /must be an IPv4 CIDR/],
    ];
    for (const [text, expected] of cases) {
      expect(messagesAt(planWith({ 'azure.addressSpace': [text] }), 'azure.addressSpace[0]')).toEqual([
        expect.stringMatching(expected),
      ]);
    }
  });

  it('does not blame the subnets when the address space itself is broken', () => {
    expect(errorsOf(planWith({ 'azure.addressSpace': ['10.100.1.0/16'] })).map((e) => e.path)).toEqual([
      'azure.addressSpace[0]',
    ]);
  });

  it('refuses overlapping prefixes within one address space', () => {
    const plan = planWith({ 'azure.addressSpace': ['10.100.0.0/16', '10.100.5.0/24'] });
    expect(messagesAt(plan, 'azure.addressSpace[1]')).toEqual([
      expect.stringMatching(
        /overlaps azure\.addressSpace\[0\] \(10\.100\.0\.0\/16\): the prefixes of one address space must not overlap/,
      ),
    ]);
  });

  it('refuses ranges a virtual network cannot use', () => {
    for (const reserved of ['127.0.0.0/8', '169.254.0.0/16', '224.0.0.0/4', '168.63.128.0/23']) {
      expect(
        messagesAt(planWith({ 'azureStack.addressSpace': [reserved, '10.200.0.0/16'] }), 'azureStack.addressSpace[0]'),
      ).toEqual([expect.stringMatching(/overlaps .*: use a private range/)]);
    }
  });
});
