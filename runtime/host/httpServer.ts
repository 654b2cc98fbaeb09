// The host's node:http server on 127.0.0.1. Each request is decided on its head first (routing, keys): a refused
// request is answered at once with Connection: close and its body is never read; an admitted one has its body read
// under the size and data-rate limits, then served, or (HTTP streams) streamed under the same limits to what serves
// it, which writes the response as it comes. Slow clients are bounded by header, request and keep-alive timeouts.
// Failures become JSON errors and are logged; a request never crashes the process.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { HttpError, stackOf } from './errors';
import {
  errorResponse,
  jsonResponse,
  JSON_CONTENT_TYPE,
  type AdmitRequest,
  type AdmittedRequest,
  type HostResponse,
  type RequestHead,
  type StreamedAdmission,
} from './hostHttp';
import {
  declaredTooLarge,
  meterRequestBody,
  readRequestBody,
  RequestAbortedError,
  type BodyLimits,
} from './requestBody';
import { redactUrl, type HostLog } from './log';
import type { HttpLimits } from './httpLimits';

export interface HostServerOptions {
  port: number;
  limits: HttpLimits;
  admit: AdmitRequest;
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
  const { limits } = options;
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      // Node looks for expired header/request timers on this period (30 s by default): check often enough that
      // the configured timeouts hold to within a fraction of themselves.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(limits.headersTimeoutMs / 4))),
    },
    (req, res) => void serve(req, res, port, options, false),
  );
  server.keepAliveTimeout = limits.keepAliveTimeoutMs;
  // Expect: 100-continue is decided like any request: a refused one gets its answer instead of "100 Continue".
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => void serve(req, res, port, options, true));
  // No 'clientError' listener: Node's own answers 400/408/431 with Connection: close and never writes into a
  // response already under way.
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
  expectsContinue: boolean,
): Promise<void> {
  const head: RequestHead = { method: req.method ?? 'GET', url: requestUrl(req, port), headers: req.headers };
  const line = `${head.method} ${redactUrl(req.url ?? '/')}`;
  let admitted: AdmittedRequest;
  try {
    admitted = options.admit(head);
  } catch (error) {
    // Refused on its head: the body stays unread. Connection: close makes Node end and close the socket after the
    // answer instead of draining what the client still sends.
    const response = failureResponse(error, line, options.log);
    options.log('info', `${line} -> ${response.status} (refused before the body)`);
    send(res, head.method, { ...response, headers: { ...response.headers, connection: 'close' } }, line, options.log);
    return;
  }

  if ('forward' in admitted) {
    await forward(req, res, head, admitted, line, options, expectsContinue);
    return;
  }
  let body: Buffer;
  try {
    if (expectsContinue) res.writeContinue();
    const maxBytes = Math.min(admitted.maxBodyBytes ?? Infinity, options.limits.maxRequestBodyBytes);
    body = await readRequestBody(req, bodyLimits(options, maxBytes));
  } catch (error) {
    bodyFailed(error, res, head.method, line, options.log);
    return;
  }

  let response: HostResponse;
  try {
    response = await admitted.serve(body);
  } catch (error) {
    response = failureResponse(error, line, options.log);
  }
  options.log('info', `${line} -> ${response.status}`);
  send(res, head.method, response, line, options.log);
}

/** HTTP streams: the body goes on as it arrives; the forwarder writes the response, or this answers its failure. */
async function forward(
  req: IncomingMessage,
  res: ServerResponse,
  head: RequestHead,
  admitted: StreamedAdmission,
  line: string,
  options: HostServerOptions,
  expectsContinue: boolean,
): Promise<void> {
  const maxBytes = options.limits.maxRequestBodyBytes;
  // A declared length over the limit is refused before anything runs, as in classic mode.
  const declared = declaredTooLarge(req, maxBytes);
  if (declared) {
    bodyFailed(declared, res, head.method, line, options.log);
    return;
  }
  if (expectsContinue) res.writeContinue();
  const body = meterRequestBody(req, bodyLimits(options, maxBytes));
  try {
    await admitted.forward({ head, body, response: res, bodyComplete: () => req.complete });
  } catch (error) {
    body.destroy();
    if (res.headersSent) {
      options.log('error', `${line} failed after its response started: ${stackOf(error)}`);
      res.destroy();
      return;
    }
    const response = failureResponse(error, line, options.log);
    options.log('info', `${line} -> ${response.status}`);
    send(res, head.method, { ...response, headers: { ...response.headers, connection: 'close' } }, line, options.log);
    return;
  }
  const outcome = res.writableFinished ? '' : ' (the response was cut short)';
  options.log('info', `${line} -> ${res.statusCode}${outcome}`);
}

function bodyLimits(options: HostServerOptions, maxBytes: number): BodyLimits {
  return { maxBytes, minDataRate: options.limits.minRequestBodyDataRate };
}

/** A body that could not be read: nobody to tell when the client left, else its error with Connection: close. */
function bodyFailed(error: unknown, res: ServerResponse, method: string, line: string, log: HostLog): void {
  if (error instanceof RequestAbortedError || res.destroyed) {
    log('debug', `${line}: ${error instanceof Error ? error.message : 'the client went away'}`);
    return;
  }
  const response = failureResponse(error, line, log);
  log('info', `${line} -> ${response.status}`);
  send(res, method, { ...response, headers: { ...response.headers, connection: 'close' } }, line, log);
}

/** An HttpError becomes its JSON error; anything else is a logged 500 that tells the caller nothing internal. */
function failureResponse(error: unknown, line: string, log: HostLog): HostResponse {
  if (error instanceof HttpError) return errorResponse(error);
  log('error', `${line} failed: ${stackOf(error)}`);
  return jsonResponse(500, {
    error: { code: 'InternalServerError', message: 'The host failed to process the request.' },
  });
}

function send(res: ServerResponse, method: string, response: HostResponse, line: string, log: HostLog): void {
  if (res.destroyed) return;
  try {
    write(res, method, response);
  } catch (error) {
    // e.g. a function set a header value Node refuses: answer 500 rather than leave the client hanging.
    log('error', `Cannot write the response to ${line}: ${stackOf(error)}`);
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
}

function requestUrl(req: IncomingMessage, port: number): URL {
  const path = req.url ?? '/';
  try {
    return new URL(path, `http://${req.headers.host ?? `127.0.0.1:${port}`}`);
  } catch {
    return new URL(path.startsWith('/') ? path : `/${path}`, `http://127.0.0.1:${port}`);
  }
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
  // A declared length (rather than chunks) lets a client that is still sending see where the answer ends.
  if (body !== undefined && !Object.keys(headers).some((name) => name.toLowerCase() === 'content-length'))
    headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(response.status, headers);
  if (method === 'HEAD' || body === undefined) res.end();
  else res.end(body);
}
