// The pre-flight activity handlers by their contract name, typed against PreflightSignatures (a missing or
// mistyped one fails to compile). Importing this file registers nothing (activities/index.ts does).
import type { InvocationContext } from '@azure/functions';
import { preflightServices } from './preflightServices';
import { preflightSite } from './preflightSite';
import type { PreflightActivityName, PreflightSignatures } from './preflightContracts';

export type PreflightHandlerOf<K extends PreflightActivityName> = (
  input: PreflightSignatures[K]['input'],
  context: InvocationContext,
) => Promise<PreflightSignatures[K]['result']>;

export const PREFLIGHT_HANDLERS: { readonly [K in PreflightActivityName]: PreflightHandlerOf<K> } = {
  preflightSite,
  preflightServices,
};
