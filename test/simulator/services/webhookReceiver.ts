// Test webhook subscriber on http://127.0.0.1:0: answers Event Grid's validation handshakes (unless told not to)
// and replies to notifications with scripted statuses per path, recording every request it sees.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  method: string;
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface WebhookReceiver {
  base: string;
  requests: ReceivedRequest[];
  /** Notifications (aeg-event-type: Notification) received on a path. */
  notifications(path: string): ReceivedRequest[];
  /** Statuses to answer the next notifications on `path` with, in order; afterwards 200. */
  script(path: string, statuses: number[]): void;
  /** Make `path` fail its handshake (no validationResponse / no WebHook-Allowed-Origin). */
  refuseHandshake(path: string): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const requests: ReceivedRequest[] = [];
  const scripts = new Map<string, number[]>();
  const refusing = new Set<string>();

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const body = Buffer.concat(chunks).toString('utf8');
      const received = { method: req.method ?? '', path: url.pathname, query: url.search, headers: req.headers, body };
      requests.push(received);
      const refuse = refusing.has(url.pathname);
      if (req.method === 'OPTIONS') {
        const origin = req.headers['webhook-request-origin'];
        res.writeHead(200, refuse || typeof origin !== 'string' ? {} : { 'webhook-allowed-origin': origin });
        res.end();
        return;
      }
      if (req.headers['aeg-event-type'] === 'SubscriptionValidation') {
        const events = JSON.parse(body) as { data: { validationCode: string } }[];
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(refuse ? {} : { validationResponse: events[0].data.validationCode }));
        return;
      }
      const status = scripts.get(url.pathname)?.shift() ?? 200;
      res.writeHead(status);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    base: `http://127.0.0.1:${port}`,
    requests,
    notifications: (path) => requests.filter((r) => r.path === path && r.headers['aeg-event-type'] === 'Notification'),
    script: (path, statuses) => scripts.set(path, [...statuses]),
    refuseHandshake: (path) => refusing.add(path),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
