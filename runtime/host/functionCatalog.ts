// Sorts an app's registrations into what the host serves (HTTP routes, Event Grid, Durable functions) and what it
// cannot serve as registered: an unsupported trigger, an invalid route, or any binding it cannot fill or deliver
// (blob, queue, Cosmos DB, SQL, Twilio, ...), each with the function and binding named. Nothing registered is dropped
// without a report; startHost refuses an app with any of them unless told to serve the rest without them.
import { supportedTrigger, triggerOf, unsupportedBindingsOf, type UnsupportedBinding } from './bindings';
import { httpRouteOf, type HttpRoute } from './httpRouteTable';
import { AppLoadError, messageOf } from './errors';
import type { FunctionRegistry } from './functionRegistry';

export interface FunctionSummary {
  name: string;
  trigger: string;
  /** httpTrigger only: the full path template (route prefix included), methods (undefined = all) and auth level. */
  route?: string;
  methods?: string[];
  authLevel?: string;
}

export interface UnsupportedFunction {
  functionName: string;
  triggerType: string;
  reason: string;
}

export interface FunctionCatalog {
  functions: FunctionSummary[];
  httpRoutes: HttpRoute[];
  /** Registrations that cannot be served as registered (startHost refuses them or serves the app without them). */
  unsupported: UnsupportedFunction[];
  /** The bindings that make functions unsupported, one entry per binding. */
  unsupportedBindings: UnsupportedBinding[];
}

const SUPPORTED_TRIGGERS_TEXT = 'supported: httpTrigger, eventGridTrigger, orchestrationTrigger, activityTrigger';

export function catalogFunctions(registry: FunctionRegistry, routePrefix: string): FunctionCatalog {
  const catalog: FunctionCatalog = { functions: [], httpRoutes: [], unsupported: [], unsupportedBindings: [] };
  for (const fn of registry.all()) {
    const trigger = triggerOf(fn.metadata);
    const triggerType = trigger?.type ?? '(no trigger binding)';
    const supported = trigger && supportedTrigger(trigger.type);
    if (!trigger || !supported) {
      const reason =
        triggerType.toLowerCase() === 'entitytrigger'
          ? 'Durable entities are not supported by this host'
          : trigger
            ? `trigger binding '${trigger.bindingName}' of type '${triggerType}' is not supported by this host (${SUPPORTED_TRIGGERS_TEXT})`
            : `it has no trigger binding (${SUPPORTED_TRIGGERS_TEXT})`;
      catalog.unsupported.push({ functionName: fn.name, triggerType, reason });
      continue;
    }
    const bindings = unsupportedBindingsOf(fn.metadata, supported);
    if (bindings.length > 0) {
      catalog.unsupported.push({
        functionName: fn.name,
        triggerType,
        reason: bindings.map((b) => b.reason).join('; '),
      });
      catalog.unsupportedBindings.push(...bindings);
      continue;
    }
    if (supported === 'httpTrigger') {
      let route: HttpRoute;
      try {
        route = httpRouteOf(fn, trigger);
      } catch (error) {
        catalog.unsupported.push({ functionName: fn.name, triggerType, reason: messageOf(error) });
        continue;
      }
      catalog.httpRoutes.push(route);
      const path = [routePrefix, route.route.template.replace(/^[~/]+/, '')].filter((part) => part !== '').join('/');
      catalog.functions.push({
        name: fn.name,
        trigger: supported,
        route: `/${path}`,
        methods: route.methods,
        authLevel: route.authLevel,
      });
    } else {
      catalog.functions.push({ name: fn.name, trigger: supported });
    }
  }
  return catalog;
}

/** An app with registrations this host cannot serve, refused at start (each function and binding named). */
export class UnsupportedFunctionsError extends AppLoadError {
  constructor(readonly functions: UnsupportedFunction[]) {
    super(
      `This host cannot serve ${functions.length === 1 ? 'a function' : `${functions.length} functions`} of the app ` +
        `(start it with skipUnsupported, or --skip-unsupported, to serve the others without them):\n` +
        functions.map((fn) => `  - Function '${fn.functionName}': ${fn.reason}`).join('\n'),
    );
  }
}
