// Converts the worker's RpcTypedData (what a function's returnValue travels as) into plain JSON values, the way the
// Functions host hands them on. It never calls app code.
import type { RpcTypedData } from './coreTypes';

/**
 * `{json}` is parsed, `{string}` stays a string, numbers stay numbers, bytes become base64 (as .NET serialises
 * byte[]); undefined/null pass through.
 */
export function plainValueOf(data: RpcTypedData | null | undefined): unknown {
  if (data === undefined || data === null) return data;
  if (typeof data.json === 'string') return JSON.parse(data.json) as unknown;
  if (typeof data.string === 'string') return data.string;
  if (typeof data.int === 'number') return data.int;
  if (typeof data.double === 'number') return data.double;
  const bytes = data.bytes ?? data.stream;
  if (bytes) return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  return undefined;
}

/** A host-side string trigger value: the `{string}` typed data the extensions send (undefined = no data at all). */
export function stringData(text: string | undefined): RpcTypedData | undefined {
  return text === undefined ? undefined : { string: text };
}
