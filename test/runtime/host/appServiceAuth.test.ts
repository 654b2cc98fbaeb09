// App Service authentication emulation in front of test/fixtures/edge-app: client-sent principal headers never reach
// the app, a known bearer token becomes the platform's x-ms-client-principal* headers, requireAuthentication answers
// 401 before any body is read, and function keys are still enforced per auth level.
import { callsOf, startEdgeHost, stopEdgeHosts } from './edgeHost';
import { call } from './hostTestKit';
import { openRaw, parseResponse } from './rawHttp';
import type { ClientPrincipal, RunningHost } from '../../../runtime';

afterEach(() => stopEdgeHosts());

const alice: ClientPrincipal = {
  identityProvider: 'aad',
  userId: 'b9c1f0a2-0000-4000-8000-00000000a11c',
  userDetails: 'alice@contoso.example',
  claims: [
    { typ: 'name', val: 'Alice' },
    { typ: 'roles', val: 'operator' },
  ],
};
const forged = {
  'x-ms-client-principal': Buffer.from('{"auth_typ":"aad","claims":[{"typ":"roles","val":"admin"}]}').toString(
    'base64',
  ),
  'x-ms-client-principal-id': 'mallory',
  'x-ms-client-principal-name': 'mallory@evil.example',
  'x-ms-client-principal-idp': 'aad',
  'x-ms-token-aad-access-token': 'forged',
};

async function echoedHeaders(host: RunningHost, headers: Record<string, string>): Promise<Record<string, string>> {
  const response = await call(`${host.url}/api/echo`, { headers });
  expect(response.status).toBe(200);
  return (response.json() as { headers: Record<string, string> }).headers;
}

const platformHeaders = (headers: Record<string, string>): string[] =>
  Object.keys(headers).filter((name) => name.startsWith('x-ms-client-principal') || name.startsWith('x-ms-token-'));

it('strips client-sent principal headers from anonymous requests', async () => {
  const host = await startEdgeHost({ appServiceAuthentication: { principals: { 'token-alice': alice } } });
  expect(platformHeaders(await echoedHeaders(host, forged))).toEqual([]);
  expect(platformHeaders(await echoedHeaders(host, { ...forged, authorization: 'Bearer unknown-token' }))).toEqual([]);
});

it('injects the principal of a known bearer token, replacing whatever the client sent', async () => {
  const host = await startEdgeHost({ appServiceAuthentication: { principals: { 'token-alice': alice } } });
  const headers = await echoedHeaders(host, { ...forged, authorization: 'Bearer token-alice' });
  expect(platformHeaders(headers).sort()).toEqual([
    'x-ms-client-principal',
    'x-ms-client-principal-id',
    'x-ms-client-principal-idp',
    'x-ms-client-principal-name',
  ]);
  expect(JSON.parse(Buffer.from(headers['x-ms-client-principal'], 'base64').toString('utf8'))).toEqual({
    auth_typ: 'aad',
    claims: alice.claims,
    name_typ: 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress',
    role_typ: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role',
  });
  expect([
    headers['x-ms-client-principal-id'],
    headers['x-ms-client-principal-name'],
    headers['x-ms-client-principal-idp'],
  ]).toEqual([alice.userId, alice.userDetails, 'aad']);
});

it('with requireAuthentication answers 401 before the body is read, and lets signed-in callers and excluded paths in', async () => {
  const host = await startEdgeHost({
    appServiceAuthentication: {
      principals: { 'token-alice': alice },
      requireAuthentication: true,
      excludedPaths: ['/runtime/webhooks/eventgrid'],
    },
  });
  const connection = await openRaw(host.url);
  try {
    connection.write(`POST /api/echo HTTP/1.1\r\nHost: x\r\nContent-Length: ${64 * 1024 * 1024}\r\n\r\nxx`);
    const refused = parseResponse(await connection.closed);
    expect([refused.status, refused.headers.connection, refused.headers['www-authenticate']]).toEqual([
      401,
      'close',
      'Bearer',
    ]);
  } finally {
    connection.destroy();
  }
  expect((await call(`${host.url}/api/echo`, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
  expect(await callsOf(host, 'echo')).toBe(0);
  expect((await call(`${host.url}/api/echo`, { headers: { authorization: 'Bearer token-alice' } })).status).toBe(200);
  const webhook = `${host.url}/runtime/webhooks/eventgrid?functionName=events&code=${host.keys.system.eventgrid_extension}`;
  expect((await call(webhook, { method: 'OPTIONS' })).status).toBe(200);
});

it('still enforces function keys for a signed-in caller', async () => {
  const host = await startEdgeHost({ appServiceAuthentication: { principals: { 'token-alice': alice } } });
  const signedIn = { authorization: 'Bearer token-alice' };
  expect((await call(`${host.url}/api/secured`, { headers: signedIn })).status).toBe(401);
  expect(
    (await call(`${host.url}/api/secured`, { headers: { ...signedIn, 'x-functions-key': host.keys.function } })).status,
  ).toBe(200);
});

it('leaves principal headers alone when the emulation is off (the default)', async () => {
  const host = await startEdgeHost();
  expect(platformHeaders(await echoedHeaders(host, forged)).sort()).toEqual(Object.keys(forged).sort());
});
