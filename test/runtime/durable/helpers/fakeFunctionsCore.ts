// A minimal `@azure/functions-core` for engine tests (installed with jest.mock(..., { virtual: true })): it records
// every registerFunction() and the programming model, like the worker seam the host provides. Test-only.

export interface CoreBinding {
  type: string;
  direction?: string;
  name?: string;
}

export interface CoreFunctionMetadata {
  name: string;
  bindings: Record<string, CoreBinding>;
}

export interface Registration {
  metadata: CoreFunctionMetadata;
  handler: (...args: unknown[]) => unknown;
}

export class Disposable {
  constructor(private readonly onDispose: () => void) {}
  static from(...items: Array<{ dispose(): void }>): Disposable {
    return new Disposable(() => items.forEach((i) => i.dispose()));
  }
  dispose(): void {
    this.onDispose();
  }
}

export const registrations = new Map<string, Registration>();
let programmingModel: unknown;

export const version = 'engine-test';
export const hostVersion = '4.0.0';

export function setProgrammingModel(model: unknown): void {
  programmingModel = model;
}

export function getProgrammingModel(): unknown {
  return programmingModel;
}

export function registerFunction(metadata: CoreFunctionMetadata, handler: (...args: unknown[]) => unknown): Disposable {
  registrations.set(metadata.name.toLowerCase(), { metadata, handler });
  return new Disposable(() => registrations.delete(metadata.name.toLowerCase()));
}

export function registerHook(): Disposable {
  return new Disposable(() => undefined);
}

export function log(): void {
  // The library logs through here; engine tests do not need it.
}
