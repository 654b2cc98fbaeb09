// The little the triggers need from Durable: read an instance, start one, list them. The HTTP and Event Grid logic
// is written against this interface (testable without a host); `durableInstanceStore` adapts the DurableClient.
import type * as df from 'durable-functions';

export interface InstanceSnapshot {
  instanceId: string;
  /** The orchestrator's name. */
  name: string;
  /** As Durable names it: Running, Pending, Completed, Failed, Terminated, Suspended, ContinuedAsNew, Canceled. */
  runtimeStatus: string;
  createdTime: string;
  lastUpdatedTime: string;
  input?: unknown;
  output?: unknown;
  customStatus?: unknown;
}

/**
 * The task hub refused a start because an instance with this id is still active. host.json sets
 * `overridableExistingInstanceStates` to `NonRunningStates`, so the Durable backend decides this on its own write:
 * it is what keeps one run per connection, whatever this process knows.
 */
export class InstanceAlreadyActiveError extends Error {
  override readonly name = 'InstanceAlreadyActiveError';

  constructor(readonly instanceId: string) {
    super(`an instance ${instanceId} is already active`);
  }
}

export interface InstanceStore {
  /** Undefined when the instance does not exist. */
  get(instanceId: string): Promise<InstanceSnapshot | undefined>;
  /** Starts an instance; rejects with InstanceAlreadyActiveError while one with this id is active. */
  start(orchestrator: string, instanceId: string, input: unknown): Promise<void>;
  /** Every instance of the task hub (the client follows the host's continuation tokens). */
  list(): Promise<InstanceSnapshot[]>;
  /** Raises an external event on a running instance (e.g. the stop a teardown sends the key schedule). */
  raiseEvent(instanceId: string, eventName: string, data: unknown): Promise<void>;
  /** The task hub's time (ISO 8601): the clock of createdTime, lastUpdatedTime and the orchestrations' stamps. */
  now(): string;
}

/** Instances in these states are still working: a second start for the same id must be refused. */
const ACTIVE_RUNTIME_STATUSES: readonly string[] = ['Running', 'Pending', 'Suspended', 'ContinuedAsNew'];

export function isActive(instance: InstanceSnapshot): boolean {
  return ACTIVE_RUNTIME_STATUSES.includes(instance.runtimeStatus);
}

/** `now`: the task hub's clock as the invocation got it (taskHubClock.ts); by default this process's clock. */
export function durableInstanceStore(
  client: df.DurableClient,
  now: () => string = () => new Date().toISOString(),
): InstanceStore {
  return {
    now,
    async get(instanceId) {
      try {
        return snapshotOf(await client.getStatus(instanceId, { showInput: true }));
      } catch (error) {
        // durable-functions 3 rejects a 404 with this text rather than a typed error.
        if (error instanceof Error && /HTTP 404/.test(error.message)) return undefined;
        throw error;
      }
    },
    async start(orchestrator, instanceId, input) {
      try {
        await client.startNew(orchestrator, { instanceId, input });
      } catch (error) {
        if (isAlreadyExists(error)) throw new InstanceAlreadyActiveError(instanceId);
        throw error;
      }
    },
    async list() {
      return (await client.getStatusAll()).map(snapshotOf);
    },
    async raiseEvent(instanceId, eventName, data) {
      await client.raiseEvent(instanceId, eventName, data);
    },
  };
}

function snapshotOf(status: df.DurableOrchestrationStatus): InstanceSnapshot {
  return {
    instanceId: status.instanceId,
    name: status.name,
    runtimeStatus: String(status.runtimeStatus),
    createdTime: isoOf(status.createdTime),
    lastUpdatedTime: isoOf(status.lastUpdatedTime),
    input: status.input,
    output: status.output,
    customStatus: status.customStatus,
  };
}

function isoOf(value: unknown): string {
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'string' ? value : '';
}

/**
 * durable-functions 3 rejects a refused start with a generic error carrying the extension's answer (HTTP 500 with
 * ExceptionMessage "An Orchestration instance with the status Running already exists.", or the
 * OrchestrationAlreadyExistsException of newer backends): the text is all there is to recognise it by.
 */
function isAlreadyExists(error: unknown): boolean {
  return error instanceof Error && /already exists/i.test(error.message);
}
