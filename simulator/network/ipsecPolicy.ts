// IPsec/IKE policy rules for connections: the values each cloud accepts, each cloud's built-in (default) offers,
// and whether two tunnel ends can agree. Pure; shared keys never pass through here.
import type { CloudName } from '../arm/resourceType';
import { asArray, asNumber, asRecord, asString } from './body';
import { modelEnum } from './enums';
import { invalidIpsecPolicy, invalidRequestFormat } from './errors';

export interface IpsecAlgorithms {
  ipsecEncryption: string;
  ipsecIntegrity: string;
  ikeEncryption: string;
  ikeIntegrity: string;
  dhGroup: string;
  pfsGroup: string;
}

export interface IpsecPolicy extends IpsecAlgorithms {
  saLifeTimeSeconds: number;
  saDataSizeKilobytes: number;
}

type AlgorithmField = keyof IpsecAlgorithms;

const ENUM_NAMES: Record<AlgorithmField, string> = {
  ipsecEncryption: 'IpsecEncryption',
  ipsecIntegrity: 'IpsecIntegrity',
  ikeEncryption: 'IkeEncryption',
  ikeIntegrity: 'IkeIntegrity',
  dhGroup: 'DhGroup',
  pfsGroup: 'PfsGroup',
};

const FIELDS = Object.keys(ENUM_NAMES) as AlgorithmField[];

/** The model enums (the IpsecPolicy models of @azure/arm-network 39 and of the 2018-11-01 hybrid profile agree). */
const ARM_VALUES: Record<AlgorithmField, readonly string[]> = {
  ipsecEncryption: ['None', 'DES', 'DES3', 'AES128', 'AES192', 'AES256', 'GCMAES128', 'GCMAES192', 'GCMAES256'],
  ipsecIntegrity: ['MD5', 'SHA1', 'SHA256', 'GCMAES128', 'GCMAES192', 'GCMAES256'],
  ikeEncryption: ['DES', 'DES3', 'AES128', 'AES192', 'AES256', 'GCMAES256', 'GCMAES128'],
  ikeIntegrity: ['MD5', 'SHA1', 'SHA256', 'SHA384', 'GCMAES256', 'GCMAES128'],
  dhGroup: ['None', 'DHGroup1', 'DHGroup2', 'DHGroup14', 'DHGroup2048', 'ECP256', 'ECP384', 'DHGroup24'],
  pfsGroup: ['None', 'PFS1', 'PFS2', 'PFS2048', 'ECP256', 'ECP384', 'PFS24', 'PFS14', 'PFSMM'],
};

/** What Azure Stack Hub documents for custom policies, narrower than the model:
 * https://learn.microsoft.com/azure-stack/user/azure-stack-vpn-s2s */
const AZURE_STACK_VALUES: Record<AlgorithmField, readonly string[]> = {
  ipsecEncryption: ['GCMAES256', 'GCMAES192', 'GCMAES128', 'AES256', 'AES192', 'AES128', 'DES3', 'DES', 'None'],
  ipsecIntegrity: ['GCMAES256', 'GCMAES192', 'GCMAES128', 'SHA256'],
  ikeEncryption: ['AES256', 'AES192', 'AES128', 'DES3', 'DES'],
  ikeIntegrity: ['SHA384', 'SHA256', 'SHA1', 'MD5'],
  dhGroup: ['ECP384', 'DHGroup14', 'DHGroup2048', 'DHGroup2', 'DHGroup1', 'ECP256', 'DHGroup24'],
  pfsGroup: ['PFS24', 'ECP384', 'ECP256', 'PFS2048', 'PFS2', 'PFS1', 'PFSMM', 'None'],
};

/**
 * Azure Stack Hub's single built-in offer since build 1910:
 * https://learn.microsoft.com/azure-stack/user/azure-stack-vpn-s2s
 */
