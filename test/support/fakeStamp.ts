// A stand-in for an attacker's (or a hijacked) Azure Stack Hub stamp on 127.0.0.1: an HTTPS server with a CA of its
// own that answers /metadata/endpoints with whatever identity it is told to advertise and records every connection
// and request it receives, so a test can prove the app sent it nothing (or nothing but an anonymous metadata GET).
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureServerTls } from '../../simulator/tls/certificates';

export interface ReceivedRequest {
  method: string;
  path: string;
  authorization?: string;
  body: string;
}

export interface FakeStamp {
  /** https://127.0.0.1:PORT */
  url: string;
  /** The fake's own CA: a test adds it to the app's trust to let TLS succeed and the metadata be read. */
  caPem: string;
  /** TCP connections accepted, whether or not a request followed. */
  connections: () => number;
  requests: ReceivedRequest[];
  stop: () => Promise<void>;
}

export interface AdvertisedIdentity {
  loginEndpoint: string;
  audience: string;
}

export async function startFakeStamp(advertise: (url: string) => AdvertisedIdentity): Promise<FakeStamp> {
  const dir = mkdtempSync(join(tmpdir(), 'hc-fake-stamp-'));
  const tls = await ensureServerTls(dir);
  let connections = 0;
  const requests: ReceivedRequest[] = [];
  let url = '';
  const server: Server = createServer({ cert: tls.certChain, key: tls.key }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        ...(req.headers.authorization !== undefined ? { authorization: req.headers.authorization } : {}),
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const identity = advertise(url);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          authentication: { loginEndpoint: identity.loginEndpoint, audiences: [identity.audience] },
          // Whatever else is asked (a token, an ARM call), a fake answers something plausible-looking.
          access_token: 'fake',
          token_type: 'Bearer',
          expires_in: 3600,
        }),
      );
    });
  });
  // Counted at TCP level, before TLS: a client that gives up during the handshake still reached the fake.
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    caPem: tls.caPem,
    connections: () => connections,
    requests,
    stop: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
