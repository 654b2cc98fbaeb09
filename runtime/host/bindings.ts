// What a registration's bindings mean to this host: which binding is the trigger, which trigger and binding types the
// host serves, and which it must report as unsupported. Pure functions of the captured metadata; no I/O.
import type { FunctionMetadata, RpcBindingInfo } from './coreTypes';

/** Trigger detection exactly as `@azure/functions` and durable-functions do it. */
export function isTriggerType(type: string | undefined): boolean {
  return typeof type === 'string' && /trigger$/i.test(type);
}

export interface TriggerBinding {
  bindingName: string;
  binding: RpcBindingInfo;
  type: string;
}

/** The function's trigger binding, or undefined when it has none (such a registration cannot be invoked). */
export function triggerOf(metadata: FunctionMetadata): TriggerBinding | undefined {
  for (const [bindingName, binding] of Object.entries(metadata.bindings)) {
    if (binding.direction !== 'out' && isTriggerType(binding.type)) {
      return { bindingName, binding, type: binding.type ?? '' };
    }
  }
  return undefined;
}

export type SupportedTrigger = 'httpTrigger' | 'eventGridTrigger' | 'orchestrationTrigger' | 'activityTrigger';
const SUPPORTED_TRIGGERS: readonly SupportedTrigger[] = [
  'httpTrigger',
  'eventGridTrigger',
  'orchestrationTrigger',
  'activityTrigger',
];

/** The supported trigger type a binding type names (case-insensitive, as the host matches binding types). */
export function supportedTrigger(type: string): SupportedTrigger | undefined {
  return SUPPORTED_TRIGGERS.find((t) => t.toLowerCase() === type.toLowerCase());
}

export function isDurableClientBinding(binding: RpcBindingInfo): boolean {
  const type = binding.type?.toLowerCase();
  return binding.direction !== 'out' && (type === 'durableclient' || type === 'orchestrationclient');
}

export interface UnsupportedBinding {
  functionName: string;
  bindingName: string;
  bindingType: string;
  direction: string;
  reason: string;
}

/**
 * Non-trigger bindings the host cannot fill or deliver (blob, queue, Cosmos DB, SQL, Twilio, ...): inputs other than
 * the durable client, and outputs other than the HTTP `$return` of an httpTrigger. A function with any of them is not
 * served as registered: startHost refuses it rather than run it with an input missing or an output lost.
 */
export function unsupportedBindingsOf(metadata: FunctionMetadata, trigger: SupportedTrigger): UnsupportedBinding[] {
  const found: UnsupportedBinding[] = [];
  for (const [bindingName, binding] of Object.entries(metadata.bindings)) {
    const type = binding.type ?? '';
    const direction = binding.direction ?? 'in';
    if (direction !== 'out' && isTriggerType(type)) continue;
    if (isDurableClientBinding(binding)) continue;
    if (
      direction === 'out' &&
      bindingName === '$return' &&
      trigger === 'httpTrigger' &&
      type.toLowerCase() === 'http'
    ) {
      continue;
    }
    const reason = `${direction === 'out' ? 'output' : 'input'} binding '${bindingName}' of type '${type}' is not supported by this host`;
    found.push({ functionName: metadata.name, bindingName, bindingType: type, direction, reason });
  }
  return found;
}
