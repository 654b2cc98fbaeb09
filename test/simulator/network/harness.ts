// A tiny in-memory stand-in for the simulator core, for unit tests of resource types: two clouds' stores, a frozen
// VirtualClock moved only by advance(), seeded randomness, per-resource operation locks, and LRO completion on the
// clock. It speaks ResourceRequest/WriteOutcome directly; HTTP, auth and api-version gating are not its business.
import { VirtualClock } from '../../../clock';
import {
  ArmError,
  type ArmResource,
  type CloudName,
  type LatencyKey,
  type ResourceRequest,
  type ResourceStore,
  type ResourceType,
  type WriteOutcome,
} from '../../../simulator/arm/resourceType';
import { computeResourceTypes } from '../../../simulator/compute';
import { networkResourceTypes } from '../../../simulator/network';
import { parseResourceId } from '../../../simulator/network/resourceIds';
import { mulberry32 } from '../../../simulator/random';

export const SUBSCRIPTION = '00000000-0000-0000-0000-0000000000aa';
export const START = Date.UTC(2026, 10, 28, 12, 0, 0);
export const NETWORK_API: Record<CloudName, string> = { azure: '2026-01-01', azureStack: '2018-11-01' };
export const COMPUTE_API: Record<CloudName, string> = { azure: '2026-04-01', azureStack: '2020-06-01' };

export class MemoryStore implements ResourceStore {
  private readonly items = new Map<string, ArmResource>();
  private readonly locks = new Map<string, string>();

  get(id: string): ArmResource | undefined {
    const item = this.items.get(id.toLowerCase());
    return item ? structuredClone(item) : undefined;
  }

  list(prefix: string, type?: string): ArmResource[] {
    const p = prefix.toLowerCase();
    return [...this.items.entries()]
      .filter(
        ([key, item]) => key.startsWith(p) && (type === undefined || item.type.toLowerCase() === type.toLowerCase()),
      )
      .map(([, item]) => structuredClone(item));
  }

  put(resource: ArmResource): void {
    this.items.set(resource.id.toLowerCase(), structuredClone(resource));
  }

  delete(id: string): boolean {
    return this.items.delete(id.toLowerCase());
  }

  operationInProgress(id: string): string | undefined {
    return this.locks.get(id.toLowerCase());
  }

  lock(id: string, operationId: string): void {
    this.locks.set(id.toLowerCase(), operationId);
  }

  unlock(id: string): void {
    this.locks.delete(id.toLowerCase());
  }
}

export interface Operation {
  id: string;
  status: 'InProgress' | 'Succeeded' | 'Failed';
  error?: ArmError;
  result?: unknown;
}

export interface Answer {
  status: number;
  body: unknown;
  operation?: Operation;
}

/** Virtual milliseconds per operation, small and fixed so tests read easily. */
export const LATENCY: Record<string, number> = {
  'Microsoft.Network/virtualNetworks': 10_000,
  'Microsoft.Network/virtualNetworks/subnets': 5_000,
  'Microsoft.Network/publicIPAddresses': 3_000,
  'Microsoft.Network/virtualNetworkGateways': 40 * 60_000,
  'Microsoft.Network/localNetworkGateways': 20_000,
  'Microsoft.Network/connections': 60_000,
  'Microsoft.Network/networkInterfaces': 5_000,
  'Microsoft.Compute/virtualMachines': 3 * 60_000,
};

export class MiniArm {
  readonly clock = new VirtualClock({ startAt: START, wallNow: () => 0 });
  readonly stores: Record<CloudName, MemoryStore> = { azure: new MemoryStore(), azureStack: new MemoryStore() };
  readonly operations = new Map<string, Operation>();
  private readonly types = new Map<string, ResourceType>();
  private readonly random: () => number;
  private nextOperation = 1;

  constructor(seed = 42) {
    this.random = mulberry32(seed);
    for (const type of [...networkResourceTypes(), ...computeResourceTypes()])
      this.types.set(type.type.toLowerCase(), type);
  }

