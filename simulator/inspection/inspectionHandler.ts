// HTTP face of the inspection API under /_sim/ (JSON in, JSON out). It never answers ARM, identity or data-plane
// paths, and needs no token: it listens on loopback only, for tests and benchmarks.
import { AccountSettingsError } from '../account/accountState';
import { FaultPlanError } from '../faults/plan';
import type { SimHandler, SimRequest, SimResponse } from '../http/types';
import { parseCloudKey } from '../arm/cloudKeys';
import type { CloudKey } from '../arm/resourceType';
import type { SimulatorInspector } from './inspector';
import type { RequestFilter } from './requestLog';

export function createInspectionHandler(inspector: SimulatorInspector): SimHandler {
  return (request: SimRequest): SimResponse => {
    try {
      return route(inspector, request);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { status: 400, body: { error: { code: 'BadRequest', message } } };
    }
  };
}

function route(inspector: SimulatorInspector, request: SimRequest): SimResponse {
  const path = request.path.replace(/\/+$/, '').toLowerCase() || '/';
  const query = request.url.searchParams;
  const method = request.method;
  const ok = (body: unknown): SimResponse => ({ status: 200, body });
  switch (`${method} ${path}`) {
    case 'GET /':
      return ok({
        endpoints: [
          'GET resources?cloud=',
          'GET operations?cloud=',
          'GET requests',
          'GET events',
          'GET|PUT eventgrid/outage',
          'GET|POST clock',
          'GET|PUT faults',
          'GET|PATCH account?cloud=',
          'GET keyvault',
          'POST tunnel-faults',
          'POST reset',
        ],
      });
    case 'GET /resources': {
      // Only ARM's view: the stored form holds simulator-only state such as shared keys, which never leaves.
      // Without ?cloud=, one member per cloud: `azure`, `azureStack`, and `azureStack2`... when there are more stamps.
      const cloud = query.get('cloud');
      if (cloud === null) return ok(perCloud(inspector, (key) => inspector.resources(key)));
      return ok({ cloud, value: inspector.resources(cloudName(cloud)) });
    }
    case 'GET /operations': {
      const cloud = query.get('cloud');
      if (cloud === null) return ok(perCloud(inspector, (key) => inspector.operations(key)));
      return ok({ cloud, value: inspector.operations(cloudName(cloud)) });
    }
    case 'GET /requests': {
      const filter: RequestFilter = {};
      const service = query.get('service') ?? query.get('cloud');
      if (service !== null) filter.service = service;
      const m = query.get('method');
      if (m !== null) filter.method = m;
      const p = query.get('path');
      if (p !== null) filter.path = p;
      const since = query.get('since');
      if (since !== null) filter.since = Number(since);
      return ok({ requests: inspector.requests(filter), counts: inspector.requestCounts(filter) });
    }
    case 'GET /events':
      return ok({ events: inspector.events() });
    case 'GET /eventgrid/outage':
      return ok(inspector.eventGridOutage());
    case 'PUT /eventgrid/outage':
      return ok(inspector.setEventGridOutage(numberField(jsonObject(request), 'forMs')));
    case 'GET /clock':
      return ok(inspector.clock());
    case 'POST /clock': {
      const body = jsonObject(request);
      let state = inspector.clock();
      if (body.scale !== undefined) state = inspector.setClockScale(numberField(body, 'scale'));
      if (body.advanceMs !== undefined) state = inspector.advanceClock(numberField(body, 'advanceMs'));
      return ok(state);
    }
    case 'GET /faults':
      return ok(inspector.faults());
    case 'PUT /faults':
      try {
        inspector.setFaults(jsonObject(request));
      } catch (error) {
        if (error instanceof FaultPlanError) throw new Error(`invalid fault plan: ${error.message}`, { cause: error });
        throw error;
      }
      return ok(inspector.faults());
    case 'GET /account':
      return ok(inspector.account(cloudName(query.get('cloud') ?? '')));
    case 'PATCH /account':
      try {
        return ok(inspector.setAccount(cloudName(query.get('cloud') ?? ''), jsonObject(request)));
      } catch (error) {
        if (error instanceof AccountSettingsError)
          throw new Error(`invalid account patch: ${error.message}`, { cause: error });
        throw error;
      }
    case 'POST /tunnel-faults': {
      const body = jsonObject(request);
      return ok(
        inspector.setTunnelFault(
          cloudName(stringField(body, 'cloud')),
          stringField(body, 'id'),
          stringField(body, 'fault'),
        ),
      );
    }
    case 'GET /keyvault':
      return ok(inspector.keyVault());
    case 'POST /reset':
      inspector.reset();
      return { status: 204 };
    default:
      return {
        status: 404,
        body: { error: { code: 'NotFound', message: `No inspection endpoint ${method} /_sim${request.path}.` } },
      };
  }
}

function perCloud(inspector: SimulatorInspector, read: (cloud: CloudKey) => unknown[]): Record<string, unknown[]> {
  return Object.fromEntries(inspector.clouds().map((key) => [key, read(key)]));
}

/** A cloud key; one this simulator does not serve is refused by the inspector, naming those it does. */
function cloudName(value: string): CloudKey {
  const key = parseCloudKey(value);
  if (key === undefined) throw new Error(`cloud must be azure, azureStack or azureStackN, got ${value}`);
  return key;
}

function jsonObject(request: SimRequest): Record<string, unknown> {
  const text = request.body.toString('utf8');
  const parsed: unknown = text.trim() === '' ? {} : JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new Error('the body must be a JSON object');
  return parsed as Record<string, unknown>;
}

function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  if (typeof value !== 'string' || value === '') throw new Error(`${name} must be a non-empty string`);
  return value;
}

function numberField(body: Record<string, unknown>, name: string): number {
  const value = body[name];
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new Error(`${name} must be a number`);
  return value;
}
