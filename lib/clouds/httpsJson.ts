// One anonymous HTTPS GET that returns parsed JSON, for the ARM metadata endpoint (no SDK covers it). Trusts the
// configured CA; never sends credentials.
import * as https from 'node:https';
import type { TrustOptions } from './trustedCa';

export class HttpsJsonError extends Error {
  override readonly name = 'HttpsJsonError';
  /** HTTP status, or undefined for a transport failure. */
  readonly statusCode: number | undefined;
  /** Node's error code for transport failures (ECONNRESET, ETIMEDOUT ...). */
  readonly code: string | undefined;

  constructor(message: string, statusCode?: number, code?: string) {
    super(message);
    this.statusCode = statusCode;
    this.code = code;
  }
}

export function getJson(url: string, trust: TrustOptions | undefined, timeoutMs = 30_000): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const request = https.get(
      url,
      { ...(trust ? { ca: trust.ca } : {}), headers: { accept: 'application/json' } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', (error: NodeJS.ErrnoException) =>
          reject(new HttpsJsonError(error.message, undefined, error.code)),
        );
        response.on('end', () => {
          const status = response.statusCode ?? 0;
          const text = Buffer.concat(chunks).toString('utf8');
          if (status < 200 || status >= 300) {
            reject(new HttpsJsonError(`GET ${url} answered HTTP ${status}`, status));
            return;
          }
          try {
            resolve(JSON.parse(text) as unknown);
          } catch {
            reject(new HttpsJsonError(`GET ${url} did not answer JSON`, status));
          }
        });
      },
    );
    request.setTimeout(timeoutMs, () =>
      request.destroy(Object.assign(new Error(`GET ${url} timed out`), { code: 'ETIMEDOUT' })),
    );
    request.on('error', (error: NodeJS.ErrnoException) =>
      reject(new HttpsJsonError(error.message, undefined, error.code)),
    );
  });
}
