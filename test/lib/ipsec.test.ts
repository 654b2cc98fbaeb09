import {
  AZURE_IPSEC_VALUES,
  AZURE_STACK_DEFAULT_IPSEC_POLICY,
  AZURE_STACK_IPSEC_VALUES,
  IPSEC_ALGORITHM_FIELDS,
  gcmPairingProblem,
  ipsecPoliciesEqual,
  ipsecPolicyMismatches,
  policiesCompatible,
} from '../../lib/ipsec';

const stackDefault = AZURE_STACK_DEFAULT_IPSEC_POLICY;

describe('IPsec policy facts', () => {
  it("writes Stack Hub's built-in offer as the explicit policy Azure needs to match it", () => {
    expect(stackDefault).toEqual({
      saLifeTimeSeconds: 27000,
      saDataSizeKilobytes: 102400000,
      ipsecEncryption: 'GCMAES256',
      ipsecIntegrity: 'GCMAES256',
      ikeEncryption: 'AES256',
      ikeIntegrity: 'SHA384',
      dhGroup: 'ECP384',
      pfsGroup: 'ECP384',
    });
    expect(Object.isFrozen(stackDefault)).toBe(true);
  });

  it("lists for Stack Hub a subset of ARM's values, which includes the default", () => {
    for (const field of IPSEC_ALGORITHM_FIELDS) {
      expect(AZURE_IPSEC_VALUES[field]).toEqual(expect.arrayContaining([...AZURE_STACK_IPSEC_VALUES[field]]));
      expect(AZURE_STACK_IPSEC_VALUES[field]).toContain(stackDefault[field]);
    }
    expect(AZURE_STACK_IPSEC_VALUES.ikeEncryption).not.toContain('GCMAES256');
  });

  it('calls policies compatible when their algorithms match, whatever their lifetimes', () => {
    const shorter = { ...stackDefault, saLifeTimeSeconds: 3600, saDataSizeKilobytes: 1024 };
    expect(policiesCompatible(stackDefault, shorter)).toBe(true);
    expect(ipsecPoliciesEqual(stackDefault, shorter)).toBe(false);
  });

  it('names each algorithm on which two policies differ', () => {
    const other = { ...stackDefault, ikeEncryption: 'AES128', pfsGroup: 'None' };
    expect(ipsecPolicyMismatches(stackDefault, other)).toEqual(['ikeEncryption', 'pfsGroup']);
    expect(policiesCompatible(stackDefault, other)).toBe(false);
  });

  it('requires GCMAES encryption and integrity to name the same GCMAES', () => {
    expect(gcmPairingProblem(stackDefault)).toBeUndefined();
    expect(gcmPairingProblem({ ...stackDefault, ipsecIntegrity: 'GCMAES128' })).toMatch(/must also be GCMAES256/);
    expect(gcmPairingProblem({ ...stackDefault, ipsecEncryption: 'AES256' })).toMatch(
      /needs ipsecEncryption GCMAES256/,
    );
    expect(gcmPairingProblem({ ...stackDefault, ipsecEncryption: 'AES256', ipsecIntegrity: 'SHA256' })).toBeUndefined();
  });
});