export const AZURE_STACK_DEFAULT_OFFER: Readonly<IpsecAlgorithms> = Object.freeze({
  ikeEncryption: 'AES256',
  ikeIntegrity: 'SHA384',
  dhGroup: 'ECP384',
  ipsecEncryption: 'GCMAES256',
  ipsecIntegrity: 'GCMAES256',
  pfsGroup: 'ECP384',
});

/**
 * Azure's built-in offers for a route-based gateway (learn.microsoft.com "About cryptographic requirements and
 * VPN gateways", default IPsec/IKE parameters): IKE phase 1 DH group 2 with AES256/SHA256, AES256/SHA1, AES128/SHA1
 * or 3DES/SHA1; quick mode GCMAES256, AES256/SHA1, 3DES/SHA1, AES256/SHA256, AES128/SHA1 or 3DES/SHA256, no PFS.
 */
export const AZURE_DEFAULT_OFFERS: readonly IpsecAlgorithms[] = Object.freeze(
  [
    ['AES256', 'SHA256'],
    ['AES256', 'SHA1'],
    ['AES128', 'SHA1'],
    ['DES3', 'SHA1'],
  ].flatMap(([ikeEncryption, ikeIntegrity]) =>
    [
      ['GCMAES256', 'GCMAES256'],
      ['AES256', 'SHA1'],
      ['DES3', 'SHA1'],
      ['AES256', 'SHA256'],
      ['AES128', 'SHA1'],
      ['DES3', 'SHA256'],
    ].map(([ipsecEncryption, ipsecIntegrity]) => ({
      ikeEncryption,
      ikeIntegrity,
      dhGroup: 'DHGroup2',
      ipsecEncryption,
      ipsecIntegrity,
      pfsGroup: 'None',
    })),
  ),
);

export function defaultOffers(cloud: CloudName): readonly IpsecAlgorithms[] {
  return cloud === 'azureStack' ? [AZURE_STACK_DEFAULT_OFFER] : AZURE_DEFAULT_OFFERS;
}

const SA_LIFETIME_SECONDS = { min: 300, max: 172799 };
const SA_DATA_SIZE_KILOBYTES = { min: 1024, max: 2147483647 };

/** Validates `properties.ipsecPolicies` for a cloud; returns the parsed list (empty = the cloud's defaults). */
export function validateIpsecPolicies(cloud: CloudName, value: unknown): IpsecPolicy[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidRequestFormat('properties.ipsecPolicies', 'Expected an array.');
  const policies = asArray(value).map((item, index) => parsePolicy(cloud, item, `properties.ipsecPolicies[${index}]`));
  if (policies.length > 1) {
    throw invalidIpsecPolicy(
      'properties.ipsecPolicies',
      'Only one IPsec/IKE policy can be specified for a connection.',
    );
  }
  return policies;
}

