// Runs an httpTrigger function with HTTP streams, as the Functions host does for a worker that reports HttpUri: the
// client's request (method, path and query, headers, body as it arrives) is forwarded to the library's HTTP proxy with
// `x-ms-invocation-id`, then the invocation is sent; the library's answer on that connection (status, headers, body
// chunks as they come) is relayed to the client. The host forwards like YARP's default transformer
// (https://learn.microsoft.com/dotnet/api/yarp.reverseproxy.forwarder.httptransformer.default): hop-by-hop headers
// dropped both ways (https://learn.microsoft.com/aspnet/core/fundamentals/servers/yarp/header-guidelines), the Host
// replaced by the proxy's and X-Forwarded-For/-Proto/-Host set (the library builds request.url from the last two).
//
// Where the real host leaves the client waiting, this one answers: a function that throws (the library never answers
// then, https://github.com/Azure/azure-functions-nodejs-library/issues/324) gets the classic 500, and one that returns
// nothing the classic 204; a body over the limit is a 413 while the response has not started, else the connection is
// cut. Nothing is held whole in memory: backpressure runs from the function's reads back to the client's socket.
import { randomUUID } from 'node:crypto';
import { request as httpRequest, type ClientRequest, type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import { triggerOf } from './bindings';
import { durableClientInputs } from './durableClientInput';
import { HttpError, messageOf } from './errors';
import { errorResponse, jsonResponse, type HttpExchange, type HostResponse, type RequestHead } from './hostHttp';
import { streamTriggerMetadata } from './httpInvocationData';
import { RequestAbortedError } from './requestBody';
import { INVOCATION_ID_HEADER, type ForwardTicket, type WorkerHttpProxy } from './workerHttpProxy';
import type { DurableExtension } from '../contracts';
import type { FunctionInvoker } from './invokeFunction';
import type { HttpRoute } from './httpRouteTable';
import type { HostLog } from './log';

/** Headers that describe one connection, never forwarded either way (plus any the Connection header names). */
const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'close',
]);

/** Set by the forwarder, never passed on from the client (YARP's X-Forwarded transforms "Set" by default). */
const FORWARDER_SET = new Set([
  'host',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-forwarded-prefix',
  INVOCATION_ID_HEADER,
]);

function connectionNamed(headers: IncomingMessage['headers']): Set<string> {
  const value = headers.connection;
  return new Set(
    (Array.isArray(value) ? value.join(',') : (value ?? ''))
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter((name) => name !== ''),
  );
}

export function forwardedRequestHeaders(head: RequestHead, invocationId: string): OutgoingHttpHeaders {
  const named = connectionNamed(head.headers);
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(head.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || FORWARDER_SET.has(name) || named.has(name)) continue;
    headers[name] = value;
  }
  // A body without a length keeps its chunked framing whatever the method (Node adds it by default for POST/PUT only).
  if (head.headers['transfer-encoding'] !== undefined && head.headers['content-length'] === undefined) {
    headers['transfer-encoding'] = 'chunked';
  }
  // The host listens on 127.0.0.1 only: that is every client's address.
  headers['x-forwarded-for'] = '127.0.0.1';
  headers['x-forwarded-proto'] = head.url.protocol.replace(/:$/, '');
  headers['x-forwarded-host'] = head.headers.host ?? head.url.host;
  headers[INVOCATION_ID_HEADER] = invocationId;
  return headers;
}

export function relayedResponseHeaders(proxied: IncomingMessage): Record<string, string[]> {
  const named = connectionNamed(proxied.headers);
  const headers: Record<string, string[]> = {};
  for (const [name, values] of Object.entries(proxied.headersDistinct)) {
    if (values === undefined || HOP_BY_HOP.has(name) || named.has(name)) continue;
    headers[name] = values;
  }
  return headers;
}

export interface StreamForwardContext {
  proxy: WorkerHttpProxy;
  invoker: FunctionInvoker;
  extension: DurableExtension | undefined;
  log: HostLog;
}

/** Forwards one admitted request and relays the answer; resolves once the client's response is over (sent or cut). */
export async function forwardHttpFunction(
  exchange: HttpExchange,
  route: HttpRoute,
  params: Record<string, string>,
  context: StreamForwardContext,
): Promise<void> {
  const { head, body, response } = exchange;
  const trigger = triggerOf(route.fn.metadata);
  if (!trigger) throw new Error(`Function '${route.fn.name}' has no trigger binding`);
  // Before anything is forwarded: a Durable client that cannot be filled refuses the request (503).
  const clientInputs = durableClientInputs(route.fn, context.extension);

  const invocationId = randomUUID();
  const target = new URL(`${head.url.pathname}${head.url.search}`, context.proxy.uri);
  const headers = forwardedRequestHeaders(head, invocationId);
  const ticket = context.proxy.expect(invocationId);
  let upstream: ClientRequest;
  try {
    // The real host starts forwarding before it sends the invocation request, so the library finds the request.
    upstream = httpRequest(target, { method: head.method, headers, agent: context.proxy.agent });
  } catch (error) {
    ticket.release();
    throw error;
  }
  // The library waits for the request before it binds the invocation: send the head now, whatever the body does.
  upstream.flushHeaders();
  const relay = new Relay(exchange, upstream, ticket, route.fn.name, context.log);
  body.on('error', (error) => relay.bodyFailed(error));
  body.pipe(upstream);
  upstream.on('response', (proxied) => relay.respond(proxied));
  upstream.on('error', (error) => relay.upstreamFailed(error));
  response.once('close', () => relay.clientGone());

  const invocation = context.invoker.invoke(route.fn, {
    invocationId,
    inputData: [{ name: trigger.bindingName, data: { http: {} } }, ...clientInputs],
    triggerMetadata: streamTriggerMetadata(head, params),
  });
  invocation.then(
    () => relay.invocationEnded(undefined),
    (error: unknown) => relay.invocationEnded(error),
  );
  await relay.over;
}

