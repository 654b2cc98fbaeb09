// Captures the functions the app registers, the way the Functions worker does: a stand-in for the worker's
// `@azure/functions-core` module records every registerFunction(metadata, handler). Tests then invoke the exact
// handlers df.app.orchestration / app.http registered, with no host. Import this module BEFORE the app's modules:
// importing it installs the stand-in (jest gives each test file its own module registry).

export interface RegisteredFunction {
  metadata: { name: string; bindings: Record<string, { type: string; direction?: string } & Record<string, unknown>> };
  handler: (...args: unknown[]) => unknown;
}

const registry = new Map<string, RegisteredFunction>();

class Disposable {
  constructor(private readonly callback: () => void) {}
  static from(...items: { dispose(): void }[]): Disposable {
    return new Disposable(() => items.forEach((item) => item.dispose()));
  }
  dispose(): void {
    this.callback();
  }
}

let programmingModel: unknown;
const coreApi = {
  version: 'test',
  hostVersion: 'test',
  Disposable,
  setProgrammingModel(model: unknown): void {
    programmingModel = model;
  },
  getProgrammingModel(): unknown {
    return programmingModel;
  },
  registerFunction(metadata: RegisteredFunction['metadata'], handler: RegisteredFunction['handler']): Disposable {
    registry.set(metadata.name, { metadata, handler });
    return new Disposable(() => registry.delete(metadata.name));
  },
  registerHook(): Disposable {
    return new Disposable(() => undefined);
  },
};

jest.doMock('@azure/functions-core', () => coreApi, { virtual: true });

export function registered(name: string): RegisteredFunction {
  const fn = registry.get(name);
  if (!fn) throw new Error(`function ${name} was not registered (registered: ${[...registry.keys()].join(', ')})`);
  return fn;
}

export function registeredNames(): string[] {
  return [...registry.keys()];
}
