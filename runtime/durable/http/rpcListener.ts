// The extension's local RPC endpoint: a loopback-only HTTP listener on a free port serving the Durable API under
// /durabletask/ for DurableClient (rpcBaseUrl). No key is required, as with the real extension's local port; it
// must never listen on anything but 127.0.0.1.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RuntimeHttpResponse } from '../../contracts';
import { errorMessage } from '../jsonText';
import type { DurableHttpApi } from './durableHttpApi';
import { RPC_PATH } from './durableHttpApi';
import { serverError } from './httpResponses';

export class RpcListener {
  private server: Server | undefined;
  private port: number | undefined;

  constructor(private readonly api: DurableHttpApi) {}

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

  /** `http://127.0.0.1:<port>/durabletask/` (the trailing slash matters: DurableClient resolves paths against it). */
  get baseUrl(): string {
    if (this.port === undefined) throw new Error('The Durable RPC listener is not started.');
    return `http://127.0.0.1:${this.port}${RPC_PATH}/`;
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
    let response: RuntimeHttpResponse;
    try {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
      const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
      response = await this.api.handle(
        { method: req.method ?? 'GET', url, headers: req.headers, body: Buffer.concat(chunks) },
        'rpc',
      );
    } catch (error) {
      response = serverError(errorMessage(error));
    }
    writeResponse(res, response);
  }
}

export function writeResponse(res: ServerResponse, response: RuntimeHttpResponse): void {
  const body = response.body;
  const payload =
    body === undefined ? '' : Buffer.isBuffer(body) || typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(payload) });
  res.end(payload);
}
