// ARM's long-running operations for one cloud: each accepted write becomes an operation that ends after its virtual
// duration (Succeeded, or Failed with a CloudError), holds a lock on its resource meanwhile, and is observable through
// the Azure-AsyncOperation status resource and the Location (operationResults) URL. It writes no HTTP itself.
import type { ClockTimer, VirtualClock } from '../../clock';
import { randomGuid, type Random } from '../random';
import { ArmError } from './resourceType';
import type { InMemoryResourceStore } from './store';

export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed' | 'Canceled';
export type OperationKind = 'put' | 'patch' | 'delete' | 'action' | 'resourceGroupDelete';

export interface OperationError {
  code: string;
  message: string;
  details?: { code: string; message: string; target?: string }[];
}

export interface OperationSpec {
  kind: OperationKind;
  /** The resource the operation holds (AnotherOperationInProgress for other writes meanwhile). */
  resourceId: string;
  namespace: string;
  location: string;
  apiVersion: string;
  durationMs: number;
  /** Virtual ms the resource provider asks clients to wait between polls (scaled into Retry-After). */
  pollIntervalMs: number;
  /** Makes the outcome visible; its return value is the result body of POST actions. Throw ArmError to fail. */
  complete(): unknown;
  /** Runs when the operation ends Failed or Canceled (e.g. marks the resource's provisioningState Failed). */
  onFailed?(error: OperationError): void;
  /** Set by the fault plan: end Failed with this error instead of completing. */
  forcedFailure?: OperationError;
}

export interface Operation {
  readonly id: string;
  readonly spec: OperationSpec;
  status: OperationStatus;
  readonly startTime: number;
  readonly dueAt: number;
  endTime?: number;
  error?: OperationError;
  result?: unknown;
}

export interface OperationRegistryOptions {
  subscriptionId: string;
  armEndpoint: () => string;
  store: InMemoryResourceStore;
  clock: VirtualClock;
  random: Random;
  /** Reports a resource type's crash inside complete() (the operation still ends Failed). */
  onError(error: unknown): void;
}

export class OperationRegistry {
  private readonly operations = new Map<string, Operation>();
  private readonly timers = new Map<string, ClockTimer>();

  constructor(private readonly options: OperationRegistryOptions) {}

  start(spec: OperationSpec): Operation {
    const now = this.options.clock.now();
    const duration = Math.max(0, spec.durationMs);
    const operation: Operation = {
      id: randomGuid(this.options.random),
      spec,
      status: 'InProgress',
      startTime: now,
      dueAt: now + duration,
    };
    this.operations.set(operation.id, operation);
    this.options.store.lock(spec.resourceId, operation.id);
    if (duration === 0) this.finish(operation);
    else
      this.timers.set(
        operation.id,
        this.options.clock.setTimerAt(operation.dueAt, () => this.finish(operation)),
      );
    return operation;
  }

  get(id: string): Operation | undefined {
    return this.operations.get(id.toLowerCase());
  }

  /**
   * Ends every operation whose virtual time is up. Called before each request, so what a client sees never depends on
   * whether the wall-clock timer has fired yet (the clock may also have been advanced by hand).
   */
  settleDue(): void {
    const now = this.options.clock.now();
    // Only running operations hold a timer: scanning those keeps every request's cost independent of history.
    const due = [...this.timers.keys()]
      .map((id) => this.operations.get(id))
      .filter((op): op is Operation => op !== undefined && op.status === 'InProgress' && op.dueAt <= now)
      .sort((a, b) => a.dueAt - b.dueAt);
    for (const op of due) this.finish(op);
  }

  /** Cancels running operations on resources under `prefix` (a resource group being deleted). */
  cancelUnder(prefix: string, error: OperationError): void {
    const p = prefix.toLowerCase();
    for (const op of this.operations.values()) {
      if (op.status === 'InProgress' && op.spec.resourceId.toLowerCase().startsWith(p)) {
        this.end(op, 'Canceled', error);
      }
    }
  }

  /** `https://…/subscriptions/{sub}/providers/{ns}/locations/{loc}/operations/{id}?api-version=…` */
  statusUrl(op: Operation): string {
    const { namespace, location, apiVersion } = op.spec;
    return `${this.options.armEndpoint()}/subscriptions/${this.options.subscriptionId}/providers/${namespace}/locations/${location}/operations/${op.id}?api-version=${apiVersion}`;
  }

