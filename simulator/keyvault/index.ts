// Key Vault secrets for @azure/keyvault-secrets SecretClient, mounted at an origin's root (/secrets...,
// /deletedsecrets...). It never logs or returns a secret value except in the answers that carry it by contract.
import { randomBytes, randomUUID } from 'node:crypto';
import type { VirtualClock } from '../../clock';
import type { SimHandler, SimRequest, SimResponse } from '../http/types';
import { randomGuid, randomToken } from '../random';
import { unauthenticated, type ChallengeOptions } from './challenge';
import { KeyVaultError, badParameter } from './errors';
import { paginate } from './paging';
import { parseSetSecret, parseUpdateSecret } from './requestBody';
import { SecretStore } from './secretStore';
import { deletedBundle, deletedItem, secretBundle, secretItem } from './wire';

export { KeyVaultError } from './errors';

export interface KeyVaultOptions {
  /** Whether the Authorization header carries a token this simulator issued for the vault. */
  validateBearer: (authorization: string | undefined) => boolean;
  clock: VirtualClock;
  /** The challenge's `authorization` value, e.g. `https://127.0.0.1:P/<tenant>` or `.../adfs`. */
  authorizationUri?: (request: SimRequest) => string;
  /** The challenge's resource (token audience). Default https://vault.azure.net. */
  resource?: string;
  /** Source for version ids; seed it for reproducible ids. Default: crypto randomness. */
  random?: () => number;
}

export interface SimKeyVault {
  handler: SimHandler;
  /** Secret names and version counts (never values), for the inspection API. */
  summary(): { live: { name: string; versions: number }[]; deleted: string[] };
  reset(): void;
}

const HEX_DIGITS = '0123456789abcdef';

/** Key Vault object names: 1-127 characters, letters, digits and dashes. */
const NAME_PATTERN = /^[0-9a-zA-Z-]{1,127}$/;

export function createKeyVault(options: KeyVaultOptions): SimKeyVault {
  const random = options.random;
  // Version ids are 32 lower-case hex digits, as the service's are.
  const newVersionId = (): string => (random ? randomToken(random, 32, HEX_DIGITS) : randomBytes(16).toString('hex'));
  const store = new SecretStore(() => Math.floor(options.clock.now() / 1000), newVersionId);
  const challenge: ChallengeOptions = {
    resource: options.resource ?? 'https://vault.azure.net',
    authorizationUri: options.authorizationUri,
  };

  const handler: SimHandler = (request) => {
    let response: SimResponse;
    try {
      response = route(request, store, options, challenge);
    } catch (error) {
      // Anything else is a simulator bug: let the server report it (and answer 500) rather than hide it here.
      if (!(error instanceof KeyVaultError)) throw error;
      response = error.toResponse();
    }
    const requestId = options.random ? randomGuid(options.random) : randomUUID();
    return { ...response, headers: { 'x-ms-request-id': requestId, ...response.headers } };
  };

  return { handler, summary: () => store.summary(), reset: () => store.clear() };
}

function route(
  request: SimRequest,
  store: SecretStore,
  options: KeyVaultOptions,
  challenge: ChallengeOptions,
): SimResponse {
  const authorization = request.headers.authorization;
  // Always challenge an unauthenticated request: a vault that answers it lets the SDK send later bodies without a token.
  if (!authorization || !options.validateBearer(authorization)) {
    throw unauthenticated(request, challenge, Boolean(authorization));
  }
  const apiVersion = request.url.searchParams.get('api-version');
  if (!apiVersion) throw badParameter('The api-version query parameter is missing.');

  const origin = `${request.url.protocol}//${request.headers.host ?? request.url.host}`;
  const segments = request.path.split('/').slice(1).map(decodeSegment);
  const [collection, name, third] = segments;
  const method = request.method.toUpperCase();
  const ok = (body: unknown): SimResponse => ({ status: 200, body });

  if (name !== undefined && name !== '') checkName(name);

  if (collection === 'secrets') {
    if (segments.length === 1) {
      if (method !== 'GET') throw methodNotAllowed(method);
      const page = paginate(store.list(), request.url, origin, apiVersion);
      return ok({
        value: page.items.map((e) => secretItem(origin, e, e.versions[e.versions.length - 1], false)),
        nextLink: page.nextLink,
      });
    }
    if (!name) throw notFound(request);
    if (segments.length === 2) {
      if (method === 'PUT') {
        const set = store.set(name, parseSetSecret(request.body));
        return ok(secretBundle(origin, set.entry, set.version, true));
      }
      if (method === 'DELETE') return ok(deletedBundle(origin, store.delete(name)));
      if (method === 'GET') return getSecret(store, origin, name, '');
      throw methodNotAllowed(method);
    }
    if (segments.length === 3 && third === 'versions' && method === 'GET') {
      const entry = store.get(name).entry;
      const page = paginate(entry.versions, request.url, origin, apiVersion);
      return ok({ value: page.items.map((v) => secretItem(origin, entry, v, true)), nextLink: page.nextLink });
    }
    if (segments.length === 3) {
      // `/secrets/{name}/` (empty version) addresses the current version, as the SDK's getSecret(name) sends it.
      if (method === 'GET') return getSecret(store, origin, name, third);
      if (method === 'PATCH') {
        const updated = store.update(name, third, parseUpdateSecret(request.body));
        return ok(secretBundle(origin, updated.entry, updated.version, false));
      }
      throw methodNotAllowed(method);
    }
    throw notFound(request);
  }

  if (collection === 'deletedsecrets') {
    if (segments.length === 1) {
      if (method !== 'GET') throw methodNotAllowed(method);
      const page = paginate(store.listDeleted(), request.url, origin, apiVersion);
      return ok({ value: page.items.map((d) => deletedItem(origin, d)), nextLink: page.nextLink });
    }
    if (!name) throw notFound(request);
    if (segments.length === 2) {
      if (method === 'GET') return ok(deletedBundle(origin, store.getDeleted(name)));
      if (method === 'DELETE') {
        store.purge(name);
        return { status: 204 };
      }
      throw methodNotAllowed(method);
    }
    if (segments.length === 3 && third === 'recover') {
      if (method !== 'POST') throw methodNotAllowed(method);
      const recovered = store.recover(name);
      return ok(secretBundle(origin, recovered.entry, recovered.version, false));
    }
  }
  throw notFound(request);
}

function getSecret(store: SecretStore, origin: string, name: string, version: string): SimResponse {
  const found = store.get(name, version);
  if (!found.version.enabled) {
    throw new KeyVaultError(403, 'Forbidden', 'Operation get is not allowed on a disabled secret.', 'SecretDisabled');
  }
  return { status: 200, body: secretBundle(origin, found.entry, found.version, true) };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

function checkName(name: string): void {
  if (!NAME_PATTERN.test(name)) throw badParameter(`The request URI contains an invalid name: ${name}`);
}

function notFound(request: SimRequest): KeyVaultError {
  return new KeyVaultError(404, 'NotFound', `The requested path ${request.url.pathname} does not exist on this vault.`);
}

function methodNotAllowed(method: string): KeyVaultError {
  return new KeyVaultError(405, 'MethodNotAllowed', `The HTTP method ${method} is not supported by this resource.`);
}
