// The simulator's certificate credential: the real ClientCertificateCredential signs in to its Entra ID and AD FS
// token endpoints with <data>/principal-cert.pem, and a client assertion that is not the registered certificate's
// (another key, another thumbprint, another audience, expired, no jti) is refused with the directory's error.
import { createHash, createPrivateKey, randomUUID, sign, constants, type KeyObject } from 'node:crypto';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ResourceManagementClient } from '@azure/arm-resources';
import { ResourceManagementClient as HybridResourceManagementClient } from '@azure/arm-resources-profile-2020-09-01-hybrid';
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import { generateRsaCertificate, startSimulator, type Simulator } from '../../../simulator';
import { certificateCredential, hybridOptions, modularOptions, scopeOf, startTrustedSimulator } from './harness';

const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

interface Signer {
  key: KeyObject;
  /** DER of the certificate the header names. */
  der: Buffer;
}

function signerOf(pem: string): Signer {
  const base64 = /-----BEGIN CERTIFICATE-----([\s\S]+?)-----END CERTIFICATE-----/.exec(pem)?.[1] ?? '';
  return { key: createPrivateKey(pem), der: Buffer.from(base64.replace(/\s+/g, ''), 'base64') };
}

/** A client assertion as MSAL Node builds one (PS256, x5t#S256), or as older clients and MSAL.NET for AD FS (RS256, x5t). */
function assertion(
  signer: Signer,
  claims: Record<string, unknown>,
  options: { alg?: 'PS256' | 'RS256'; namedBy?: Buffer } = {},
): string {
  const alg = options.alg ?? 'PS256';
  const der = options.namedBy ?? signer.der;
  const header =
    alg === 'PS256'
      ? { alg, typ: 'JWT', 'x5t#S256': createHash('sha256').update(der).digest('base64url') }
      : { alg, typ: 'JWT', x5t: createHash('sha1').update(der).digest('base64url') };
  const encode = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signed = `${encode(header)}.${encode(claims)}`;
  const padding =
    alg === 'PS256'
      ? { padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }
      : { padding: constants.RSA_PKCS1_PADDING };
  return `${signed}.${sign('sha256', Buffer.from(signed), { key: signer.key, ...padding }).toString('base64url')}`;
}

interface TokenAnswer {
  status: number;
  body: Record<string, unknown>;
  text: string;
}

