// Reads an admitted request's body under two bounds: a size limit (declared Content-Length checked first, then the
// bytes as they stream in) and a minimum data rate after a grace period, like Kestrel's MinRequestBodyDataRate, so a
// client dribbling its body cannot hold a connection for long. Failures are typed; reading stops at once.
import type { IncomingMessage } from 'node:http';
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

export function readRequestBody(req: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > limits.maxBytes) return Promise.reject(tooLarge(limits.maxBytes));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const startedAt = Date.now();
    let size = 0;
    let timer: NodeJS.Timeout | undefined;
    const stop = (): void => {
      if (timer) clearInterval(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('close', onClose);
      req.off('error', onError);
    };
    const fail = (error: Error): void => {
      stop();
      // Nothing more is read: the answer goes out with Connection: close and the socket is closed after it.
      req.pause();
      chunks.length = 0;
      reject(error);
    };
    const tooSlow = (): boolean => {
      const rate = limits.minDataRate;
      if (!rate) return false;
      const elapsed = Date.now() - startedAt;
      return elapsed > rate.gracePeriodMs && size < (rate.bytesPerSecond * elapsed) / 1000;
    };
    const onData = (chunk: Buffer): void => {
      size += chunk.length;
      if (size > limits.maxBytes) fail(tooLarge(limits.maxBytes));
      else if (tooSlow()) fail(slowBody(limits.minDataRate));
      else chunks.push(chunk);
    };
    const onEnd = (): void => {
      stop();
      resolve(Buffer.concat(chunks));
    };
    const onClose = (): void => {
      // 'close' after 'end' never gets here (stop() removed the listener): this is a body that was cut short.
      fail(new RequestAbortedError('The client closed the connection before sending the whole body.'));
    };
    const onError = (error: Error): void => fail(error);
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('close', onClose);
    req.on('error', onError);
    if (limits.minDataRate) {
      timer = setInterval(() => {
        if (tooSlow()) fail(slowBody(limits.minDataRate));
      }, checkIntervalMs(limits.minDataRate));
      timer.unref();
    }
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
