// IPsec/IKE policy facts for both clouds: Azure Stack Hub's built-in offer, the values each cloud accepts, and
// pure comparisons. Never holds or compares shared keys (those live in Key Vault only).

/** ARM's IpsecPolicy (all eight members are required on the wire, in both SDK generations). */
export interface IpsecPolicy {
  saLifeTimeSeconds: number;
  saDataSizeKilobytes: number;
  ipsecEncryption: string;
  ipsecIntegrity: string;
  ikeEncryption: string;
  ikeIntegrity: string;
  dhGroup: string;
  pfsGroup: string;
}

export type IpsecAlgorithmField =
  'ipsecEncryption' | 'ipsecIntegrity' | 'ikeEncryption' | 'ikeIntegrity' | 'dhGroup' | 'pfsGroup';

export const IPSEC_ALGORITHM_FIELDS: readonly IpsecAlgorithmField[] = [
  'ipsecEncryption',
  'ipsecIntegrity',
  'ikeEncryption',
  'ikeIntegrity',
  'dhGroup',
  'pfsGroup',
];

export const IPSEC_POLICY_FIELDS: readonly (keyof IpsecPolicy)[] = [
  'saLifeTimeSeconds',
  'saDataSizeKilobytes',
  ...IPSEC_ALGORITHM_FIELDS,
];

/**
 * Azure Stack Hub's default offer (builds >= 1910) written as an explicit policy. Azure's defaults differ, so by
 * default both connections carry this policy and Azure matches Stack Hub
 * (https://learn.microsoft.com/azure-stack/user/azure-stack-connect-vpn).
 * The data size is the value of Microsoft's documented `New-AzIpsecPolicy` command for this case.
 */
export const AZURE_STACK_DEFAULT_IPSEC_POLICY: Readonly<IpsecPolicy> = Object.freeze({
  saLifeTimeSeconds: 27000,
  saDataSizeKilobytes: 102400000,
  ipsecEncryption: 'GCMAES256',
  ipsecIntegrity: 'GCMAES256',
  ikeEncryption: 'AES256',
  ikeIntegrity: 'SHA384',
  dhGroup: 'ECP384',
  pfsGroup: 'ECP384',
});

/** Values ARM's IpsecPolicy enums allow (arm-network 39 and the 2018-11-01 hybrid profile agree). */
export const AZURE_IPSEC_VALUES: Readonly<Record<IpsecAlgorithmField, readonly string[]>> = {
  ipsecEncryption: ['None', 'DES', 'DES3', 'AES128', 'AES192', 'AES256', 'GCMAES128', 'GCMAES192', 'GCMAES256'],
  ipsecIntegrity: ['MD5', 'SHA1', 'SHA256', 'GCMAES128', 'GCMAES192', 'GCMAES256'],
  ikeEncryption: ['DES', 'DES3', 'AES128', 'AES192', 'AES256', 'GCMAES256', 'GCMAES128'],
  ikeIntegrity: ['MD5', 'SHA1', 'SHA256', 'SHA384', 'GCMAES256', 'GCMAES128'],
  dhGroup: ['None', 'DHGroup1', 'DHGroup2', 'DHGroup14', 'DHGroup2048', 'ECP256', 'ECP384', 'DHGroup24'],
  pfsGroup: ['None', 'PFS1', 'PFS2', 'PFS2048', 'ECP256', 'ECP384', 'PFS24', 'PFS14', 'PFSMM'],
};

/**
 * The narrower list Azure Stack Hub documents for custom policies
 * (https://learn.microsoft.com/azure-stack/user/azure-stack-vpn-s2s).
 */
export const AZURE_STACK_IPSEC_VALUES: Readonly<Record<IpsecAlgorithmField, readonly string[]>> = {
  ipsecEncryption: ['GCMAES256', 'GCMAES192', 'GCMAES128', 'AES256', 'AES192', 'AES128', 'DES3', 'DES', 'None'],
  ipsecIntegrity: ['GCMAES256', 'GCMAES192', 'GCMAES128', 'SHA256'],
  ikeEncryption: ['AES256', 'AES192', 'AES128', 'DES3', 'DES'],
  ikeIntegrity: ['SHA384', 'SHA256', 'SHA1', 'MD5'],
  dhGroup: ['ECP384', 'DHGroup14', 'DHGroup2048', 'DHGroup2', 'DHGroup1', 'ECP256', 'DHGroup24'],
  pfsGroup: ['PFS24', 'ECP384', 'ECP256', 'PFS2048', 'PFS2', 'PFS1', 'PFSMM', 'None'],
};

export function ipsecPoliciesEqual(a: Readonly<IpsecPolicy>, b: Readonly<IpsecPolicy>): boolean {
  return IPSEC_POLICY_FIELDS.every((field) => a[field] === b[field]);
}

/**
 * The algorithm fields on which two policies disagree. Lifetimes are not compared: each IKEv2 peer rekeys on its
 * own schedule, so different lifetimes still bring a tunnel up, while any algorithm difference does not.
 */
export function ipsecPolicyMismatches(a: Readonly<IpsecPolicy>, b: Readonly<IpsecPolicy>): IpsecAlgorithmField[] {
  return IPSEC_ALGORITHM_FIELDS.filter((field) => a[field] !== b[field]);
}

/** True when two peers with these policies can negotiate a tunnel. */
export function policiesCompatible(a: Readonly<IpsecPolicy>, b: Readonly<IpsecPolicy>): boolean {
  return ipsecPolicyMismatches(a, b).length === 0;
}

/** GCM is an AEAD cipher: with GCMAES encryption the integrity must name the same GCMAES (and vice versa). */
export function gcmPairingProblem(policy: Readonly<IpsecPolicy>): string | undefined {
  const enc = policy.ipsecEncryption;
  const integ = policy.ipsecIntegrity;
  if ((enc.startsWith('GCMAES') || integ.startsWith('GCMAES')) && enc !== integ) {
    return enc.startsWith('GCMAES')
      ? `with ipsecEncryption ${enc} the ipsecIntegrity must also be ${enc}`
      : `ipsecIntegrity ${integ} needs ipsecEncryption ${integ}`;
  }
  return undefined;
}
