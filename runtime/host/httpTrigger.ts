// Runs an httpTrigger function for one request in classic mode (no HTTP streams): the request becomes the worker's
// RpcHttpData (so the app gets a real HttpRequest), and the function's `$return` RpcHttpData becomes the response
// (status, headers, cookies, body).
import { triggerOf } from './bindings';
import { durableClientInputs } from './durableClientInput';
import { classicDropsBody, classicHttpData } from './httpInvocationData';
import { setCookieHeader } from './setCookie';
import type { DurableExtension } from '../contracts';
import type { FunctionInvoker } from './invokeFunction';
import type { HostRequest, HostResponse } from './hostHttp';
import type { HttpRoute } from './httpRouteTable';
import type { RpcTypedData } from './coreTypes';
import type { HostLog } from './log';

export async function runHttpFunction(
  request: HostRequest,
  route: HttpRoute,
  params: Record<string, string>,
  invoker: FunctionInvoker,
  extension: DurableExtension | undefined,
  log: HostLog,
): Promise<HostResponse> {
  const trigger = triggerOf(route.fn.metadata);
  if (!trigger) throw new Error(`Function '${route.fn.name}' has no trigger binding`);
  const { body, ...head } = request;
  if (classicDropsBody(head, body)) {
    log(
      'warn',
      `Function '${route.fn.name}': a body sent without Content-Length (chunked) does not reach the function ` +
        'without HTTP streams, as on Azure; app.setup({ enableHttpStream: true }) delivers it',
    );
  }
  const response = await invoker.invoke(route.fn, {
    inputData: [
      { name: trigger.bindingName, data: { http: classicHttpData(head, body, params) } },
      ...durableClientInputs(route.fn, extension),
    ],
  });
  return hostResponseOf(response.returnValue, route.fn.name, log);
}

function hostResponseOf(
  returnValue: RpcTypedData | null | undefined,
  functionName: string,
  log: HostLog,
): HostResponse {
  const http = returnValue?.http;
  // A handler that returns nothing gets an empty success response.
  if (!http) return { status: 204 };
  const status = Number.parseInt(http.statusCode ?? '200', 10);
  const headers: Record<string, string | string[]> = { ...(http.headers ?? {}) };
  const cookies: string[] = [];
  for (const cookie of http.cookies ?? []) {
    const header = setCookieHeader(cookie);
    if (header) cookies.push(header);
    else log('warn', `Function '${functionName}' set a cookie with an invalid name; it was not sent`);
  }
  if (cookies.length > 0) {
    const existing = headers['set-cookie'];
    headers['set-cookie'] = [...(existing === undefined ? [] : [existing].flat()), ...cookies];
  }
  const body = http.body?.bytes ?? http.body?.stream;
  return {
    status: Number.isInteger(status) && status >= 100 && status <= 999 ? status : 500,
    headers,
    body: body ? Buffer.from(body.buffer, body.byteOffset, body.byteLength) : (http.body?.string ?? undefined),
  };
}
