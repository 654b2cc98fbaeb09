// The activities reach only configured Azure Stack Hub stamps, and only after the stamp's metadata advertises the
// configured login endpoint and audience: a plan-chosen endpoint gets no connection at all, and a stamp whose
// metadata points elsewhere gets one anonymous GET and never a credential, a token or an ARM request.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ACTIVITY_HANDLERS as A } from '../../activities/handlers';
import { clearArmMetadataCache, clearCredentialCache } from '../../lib/clouds';
import { SIMULATED_STAMP_ID } from '../../cli/simulatorSettings';
import { PREFLIGHT_HANDLERS } from '../../activities/preflightHandlers';
import { siteInput } from '../preflight/harness';
import { startFakeStamp, type AdvertisedIdentity, type FakeStamp } from '../support/fakeStamp';
import { matching, startActivityWorld, valueOf, type ActivityWorld } from './harness';

describe('stamp trust', () => {
  let w: ActivityWorld;
  /** Configured (as stamp `hijacked`) but answering for someone else. */
  let fake: FakeStamp;
  /** Configured nowhere: what a hostile plan would name. */
  let foreign: FakeStamp;
  let advertised = (url: string): AdvertisedIdentity => ({ loginEndpoint: `${url}/adfs/`, audience: url });

  beforeAll(async () => {
    w = await startActivityWorld();
    fake = await startFakeStamp((url) => advertised(url));
    foreign = await startFakeStamp((url) => advertised(url));
    // The operator trusts both CAs (so TLS to the fake succeeds and its metadata is really read and judged).
    const bundle = join(w.sim.dataDir, 'with-fake-ca.pem');
    writeFileSync(bundle, `${w.sim.caPem}\n${fake.caPem}`);
    const configured = JSON.parse(process.env.HC_AZURESTACK_STAMPS ?? '[]') as object[];
    const stack = w.sim.azureStack;
    process.env.HC_CA_CERT_FILE = bundle;
    process.env.HC_AZURESTACK_STAMPS = JSON.stringify([
      ...configured,
      // A configured stamp whose name now answers from elsewhere (DNS hijack, a stale entry, an insider).
      { id: 'hijacked', armEndpoint: fake.url, authority: stack.authorityHost, audience: stack.audience },
    ]);
    clearCredentialCache();
    clearArmMetadataCache();
  });

  afterAll(async () => {
    await fake.stop();
    await foreign.stop();
    await w.stop();
  });

  beforeEach(() => {
    fake.requests.length = 0;
    clearArmMetadataCache();
  });

  const tokenRequests = (): number => w.sim.inspect.requests({ service: 'identity', method: 'POST' }).length;

  it('never connects to an ARM endpoint that no configured stamp has', async () => {
    const { stamp: _configured, ...rest } = w.targets.azureStack;
    const target = { ...rest, armEndpoint: foreign.url };
    const result = await A.ensureResourceGroup({ target }, w.context());
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'UnknownStamp', hint: matching(/HC_AZURESTACK_STAMPS/) },
    });
    const byId = await A.ensureResourceGroup({ target: { ...w.targets.azureStack, stamp: 'elsewhere' } }, w.context());
    expect(byId).toMatchObject({ ok: false, error: { code: 'UnknownStamp' } });
    expect(foreign.connections()).toBe(0);
  });

  it('refuses a stamp id paired with another endpoint', async () => {
    for (const armEndpoint of [fake.url, foreign.url]) {
      const target = { ...w.targets.azureStack, stamp: SIMULATED_STAMP_ID, armEndpoint };
      expect(await A.ensureResourceGroup({ target }, w.context())).toMatchObject({
        ok: false,
        error: { code: 'UnknownStamp' },
      });
    }
    expect(fake.connections() + foreign.connections()).toBe(0);
  });

  it.each([
    ['login endpoint', (url: string) => ({ loginEndpoint: `${url}/adfs/`, audience: w.sim.azureStack.audience })],
    [
      'audience',
      () => ({ loginEndpoint: `${w.sim.azureStack.authorityHost}/`, audience: 'https://attacker.example/' }),
    ],
  ])(
    'sends a configured stamp whose metadata advertises another %s nothing but one anonymous metadata GET',
    async (_what, identity) => {
      advertised = identity;
      const tokensBefore = tokenRequests();
      const result = await A.ensureResourceGroup(
        { target: { ...w.targets.azureStack, stamp: 'hijacked' } },
        w.context(),
      );
      expect(result).toMatchObject({
        ok: false,
        error: { cloud: 'azureStack', code: 'StampMetadataMismatch', hint: matching(/nothing was sent/) },
      });
      expect(fake.requests).toEqual([{ method: 'GET', path: '/metadata/endpoints?api-version=2015-01-01', body: '' }]);
      // No token was asked for anywhere: not from the fake, not from the real identity provider for the fake.
      expect(tokenRequests()).toBe(tokensBefore);
    },
  );

  it("fails stage 0's metadata check for such a stamp, so a run stops before anything is written", async () => {
    advertised = (url) => ({ loginEndpoint: `${url}/adfs/`, audience: w.sim.azureStack.audience });
    const tokensBefore = tokenRequests();
    const target = { ...w.targets.azureStack, stamp: 'hijacked' };
    const report = valueOf(await PREFLIGHT_HANDLERS.preflightSite(siteInput(w, 'azureStack', { target }), w.context()));
    expect(report.checks.find((check) => check.check === 'metadata')).toMatchObject({
      status: 'failed',
      detail: expect.stringMatching(/^StampMetadataMismatch/) as unknown,
      hint: matching(/nothing was sent/),
    });
    expect(fake.requests.map((request) => [request.method, request.authorization])).toEqual([['GET', undefined]]);
    expect(tokenRequests()).toBe(tokensBefore);
  });

  it('still works with the configured stamp whose metadata matches', async () => {
    valueOf(await A.ensureResourceGroup({ target: w.targets.azureStack }, w.context()));
  });
});