async function postToken(url: string, form: Record<string, string>): Promise<TokenAnswer> {
  const response = await createDefaultHttpClient().sendRequest(
    createPipelineRequest({
      url,
      method: 'POST',
      headers: createHttpHeaders({ 'content-type': 'application/x-www-form-urlencoded' }),
      body: new URLSearchParams(form).toString(),
    }),
  );
  const text = response.bodyAsText ?? '';
  return { status: response.status, body: JSON.parse(text) as Record<string, unknown>, text };
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

describe.each([
  ['Entra ID', 'aad' as const],
  ['AD FS', 'adfs' as const],
])('certificate credential: %s', (_flavour, azureStackIdentity) => {
  let sim: Simulator;
  let tokenEndpoint: string;
  let principal: Signer;
  let stranger: Signer;
  let strangerFile: string;

  beforeAll(async () => {
    sim = await startTrustedSimulator({ seed: `certificate-${azureStackIdentity}`, azureStackIdentity });
    tokenEndpoint =
      azureStackIdentity === 'adfs'
        ? `${sim.url}/adfs/oauth2/token`
        : `${sim.url}/${sim.identity.tenantId}/oauth2/v2.0/token`;
    principal = signerOf(readFileSync(sim.identity.clientCertificatePath, 'utf8'));
    const other = await generateRsaCertificate('not registered');
    strangerFile = join(sim.dataDir, 'stranger.pem');
    writeFileSync(strangerFile, `${other.certPem.trim()}\n${other.keyPem}`, { mode: 0o600 });
    stranger = signerOf(readFileSync(strangerFile, 'utf8'));
  });
  afterAll(async () => {
    await sim.stop();
  });

  /** Claims that pass, as MSAL Node sets them. */
  const claims = (overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
    aud: tokenEndpoint,
    iss: sim.identity.clientId,
    sub: sim.identity.clientId,
    exp: nowSeconds() + 600,
    nbf: nowSeconds(),
    jti: randomUUID(),
    ...overrides,
  });
  const grant = (clientAssertion: string): Record<string, string> => ({
    grant_type: 'client_credentials',
    client_id: sim.identity.clientId,
    client_assertion_type: JWT_BEARER,
    client_assertion: clientAssertion,
    scope: scopeOf(sim.azureStack.audience),
  });

  it('keeps the certificate and its key in one owner-only PEM in the data folder', () => {
    expect(sim.identity.clientCertificatePath).toBe(join(sim.dataDir, 'principal-cert.pem'));
    expect(statSync(sim.identity.clientCertificatePath).mode & 0o777).toBe(0o600);
    const pem = readFileSync(sim.identity.clientCertificatePath, 'utf8');
    expect(pem).toMatch(/-----BEGIN CERTIFICATE-----[\s\S]+-----BEGIN PRIVATE KEY-----/);
    // The key is written to that file only: the ready line carries its path.
    expect(JSON.stringify(sim.readyInfo())).not.toContain('PRIVATE KEY');
    expect(sim.readyInfo().identity.clientCertificatePath).toBe(sim.identity.clientCertificatePath);
  });

  it("gives the real ClientCertificateCredential tokens that both clouds' ARM accept", async () => {
    // The stamp's own authority (AD FS or Entra ID), and Azure's Entra ID tenant, with the same certificate.
    const stack = new HybridResourceManagementClient(
      certificateCredential(sim, sim.azureStack),
      sim.azureStack.subscriptionId,
      hybridOptions(sim.azureStack),
    );
    const azure = new ResourceManagementClient(
      certificateCredential(sim, sim.identity),
      sim.azure.subscriptionId,
      modularOptions(sim.azure),
    );
    const created = await Promise.all([
      stack.resourceGroups.createOrUpdate('rg-cert', { location: 'local' }),
      azure.resourceGroups.createOrUpdate('rg-cert', { location: 'westeurope' }),
    ]);
    expect(created.map((group) => group.name)).toEqual(['rg-cert', 'rg-cert']);
  });

  it('accepts an RS256 assertion naming the certificate by its SHA-1 x5t too', async () => {
    const answer = await postToken(tokenEndpoint, grant(assertion(principal, claims(), { alg: 'RS256' })));
    expect(answer.status).toBe(200);
    expect(answer.body.access_token).toMatch(/^sim\./);
  });

  const refusals: [string, (s: Signer, o: Signer) => string, number, RegExp][] = [
    [
      'a JWT signed by another key (naming the registered certificate)',
      (_p, other) => assertion(other, claims(), { namedBy: principal.der }),
      700027,
      /AADSTS700027: Client assertion contains an invalid signature/,
    ],
    [
      'a thumbprint of another certificate',
      (p, other) => assertion(p, claims(), { namedBy: other.der }),
      700027,
      /AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. \[Reason - The key was not found., Thumbprint of key used by client: '[0-9A-F]{64}'/,
    ],
    [
      'another audience',
      (p) => assertion(p, claims({ aud: 'https://login.microsoftonline.com/common/oauth2/v2.0/token' })),
      700023,
      /AADSTS700023: Client assertion audience claim does not match Realm issuer/,
    ],
    [
      'an expired assertion',
      (p) => assertion(p, claims({ exp: nowSeconds() - 3600, nbf: nowSeconds() - 4200 })),
      700024,
      /AADSTS700024: Client assertion is not within its valid time range/,
    ],
    [
      'iss and sub of another client',
      (p) => assertion(p, claims({ iss: randomUUID(), sub: randomUUID() })),
      700021,
      /AADSTS700021/,
    ],
    ['no jti', (p) => assertion(p, claims({ jti: undefined })), 50027, /AADSTS50027/],
  ];

  it.each(refusals)('refuses %s with invalid_client, and issues nothing', async (_what, make, code, message) => {
    const clientAssertion = make(principal, stranger);
    const answer = await postToken(tokenEndpoint, grant(clientAssertion));
    expect(answer.body.error).toBe('invalid_client');
    if (azureStackIdentity === 'adfs') {
      expect(answer.status).toBe(401);
      expect(answer.body.error_description).toMatch(/^MSIS9622: Client authentication failed/);
    } else {
      expect(answer.body.error_codes).toEqual([code]);
      expect(answer.body.error_description).toMatch(message);
    }
    expect(answer.body.access_token).toBeUndefined();
    // The assertion (or any part of it) is never echoed.
    for (const part of clientAssertion.split('.')) expect(answer.text).not.toContain(part);
  });

  it('refuses an assertion without its jwt-bearer type', async () => {
    const { client_assertion_type: _type, ...form } = grant(assertion(principal, claims()));
    const answer = await postToken(tokenEndpoint, form);
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.body.access_token).toBeUndefined();
  });

  it('refuses the real ClientCertificateCredential holding an unregistered certificate', async () => {
    const credential = certificateCredential(sim, sim.azureStack, strangerFile);
    await expect(credential.getToken(scopeOf(sim.azureStack.audience))).rejects.toMatchObject({
      message: expect.stringMatching(azureStackIdentity === 'adfs' ? /MSIS9622/ : /AADSTS700027/) as unknown,
    });
  });
});

describe('the principal certificate file', () => {
  it('is reused from a data folder across restarts, and replaced (owner-only) when it is not usable', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sim-principal-cert-'));
    try {
      const first = await startSimulator({ dataDir, seed: 'reuse' });
      const pem = readFileSync(first.identity.clientCertificatePath, 'utf8');
      await first.stop();
      chmodSync(join(dataDir, 'principal-cert.pem'), 0o644);
      const second = await startSimulator({ dataDir, seed: 'reuse' });
      expect(readFileSync(second.identity.clientCertificatePath, 'utf8')).toBe(pem);
      expect(statSync(second.identity.clientCertificatePath).mode & 0o777).toBe(0o600);
      await second.stop();
      writeFileSync(join(dataDir, 'principal-cert.pem'), 'not a certificate');
      const third = await startSimulator({ dataDir, seed: 'reuse' });
      const replaced = readFileSync(third.identity.clientCertificatePath, 'utf8');
      await third.stop();
      expect(replaced).toMatch(/-----BEGIN CERTIFICATE-----[\s\S]+-----BEGIN PRIVATE KEY-----/);
      expect(replaced).not.toBe(pem);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
