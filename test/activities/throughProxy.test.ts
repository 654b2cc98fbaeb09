// Behind an HTTPS proxy, every call of an activity (token requests, the stamp's metadata, ARM) goes through it and
// still trusts the CA of HC_CA_CERT_FILE inside the CONNECT tunnel, where core-rest-pipeline alone would drop it.
// The SDK reads NO_PROXY once per process (per test file under Jest) and HTTPS_PROXY when a client is built, so
// this file clears NO_PROXY and sets HTTPS_PROXY before the world builds any client.
import { ACTIVITY_HANDLERS as A } from '../../activities/handlers';
import { startConnectProxy, type ConnectProxy } from '../support/connectProxy';
import { startActivityWorld, valueOf, type ActivityWorld } from './harness';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY'].flatMap((name) => [
  name,
  name.toLowerCase(),
]);

describe.each([['secret' as const], ['certificate' as const]])('activities behind a proxy (%s)', (credential) => {
  const saved = new Map(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
  let proxy: ConnectProxy;
  let w: ActivityWorld;

  beforeAll(async () => {
    for (const name of PROXY_VARIABLES) delete process.env[name];
    proxy = await startConnectProxy();
    process.env.HTTPS_PROXY = proxy.url;
    w = await startActivityWorld({ azureStackIdentity: 'adfs' }, 'proxied', credential);
    delete process.env.HC_AZURESTACK_TENANT_ID;
  });
  afterAll(async () => {
    await w.stop();
    await proxy.stop();
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it('sends tokens, metadata and ARM calls of both clouds through the proxy, trusting only HC_CA_CERT_FILE', async () => {
    valueOf(await A.ensureResourceGroup({ target: w.targets.azure }, w.context()));
    valueOf(await A.ensureResourceGroup({ target: w.targets.azureStack }, w.context()));
    const simulatorHost = new URL(w.sim.url).host;
    expect(proxy.connects.length).toBeGreaterThan(0);
    expect(new Set(proxy.connects)).toEqual(new Set([simulatorHost]));
    // Everything the simulator answered came through those tunnels: tokens from both authorities, the metadata, ARM.
    const seen = w.sim.inspect.requests({}).map((r) => `${r.service} ${r.method}`);
    expect(seen).toEqual(
      expect.arrayContaining(['identity POST', 'azureStack GET', 'azure PUT', 'azureStack PUT']) as unknown,
    );
  });
});