  /** The Location URL: `…/operationResults/{id}` (resource groups: ARM's `/subscriptions/{sub}/operationresults/{token}`). */
  resultUrl(op: Operation): string {
    const { namespace, location, apiVersion, kind } = op.spec;
    const base = `${this.options.armEndpoint()}/subscriptions/${this.options.subscriptionId}`;
    if (kind === 'resourceGroupDelete') {
      const token = Buffer.from(
        JSON.stringify({ jobId: `RESOURCEGROUPDELETIONJOB-${op.id}`, jobLocation: location }),
      ).toString('base64url');
      return `${base}/operationresults/${token}?api-version=${apiVersion}`;
    }
    return `${base}/providers/${namespace}/locations/${location}/operationResults/${op.id}?api-version=${apiVersion}`;
  }

  /** The operation id inside a resource-group operationresults token, if it is one of ours. */
  idFromResultToken(token: string): string | undefined {
    try {
      const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
      if (typeof parsed === 'object' && parsed !== null && 'jobId' in parsed && typeof parsed.jobId === 'string') {
        return parsed.jobId.replace(/^RESOURCEGROUPDELETIONJOB-/, '');
      }
    } catch {
      return undefined;
    }
    return undefined;
  }

  /**
   * Retry-After (wall seconds) for a poll: the RP's nominal interval, but no longer than the time left, scaled to the
   * clock. Pollers read only whole seconds (core-lro parseRetryAfter), and 0 would fall back to their own 2 s default,
   * so 1 s is the floor: at scale 1000 a 40-minute gateway (2.4 s wall) completes within about 3-4 s, never busy-polled.
   */
  retryAfterSeconds(op: Operation): number {
    const remaining = Math.max(0, op.dueAt - this.options.clock.now());
    const virtualMs = Math.min(op.spec.pollIntervalMs, remaining);
    return Math.max(1, Math.ceil(this.options.clock.toWallMs(virtualMs) / 1000));
  }

  /** The Azure-AsyncOperation status resource (RPC async-api-reference). */
  statusBody(op: Operation): Record<string, unknown> {
    const { namespace, location } = op.spec;
    const body: Record<string, unknown> = {
      id: `/subscriptions/${this.options.subscriptionId}/providers/${namespace}/locations/${location}/operations/${op.id}`,
      name: op.id,
      status: op.status,
      startTime: new Date(op.startTime).toISOString(),
    };
    if (op.endTime !== undefined) body.endTime = new Date(op.endTime).toISOString();
    if (op.error) body.error = { ...op.error, details: op.error.details ?? [] };
    return body;
  }

  all(): Operation[] {
    return [...this.operations.values()];
  }

  /** Cancels every timer and forgets every operation (reset, stop). */
  clear(): void {
    for (const timer of this.timers.values()) timer.cancel();
    this.timers.clear();
    this.operations.clear();
  }

  private finish(op: Operation): void {
    if (op.status !== 'InProgress') return;
    if (op.spec.forcedFailure) {
      this.end(op, 'Failed', op.spec.forcedFailure);
      return;
    }
    try {
      op.result = op.spec.complete();
    } catch (error) {
      if (!(error instanceof ArmError)) this.options.onError(error);
      this.end(op, 'Failed', toOperationError(error));
      return;
    }
    this.end(op, 'Succeeded');
  }

  private end(op: Operation, status: OperationStatus, error?: OperationError): void {
    op.status = status;
    op.endTime = this.options.clock.now();
    this.timers.get(op.id)?.cancel();
    this.timers.delete(op.id);
    this.options.store.unlock(op.spec.resourceId, op.id);
    if (error) {
      op.error = error;
      try {
        op.spec.onFailed?.(error);
      } catch (failure) {
        this.options.onError(failure);
      }
    }
  }
}

function toOperationError(error: unknown): OperationError {
  if (error instanceof ArmError) {
    return error.details
      ? { code: error.code, message: error.message, details: error.details }
      : { code: error.code, message: error.message };
  }
  return { code: 'InternalServerError', message: 'An error occurred.' };
}
