// The contract between runtime/host (loads the app, owns HTTP, keys and function invocation) and runtime/durable
// (the Durable engine: store, episodes, timers, the extension's HTTP API). Neither side knows any app's workflow.
// Also the one JSON object guard both sides read untrusted JSON with (the runtime imports nothing from the app).
import type { IncomingHttpHeaders } from 'node:http';

export type DurableFunctionKind = 'orchestration' | 'activity' | 'entity';

/** Implemented by runtime/host, used by runtime/durable to run the app's durable functions. */
export interface DurableFunctionInvoker {
  /** The kind of a registered function by its trigger binding (orchestrationTrigger, activityTrigger, entityTrigger). */
  kindOf(functionName: string): DurableFunctionKind | undefined;
  /**
   * Runs one orchestrator episode: `bindingInfo` (DurableOrchestrationBindingInfo, docs/durable-protocol.md §2.1) is
   * sent as the trigger's `{string}` data. Resolves with the returnValue parsed as the worker would send it (the
   * OrchestratorState JSON as a plain object). Rejects with the handler's Error as thrown (its message carries the
   * `$OutOfProcData$` state on orchestrator failure).
   */
  invokeOrchestrator(functionName: string, bindingInfo: object): Promise<unknown>;
  /**
   * Runs an activity: `inputText` is the `{string}` trigger data S (docs/durable-protocol.md §4; undefined = no data),
   * with triggerMetadata.instanceId. Resolves with the returnValue as plain JSON (undefined when none); rejects with
   * the handler's Error.
   */
  invokeActivity(functionName: string, inputText: string | undefined, instanceId: string): Promise<unknown>;
}

export interface RuntimeHttpRequest {
  method: string;
  /** Full URL as the client addressed it, query included. */
  url: URL;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface RuntimeHttpResponse {
  status: number;
  headers?: Record<string, string>;
  /** A Buffer or string is sent as is; anything else as JSON. */
  body?: unknown;
}

/** Implemented by runtime/durable, mounted by runtime/host. */
export interface DurableExtension {
  start(invoker: DurableFunctionInvoker): Promise<void>;
  /** Stops dispatching; in-flight work is abandoned to be redelivered after a restart. */
  stop(): Promise<void>;
  /**
   * The public Durable HTTP API under `/runtime/webhooks/durabletask/...` (the host has already checked the system
   * or master key before calling this).
   */
  handleHttp(request: RuntimeHttpRequest): Promise<RuntimeHttpResponse>;
  /** The durableClient input binding data (docs/durable-protocol.md §5.1) handed to functions as `{string}` JSON. */
  clientInputData(): object;
}

/** A JSON object: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
