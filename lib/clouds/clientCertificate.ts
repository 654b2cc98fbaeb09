// Reads and checks a service principal's certificate file (<prefix>_CLIENT_CERTIFICATE_PATH) where its credential is
// built: one PEM holding the certificate and its RSA private key, as ClientCertificateCredential takes it. A problem
// is a SettingsError naming the setting and the path; the file's content never appears in an error or a log.
import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { SettingsError, type ClientCertificateSettings } from '../settings';

export interface LoadedClientCertificate {
  /** The file's PEM text (certificate and private key), handed to ClientCertificateCredential as is. */
  pem: string;
  /** A hash of the content and the password: tells two files (or a rotated one) apart, and reveals neither. */
  fingerprint: string;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/;
const PEM_PRIVATE_KEY = /-----BEGIN (?:RSA |ENCRYPTED )?PRIVATE KEY-----/;
/** PKCS#8 `ENCRYPTED PRIVATE KEY`, or a traditional RSA key with `Proc-Type: 4,ENCRYPTED`. */
const ENCRYPTED_KEY = /-----BEGIN ENCRYPTED PRIVATE KEY-----|Proc-Type:\s*4,\s*ENCRYPTED/;

export function loadClientCertificate(settings: ClientCertificateSettings): LoadedClientCertificate {
  const { certificatePath: path, pathSetting } = settings;
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    // Duck-typed: errors from Node's own fs may come from another realm (e.g. under a test runner's sandbox).
    const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : 'unreadable';
    throw new SettingsError(pathSetting, `names a file that cannot be read (${code}): ${path}`);
  }
  const certificatePem = PEM_CERTIFICATE.exec(pem)?.[0];
  if (certificatePem === undefined) {
    throw new SettingsError(pathSetting, `holds no PEM certificate (-----BEGIN CERTIFICATE-----): ${path}`);
  }
  if (!PEM_PRIVATE_KEY.test(pem)) {
    throw new SettingsError(
      pathSetting,
      `holds no PEM private key (-----BEGIN PRIVATE KEY-----) next to the certificate: ${path}`,
    );
  }
  let certificate: X509Certificate;
  try {
    certificate = new X509Certificate(certificatePem);
  } catch {
    throw new SettingsError(pathSetting, `holds a certificate that cannot be parsed: ${path}`);
  }
  const key = privateKeyOf(pem, settings);
  // Entra ID and AD FS verify client assertions signed RS256 or PS256: an RSA key, and the certificate's own.
  if (key.asymmetricKeyType !== 'rsa') {
    throw new SettingsError(
      pathSetting,
      `holds a private key of type ${key.asymmetricKeyType ?? 'unknown'}, not RSA: client assertions are signed with RSA: ${path}`,
    );
  }
  if (!certificate.checkPrivateKey(key)) {
    throw new SettingsError(pathSetting, `holds a private key that does not belong to its certificate: ${path}`);
  }
  const fingerprint = createHash('sha256')
    .update(pem)
    .update('\0')
    .update(settings.certificatePassword ?? '')
    .digest('hex')
    .slice(0, 32);
  return { pem, fingerprint };
}

function privateKeyOf(pem: string, settings: ClientCertificateSettings): KeyObject {
  const { certificatePassword: passphrase, passwordSetting, certificatePath: path } = settings;
  try {
    return createPrivateKey({ key: pem, format: 'pem', ...(passphrase !== undefined ? { passphrase } : {}) });
  } catch {
    // OpenSSL's reasons (bad decrypt, no start line ...) say nothing an operator can act on beyond these.
    if (passphrase !== undefined) {
      throw new SettingsError(passwordSetting, `does not unlock the private key in ${settings.pathSetting} (${path})`);
    }
    if (ENCRYPTED_KEY.test(pem)) {
      throw new SettingsError(
        passwordSetting,
        `is missing: the private key in ${settings.pathSetting} is encrypted (${path})`,
      );
    }
    throw new SettingsError(settings.pathSetting, `holds a private key that cannot be read: ${path}`);
  }
}
