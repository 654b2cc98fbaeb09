// The host admin API for the keys of single functions, shaped like the Functions host's KeysController:
// GET /admin/functions/{name}/keys, and GET/PUT/POST/DELETE /admin/functions/{name}/keys/{keyName}. The caller checks
// the master key; this module matches the route on the head, then reads, sets, generates or deletes keys and saves them.
import { HttpError } from './errors';
import { MIN_KEY_LENGTH, newKey, type HostKeys } from './hostKeys';
import { isRecord } from '../contracts';
import { jsonResponse, parseJsonBody, type AdmittedRequest, type HostResponse, type RequestHead } from './hostHttp';
import type { FunctionRegistry } from './functionRegistry';
import type { HostLog } from './log';

/** A key document is a few hundred bytes; nothing bigger is a key. */
export const ADMIN_MAX_BODY_BYTES = 65_536;

/** Names go into URLs and keys.json; `_` starts the host's own names (`_master`), which the host keeps to itself. */
const KEY_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
/** Values travel in the x-functions-key header or ?code=, so only visible ASCII can be sent reliably. */
const KEY_VALUE = /^[\x21-\x7e]+$/;

export type AdminKeysOperation =
  | { kind: 'list'; functionName: string }
  | { kind: 'get' | 'put' | 'generate' | 'delete'; functionName: string; keyName: string };

export interface AdminKeysContext {
  registry: FunctionRegistry;
  keys: HostKeys;
  /** Saves the current keys (keys.json); resolves once written. */
  persist: () => Promise<void>;
  log: HostLog;
}

const KEY_METHODS: Record<string, AdminKeysOperation['kind']> = {
  GET: 'get',
  PUT: 'put',
  POST: 'generate',
  DELETE: 'delete',
};

/** The operation for a method and the decoded path segments after `/admin`; 404 or 405 when there is none. */
export function adminKeysOperation(method: string, segments: readonly string[]): AdminKeysOperation {
  const [functions, functionName, keys, keyName, ...rest] = segments;
  if (functions?.toLowerCase() !== 'functions' || !functionName || keys?.toLowerCase() !== 'keys' || rest.length > 0) {
    throw new HttpError(404, 'NotFound', 'No admin endpoint serves this path.');
  }
  if (keyName === undefined) {
    if (method === 'GET') return { kind: 'list', functionName };
    throw new HttpError(405, 'MethodNotAllowed', `The method ${method} is not allowed here.`, { allow: 'GET' });
  }
  const kind = KEY_METHODS[method];
  if (!kind) {
    throw new HttpError(405, 'MethodNotAllowed', `The method ${method} is not allowed here.`, {
      allow: Object.keys(KEY_METHODS).sort().join(', '),
    });
  }
  return { kind, functionName, keyName };
}

export function admitAdminKeysOperation(
  operation: AdminKeysOperation,
  head: RequestHead,
  context: AdminKeysContext,
): AdmittedRequest {
  return {
    maxBodyBytes: ADMIN_MAX_BODY_BYTES,
    serve: (body) => runOperation(operation, head, body, context),
  };
}

async function runOperation(
  operation: AdminKeysOperation,
  head: RequestHead,
  body: Buffer,
  context: AdminKeysContext,
): Promise<HostResponse> {
  const fn = context.registry.find(operation.functionName);
  // As the real host: an unknown function is a 404 whatever the operation.
  if (!fn) throw new HttpError(404, 'FunctionNotFound', `No function named '${operation.functionName}'.`);
  const scope = fn.name.toLowerCase();
  const selfLink = { rel: 'self', href: `${head.url.origin}${head.url.pathname}` };
  const stored = context.keys.functionKeys[scope] ?? {};
  if (operation.kind === 'list') {
    const keys = Object.entries(stored).map(([name, value]) => ({ name, value }));
    return jsonResponse(200, { keys, links: [selfLink] });
  }
  const { keyName } = operation;
  if (operation.kind === 'get') {
    const value = stored[keyName];
    if (value === undefined) throw keyNotFound(fn.name, keyName);
    return jsonResponse(200, { name: keyName, value, links: [selfLink] });
  }
  if (!KEY_NAME.test(keyName)) {
    throw new HttpError(400, 'BadRequest', 'Invalid key name.');
  }
  if (operation.kind === 'delete') {
    if (stored[keyName] === undefined) throw keyNotFound(fn.name, keyName);
    await change(context, () => {
      const remaining = { ...stored };
      delete remaining[keyName];
      if (Object.keys(remaining).length === 0) delete context.keys.functionKeys[scope];
      else context.keys.functionKeys[scope] = remaining;
    });
    context.log('info', `Key '${keyName}' of function '${fn.name}' deleted`);
    return { status: 204 };
  }
  const value = operation.kind === 'put' ? keyValueOf(parseJsonBody(body, 'key document')) : newKey();
  const created = stored[keyName] === undefined;
  await change(context, () => {
    context.keys.functionKeys[scope] = { ...(context.keys.functionKeys[scope] ?? {}), [keyName]: value };
  });
  context.log('info', `Key '${keyName}' of function '${fn.name}' ${created ? 'created' : 'updated'}`);
  const document = { name: keyName, value, links: [selfLink] };
  // The real host answers Created with the resource's own URL as Location, and Ok for an update.
  return created ? jsonResponse(201, document, { location: selfLink.href }) : jsonResponse(200, document);
}

/** The body of a PUT: {"name", "value"}; as in the real host the name in the URL wins and a value is required. */
function keyValueOf(body: unknown): string {
  const value = isRecord(body) ? body.value : undefined;
  if (value === undefined || value === null) throw new HttpError(400, 'BadRequest', 'Invalid key value');
  if (typeof value !== 'string' || value.length < MIN_KEY_LENGTH || !KEY_VALUE.test(value)) {
    throw new HttpError(
      400,
      'BadRequest',
      `Invalid key value: it must be a string of at least ${MIN_KEY_LENGTH} visible ASCII characters.`,
    );
  }
  return value;
}

/** Applies a change to the keys and saves them; if saving fails the change is undone, so memory and file agree. */
async function change(context: AdminKeysContext, apply: () => void): Promise<void> {
  const before = structuredClone(context.keys.functionKeys);
  apply();
  try {
    await context.persist();
  } catch (error) {
    context.keys.functionKeys = before;
    throw error;
  }
}

function keyNotFound(functionName: string, keyName: string): HttpError {
  return new HttpError(404, 'KeyNotFound', `Function '${functionName}' has no key named '${keyName}'.`);
}
