// The host's node:http server on 127.0.0.1: reads each request (with a body size limit), hands it to the router, and
// writes the response; router failures become JSON errors and are logged. It never lets a request crash the process.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError, stackOf } from './errors';
import { errorResponse, jsonResponse, JSON_CONTENT_TYPE, type HostRequest, type HostResponse } from './hostHttp';
import { redactUrl, type HostLog } from './log';

/** The Functions host's default limit (maxRequestBodySize, 100 MB). */
export const DEFAULT_MAX_REQUEST_BODY_BYTES = 104_857_600;

export interface HostServerOptions {
  port: number;
  maxRequestBodyBytes: number;
  handle: (request: HostRequest) => Promise<HostResponse>;
  log: HostLog;
}

export interface HostServer {
  /** http://127.0.0.1:PORT */
  url: string;
  port: number;
  close(): Promise<void>;
}

export async function startHostServer(options: HostServerOptions): Promise<HostServer> {
  let port = options.port;
  const server = createServer((req, res) => {
    void serve(req, res, port, options);
  });
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function serve(
  req: IncomingMessage,
  res: ServerResponse,
  port: number,
  options: HostServerOptions,
): Promise<void> {
  const method = req.method ?? 'GET';
  let response: HostResponse;
  try {
    const body = await readBody(req, options.maxRequestBodyBytes);
    response = await options.handle({ method, url: requestUrl(req, port), headers: req.headers, body });
  } catch (error) {
    if (error instanceof HttpError) {
      response = errorResponse(error);
    } else {
      options.log('error', `${method} ${redactUrl(req.url ?? '/')} failed: ${stackOf(error)}`);
      response = jsonResponse(500, {
        error: { code: 'InternalServerError', message: 'The host failed to process the request.' },
      });
    }
  }
  options.log('info', `${method} ${redactUrl(req.url ?? '/')} -> ${response.status}`);
  try {
    write(res, method, response);
  } catch (error) {
    // e.g. a function set a header value Node refuses: answer 500 rather than leave the client hanging.
    options.log('error', `Cannot write the response to ${method} ${redactUrl(req.url ?? '/')}: ${stackOf(error)}`);
    if (!res.headersSent)
      write(
        res,
        method,
        jsonResponse(500, {
          error: { code: 'InvalidResponse', message: 'The function returned a response that cannot be sent.' },
        }),
      );
    else res.destroy();
  }
  // Whatever the handler did not read (e.g. after a 413) is drained so the connection can answer.
  req.resume();
}

function requestUrl(req: IncomingMessage, port: number): URL {
  const path = req.url ?? '/';
  try {
    return new URL(path, `http://${req.headers.host ?? `127.0.0.1:${port}`}`);
  } catch {
    return new URL(path.startsWith('/') ? path : `/${path}`, `http://127.0.0.1:${port}`);
  }
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = (): HttpError =>
    new HttpError(413, 'PayloadTooLarge', `The request body exceeds the limit of ${limit} bytes.`, {
      connection: 'close',
    });
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        chunks.length = 0;
        reject(tooLarge());
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks));
    });
    req.on('error', (error) => {
      if (!failed) reject(error);
      failed = true;
    });
  });
}

function write(res: ServerResponse, method: string, response: HostResponse): void {
  const headers: Record<string, string | string[]> = { ...(response.headers ?? {}) };
  let body: Buffer | string | undefined;
  if (response.body === undefined || response.body === null) {
    body = undefined;
  } else if (Buffer.isBuffer(response.body) || typeof response.body === 'string') {
    body = response.body;
  } else {
    body = JSON.stringify(response.body);
    if (!Object.keys(headers).some((name) => name.toLowerCase() === 'content-type'))
      headers['content-type'] = JSON_CONTENT_TYPE;
  }
  res.writeHead(response.status, headers);
  if (method === 'HEAD' || body === undefined) res.end();
  else res.end(body);
}
