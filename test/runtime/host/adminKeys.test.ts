// Per-function keys and the host admin keys API, as the Functions host has them: a function-level function opens
// with its own keys, the host function key or the master key; /admin/functions/{name}/keys lists, sets, generates
// and deletes a function's keys (master key only), with the real host's response shapes; keys.json keeps them (0600).
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { startEdgeHost, stopEdgeHosts } from './edgeHost';
import { call, makeTempDir, removeDir, type CallResult } from './hostTestKit';
import type { RunningHost } from '../../../runtime';

let dataDir: string;
beforeEach(async () => {
  dataDir = await makeTempDir('admin-keys');
});
afterEach(async () => {
  await stopEdgeHosts();
  await removeDir(dataDir);
});

function admin(host: RunningHost, path: string, init: RequestInit = {}, key = host.keys.master): Promise<CallResult> {
  const headers = { 'x-functions-key': key, 'content-type': 'application/json', ...init.headers };
  return call(`${host.url}/admin/functions/${path}`, { ...init, headers });
}

const status = async (host: RunningHost, route: string, key: string): Promise<number> =>
  (await call(`${host.url}/api/${route}`, { headers: { 'x-functions-key': key } })).status;

it('sets, generates, lists, reads and deletes the keys of one function, in the real host’s shapes', async () => {
  const host = await startEdgeHost({ inMemory: false, dataDir });
  const value = 'ci-key-0123456789abcdef';
  const self = (path: string): unknown => [{ rel: 'self', href: `${host.url}/admin/functions/${path}` }];

  expect((await admin(host, 'secured/keys')).json()).toEqual({ keys: [], links: self('secured/keys') });
  const created = await admin(host, 'secured/keys/ci', { method: 'PUT', body: JSON.stringify({ name: 'ci', value }) });
  expect([created.status, created.headers.get('location'), created.json()]).toEqual([
    201,
    `${host.url}/admin/functions/secured/keys/ci`,
    { name: 'ci', value, links: self('secured/keys/ci') },
  ]);
  const updated = await admin(host, 'secured/keys/ci', { method: 'PUT', body: JSON.stringify({ value: `${value}2` }) });
  expect([updated.status, updated.json()]).toEqual([
    200,
    { name: 'ci', value: `${value}2`, links: self('secured/keys/ci') },
  ]);
  // POST generates the value; function names are case-insensitive.
  const generated = await admin(host, 'Secured/keys/gen', { method: 'POST' });
  const genValue = (generated.json() as { value: string }).value;
  expect([generated.status, genValue]).toEqual([201, expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) as unknown]);

  expect((await admin(host, 'secured/keys')).json()).toEqual({
    keys: [
      { name: 'ci', value: `${value}2` },
      { name: 'gen', value: genValue },
    ],
    links: self('secured/keys'),
  });
  expect((await admin(host, 'secured/keys/gen')).json()).toEqual({
    name: 'gen',
    value: genValue,
    links: self('secured/keys/gen'),
  });

  const deleted = await admin(host, 'secured/keys/gen', { method: 'DELETE' });
  expect([deleted.status, deleted.text]).toEqual([204, '']);
  expect((await admin(host, 'secured/keys/gen')).status).toBe(404);
  expect((await admin(host, 'secured/keys/gen', { method: 'DELETE' })).status).toBe(404);
  expect(await status(host, 'secured', genValue)).toBe(401);
});

it('opens a function-level function with its own key, the host function key or the master key only', async () => {
  const host = await startEdgeHost({ inMemory: false, dataDir });
  const own = 'secured-only-key-0123456789';
  await admin(host, 'secured/keys/mine', { method: 'PUT', body: JSON.stringify({ value: own }) });
  expect(await status(host, 'secured', own)).toBe(200);
  expect(await status(host, 'other', own)).toBe(401);
  expect(await status(host, 'admin-only', own)).toBe(401);
  expect(await status(host, 'secured', host.keys.function)).toBe(200);
  expect(await status(host, 'secured', host.keys.master)).toBe(200);
  expect((await call(`${host.url}/api/secured?code=${own}`)).status).toBe(200);
});

it('keeps function keys in keys.json, owner-only, across a restart', async () => {
  const first = await startEdgeHost({ inMemory: false, dataDir });
  const own = 'persisted-key-0123456789';
  await admin(first, 'secured/keys/kept', { method: 'PUT', body: JSON.stringify({ value: own }) });
  const file = join(dataDir, 'keys.json');
  const stored = JSON.parse(await readFile(file, 'utf8')) as { functionKeys: unknown; master: string };
  expect(stored.functionKeys).toEqual({ secured: { kept: own } });
  expect((await stat(file)).mode & 0o777).toBe(0o600);
  await stopEdgeHosts();

  const second = await startEdgeHost({ inMemory: false, dataDir });
  expect(second.keys.master).toBe(stored.master);
  expect(await status(second, 'secured', own)).toBe(200);
});

it('requires the master key, and answers 404, 405 and 400 like the real host', async () => {
  const host = await startEdgeHost();
  const put = (path: string, body: unknown): Promise<CallResult> =>
    admin(host, path, { method: 'PUT', body: JSON.stringify(body) });
  expect((await admin(host, 'secured/keys', {}, host.keys.function)).status).toBe(401);
  expect((await admin(host, 'secured/keys', {}, 'not-a-key')).status).toBe(401);
  expect((await admin(host, 'nosuch/keys')).status).toBe(404);
  expect((await put('nosuch/keys/ci', { value: 'x'.repeat(20) })).status).toBe(404);
  expect((await admin(host, 'nosuch/keys/ci', { method: 'DELETE' })).status).toBe(404);
  expect((await call(`${host.url}/admin/host/status?code=${host.keys.master}`)).status).toBe(404);
  const wrongMethod = await admin(host, 'secured/keys', { method: 'POST' });
  expect([wrongMethod.status, wrongMethod.headers.get('allow')]).toEqual([405, 'GET']);
  expect((await put('secured/keys/ci', { name: 'ci' })).json()).toEqual({
    error: { code: 'BadRequest', message: 'Invalid key value' },
  });
  expect((await put('secured/keys/ci', { value: 'short' })).status).toBe(400);
  expect((await put('secured/keys/ci', { value: 'has spaces in it, sixteen+' })).status).toBe(400);
  expect((await put('secured/keys/ci', '[[[[')).status).toBe(400);
  expect((await admin(host, 'secured/keys/_master', { method: 'DELETE' })).status).toBe(400);
  expect((await admin(host, 'secured/keys/ci')).status).toBe(404);
});
