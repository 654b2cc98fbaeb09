// Makes `require('@azure/functions-core')` answer with a host's core API, exactly as the Node worker does: a proxy on
// Node's `Module.prototype.require` for that one module id, installed once per process. It never touches node_modules
// and never answers for any other id.
import { nodeModuleClass } from './nodeLoader';
import type { CoreApi } from './coreApi';

export const CORE_MODULE_ID = '@azure/functions-core';
const SEAM_STATE = Symbol.for('hybrid-connection.functions-core-seam');

export interface CoreModuleSeam {
  /** The core API returned to `require('@azure/functions-core')`; undefined = the module does not exist. */
  current: CoreApi | undefined;
  /** Module files loaded by hosts' apps, dropped from the require cache before the next app load. */
  readonly appModules: Set<string>;
}

/**
 * The process-wide seam. Its state hangs off Node's Module class (not this module), so several copies of the host code
 * (e.g. one per test file in a sandboxing test runner) share one proxy instead of stacking them.
 */
export function coreModuleSeam(): CoreModuleSeam {
  const moduleClass = nodeModuleClass();
  const holder = moduleClass as unknown as Record<symbol, CoreModuleSeam | undefined>;
  const existing = holder[SEAM_STATE];
  if (existing) return existing;

  const seam: CoreModuleSeam = { current: undefined, appModules: new Set() };
  // eslint-disable-next-line @typescript-eslint/unbound-method -- the proxy calls it with the original `this`
  moduleClass.prototype.require = new Proxy(moduleClass.prototype.require, {
    apply(target, thisArg: unknown, args: unknown[]): unknown {
      if (args[0] === CORE_MODULE_ID && seam.current) return seam.current;
      return Reflect.apply(target, thisArg, args);
    },
  });
  Object.defineProperty(moduleClass, SEAM_STATE, { value: seam });
  return seam;
}
