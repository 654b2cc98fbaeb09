import {
  AZURE_DEFAULT_OFFERS,
  AZURE_STACK_DEFAULT_OFFER,
  policiesCompatible,
  validateIpsecPolicies,
  type IpsecPolicy,
} from '../../../simulator/network/ipsecPolicy';
import { STACK_DEFAULT_POLICY } from './blueprint';

const explicit = (policy: Partial<IpsecPolicy> = {}): IpsecPolicy[] => [{ ...STACK_DEFAULT_POLICY, ...policy }];

describe('IPsec/IKE policy compatibility', () => {
  it('does not match Azure defaults with Azure Stack Hub defaults (they differ since build 1910)', () => {
    expect(policiesCompatible({ cloud: 'azure', policies: [] }, { cloud: 'azureStack', policies: [] })).toBe(false);
  });

  it('matches identical explicit policies, whatever their lifetimes', () => {
    expect(
      policiesCompatible(
        { cloud: 'azure', policies: explicit() },
        { cloud: 'azureStack', policies: explicit({ saDataSizeKilobytes: 33553408 }) },
      ),
    ).toBe(true);
    expect(
      policiesCompatible(
        { cloud: 'azure', policies: explicit() },
        { cloud: 'azureStack', policies: explicit({ pfsGroup: 'None' }) },
      ),
    ).toBe(false);
  });

  it("matches a default end with an explicit policy equal to that end's default", () => {
    expect(policiesCompatible({ cloud: 'azure', policies: explicit() }, { cloud: 'azureStack', policies: [] })).toBe(
      true,
    );
    const azureDefault = { ...AZURE_DEFAULT_OFFERS[0], saLifeTimeSeconds: 27000, saDataSizeKilobytes: 102400000 };
    expect(
      policiesCompatible({ cloud: 'azure', policies: [] }, { cloud: 'azureStack', policies: [azureDefault] }),
    ).toBe(true);
    expect(policiesCompatible({ cloud: 'azure', policies: [] }, { cloud: 'azureStack', policies: explicit() })).toBe(
      false,
    );
  });

  it('writes the Stack Hub default offer exactly as documented', () => {
    expect(AZURE_STACK_DEFAULT_OFFER).toEqual({
      ikeEncryption: 'AES256',
      ikeIntegrity: 'SHA384',
      dhGroup: 'ECP384',
      ipsecEncryption: 'GCMAES256',
      ipsecIntegrity: 'GCMAES256',
      pfsGroup: 'ECP384',
    });
  });

  it('accepts the documented custom policy on both clouds', () => {
    expect(validateIpsecPolicies('azure', [STACK_DEFAULT_POLICY])).toHaveLength(1);
    expect(validateIpsecPolicies('azureStack', [STACK_DEFAULT_POLICY])).toHaveLength(1);
    expect(validateIpsecPolicies('azureStack', undefined)).toEqual([]);
  });

  it('refuses values only Azure knows on Azure Stack Hub', () => {
    expect(() =>
      validateIpsecPolicies('azureStack', explicit({ ipsecIntegrity: 'SHA1', ipsecEncryption: 'AES256' })),
    ).toThrow(/not supported by Azure Stack Hub/);
    expect(() =>
      validateIpsecPolicies('azure', explicit({ ipsecIntegrity: 'SHA1', ipsecEncryption: 'AES256' })),
    ).not.toThrow();
    expect(() => validateIpsecPolicies('azureStack', explicit({ pfsGroup: 'PFS14' }))).toThrow(
      /not supported by Azure Stack Hub/,
    );
  });
});
