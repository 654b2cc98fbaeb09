// Invokes one registered function the way the Node worker does ("Path A"): the programming model builds the arguments,
// preInvocation hooks run, the handler runs, postInvocation hooks run, and the model converts the result. It knows
// nothing of HTTP or Durable; callers build the inputData and read the response. Each invocation ends with one
// summary line (function, id, outcome, duration; never a payload) and goes to the invocation log with its own logs.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { FunctionInvocationError, messageOf } from './errors';
import { NO_INVOCATION_LOG, type InvocationRecorder } from './invocationLog';
import { outcomeLine } from './invocationOutcome';
import { fromRpcLogLevel, type HostLog } from './log';
import type { FunctionRegistry, RegisteredFunction } from './functionRegistry';
import type {
  CoreInvocationContext,
  FunctionCallback,
  InvocationModel,
  RpcInvocationResponse,
  RpcParameterBinding,
  RpcTypedData,
} from './coreTypes';

export interface InvocationInput {
  inputData: RpcParameterBinding[];
  triggerMetadata?: Record<string, RpcTypedData>;
  /** The Durable instance this invocation runs for (orchestrators, activities): kept in the invocation log. */
  instanceId?: string;
  /** Chosen by the caller when something else must carry it too (the forwarded request of HTTP streams). */
  invocationId?: string;
}

export interface FunctionInvoker {
  invoke(fn: RegisteredFunction, input: InvocationInput): Promise<RpcInvocationResponse>;
}

export function createFunctionInvoker(
  registry: FunctionRegistry,
  log: HostLog,
  recorder: InvocationRecorder = NO_INVOCATION_LOG,
): FunctionInvoker {
  return { invoke: (fn, input) => invoke(registry, log, recorder, fn, input) };
}

async function invoke(
  registry: FunctionRegistry,
  log: HostLog,
  recorder: InvocationRecorder,
  fn: RegisteredFunction,
  input: InvocationInput,
): Promise<RpcInvocationResponse> {
  const invocationId = input.invocationId ?? randomUUID();
  const started = performance.now();
  const where = { functionName: fn.name, invocationId, ...(input.instanceId ? { instanceId: input.instanceId } : {}) };
  // Success is routine (every replay, every poll): the log file keeps it, stderr only at debug level.
  const finished = (error?: unknown): void => {
    const line = outcomeLine({
      ...where,
      durationMs: performance.now() - started,
      ...(error !== undefined ? { error } : {}),
    });
    log(error === undefined ? 'debug' : 'error', line);
    recorder.record({ ...where, level: error === undefined ? 'info' : 'error', message: line });
  };
  const fail = (phase: string, error: unknown): FunctionInvocationError => {
    finished(new Error(`${phase}: ${messageOf(error)}`));
    return new FunctionInvocationError(fn.name, invocationId, `${phase}: ${messageOf(error)}`, { cause: error });
  };

  const model = registry.programmingModel;
  if (!model) {
    throw fail('Cannot invoke', 'no programming model was set (the app never called @azure/functions)');
  }
  const coreCtx: CoreInvocationContext = {
    invocationId,
    metadata: { name: fn.metadata.name, bindings: fn.metadata.bindings },
    request: {
      invocationId,
      functionId: fn.metadata.functionId ?? fn.name,
      inputData: input.inputData,
      triggerMetadata: input.triggerMetadata,
      retryContext: undefined,
      traceContext: undefined,
    },
    state: undefined,
    log: invocationLog(registry, log, recorder, where),
  };

  let invocationModel: InvocationModel;
  let context: unknown;
  let inputs: unknown[];
  try {
    invocationModel = await model.getInvocationModel(coreCtx);
    ({ context, inputs } = await invocationModel.getArguments());
  } catch (error) {
    throw fail('Cannot bind the invocation', error);
  }

  const hookData: Record<string, unknown> = {};
  const preContext: Record<string, unknown> = {
    hookData,
    appHookData: registry.appHookData,
    invocationContext: context,
    inputs,
    functionCallback: fn.callback,
  };
  coreCtx.state = 'preInvocationHooks';
  try {
    for (const hook of registry.hooksOf('preInvocation')) await hook(preContext);
  } catch (error) {
    throw fail('A preInvocation hook failed', error);
  } finally {
    coreCtx.state = undefined;
  }
  // Hooks may replace the inputs and the handler (the library writes `functionHandler` into `functionCallback`).
  inputs = Array.isArray(preContext.inputs) ? (preContext.inputs as unknown[]) : inputs;
  const callback =
    typeof preContext.functionCallback === 'function' ? (preContext.functionCallback as FunctionCallback) : fn.callback;

  const postContext: Record<string, unknown> = {
    hookData,
    appHookData: registry.appHookData,
    invocationContext: context,
    inputs,
    result: null,
    error: null,
  };
  coreCtx.state = 'invocation';
  try {
    postContext.result = await invocationModel.invokeFunction(context, inputs, callback);
  } catch (error) {
    postContext.error = error;
  } finally {
    coreCtx.state = undefined;
  }

  coreCtx.state = 'postInvocationHooks';
  try {
    for (const hook of registry.hooksOf('postInvocation')) await hook(postContext);
  } catch (error) {
    throw fail('A postInvocation hook failed', error);
  } finally {
    coreCtx.state = undefined;
  }

  // A postInvocation hook may clear or replace the error, as in the worker.
  if (postContext.error !== null && postContext.error !== undefined) {
    finished(postContext.error);
    throw new FunctionInvocationError(fn.name, invocationId, messageOf(postContext.error), {
      cause: postContext.error,
    });
  }
  let response: RpcInvocationResponse;
  try {
    response = await invocationModel.getResponse(context, postContext.result);
  } catch (error) {
    throw fail('Cannot convert the result', error);
  }
  finished();
  return response;
}

/**
 * The coreCtx.log of one invocation. The app's log hooks see each log first and may change its level or message (as in
 * the worker); then it goes to the host log.
 */
function invocationLog(
  registry: FunctionRegistry,
  log: HostLog,
  recorder: InvocationRecorder,
  where: { functionName: string; invocationId: string; instanceId?: string },
): CoreInvocationContext['log'] {
  const { functionName, invocationId } = where;
  let inLogHook = false;
  return (level, category, message) => {
    const entry: Record<string, unknown> = {
      level,
      category,
      message,
      hookData: {},
      appHookData: registry.appHookData,
    };
    // A log hook that logs would call itself forever: run hooks only from outside a hook.
    if (!inLogHook) {
      inLogHook = true;
      try {
        for (const hook of registry.hooksOf('log')) hook(entry);
      } catch (error) {
        log('warn', `A log hook failed in invocation ${invocationId}: ${messageOf(error)}`);
      } finally {
        inLogHook = false;
      }
    }
    const hostLevel = fromRpcLogLevel(typeof entry.level === 'string' ? entry.level : level);
    const text = typeof entry.message === 'string' ? entry.message : message;
    if (!hostLevel) return;
    log(hostLevel, category === 'user' ? `[${functionName}] ${text}` : text);
    recorder.record({ ...where, level: hostLevel, message: text });
  };
}
