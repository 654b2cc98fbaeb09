// Everything the app registered through `@azure/functions-core`: functions keyed by name, hooks, the programming model
// and the app-wide hook data. It records and looks up; it never invokes anything.
import { CoreApiError } from './errors';
import { Disposable } from './disposable';
import { HOOK_NAMES } from './coreTypes';
import type {
  FunctionCallback,
  FunctionMetadata,
  HookCallback,
  HookName,
  ProgrammingModel,
  RpcBindingInfo,
} from './coreTypes';

export interface RegisteredFunction {
  name: string;
  metadata: FunctionMetadata;
  callback: FunctionCallback;
}

export class FunctionRegistry {
  programmingModel: ProgrammingModel | undefined;
  /** Shared by every hook of the app (`appHookData`). */
  readonly appHookData: Record<string, unknown> = {};
  /** Shared by appStart and appTerminate hooks only (their `hookData`). */
  readonly appLevelOnlyHookData: Record<string, unknown> = {};
  private readonly functions = new Map<string, RegisteredFunction>();
  private readonly hooks = new Map<HookName, HookCallback[]>(HOOK_NAMES.map((name) => [name, []]));
  private startupFinished = false;

  /** Records one `registerFunction(metadata, callback)` call, validated like the worker would. */
  register(metadata: unknown, callback: unknown): Disposable {
    if (this.startupFinished) throw new CoreApiError('A function can only be registered during app startup.');
    const checked = checkMetadata(metadata);
    if (typeof callback !== 'function') {
      throw new CoreApiError(`registerFunction: the callback of function '${checked.name}' is not a function`);
    }
    const key = checked.name.toLowerCase();
    if (this.functions.has(key)) {
      // The Functions host refuses duplicate function names (they are case-insensitive there too).
      throw new CoreApiError(`A function named '${checked.name}' is already registered.`);
    }
    this.functions.set(key, { name: checked.name, metadata: checked, callback: callback as FunctionCallback });
    return new Disposable(() => {
      if (this.startupFinished) throw new CoreApiError('A function can only be disposed during app startup.');
      this.functions.delete(key);
    });
  }

  registerHook(hookName: unknown, callback: unknown): Disposable {
    const callbacks = typeof hookName === 'string' ? this.hooks.get(hookName as HookName) : undefined;
    if (!callbacks) {
      // Same class of error as the worker's AzFuncRangeError: the library checks `name === 'RangeError'` for log hooks.
      throw new RangeError(`Unrecognized hook "${String(hookName)}"`);
    }
    if (typeof callback !== 'function')
      throw new CoreApiError(`registerHook: the ${String(hookName)} hook is not a function`);
    const hook = callback as HookCallback;
    callbacks.push(hook);
    return new Disposable(() => {
      const index = callbacks.indexOf(hook);
      if (index >= 0) callbacks.splice(index, 1);
    });
  }

  hooksOf(name: HookName): readonly HookCallback[] {
    return [...(this.hooks.get(name) ?? [])];
  }

  /** Function names are case-insensitive in the Functions host and the Durable extension. */
  find(name: string): RegisteredFunction | undefined {
    return this.functions.get(name.toLowerCase());
  }

  all(): RegisteredFunction[] {
    return [...this.functions.values()];
  }

  /** After this, registrations are refused, as the worker does once the app has started. */
  finishStartup(): void {
    this.startupFinished = true;
  }
}

function checkMetadata(metadata: unknown): FunctionMetadata {
  if (typeof metadata !== 'object' || metadata === null) {
    throw new CoreApiError('registerFunction: metadata must be an object');
  }
  const record = metadata as Record<string, unknown>;
  const name = typeof record.name === 'string' && record.name ? record.name : record.functionId;
  if (typeof name !== 'string' || name === '') {
    throw new CoreApiError('registerFunction: metadata needs a non-empty name');
  }
  const bindings = record.bindings;
  if (typeof bindings !== 'object' || bindings === null || Array.isArray(bindings)) {
    throw new CoreApiError(`registerFunction: function '${name}' has no bindings object`);
  }
  for (const [bindingName, binding] of Object.entries(bindings)) {
    if (typeof binding !== 'object' || binding === null) {
      throw new CoreApiError(`registerFunction: binding '${bindingName}' of function '${name}' is not an object`);
    }
  }
  return {
    name,
    functionId: typeof record.functionId === 'string' ? record.functionId : undefined,
    bindings: bindings as Record<string, RpcBindingInfo>,
    retryOptions: record.retryOptions,
  };
}
