// The extension's local RPC endpoint: a loopback-only HTTP listener on a free port serving the Durable API for
// DurableClient (rpcBaseUrl). Like the real extension it needs no key, but it goes further: the base path starts with
// an unguessable per-listener token that only the in-process durableClient binding data carries, the Host header
// must name this listener (DNS-rebinding defence), and bodies are bounded. It never listens beyond 127.0.0.1.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RuntimeHttpResponse } from '../../contracts';
import { errorMessage } from '../jsonText';
import type { DurableHttpApi } from './durableHttpApi';
import { jsonResponse, serverError } from './httpResponses';

/**
 * The real extension lifts Kestrel's body limit on this port; inputs here come from the app's own DurableClient,
 * so the Functions host's default request limit (100 MB) is bound enough.
 */
export const RPC_MAX_BODY_BYTES = 104_857_600;

/** 32 random bytes, base64url: the first path segment of the RPC base URL. */
export function newRpcToken(): string {
  return randomBytes(32).toString('base64url');
}

export class RpcListener {
  private server: Server | undefined;
  private port: number | undefined;

  /** `basePath` is `/<token>/durabletask`: the path the API routes under on this channel. */
  constructor(
    private readonly api: DurableHttpApi,
    private readonly basePath: string,
  ) {}

  async listen(): Promise<void> {
    if (this.server) return;
    const server = createServer((req, res) => {
      void this.serve(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    this.server = server;
    this.port = (server.address() as AddressInfo).port;
  }

  /** `http://127.0.0.1:<port>/<token>/durabletask/` (the trailing slash matters: DurableClient resolves paths against it). */
  get baseUrl(): string {
    if (this.port === undefined) throw new Error('The Durable RPC listener is not started.');
    return `http://127.0.0.1:${this.port}${this.basePath}/`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.port = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // Refusals are decided before the body is read and close the connection, so nothing is drained for them.
    const refusal = this.refusal(req);
    if (refusal) {
      writeResponse(res, { ...refusal, headers: { ...refusal.headers, connection: 'close' } });
      return;
    }
    let response: RuntimeHttpResponse;
    try {
      const body = await readBounded(req, RPC_MAX_BODY_BYTES);
      if (body === undefined) {
        response = jsonResponse(413, { Message: `The request body exceeds ${RPC_MAX_BODY_BYTES} bytes.` });
        writeResponse(res, { ...response, headers: { ...response.headers, connection: 'close' } });
        return;
      }
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
      response = await this.api.handle({ method: req.method ?? 'GET', url, headers: req.headers, body }, 'rpc');
    } catch (error) {
      response = serverError(errorMessage(error));
    }
    if (!res.destroyed) writeResponse(res, response);
  }

  /** 421 unless the Host header names this listener; 404 unless the path starts with the token. */
  private refusal(req: IncomingMessage): RuntimeHttpResponse | undefined {
    const host = (req.headers.host ?? '').toLowerCase();
    if (host !== `127.0.0.1:${this.port}` && host !== `localhost:${this.port}`) {
      return jsonResponse(421, {
        Message: 'This endpoint only answers requests addressed to it by its loopback address.',
      });
    }
    const path = (req.url ?? '').split('?')[0] ?? '';
    const expected = Buffer.from(`${this.basePath}/`);
    const presented = Buffer.from(path.slice(0, expected.length));
    if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
      return jsonResponse(404, { Message: 'No Durable API route matches this path.' });
    }
    return undefined;
  }
}

/** The whole body, or undefined as soon as it passes `limit` (reading then stops). */
function readBounded(req: IncomingMessage, limit: number): Promise<Buffer | undefined> {
  if (Number(req.headers['content-length']) > limit) return Promise.resolve(undefined);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      req.off('data', onData);
      req.pause();
      resolve(undefined);
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks)));
    req.once('error', reject);
    // A client gone before the end: settles nothing if the body was already complete.
    req.once('close', () => reject(new Error('The client closed the connection before sending the whole body.')));
  });
}

export function writeResponse(res: ServerResponse, response: RuntimeHttpResponse): void {
  const body = response.body;
  const payload =
    body === undefined ? '' : Buffer.isBuffer(body) || typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}
