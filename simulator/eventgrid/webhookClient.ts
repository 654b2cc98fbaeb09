// Sends one HTTP(S) request to a subscriber's webhook, as Event Grid's delivery and validation calls do. Uses
// node:http/https (no environment proxies), bounded by a wall-time timeout and an abort signal.
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface WebhookResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export class WebhookRequestError extends Error {
  override readonly name = 'WebhookRequestError';
}

/** Subscriber answers beyond this are cut: Event Grid only needs the status and a short validation body. */
const MAX_RESPONSE_BYTES = 64 * 1024;

export function callWebhook(
  endpoint: string,
  method: 'POST' | 'OPTIONS',
  headers: Record<string, string>,
  body: string | undefined,
  timeoutMs: number,
  signal: AbortSignal,
): Promise<WebhookResponse> {
  return new Promise((resolve, reject) => {
    const url = new URL(endpoint);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const payload = body === undefined ? undefined : Buffer.from(body, 'utf8');
    const outgoing = send(
      url,
      {
        method,
        headers: { ...headers, ...(payload ? { 'content-length': String(payload.length) } : {}) },
        signal,
        timeout: timeoutMs,
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        let size = 0;
        incoming.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size <= MAX_RESPONSE_BYTES) chunks.push(chunk);
        });
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        incoming.on('error', (error) => reject(new WebhookRequestError(error.message)));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new WebhookRequestError(`no answer within ${timeoutMs} ms`)));
    outgoing.on('error', (error) =>
      reject(error instanceof WebhookRequestError ? error : new WebhookRequestError(error.message)),
    );
    outgoing.end(payload);
  });
}
