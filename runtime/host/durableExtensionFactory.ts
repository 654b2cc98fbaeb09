// How the host obtains the Durable extension it mounts: a factory taking the options the engine needs. The default is
// the engine in runtime/durable; tests may pass their own implementation of the contract.
import { createDurableExtension, type DurableExtensionOptions } from '../durable';
import type { DurableExtension } from '../contracts';

export type { DurableExtensionOptions };

export type DurableExtensionFactory = (options: DurableExtensionOptions) => DurableExtension;

export const defaultDurableExtensionFactory: DurableExtensionFactory = createDurableExtension;