/** The state of one forwarded exchange: who answers the client, and what is cut when one side fails. */
class Relay {
  readonly over: Promise<void>;
  private finish!: () => void;
  /** The host cut the connection to the proxy itself (its errors are then expected). */
  private upstreamCut = false;

  constructor(
    private readonly exchange: HttpExchange,
    private readonly upstream: ClientRequest,
    private readonly ticket: ForwardTicket,
    private readonly functionName: string,
    private readonly log: HostLog,
  ) {
    this.over = new Promise((resolve) => (this.finish = resolve));
  }

  /** The library's response arrived: status and headers now, the body chunk by chunk. */
  respond(proxied: IncomingMessage): void {
    const { response } = this.exchange;
    if (response.headersSent || response.destroyed) {
      proxied.destroy();
      return;
    }
    const headers = relayedResponseHeaders(proxied);
    // The client is still sending: once this response ends the connection cannot carry another request.
    if (!this.exchange.bodyComplete()) headers.connection = ['close'];
    try {
      response.writeHead(proxied.statusCode ?? 500, headers);
    } catch (error) {
      this.log('error', `Function '${this.functionName}' answered a response that cannot be sent: ${messageOf(error)}`);
      proxied.destroy();
      this.answer(
        jsonResponse(500, {
          error: { code: 'InvalidResponse', message: 'The function returned a response that cannot be sent.' },
        }),
      );
      return;
    }
    proxied.on('error', () => response.destroy());
    proxied.on('close', () => {
      if (!proxied.complete) response.destroy();
    });
    proxied.pipe(response);
  }

  /** The invocation is over. Without a response started by the library, none will come: answer as classic mode. */
  invocationEnded(error: unknown): void {
    const libraryResponse = this.ticket.libraryResponse();
    if (libraryResponse?.writableEnded) return;
    if (libraryResponse?.headersSent) {
      // The body failed half way (the function's stream threw): what was sent is relayed, then the connection is
      // cut on both sides, so the client never takes it for a whole answer.
      libraryResponse.destroy();
      return;
    }
    this.cutUpstream();
    if (error === undefined) {
      this.answer({ status: 204 });
      return;
    }
    const invocationId = (error as { invocationId?: unknown }).invocationId;
    this.answer(
      jsonResponse(500, {
        error: {
          code: 'FunctionInvocationFailed',
          message: `Exception while executing function: Functions.${this.functionName}`,
          invocationId: typeof invocationId === 'string' ? invocationId : undefined,
        },
      }),
    );
  }

  /** The client's body broke the limits or stopped: the function's body ends with an error too. */
  bodyFailed(error: Error): void {
    this.exchange.body.unpipe(this.upstream);
    this.cutUpstream(error);
    if (error instanceof RequestAbortedError) {
      this.exchange.response.destroy();
      return;
    }
    const refusal = error instanceof HttpError ? errorResponse(error) : undefined;
    if (!refusal) this.log('error', `Reading the body for '${this.functionName}' failed: ${messageOf(error)}`);
    this.answer(
      refusal ?? jsonResponse(500, { error: { code: 'InternalServerError', message: 'The request body failed.' } }),
      true,
    );
  }

  /** The connection to the library's proxy failed before the exchange was over. */
  upstreamFailed(error: Error): void {
    const { response } = this.exchange;
    if (response.headersSent) {
      // Cut short while relaying; a response already ended was relayed whole and is left to finish.
      if (!response.writableEnded) response.destroy();
      return;
    }
    if (this.upstreamCut) return;
    this.log('error', `Forwarding to the HTTP proxy of the app failed: ${messageOf(error)}`);
    // The invocation decides the answer when it ends; this only covers a proxy that never saw the request.
    if (this.ticket.libraryResponse() === undefined) {
      this.answer(
        jsonResponse(502, { error: { code: 'BadGateway', message: 'The app did not receive the request.' } }),
      );
    }
  }

  clientGone(): void {
    this.cutUpstream();
    this.exchange.body.destroy();
    this.ticket.release();
    this.finish();
  }

  private cutUpstream(error?: Error): void {
    this.upstreamCut = true;
    this.upstream.destroy(error);
  }

  /** Answers the client with a response of the host's own, unless a response has already started. */
  private answer(hostResponse: HostResponse, closeConnection = false): void {
    const { response, head } = this.exchange;
    if (response.headersSent || response.destroyed) {
      if (!response.writableEnded) response.destroy();
      return;
    }
    const headers: Record<string, string | string[]> = { ...(hostResponse.headers ?? {}) };
    const text = typeof hostResponse.body === 'string' ? hostResponse.body : undefined;
    if (closeConnection || !this.exchange.bodyComplete()) headers.connection = 'close';
    if (hostResponse.status !== 204)
      headers['content-length'] = String(text === undefined ? 0 : Buffer.byteLength(text));
    response.writeHead(hostResponse.status, headers);
    response.end(head.method === 'HEAD' ? undefined : text);
  }
}