  dispose(): void {
    this.clock.dispose();
  }

  advance(ms: number): void {
    this.clock.advance(ms);
  }

  private typeOf(id: string): { type: ResourceType; parentId?: string } {
    const parsed = parseResourceId(id);
    const type = parsed && this.types.get(parsed.type.toLowerCase());
    if (!parsed || !type) throw new Error(`no resource type for ${id}`);
    const parentId = parsed.names.length > 1 ? id.split('/').slice(0, -2).join('/') : undefined;
    return { type, parentId };
  }

  request(
    cloud: CloudName,
    method: ResourceRequest['method'],
    id: string,
    options: { body?: unknown; apiVersion?: string; query?: Record<string, string>; action?: string } = {},
  ): ResourceRequest {
    const parsed = parseResourceId(id);
    if (!parsed) throw new Error(`bad id ${id}`);
    const { parentId } = this.typeOf(id);
    const compute = parsed.namespace.toLowerCase() === 'microsoft.compute';
    return {
      cloud,
      method,
      apiVersion: options.apiVersion ?? (compute ? COMPUTE_API[cloud] : NETWORK_API[cloud]),
      subscriptionId: parsed.subscriptionId,
      resourceGroup: parsed.resourceGroup,
      id,
      name: parsed.name,
      parentId,
      action: options.action,
      query: new URLSearchParams(options.query ?? {}),
      body: options.body,
      store: this.stores[cloud],
      world: [
        { cloud: 'azure', store: this.stores.azure },
        { cloud: 'azureStack', store: this.stores.azureStack },
      ],
      clock: this.clock,
      random: this.random,
      latency: (key: LatencyKey) => {
        const [type, kind] = key.split(':');
        if (kind === 'delete') return 10_000;
        if (kind === 'action') return 20_000;
        return LATENCY[type] ?? 5_000;
      },
      armEndpoint: `https://127.0.0.1:1/${cloud}`,
    };
  }

  private start(cloud: CloudName, lockId: string, outcome: WriteOutcome): Operation {
    const store = this.stores[cloud];
    const operation: Operation = { id: `op-${this.nextOperation++}`, status: 'InProgress' };
    this.operations.set(operation.id, operation);
    if (outcome.resource) store.put(outcome.resource);
    const finish = (): void => {
      try {
        operation.result = outcome.complete?.();
        operation.status = 'Succeeded';
      } catch (error) {
        if (!(error instanceof ArmError)) throw error;
        operation.status = 'Failed';
        operation.error = error;
        const current = store.get(lockId);
        if (current) store.put({ ...current, properties: { ...current.properties, provisioningState: 'Failed' } });
      } finally {
        store.unlock(lockId);
      }
    };
    store.lock(lockId, operation.id);
    if (outcome.durationMs <= 0) finish();
    else this.clock.setTimer(outcome.durationMs, finish);
    return operation;
  }

  private guard(cloud: CloudName, id: string): void {
    const operationId = this.stores[cloud].operationInProgress(id);
    if (operationId) throw new ArmError(409, 'AnotherOperationInProgress', `locked by ${operationId}`);
  }

  put(cloud: CloudName, id: string, body: unknown, apiVersion?: string): Answer {
    this.guard(cloud, id);
    const { type } = this.typeOf(id);
    const request = this.request(cloud, 'PUT', id, { body, apiVersion });
    const existing = this.stores[cloud].get(id);
    const outcome = type.put(request, existing);
    const operation = this.start(cloud, outcome.resource?.id ?? id, outcome);
    const stored = this.stores[cloud].get(id);
    return {
      status: existing ? 200 : 201,
      body: stored ? this.render(cloud, 'GET', stored, request) : undefined,
      operation,
    };
  }

