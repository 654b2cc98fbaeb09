// How the activities find Azure Stack Hub's identity: endpoints discovered once from <arm>/metadata/endpoints,
// AD FS stamps (tenant `adfs`) and Entra ID stamps, credentials only from app settings: a client secret, or a
// certificate file (the real ClientCertificateCredential against the simulator's Entra ID and AD FS).
import { createPrivateKey } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIVITY_HANDLERS as A } from '../../activities/handlers';
import { clearCredentialCache } from '../../lib/clouds';
import { generateRsaCertificate } from '../../simulator';
import { CONNECTION_NAME, startActivityWorld, valueOf, type ActivityWorld, matching } from './harness';

const PASSWORD = 'a stamp principal key password';

describe('an AD FS stamp', () => {
  let w: ActivityWorld;
  beforeAll(async () => {
    w = await startActivityWorld({ azureStackIdentity: 'adfs' });
    // The tenant comes from the stamp's metadata (its login endpoint ends in /adfs), not from the settings.
    delete process.env.HC_AZURESTACK_TENANT_ID;
  });
  afterAll(async () => {
    await w.stop();
  });

  it('gets its token from AD FS with tenant adfs, after discovering the endpoints once', async () => {
    valueOf(await A.ensureResourceGroup({ target: w.targets.azureStack }, w.context()));
    valueOf(await A.ensurePublicIp({ target: w.targets.azureStack }, w.context()));
    const identity = w.sim.inspect.requests({ service: 'identity', method: 'POST' }).map((r) => r.path);
    expect(identity).toEqual(['/adfs/oauth2/token']);
    expect(w.sim.inspect.requests({ service: 'azureStack', path: '^/metadata/endpoints$' })).toHaveLength(1);
  });
});

describe('an Entra ID stamp', () => {
  let w: ActivityWorld;
  beforeAll(async () => {
    w = await startActivityWorld();
  });
  afterAll(async () => {
    await w.stop();
  });

  it('needs HC_AZURESTACK_TENANT_ID with a client secret, and says so', async () => {
    const saved = process.env.HC_AZURESTACK_TENANT_ID;
    delete process.env.HC_AZURESTACK_TENANT_ID;
    try {
      const result = await A.ensureResourceGroup({ target: w.targets.azureStack }, w.context());
      expect(result).toMatchObject({
        ok: false,
        error: {
          cloud: 'azureStack',
          stage: 'resourceGroup',
          code: 'InvalidAppSetting',
          hint: matching(/HC_AZURESTACK_TENANT_ID/),
        },
      });
    } finally {
      process.env.HC_AZURESTACK_TENANT_ID = saved;
    }
  });

  it("gets its token from the stamp's Entra tenant, for the audience the stamp publishes", async () => {
    valueOf(await A.ensureResourceGroup({ target: w.targets.azureStack }, w.context()));
    const tokenPaths = w.sim.inspect.requests({ service: 'identity', method: 'POST' }).map((r) => r.path);
    expect(tokenPaths).toEqual([`/${w.sim.identity.tenantId}/oauth2/v2.0/token`]);
  });
});

