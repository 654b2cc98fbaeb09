// How the activities find Azure Stack Hub's identity: endpoints discovered once from <arm>/metadata/endpoints,
// AD FS stamps (tenant `adfs`) and Entra ID stamps, credentials only from app settings.
import { ACTIVITY_HANDLERS as A } from '../../activities/handlers';
import { startActivityWorld, valueOf, type ActivityWorld, matching } from './harness';

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
