// Reads an admitted request's body under two bounds: a size limit (declared Content-Length checked first, then the
// bytes as they stream in) and a minimum data rate after a grace period, like Kestrel's MinRequestBodyDataRate, so a
// client dribbling its body cannot hold a connection for long. The rate counts only the time someone is waiting for
// the body (a streaming function that reads slowly does not make its client "slow"). Failures are typed; reading
// stops at once. The body is either collected (classic mode) or passed on as a stream (HTTP streams), never both.
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { HttpError } from './errors';

export interface MinDataRate {
  bytesPerSecond: number;
  /** How long a body may start slowly before its average rate is checked. */
  gracePeriodMs: number;
}

export interface BodyLimits {
  maxBytes: number;
  /** undefined = no rate check. */
  minDataRate: MinDataRate | undefined;
}

/** The client went away before its body was complete: there is nobody left to answer. */
export class RequestAbortedError extends Error {
  override readonly name = 'RequestAbortedError';
}

/** How often a stalled body is looked at: often enough to cut it soon after the grace period ends. */
function checkIntervalMs(rate: MinDataRate): number {
  return Math.max(10, Math.min(1000, Math.floor(rate.gracePeriodMs / 4)));
}

/** The declared Content-Length when it exceeds the limit: such a body is refused before a byte of it is read. */
export function declaredTooLarge(req: IncomingMessage, maxBytes: number): HttpError | undefined {
  const declared = Number(req.headers['content-length']);
  return Number.isFinite(declared) && declared > maxBytes ? tooLarge(maxBytes) : undefined;
}

/**
 * The request body as a stream that enforces the limits: it is destroyed with a 413 or 408 HttpError, or with a
 * RequestAbortedError when the client goes away. Backpressure reaches the client: nothing is read while the
 * consumer does not ask for more.
 */
export function meterRequestBody(req: IncomingMessage, limits: BodyLimits): Readable {
  let size = 0;
  // Time someone waited for body bytes: closed periods, plus the open one since `waitingSince`.
  let waitedMs = 0;
  let waitingSince: number | undefined;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  const waited = (): number => waitedMs + (waitingSince === undefined ? 0 : Date.now() - waitingSince);
  const tooSlow = (): boolean => {
    const rate = limits.minDataRate;
    if (!rate) return false;
    const elapsed = waited();
    return elapsed > rate.gracePeriodMs && size < (rate.bytesPerSecond * elapsed) / 1000;
  };

  const body = new Readable({
    read() {
      waitingSince ??= Date.now();
      if (!finished) req.resume();
    },
    destroy(error, callback) {
      stop();
      callback(error);
    },
  });
  const fail = (error: Error): void => {
    if (finished) return;
    stop();
    // Nothing more is read: the answer goes out with Connection: close and the socket is closed after it.
    req.pause();
    body.destroy(error);
  };
  const onData = (chunk: Buffer): void => {
    size += chunk.length;
    if (waitingSince !== undefined) {
      waitedMs += Date.now() - waitingSince;
      waitingSince = undefined;
    }
    if (size > limits.maxBytes) fail(tooLarge(limits.maxBytes));
    else if (tooSlow()) fail(slowBody(limits.minDataRate));
    else if (!body.push(chunk)) req.pause();
  };
  const onEnd = (): void => {
    stop();
    body.push(null);
  };
  // 'close' after 'end' never gets here (stop() removed the listener): this is a body that was cut short.
  const onClose = (): void =>
    fail(new RequestAbortedError('The client closed the connection before sending the whole body.'));
  const onError = (error: Error): void => fail(error);
  function stop(): void {
    finished = true;
    if (timer) clearInterval(timer);
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('close', onClose);
    req.off('error', onError);
  }

  const declared = declaredTooLarge(req, limits.maxBytes);
  if (declared) {
    fail(declared);
    return body;
  }
  req.pause();
  req.on('data', onData);
  req.on('end', onEnd);
  req.on('close', onClose);
  req.on('error', onError);
  if (limits.minDataRate) {
    const rate = limits.minDataRate;
    timer = setInterval(() => {
      if (tooSlow()) fail(slowBody(rate));
    }, checkIntervalMs(rate));
    timer.unref();
  }
  return body;
}

/** The whole body in memory (classic mode), read under the limits. */
export function readRequestBody(req: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const body = meterRequestBody(req, limits);
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    body.on('data', (chunk: Buffer) => chunks.push(chunk));
    body.once('end', () => resolve(Buffer.concat(chunks)));
    body.once('error', (error) => {
      chunks.length = 0;
      reject(error);
    });
  });
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'PayloadTooLarge', `The request body exceeds the limit of ${limit} bytes.`, {
    connection: 'close',
  });
}

function slowBody(rate: MinDataRate | undefined): HttpError {
  return new HttpError(
    408,
    'RequestBodyTimeout',
    `The request body arrived slower than ${rate?.bytesPerSecond ?? 0} bytes per second.`,
    { connection: 'close' },
  );
}