describe.each([
  ['an Entra ID stamp', 'aad' as const, (w: ActivityWorld) => `/${w.sim.identity.tenantId}/oauth2/v2.0/token`],
  ['an AD FS stamp', 'adfs' as const, () => '/adfs/oauth2/token'],
])('certificate principals only, with %s', (_stamp, azureStackIdentity, stackTokenPath) => {
  let w: ActivityWorld;
  beforeAll(async () => {
    w = await startActivityWorld({ azureStackIdentity }, CONNECTION_NAME, 'certificate');
    if (azureStackIdentity === 'adfs') delete process.env.HC_AZURESTACK_TENANT_ID;
  });
  afterAll(async () => {
    await w.stop();
  });

  /** Restores the credential settings a case changes, and forgets credentials built from them. */
  async function withSettings(changes: Record<string, string | undefined>, run: () => Promise<void>): Promise<void> {
    const saved = Object.fromEntries(Object.keys(changes).map((name) => [name, process.env[name]]));
    Object.assign(process.env, changes);
    for (const [name, value] of Object.entries(changes)) if (value === undefined) delete process.env[name];
    clearCredentialCache();
    try {
      await run();
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      clearCredentialCache();
    }
  }

  it('runs ensureResourceGroup on both clouds with no client secret anywhere', async () => {
    expect(Object.keys(process.env).filter((name) => name.endsWith('_CLIENT_SECRET'))).toEqual([]);
    valueOf(await A.ensureResourceGroup({ target: w.targets.azure }, w.context()));
    valueOf(await A.ensureResourceGroup({ target: w.targets.azureStack }, w.context()));
    const tokenPaths = w.sim.inspect
      .requests({ service: 'identity', method: 'POST' })
      .map((r) => `${r.path} ${r.status}`);
    expect(tokenPaths).toEqual([`/${w.sim.identity.tenantId}/oauth2/v2.0/token 200`, `${stackTokenPath(w)} 200`]);
    // Nothing of the key reaches a log line.
    const key =
      readFileSync(w.sim.identity.clientCertificatePath, 'utf8').split('-----BEGIN PRIVATE KEY-----')[1] ?? '';
    for (const line of key.split('\n').filter((l) => l.length > 20 && !l.startsWith('-----'))) {
      expect(w.logs.join('\n')).not.toContain(line);
    }
  });

  it('signs in with an encrypted key and its password', async () => {
    const pem = readFileSync(w.sim.identity.clientCertificatePath, 'utf8');
    const certificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0] ?? '';
    const encrypted = createPrivateKey(pem)
      .export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASSWORD })
      .toString();
    const file = join(w.sim.dataDir, 'encrypted-principal.pem');
    writeFileSync(file, `${certificate}\n${encrypted}`, { mode: 0o600 });
    const before = w.sim.inspect.requests({ service: 'identity', method: 'POST' }).length;
    await withSettings(
      { HC_AZURESTACK_CLIENT_CERTIFICATE_PATH: file, HC_AZURESTACK_CLIENT_CERTIFICATE_PASSWORD: PASSWORD },
      async () => {
        valueOf(await A.ensureResourceGroup({ target: w.targets.azureStack }, w.context()));
      },
    );
    // A new credential (another file), so a new token.
    expect(w.sim.inspect.requests({ service: 'identity', method: 'POST' }).length).toBe(before + 1);
  });

  it('fails the stamp as AuthenticationFailed (terminal) when its directory does not know the certificate', async () => {
    const stranger = await generateRsaCertificate('not registered in the directory');
    const file = join(w.sim.dataDir, 'unregistered.pem');
    writeFileSync(file, `${stranger.certPem.trim()}\n${stranger.keyPem}`, { mode: 0o600 });
    await withSettings({ HC_AZURESTACK_CLIENT_CERTIFICATE_PATH: file }, async () => {
      const result = await A.ensureResourceGroup({ target: w.targets.azureStack }, w.context());
      expect(result).toMatchObject({
        ok: false,
        error: {
          cloud: 'azureStack',
          code: 'AuthenticationFailed',
          armMessage: matching(azureStackIdentity === 'adfs' ? /MSIS9622/ : /AADSTS700027/),
          hint: matching(/secret or certificate/),
        },
      });
      expect(JSON.stringify(result)).not.toContain('PRIVATE KEY');
    });
  });

  it.each([
    [
      'a certificate file that is not there',
      (): Record<string, string> => ({ HC_AZURESTACK_CLIENT_CERTIFICATE_PATH: '/nonexistent/stamp-sp.pem' }),
      /HC_AZURESTACK_CLIENT_CERTIFICATE_PATH/,
    ],
    [
      'a client secret as well',
      (): Record<string, string> => ({ HC_AZURESTACK_CLIENT_SECRET: w.sim.identity.clientSecret }),
      /HC_AZURESTACK_CLIENT_CERTIFICATE_PATH/,
    ],
  ])('fails the stamp with InvalidAppSetting and asks for no token, given %s', async (_what, changes, setting) => {
    const before = w.sim.inspect.requests({ service: 'identity', method: 'POST' }).length;
    await withSettings(changes(), async () => {
      const result = await A.ensureResourceGroup({ target: w.targets.azureStack }, w.context());
      expect(result).toMatchObject({
        ok: false,
        error: { cloud: 'azureStack', code: 'InvalidAppSetting', hint: matching(setting) },
      });
      expect(JSON.stringify(result)).not.toContain(w.sim.identity.clientSecret);
    });
    expect(w.sim.inspect.requests({ service: 'identity', method: 'POST' })).toHaveLength(before);
  });
});
