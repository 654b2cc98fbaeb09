// Sorts an app's registrations into what the host serves (HTTP routes, Event Grid, Durable functions) and what it
// reports as unsupported, with function name and trigger type. Nothing registered is dropped without a report.
import { supportedTrigger, triggerOf, unsupportedBindingsOf, type UnsupportedBinding } from './bindings';
import { httpRouteOf, type HttpRoute } from './httpRouteTable';
import { messageOf } from './errors';
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
  unsupported: UnsupportedFunction[];
  unsupportedBindings: UnsupportedBinding[];
}

export function catalogFunctions(
  registry: FunctionRegistry,
  routePrefix: string,
  httpStreamsEnabled: boolean,
): FunctionCatalog {
  const catalog: FunctionCatalog = { functions: [], httpRoutes: [], unsupported: [], unsupportedBindings: [] };
  for (const fn of registry.all()) {
    const trigger = triggerOf(fn.metadata);
    const triggerType = trigger?.type ?? '(no trigger binding)';
    const supported = trigger && supportedTrigger(trigger.type);
    if (!trigger || !supported) {
      const reason =
        triggerType.toLowerCase() === 'entitytrigger'
          ? 'Durable entities are not supported by this host'
          : `trigger type '${triggerType}' is not supported by this host (supported: httpTrigger, eventGridTrigger, orchestrationTrigger, activityTrigger)`;
      catalog.unsupported.push({ functionName: fn.name, triggerType, reason });
      continue;
    }
    if (supported === 'httpTrigger') {
      if (httpStreamsEnabled) {
        catalog.unsupported.push({
          functionName: fn.name,
          triggerType,
          reason: 'HTTP streams (app.setup({ enableHttpStream: true })) are not supported by this host',
        });
        continue;
      }
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
    catalog.unsupportedBindings.push(...unsupportedBindingsOf(fn.metadata, supported));
  }
  return catalog;
}
