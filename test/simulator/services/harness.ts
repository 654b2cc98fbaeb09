// Test harness: serves SimHandlers over HTTPS on 127.0.0.1:0 with a self-signed certificate that this process trusts,
// so the real Azure SDK clients can talk to the Key Vault and Event Grid handlers before the simulator core mounts
// them. Test-only: it never serves anything but loopback and never trusts its certificate outside this process.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, request as httpsRequest } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as tls from 'node:tls';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { isRestError, type RestError } from '@azure/keyvault-secrets';
import { generate } from 'selfsigned';
import type { SimHandler, SimRequest, SimResponse } from '../../../simulator/http/types';

export interface Mount {
  /** '' for the origin root, else e.g. '/eventgrid'. */
  prefix: string;
  handler: SimHandler;
}

export interface LoggedRequest {
  method: string;
  path: string;
  status: number;
  hadAuthorization: boolean;
  wwwAuthenticate?: string;
}

export interface Harness {
  origin: string;
  requests: LoggedRequest[];
  close(): Promise<void>;
}

let certificate: Promise<{ key: string; cert: string }> | undefined;

/** One certificate per process, added once to the default CA store (process-wide, so only generated once). */
function trustedCertificate(): Promise<{ key: string; cert: string }> {
  // A unique subject per certificate: OpenSSL finds the issuer by name, so two trusted test certificates with the
  // same subject (one per test file in a jest worker) would make it check against the wrong one.
  certificate ??= generate(
    [
      { name: 'commonName', value: '127.0.0.1' },
      { name: 'organizationName', value: `hybrid-connection test ${randomUUID()}` },
    ],
    {
      keyType: 'ec',
      algorithm: 'sha256',
      extensions: [
        { name: 'basicConstraints', cA: true },
        { name: 'keyUsage', digitalSignature: true, keyCertSign: true },
        { name: 'extKeyUsage', serverAuth: true },
        {
          name: 'subjectAltName',
          altNames: [
            { type: 7, ip: '127.0.0.1' },
            { type: 2, value: 'localhost' },
          ],
        },
      ],
    },
  ).then((pems) => {
    tls.setDefaultCACertificates([...tls.getCACertificates('default'), pems.cert]);
    return { key: pems.private, cert: pems.cert };
  });
  return certificate;
}

function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function findMount(mounts: Mount[], pathname: string): Mount | undefined {
  return [...mounts]
    .sort((a, b) => b.prefix.length - a.prefix.length)
    .find((m) => m.prefix === '' || pathname === m.prefix || pathname.startsWith(`${m.prefix}/`));
}

function send(response: ServerResponse, result: SimResponse): void {
  const headers: Record<string, string> = { ...result.headers };
  let payload: Buffer | string | undefined;
  if (Buffer.isBuffer(result.body) || typeof result.body === 'string') payload = result.body;
  else if (result.body !== undefined) {
    payload = JSON.stringify(result.body);
    headers['content-type'] ??= 'application/json; charset=utf-8';
  }
  response.writeHead(result.status, headers);
  response.end(payload);
}

export async function startHarness(mounts: Mount[]): Promise<Harness> {
  const { key, cert } = await trustedCertificate();
  const requests: LoggedRequest[] = [];
  const server = createServer({ key, cert }, (req, res) => {
    void (async () => {
      const body = await readBody(req);
      const url = new URL(req.url ?? '/', `https://${req.headers.host ?? '127.0.0.1'}`);
      const mount = findMount(mounts, url.pathname);
      let result: SimResponse;
      if (!mount) result = { status: 404, body: { error: { code: 'NotFound', message: 'no handler' } } };
      else {
        const request: SimRequest = {
          method: req.method ?? 'GET',
          url,
          path: url.pathname.slice(mount.prefix.length) || '/',
          headers: req.headers,
          body,
        };
        result = await mount.handler(request);
      }
      requests.push({
        method: req.method ?? 'GET',
        path: url.pathname,
        status: result.status,
        hadAuthorization: req.headers.authorization !== undefined,
        wwwAuthenticate: result.headers?.['www-authenticate'],
      });
      if (result.reset) req.socket.destroy();
      else send(res, result);
    })().catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `https://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

export const FIXED_TOKEN = 'sim-test-token';

/** A credential that always returns the same opaque token; validateBearer accepts exactly `Bearer <it>`. */
export function fixedTokenCredential(token = FIXED_TOKEN): TokenCredential & { calls: string[][] } {
  const calls: string[][] = [];
  return {
    calls,
    getToken(scopes: string | string[]): Promise<AccessToken> {
      calls.push(Array.isArray(scopes) ? scopes : [scopes]);
      return Promise.resolve({ token, expiresOnTimestamp: Date.now() + 3600_000 });
    },
  };
}

export function acceptsToken(token = FIXED_TOKEN): (authorization: string | undefined) => boolean {
  return (authorization) => authorization === `Bearer ${token}`;
}

/** A small LCG: deterministic randomness for the handlers under test. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/**
 * A plain HTTPS request, for wire shapes no Azure SDK produces (a single structured CloudEvent, a wrong path).
 * The SDK clients stay the way every other test talks to the handlers.
 */
export function rawRequest(
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The RestError a real SDK call rejects with; fails the test if it succeeds or throws anything else. */
export async function restError(promise: Promise<unknown>): Promise<RestError> {
  try {
    await promise;
  } catch (error) {
    if (isRestError(error)) return error;
    throw error;
  }
  throw new Error('expected a RestError, the call succeeded');
}