  /** PUT, then run the clock until the operation ends; throws the operation's error like a failed LRO. */
  create(cloud: CloudName, id: string, body: unknown, apiVersion?: string): ArmResource {
    const answer = this.put(cloud, id, body, apiVersion);
    this.settle(answer.operation);
    return this.get(cloud, id, apiVersion);
  }

  settle(operation: Operation | undefined): void {
    for (let i = 0; operation && operation.status === 'InProgress' && i < 1000; i++) this.advance(60_000);
    if (operation?.status === 'Failed' && operation.error) throw operation.error;
  }

  get(cloud: CloudName, id: string, apiVersion?: string, query?: Record<string, string>): ArmResource {
    const stored = this.stores[cloud].get(id);
    if (!stored) throw new ArmError(404, 'ResourceNotFound', `${id} not found`);
    const request = this.request(cloud, 'GET', id, { apiVersion, query });
    return this.render(cloud, 'GET', stored, request);
  }

  /** A list call's rendering of one resource (request id = the collection, not the resource). */
  listView(cloud: CloudName, id: string): ArmResource {
    const stored = this.stores[cloud].get(id);
    if (!stored) throw new Error(`${id} missing`);
    const collection = id.split('/').slice(0, -1).join('/');
    const request = { ...this.request(cloud, 'GET', id), id: collection, name: collection.split('/').pop() ?? '' };
    return this.render(cloud, 'GET', stored, request);
  }

  private render(_cloud: CloudName, _method: string, stored: ArmResource, request: ResourceRequest): ArmResource {
    const { type } = this.typeOf(stored.id);
    return type.view ? type.view(request, stored) : stored;
  }

  delete(cloud: CloudName, id: string): Answer {
    this.guard(cloud, id);
    const existing = this.stores[cloud].get(id);
    if (!existing) return { status: 204, body: undefined };
    const { type } = this.typeOf(id);
    const outcome = type.delete(this.request(cloud, 'DELETE', id), existing);
    return { status: 202, body: undefined, operation: this.start(cloud, id, outcome) };
  }

  remove(cloud: CloudName, id: string): void {
    this.settle(this.delete(cloud, id).operation);
  }

  action(cloud: CloudName, id: string, key: string, body?: unknown, apiVersion?: string): Answer {
    const existing = this.stores[cloud].get(id);
    if (!existing) throw new ArmError(404, 'ResourceNotFound', `${id} not found`);
    const { type } = this.typeOf(id);
    const handler = type.actions?.[key];
    if (!handler) throw new Error(`no action ${key}`);
    const [method, action] = key.split(' ');
    const outcome = handler(
      this.request(cloud, method as ResourceRequest['method'], id, { body, apiVersion, action }),
      existing,
    );
    if ('body' in outcome) return { status: outcome.status ?? 200, body: outcome.body };
    this.guard(cloud, id);
    const operation = this.start(cloud, id, outcome);
    return { status: 202, body: undefined, operation };
  }

  /** Runs an action to completion and returns its result body. */
  runAction(cloud: CloudName, id: string, key: string, body?: unknown): unknown {
    const answer = this.action(cloud, id, key, body);
    if (!answer.operation) return answer.body;
    this.settle(answer.operation);
    return answer.operation.result;
  }
}

/** Expects `fn` to throw an ArmError with this status and code. */
export function expectArmError(fn: () => unknown, status: number, code: string): ArmError {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof ArmError)) throw error;
    expect({ status: error.status, code: error.code }).toEqual({ status, code });
    return error;
  }
  throw new Error(`expected ArmError ${status} ${code}, but nothing was thrown`);
}

export function rg(name: string): string {
  return `/subscriptions/${SUBSCRIPTION}/resourceGroups/${name}`;
}

export function networkId(group: string, type: string, name: string): string {
  return `${rg(group)}/providers/Microsoft.Network/${type}/${name}`;
}

export function vmId(group: string, name: string): string {
  return `${rg(group)}/providers/Microsoft.Compute/virtualMachines/${name}`;
}
