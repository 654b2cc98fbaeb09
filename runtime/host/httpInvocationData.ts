// What an HTTP-triggered invocation request carries, as the Functions host builds it for the Node worker, in both modes:
// - classic: the request as RpcHttp with nullable dictionaries (the worker reports UseNullableValueDictionaryForHttp,
//   https://github.com/Azure/azure-functions-nodejs-worker/blob/v3.x/src/eventHandlers/getWorkerCapabilities.ts).
//   A repeated query key or header is one entry, its values joined with "," (StringValues.ToString()), and the body
//   is sent only when the request declares a Content-Length
//   (https://github.com/Azure/azure-functions-host/blob/dev/src/WebJobs.Script.Grpc/MessageExtensions/GrpcMessageConversionExtensions.cs);
// - HTTP streams: an empty RpcHttp, and the HTTP trigger's binding data as trigger metadata: each query key (last value
//   wins, `code` left out), the route parameters over them, `Query` and `Headers` as JSON
//   (https://github.com/Azure/azure-webjobs-sdk-extensions/blob/dev/src/WebJobs.Extensions.Http/HttpTriggerAttributeBindingProvider.cs,
//   GetRequestBindingData). @azure/functions reads the headers and, from every other string entry, request.params.
// Names are matched case-insensitively there (ASP.NET's query collection and binding data), first spelling kept.
import type { RequestHead } from './hostHttp';
import type { RpcHttpData, RpcNullable, RpcTypedData } from './coreTypes';

/** Keys compared without case; the first spelling of a key is kept, later values replace or join its value. */
class CaseInsensitiveMap<V> {
  private readonly entries = new Map<string, { key: string; value: V }>();

  get(key: string): V | undefined {
    return this.entries.get(key.toLowerCase())?.value;
  }

  set(key: string, value: V): void {
    const existing = this.entries.get(key.toLowerCase());
    this.entries.set(key.toLowerCase(), { key: existing?.key ?? key, value });
  }

  has(key: string): boolean {
    return this.entries.has(key.toLowerCase());
  }

  toObject(): Record<string, V> {
    return Object.fromEntries([...this.entries.values()].map(({ key, value }) => [key, value]));
  }
}

/** Every query key with all its values, in order. */
function queryValues(url: URL): CaseInsensitiveMap<string[]> {
  const query = new CaseInsensitiveMap<string[]>();
  for (const [key, value] of url.searchParams) query.set(key, [...(query.get(key) ?? []), value]);
  return query;
}

/** The request headers as one string each, lower-case names (Node has already joined repeated ones). */
function headerDictionary(head: RequestHead): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(head.headers)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  }
  return headers;
}

function nullable(values: Record<string, string>): Record<string, RpcNullable<string>> {
  return Object.fromEntries(Object.entries(values).map(([key, value]) => [key, { value }]));
}

/** Classic mode: the request as RpcHttp. The body is left out unless the request declared a Content-Length. */
export function classicHttpData(head: RequestHead, body: Buffer, params: Record<string, string>): RpcHttpData {
  const query: Record<string, string> = {};
  for (const [key, values] of Object.entries(queryValues(head.url).toObject())) query[key] = values.join(',');
  const declaresLength = Number(head.headers['content-length']) > 0;
  return {
    method: head.method,
    url: head.url.href,
    nullableHeaders: nullable(headerDictionary(head)),
    nullableQuery: nullable(query),
    nullableParams: nullable(params),
    body: declaresLength && body.length > 0 ? { bytes: new Uint8Array(body) } : undefined,
  };
}

/** Whether classic mode leaves this request's body out (it arrived without a Content-Length, e.g. chunked). */
export function classicDropsBody(head: RequestHead, body: Buffer): boolean {
  return body.length > 0 && !(Number(head.headers['content-length']) > 0);
}

/** HTTP streams: the trigger metadata of the request (its body and response travel over the worker's HTTP proxy). */
export function streamTriggerMetadata(head: RequestHead, params: Record<string, string>): Record<string, RpcTypedData> {
  const query = new CaseInsensitiveMap<string>();
  for (const [key, values] of Object.entries(queryValues(head.url).toObject())) query.set(key, values.at(-1) ?? '');
  const data = new CaseInsensitiveMap<RpcTypedData>();
  for (const [key, value] of Object.entries(query.toObject())) {
    if (key.toLowerCase() !== 'code') data.set(key, { string: value });
  }
  for (const [key, value] of Object.entries(params)) data.set(key, { string: value });
  if (!data.has('Query')) data.set('Query', { json: JSON.stringify(query.toObject()) });
  if (!data.has('Headers')) data.set('Headers', { json: JSON.stringify(headerDictionary(head)) });
  return data.toObject();
}