function parsePolicy(cloud: CloudName, item: unknown, path: string): IpsecPolicy {
  const raw = asRecord(item);
  const algorithms = {} as IpsecAlgorithms;
  for (const field of FIELDS) {
    // The policy enums are modelAsString: NRP matches them case-insensitively and keeps the model's casing.
    const text = modelEnum(raw[field], ARM_VALUES[field], `${path}.${field}`, ENUM_NAMES[field]);
    if (text === undefined) throw invalidRequestFormat(path, `Required property '${field}' not found in JSON.`);
    if (cloud === 'azureStack' && !AZURE_STACK_VALUES[field].includes(text)) {
      throw invalidIpsecPolicy(
        `${path}.${field}`,
        `${field} '${text}' is not supported by Azure Stack Hub. Supported values: ${AZURE_STACK_VALUES[field].join(', ')}.`,
      );
    }
    algorithms[field] = text;
  }
  const saLifeTimeSeconds = asNumber(raw.saLifeTimeSeconds);
  const saDataSizeKilobytes = asNumber(raw.saDataSizeKilobytes);
  if (saLifeTimeSeconds === undefined)
    throw invalidRequestFormat(path, "Required property 'saLifeTimeSeconds' not found in JSON.");
  if (saDataSizeKilobytes === undefined) {
    throw invalidRequestFormat(path, "Required property 'saDataSizeKilobytes' not found in JSON.");
  }
  if (saLifeTimeSeconds < SA_LIFETIME_SECONDS.min || saLifeTimeSeconds > SA_LIFETIME_SECONDS.max) {
    throw invalidIpsecPolicy(
      `${path}.saLifeTimeSeconds`,
      `saLifeTimeSeconds must be between ${SA_LIFETIME_SECONDS.min} and ${SA_LIFETIME_SECONDS.max} seconds.`,
    );
  }
  if (saDataSizeKilobytes < SA_DATA_SIZE_KILOBYTES.min || saDataSizeKilobytes > SA_DATA_SIZE_KILOBYTES.max) {
    throw invalidIpsecPolicy(
      `${path}.saDataSizeKilobytes`,
      `saDataSizeKilobytes must be between ${SA_DATA_SIZE_KILOBYTES.min} and ${SA_DATA_SIZE_KILOBYTES.max}.`,
    );
  }
  // Both clouds document: a GCMAES IPsec encryption needs the same GCMAES integrity, and the other way round.
  const gcm = (text: string): boolean => text.startsWith('GCMAES');
  if (
    (gcm(algorithms.ipsecEncryption) || gcm(algorithms.ipsecIntegrity)) &&
    algorithms.ipsecEncryption !== algorithms.ipsecIntegrity
  ) {
    throw invalidIpsecPolicy(
      `${path}.ipsecIntegrity`,
      'When GCMAES is used for IPsec encryption, the same GCMAES algorithm and key length must be used for IPsec integrity.',
    );
  }
  return { ...algorithms, saLifeTimeSeconds, saDataSizeKilobytes };
}

export function algorithmsOf(policy: IpsecAlgorithms): IpsecAlgorithms {
  return {
    ipsecEncryption: policy.ipsecEncryption,
    ipsecIntegrity: policy.ipsecIntegrity,
    ikeEncryption: policy.ikeEncryption,
    ikeIntegrity: policy.ikeIntegrity,
    dhGroup: policy.dhGroup,
    pfsGroup: policy.pfsGroup,
  };
}

function sameAlgorithms(a: IpsecAlgorithms, b: IpsecAlgorithms): boolean {
  return FIELDS.every((field) => a[field] === b[field]);
}

/** What one tunnel end offers: its explicit policy, or its cloud's built-in offers. */
export function offersOf(cloud: CloudName, policies: readonly IpsecPolicy[]): readonly IpsecAlgorithms[] {
  return policies.length > 0 ? policies.map(algorithmsOf) : defaultOffers(cloud);
}

/**
 * Whether two ends agree on phase 1 and phase 2 algorithms: identical explicit policies, or an explicit policy that
 * is one of the other end's built-in offers. Lifetimes are negotiated down by IKE, so they never break a tunnel.
 */
export function policiesCompatible(
  a: { cloud: CloudName; policies: readonly IpsecPolicy[] },
  b: { cloud: CloudName; policies: readonly IpsecPolicy[] },
): boolean {
  const offersA = offersOf(a.cloud, a.policies);
  const offersB = offersOf(b.cloud, b.policies);
  return offersA.some((offer) => offersB.some((other) => sameAlgorithms(offer, other)));
}

/** Parses stored policies (already validated when written). */
export function storedPolicies(value: unknown): IpsecPolicy[] {
  return asArray(value).map((item) => {
    const raw = asRecord(item);
    const text = (field: string): string => asString(raw[field]) ?? '';
    return {
      ipsecEncryption: text('ipsecEncryption'),
      ipsecIntegrity: text('ipsecIntegrity'),
      ikeEncryption: text('ikeEncryption'),
      ikeIntegrity: text('ikeIntegrity'),
      dhGroup: text('dhGroup'),
      pfsGroup: text('pfsGroup'),
      saLifeTimeSeconds: asNumber(raw.saLifeTimeSeconds) ?? 0,
      saDataSizeKilobytes: asNumber(raw.saDataSizeKilobytes) ?? 0,
    };
  });
}
