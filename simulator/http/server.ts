// The one HTTPS server of the simulator: reads requests, hands them to the SimHandler chosen by the router, writes
// the SimResponse. It knows no service; it never interprets a body or a path beyond routing.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer, type Server } from 'node:https';
import type { Socket } from 'node:net';
import type { SimHandler, SimRequest, SimResponse } from './types';

/** Bodies above this are refused before any handler runs (Event Grid's own limit is 1 MB, checked by its handler). */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export interface Route {
  handler: SimHandler;
  /** The path handed to the handler (below its mount prefix). */
  path: string;
}

export type Router = (pathname: string) => Route | undefined;

export interface HttpsServerOptions {
  port: number;
  certChain: string;
  key: string;
  router: Router;
  /** Called for handler crashes (the client gets a 500); must not throw. */
  onError(error: unknown): void;
}

export interface RunningServer {
  port: number;
  origin: string;
  close(): Promise<void>;
}

export async function startHttpsServer(options: HttpsServerOptions): Promise<RunningServer> {
  const sockets = new Set<Socket>();
  const server: Server = createServer({ cert: options.certChain, key: options.key }, (req, res) => {
    void serve(req, res, options).catch((error: unknown) => {
      options.onError(error);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // A client that drops the TLS handshake (e.g. does not trust our CA) must not crash the process.
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('the simulator server has no TCP address');
  const port = address.port;
  return {
    port,
    origin: `https://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
        for (const socket of sockets) socket.destroy();
      }),
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, options: HttpsServerOptions): Promise<void> {
  const host = req.headers.host ?? '127.0.0.1';
  const url = new URL(req.url ?? '/', `https://${host}`);
  const body = await readBody(req);
  if (body === undefined) {
    return write(res, req.method ?? 'GET', {
      status: 413,
      body: { error: { code: 'RequestEntityTooLarge', message: 'The request body is too large.' } },
    });
  }
  const route = options.router(url.pathname);
  if (!route) {
    return write(res, req.method ?? 'GET', {
      status: 404,
      body: { error: { code: 'NotFound', message: `No service at ${url.pathname}.` } },
    });
  }
  const request: SimRequest = {
    method: (req.method ?? 'GET').toUpperCase(),
    url,
    path: route.path,
    headers: req.headers,
    body,
  };
  let response: SimResponse;
  try {
    response = await route.handler(request);
  } catch (error) {
    options.onError(error);
    response = { status: 500, body: { error: { code: 'InternalServerError', message: 'An error occurred.' } } };
  }
  if (response.reset) {
    resetConnection(req.socket);
    return;
  }
  write(res, request.method, response);
}

function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function write(res: ServerResponse, method: string, response: SimResponse): void {
  const headers: Record<string, string> = { ...(response.headers ?? {}) };
  let payload: Buffer | undefined;
  const noBody = method === 'HEAD' || response.status === 204 || response.status === 304;
  if (response.body !== undefined && !noBody) {
    if (Buffer.isBuffer(response.body)) payload = response.body;
    else if (typeof response.body === 'string') payload = Buffer.from(response.body, 'utf8');
    else {
      payload = Buffer.from(JSON.stringify(response.body), 'utf8');
      if (!hasHeader(headers, 'content-type')) headers['Content-Type'] = 'application/json; charset=utf-8';
    }
  }
  headers['Content-Length'] = String(payload?.length ?? 0);
  res.writeHead(response.status, headers);
  res.end(payload);
}

function hasHeader(headers: Record<string, string>, name: string): boolean {
  return Object.keys(headers).some((k) => k.toLowerCase() === name);
}

/** An abrupt TCP reset (ECONNRESET at the client), as a failing front end or load balancer produces. */
function resetConnection(socket: Socket): void {
  try {
    socket.resetAndDestroy();
  } catch {
    socket.destroy();
  }
}
