// The host side of the Durable contract: runs the app's orchestrator and activity functions for the engine through the
// worker's invocation path, with the trigger data shapes the Durable extension sends (docs/durable-protocol.md §1.4).
// It never interprets orchestration state; the engine does.
import { triggerOf } from './bindings';
import type { RpcParameterBinding } from './coreTypes';
import { durableClientInputs } from './durableClientInput';
import { FunctionInvocationError } from './errors';
import { plainValueOf, stringData } from './typedData';
import type { DurableExtension, DurableFunctionInvoker, DurableFunctionKind } from '../contracts';
import type { FunctionRegistry } from './functionRegistry';
import type { FunctionInvoker } from './invokeFunction';

const KIND_BY_TRIGGER: Record<string, DurableFunctionKind> = {
  orchestrationtrigger: 'orchestration',
  activitytrigger: 'activity',
  entitytrigger: 'entity',
};

/** Thrown when the engine asks for a function that is missing or has another trigger. */
export class DurableFunctionNotFoundError extends Error {
  override readonly name = 'DurableFunctionNotFoundError';
  constructor(
    readonly functionName: string,
    readonly kind: DurableFunctionKind,
  ) {
    super(`The function '${functionName}' doesn't exist, is disabled, or is not an ${kind} function.`);
  }
}

/** What the invoker reads of the host's clock: virtual ms per wall ms (1 unless a time scale runs it faster). */
export interface ClockScaleSource {
  readonly scale: number;
}

/**
 * `clock`: its scale travels to activities as `clockScale` trigger metadata. `extension`: the running Durable
 * extension, whose client data fills an activity's durableClient input bindings as the real host does (an activity
 * may start or signal other orchestrations through its own client binding).
 */
export function createDurableInvoker(
  registry: FunctionRegistry,
  invoker: FunctionInvoker,
  clock: ClockScaleSource = { scale: 1 },
  extension: () => DurableExtension | undefined = () => undefined,
): DurableFunctionInvoker {
  const kindOf = (functionName: string): DurableFunctionKind | undefined => {
    const fn = registry.find(functionName);
    const trigger = fn && triggerOf(fn.metadata);
    return trigger ? KIND_BY_TRIGGER[trigger.type.toLowerCase()] : undefined;
  };

  const run = async (
    functionName: string,
    kind: DurableFunctionKind,
    data: string | undefined,
    instanceId: string | undefined,
    triggerMetadata?: Record<string, { string: string }>,
  ): Promise<unknown> => {
    const fn = registry.find(functionName);
    const trigger = fn && triggerOf(fn.metadata);
    if (!fn || !trigger || KIND_BY_TRIGGER[trigger.type.toLowerCase()] !== kind) {
      throw new DurableFunctionNotFoundError(functionName, kind);
    }
    const clientInputs: RpcParameterBinding[] = kind === 'activity' ? durableClientInputs(fn, extension()) : [];
    try {
      const response = await invoker.invoke(fn, {
        inputData: [{ name: trigger.bindingName, data: stringData(data) }, ...clientInputs],
        triggerMetadata,
        ...(instanceId !== undefined ? { instanceId } : {}),
      });
      return plainValueOf(response.returnValue);
    } catch (error) {
      // The engine sees a plain Error carrying the handler's own message (the orchestrator's $OutOfProcData$ state
      // travels in it), created in the host's realm whatever realm the app threw from.
      if (error instanceof FunctionInvocationError) throw new Error(error.message, { cause: error });
      throw error;
    }
  };

  return {
    kindOf,
    async invokeOrchestrator(functionName, bindingInfo): Promise<unknown> {
      return await run(functionName, 'orchestration', JSON.stringify(bindingInfo), instanceIdOf(bindingInfo));
    },
    async invokeActivity(functionName, inputText, instanceId): Promise<unknown> {
      // clockScale is not in the real extension's metadata (README): task hub time per wall time, so an activity can
      // say a wall-clock wait (an HTTP Retry-After) on the clock the orchestration's durable timers run on.
      return await run(functionName, 'activity', inputText, instanceId, {
        instanceId: { string: instanceId },
        clockScale: { string: String(clock.scale) },
      });
    },
  };
}

/** The instance an orchestrator episode runs for (DurableOrchestrationBindingInfo.instanceId), for the log. */
function instanceIdOf(bindingInfo: object): string | undefined {
  const id: unknown = (bindingInfo as { instanceId?: unknown }).instanceId;
  return typeof id === 'string' ? id : undefined;
}
