// The `@azure/functions-core` module one host hands to its app: the same members the Node worker exposes
// (setProgrammingModel, registerFunction, registerHook, log, Disposable, version). It records into the registry only.
import { CoreApiError } from './errors';
import { Disposable } from './disposable';
import { fromRpcLogLevel, type HostLog } from './log';
import type { FunctionRegistry } from './functionRegistry';
import type { ProgrammingModel } from './coreTypes';

/** The worker version this host stands in for; the library only logs it. */
export const WORKER_VERSION = '3.12.0';
/** Host versions >= 4.28 make the library trust `coreApi.log`; 4.34+ allows log hooks. */
export const HOST_VERSION = '4.1037.0';

export interface CoreApi {
  readonly version: string;
  readonly hostVersion: string;
  setProgrammingModel(programmingModel: unknown): void;
  getProgrammingModel(): ProgrammingModel | undefined;
  registerFunction(metadata: unknown, callback: unknown): Disposable;
  registerHook(hookName: unknown, callback: unknown): Disposable;
  log(level: string, category: string, message: string): void;
  readonly Disposable: typeof Disposable;
}

export function createCoreApi(registry: FunctionRegistry, log: HostLog): CoreApi {
  return {
    version: WORKER_VERSION,
    hostVersion: HOST_VERSION,
    setProgrammingModel(programmingModel: unknown): void {
      const model = checkProgrammingModel(programmingModel);
      log('debug', `Setting Node.js programming model to "${model.name}" version "${model.version}"`);
      registry.programmingModel = model;
    },
    getProgrammingModel: () => registry.programmingModel,
    registerFunction: (metadata: unknown, callback: unknown) => registry.register(metadata, callback),
    registerHook: (hookName: unknown, callback: unknown) => registry.registerHook(hookName, callback),
    log(level: string, _category: string, message: string): void {
      const hostLevel = fromRpcLogLevel(level);
      if (hostLevel) log(hostLevel, String(message));
    },
    Disposable,
  };
}

function checkProgrammingModel(value: unknown): ProgrammingModel {
  if (typeof value === 'object' && value !== null && 'getInvocationModel' in value) {
    const model = value as ProgrammingModel;
    if (typeof model.getInvocationModel === 'function') return model;
  }
  throw new CoreApiError('setProgrammingModel: the programming model has no getInvocationModel function');
}
