// The built-in service principal's certificate credential: an RSA key and a self-signed certificate (what an app
// registration takes), kept as `<dataDir>/principal-cert.pem` (certificate + PKCS#8 key, owner-only) in the form
// @azure/identity's ClientCertificateCredential reads, and reused across restarts while it is valid. The token
// endpoints know only its public part; the key never leaves that file.
import { createHash, createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../tls/selfsignedGenerate';

/** The public half of a certificate credential, as the directory registers it. */
export interface RegisteredCertificate {
  certificate: X509Certificate;
  /** base64url SHA-1 of the DER certificate: a JWT header's `x5t`. */
  x5t: string;
  /** base64url SHA-256 of the DER certificate: a JWT header's `x5t#S256`. */
  x5tS256: string;
}

export interface PrincipalCertificate {
  /** `<dataDir>/principal-cert.pem`. */
  path: string;
  registered: RegisteredCertificate;
}

export const PRINCIPAL_CERTIFICATE_FILE = 'principal-cert.pem';
/** A certificate closer to expiry than this is regenerated rather than reused. */
const RENEW_MARGIN_MS = 7 * 24 * 3600 * 1000;

export async function ensurePrincipalCertificate(dataDir: string): Promise<PrincipalCertificate> {
  const path = join(dataDir, PRINCIPAL_CERTIFICATE_FILE);
  let pem = existsSync(path) ? reusable(readFileSync(path, 'utf8')) : undefined;
  if (pem === undefined) {
    const generated = await generateRsaCertificate('hybrid-connection simulator service principal');
    pem = `${generated.certPem.trim()}\n${generated.keyPem.trim()}\n`;
    writeFileSync(path, pem, { mode: 0o600 });
  }
  // A file from an older run may have been created with looser permissions.
  chmodSync(path, 0o600);
  return { path, registered: registeredCertificate(pem) };
}

/** An RSA-2048 key and a self-signed certificate for it, valid for a year (tests make other principals' too). */
export async function generateRsaCertificate(
  commonName: string,
  options: { passphrase?: string } = {},
): Promise<{ certPem: string; keyPem: string }> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPair = {
    privateKey: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
  const notBefore = new Date(Date.now() - 3600 * 1000);
  const generated = await generate([{ name: 'commonName', value: commonName }], {
    keyPair,
    algorithm: 'sha256',
    notBeforeDate: notBefore,
    notAfterDate: new Date(notBefore.getTime() + 365 * 24 * 3600 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', clientAuth: true },
    ],
    ...(options.passphrase !== undefined ? { passphrase: options.passphrase } : {}),
  });
  return { certPem: generated.cert, keyPem: generated.private };
}

/** The thumbprints a client assertion's header names the certificate by. */
export function registeredCertificate(pem: string): RegisteredCertificate {
  const certificate = new X509Certificate(pem);
  const der = certificate.raw;
  return {
    certificate,
    x5t: createHash('sha1').update(der).digest('base64url'),
    x5tS256: createHash('sha256').update(der).digest('base64url'),
  };
}

function reusable(pem: string): string | undefined {
  try {
    const certificate = new X509Certificate(pem);
    const key = createPrivateKey(pem);
    const usable =
      key.asymmetricKeyType === 'rsa' &&
      certificate.checkPrivateKey(key) &&
      Date.parse(certificate.validTo) > Date.now() + RENEW_MARGIN_MS &&
      Date.parse(certificate.validFrom) <= Date.now();
    return usable ? pem : undefined;
  } catch {
    return undefined;
  }
}
