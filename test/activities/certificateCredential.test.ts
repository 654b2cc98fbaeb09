// lib/clouds' certificate credentials: the PEM file of <prefix>_CLIENT_CERTIFICATE_PATH is checked where the
// credential is built (a SettingsError naming the setting, never the file's content), and the credential is cached
// by a hash of that content, so a rotated file gets a new one.
import { createPrivateKey } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ClientCertificateCredential } from '@azure/identity';
import { generate } from 'selfsigned';
import { clearCredentialCache, credentialFor } from '../../lib/clouds';
import type { ClientCertificateSettings, SettingsError } from '../../lib/settings';
import { generateRsaCertificate } from '../../simulator';
import { settingsErrorOf } from '../support/settingsError';

const PASSWORD = 'correct horse battery staple';

describe('certificate credentials', () => {
  let dir: string;
  let cert: { certPem: string; keyPem: string };
  let other: { certPem: string; keyPem: string };
  let encryptedKeyPem: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hc-client-cert-'));
    cert = await generateRsaCertificate('principal');
    other = await generateRsaCertificate('someone else');
    encryptedKeyPem = createPrivateKey(cert.keyPem)
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSWORD })
      .toString();
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    clearCredentialCache();
  });

  /** Writes `content` to a fresh file and returns its settings. */
  let files = 0;
  function settingsFor(content: string, password?: string): ClientCertificateSettings {
    const certificatePath = join(dir, `sp-${files++}.pem`);
    writeFileSync(certificatePath, content, { mode: 0o600 });
    return {
      clientId: 'client-a',
      certificatePath,
      ...(password !== undefined ? { certificatePassword: password } : {}),
      pathSetting: 'HC_AZURESTACK_CLIENT_CERTIFICATE_PATH',
      passwordSetting: 'HC_AZURESTACK_CLIENT_CERTIFICATE_PASSWORD',
    };
  }
  const pemOf = (parts: { certPem: string; keyPem: string }, keyPem = parts.keyPem): string =>
    `${parts.certPem.trim()}\n${keyPem.trim()}\n`;
  const build = (clientCertificate: ClientCertificateSettings) =>
    credentialFor({
      authorityHost: 'https://adfs.local.azurestack.external/adfs',
      tenantId: 'adfs',
      clientCertificate,
    });

  const refusal = (clientCertificate: ClientCertificateSettings): SettingsError =>
    settingsErrorOf(() => build(clientCertificate));

  /** No line of key material (nor the password) in an error. */
  function expectNoSecretIn(message: string): void {
    for (const pem of [cert.keyPem, encryptedKeyPem, other.keyPem]) {
      for (const line of pem.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) {
        expect(message).not.toContain(line);
      }
    }
    expect(message).not.toContain(PASSWORD);
  }

  it('builds a ClientCertificateCredential from a PEM with the certificate and its key', () => {
    expect(build(settingsFor(pemOf(cert)))).toBeInstanceOf(ClientCertificateCredential);
    // The key may come first, too.
    expect(build(settingsFor(`${cert.keyPem.trim()}\n${cert.certPem.trim()}\n`))).toBeInstanceOf(
      ClientCertificateCredential,
    );
  });

  it('reuses the credential for the same content and builds a new one when the file changes', () => {
    const settings = settingsFor(pemOf(cert));
    const first = build(settings);
    expect(build(settingsFor(pemOf(cert)))).toBe(first);
    writeFileSync(settings.certificatePath, pemOf(other));
    expect(build(settings)).not.toBe(first);
  });

  it.each([
    [
      'a missing file',
      () => ({ ...settingsFor(''), certificatePath: join(dir, 'nope.pem') }),
      /cannot be read \(ENOENT\)/,
    ],
    ['a file without a certificate', () => settingsFor(cert.keyPem), /holds no PEM certificate/],
    ['a file without a private key', () => settingsFor(cert.certPem), /holds no PEM private key/],
    [
      'the key of another certificate',
      () => settingsFor(pemOf(cert, other.keyPem)),
      /does not belong to its certificate/,
    ],
  ])('refuses %s, naming the path setting and never the content', (_what, make, problem) => {
    const settings = make();
    const error = refusal(settings);
    expect(error.setting).toBe('HC_AZURESTACK_CLIENT_CERTIFICATE_PATH');
    expect(error.message).toMatch(problem);
    expect(error.message).toContain(settings.certificatePath);
    expectNoSecretIn(error.message);
  });

  it('refuses an EC key: client assertions are signed with RSA', async () => {
    const ec = await generate([{ name: 'commonName', value: 'ec' }], { keyType: 'ec', algorithm: 'sha256' });
    const error = refusal(settingsFor(`${ec.cert.trim()}\n${ec.private}`));
    expect(error.message).toMatch(/holds a private key of type ec, not RSA/);
  });

  it('unlocks an encrypted key with its password, and names the password setting when it is missing or wrong', () => {
    expect(build(settingsFor(pemOf(cert, encryptedKeyPem), PASSWORD))).toBeInstanceOf(ClientCertificateCredential);
    const missing = refusal(settingsFor(pemOf(cert, encryptedKeyPem)));
    expect(missing.setting).toBe('HC_AZURESTACK_CLIENT_CERTIFICATE_PASSWORD');
    expect(missing.message).toMatch(
      /is missing: the private key in HC_AZURESTACK_CLIENT_CERTIFICATE_PATH is encrypted/,
    );
    const wrong = refusal(settingsFor(pemOf(cert, encryptedKeyPem), 'not the password'));
    expect(wrong.setting).toBe('HC_AZURESTACK_CLIENT_CERTIFICATE_PASSWORD');
    expect(wrong.message).toMatch(/does not unlock the private key/);
    expect(wrong.message).not.toContain('not the password');
    for (const error of [missing, wrong]) expectNoSecretIn(error.message);
  });
});
