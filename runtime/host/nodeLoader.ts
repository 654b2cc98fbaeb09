// Reaches Node's own CommonJS loader, the one the app's files run in, as the Functions worker does. Under a test runner
// that sandboxes `node:module` (jest hands out a subclass whose createRequire feeds its own registry), it climbs to the
// class that really owns `require`. It only looks things up; it never patches anything.
import Module from 'node:module';

export type NodeModuleClass = typeof Module;

/** The class whose prototype really defines `require` (Node's Module, even when a sandbox subclassed it). */
export function nodeModuleClass(): NodeModuleClass {
  let candidate: unknown = Module;
  while (typeof candidate === 'function') {
    const prototype: unknown = (candidate as { prototype?: unknown }).prototype;
    if (
      typeof prototype === 'object' &&
      prototype !== null &&
      Object.prototype.hasOwnProperty.call(prototype, 'require')
    ) {
      return candidate as NodeModuleClass;
    }
    candidate = Object.getPrototypeOf(candidate);
  }
  throw new Error('Node module loader not found: node:module has no class that defines require');
}

/** A `require` of Node's own loader, resolving relative to `filename` (a file path inside the app folder). */
export function nodeRequire(filename: string): NodeJS.Require {
  return nodeModuleClass().createRequire(filename);
}

/**
 * The `process` the app sees. In a plain Node process it is this process; inside a sandbox the host's `process` may be
 * a copy whose `env` changes do not reach the app, so environment and process events go through this one.
 */
export function appProcess(): NodeJS.Process {
  return nodeRequire(__filename)('node:process') as NodeJS.Process;
}
