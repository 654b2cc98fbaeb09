// The stamp's /metadata/endpoints GET goes through the Azure SDK pipeline like every other call: through the proxy in
// HTTPS_PROXY (unless NO_PROXY names the host, both read per call), with the configured CA inside the CONNECT tunnel,
// anonymously, and with the same typed HttpsJsonError for statuses, bodies and timeouts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearArmMetadataCache, discoverArmMetadata, trustOptionsFor, type TrustOptions } from '../../lib/clouds';
import { getJson, HttpsJsonError } from '../../lib/clouds/httpsJson';
import { ensureServerTls } from '../../simulator/tls/certificates';
import { startConnectProxy, type ConnectProxy } from '../support/connectProxy';
import { startFakeStamp, type FakeStamp } from '../support/fakeStamp';

const PROXY_VARIABLES = ['HTTPS_PROXY', 'HTTP_PROXY', 'ALL_PROXY', 'NO_PROXY'].flatMap((name) => [
  name,
  name.toLowerCase(),
]);

describe('the metadata GET through the SDK pipeline', () => {
  const saved = new Map(PROXY_VARIABLES.map((name) => [name, process.env[name]]));
  let dir: string;
  let proxy: ConnectProxy;
  let fake: FakeStamp;
  let trust: TrustOptions | undefined;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hc-metadata-proxy-'));
    proxy = await startConnectProxy();
    fake = await startFakeStamp((url) => ({ loginEndpoint: `${url}/adfs/`, audience: `${url}/audience` }));
    // The fake's CA is trusted through HC_CA_CERT_FILE's reader only, never process-wide.
    const caFile = join(dir, 'fake-ca.pem');
    writeFileSync(caFile, fake.caPem);
    trust = trustOptionsFor(caFile);
  });
  afterAll(async () => {
    await fake.stop();
    await proxy.stop();
    rmSync(dir, { recursive: true, force: true });
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
    clearArmMetadataCache();
  });
  beforeEach(() => {
    for (const name of PROXY_VARIABLES) delete process.env[name];
    proxy.connects.length = 0;
    fake.requests.length = 0;
    clearArmMetadataCache();
  });

  const fakeHost = (): string => new URL(fake.url).host;

  it('goes through HTTPS_PROXY, trusts the configured CA inside the tunnel and sends no credential', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    const metadata = await discoverArmMetadata(fake.url, trust);
    expect(metadata).toMatchObject({
      authorityHost: `${fake.url}/adfs`,
      isAdfs: true,
      audience: `${fake.url}/audience`,
    });
    expect(proxy.connects).toEqual([fakeHost()]);
    expect(fake.requests).toEqual([{ method: 'GET', path: '/metadata/endpoints?api-version=2015-01-01', body: '' }]);
  });

  it('reads the lower-case https_proxy too', async () => {
    process.env.https_proxy = proxy.url;
    await discoverArmMetadata(fake.url, trust);
    expect(proxy.connects).toEqual([fakeHost()]);
  });

  it('goes direct to a host NO_PROXY names, read at the call (not once per process)', async () => {
    process.env.HTTPS_PROXY = proxy.url;
    process.env.NO_PROXY = 'corp.example,127.0.0.1';
    await discoverArmMetadata(fake.url, trust);
    expect(proxy.connects).toEqual([]);
    expect(fake.requests).toHaveLength(1);
    delete process.env.NO_PROXY;
    clearArmMetadataCache();
    await discoverArmMetadata(fake.url, trust);
    expect(proxy.connects).toEqual([fakeHost()]);
  });

  it("refuses the stamp's certificate through the proxy when its CA is not configured", async () => {
    process.env.HTTPS_PROXY = proxy.url;
    const failure = await getJson(`${fake.url}/metadata/endpoints`, undefined).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(HttpsJsonError);
    expect(failure).toMatchObject({ statusCode: undefined, code: expect.stringMatching(/CERT|SIGNATURE/) as unknown });
    expect(proxy.connects).toEqual([fakeHost()]);
    expect(fake.requests).toEqual([]);
  });
});

describe('getJson errors', () => {
  let dir: string;
  let trust: TrustOptions | undefined;
  let https: { url: string; close: () => Promise<void> };
  let silent: Server;
  const silentSockets = new Set<Socket>();

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'hc-getjson-'));
    const tls = await ensureServerTls(dir);
    trust = trustOptionsFor(tls.caCertPath);
    const server = createHttpsServer({ cert: tls.certChain, key: tls.key }, (req, res) => {
      if (req.url === '/missing') res.writeHead(404, { 'content-type': 'application/json' }).end('{}');
      else if (req.url === '/moved') res.writeHead(302, { location: 'https://elsewhere.example/' }).end();
      else res.writeHead(200, { 'content-type': 'text/html' }).end('<html>not json</html>');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    https = {
      url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`,
      close: () => {
        server.closeAllConnections();
        return new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
    // Accepts connections and never answers (not even the TLS handshake).
    silent = createTcpServer((socket) => {
      silentSockets.add(socket);
      socket.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  });
  afterAll(async () => {
    await https.close();
    for (const socket of silentSockets) socket.destroy();
    await new Promise<void>((resolve) => {
      silent.close(() => resolve());
    });
    rmSync(dir, { recursive: true, force: true });
  });

  const failureOf = (url: string, timeoutMs?: number): Promise<unknown> =>
    getJson(url, trust, { proxy: { noProxy: [] }, ...(timeoutMs !== undefined ? { timeoutMs } : {}) }).catch(
      (error: unknown) => error,
    );

  it('reports a status, a redirect (not followed) and a body that is not JSON with the status', async () => {
    expect(await failureOf(`${https.url}/missing`)).toMatchObject({ name: 'HttpsJsonError', statusCode: 404 });
    expect(await failureOf(`${https.url}/moved`)).toMatchObject({ name: 'HttpsJsonError', statusCode: 302 });
    expect(await failureOf(`${https.url}/page`)).toMatchObject({
      name: 'HttpsJsonError',
      statusCode: 200,
      message: expect.stringContaining('did not answer JSON') as unknown,
    });
  });

  it('gives up on a server that never answers, as ETIMEDOUT', async () => {
    const port = (silent.address() as AddressInfo).port;
    expect(await failureOf(`https://127.0.0.1:${port}/metadata/endpoints`, 200)).toMatchObject({
      name: 'HttpsJsonError',
      statusCode: undefined,
      code: 'ETIMEDOUT',
    });
  });
});
