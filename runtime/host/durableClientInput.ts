// Fills a function's durableClient input bindings with the extension's client data, sent as `{string: JSON}` like the
// Durable extension does (docs/durable-protocol.md §1.4, §5.1). It never builds management URLs itself.
import { isDurableClientBinding } from './bindings';
import { HttpError } from './errors';
import type { DurableExtension } from '../contracts';
import type { RegisteredFunction } from './functionRegistry';
import type { RpcParameterBinding } from './coreTypes';

export function durableClientInputs(
  fn: RegisteredFunction,
  extension: DurableExtension | undefined,
): RpcParameterBinding[] {
  const names = Object.entries(fn.metadata.bindings)
    .filter(([, binding]) => isDurableClientBinding(binding))
    .map(([name]) => name);
  if (names.length === 0) return [];
  if (!extension) {
    throw new HttpError(
      503,
      'DurableExtensionUnavailable',
      `The Durable extension is not running; '${fn.name}' needs its client.`,
    );
  }
  const data = JSON.stringify(extension.clientInputData());
  return names.map((name) => ({ name, data: { string: data } }));
}
