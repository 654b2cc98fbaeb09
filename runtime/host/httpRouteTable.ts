// The httpTrigger functions of an app as a route table under the host's route prefix: precedence-ordered matching,
// methods and auth levels. It resolves requests to functions; it never invokes them.
import { compareRoutePrecedence, matchRoute, parseRouteTemplate, type RouteTemplate } from './routeTemplate';
import type { RegisteredFunction } from './functionRegistry';
import type { TriggerBinding } from './bindings';

export type AuthLevel = 'anonymous' | 'function' | 'admin' | 'system';

export interface HttpRoute {
  fn: RegisteredFunction;
  route: RouteTemplate;
  /** Upper-case; undefined = every method. */
  methods: string[] | undefined;
  authLevel: AuthLevel;
}

export type RouteLookup =
  | { kind: 'found'; route: HttpRoute; params: Record<string, string> }
  | { kind: 'methodNotAllowed'; allowed: string[] }
  | { kind: 'notFound' };

export function httpRouteOf(fn: RegisteredFunction, trigger: TriggerBinding): HttpRoute {
  const binding = trigger.binding;
  const template = typeof binding.route === 'string' && binding.route.trim() !== '' ? binding.route : fn.name;
  const methods =
    Array.isArray(binding.methods) && binding.methods.length > 0
      ? binding.methods.map((m) => String(m).toUpperCase())
      : undefined;
  return { fn, route: parseRouteTemplate(template), methods, authLevel: authLevelOf(binding.authLevel) };
}

function authLevelOf(value: unknown): AuthLevel {
  const level = typeof value === 'string' ? value.toLowerCase() : 'function';
  // The Functions host default for httpTrigger is "function"; @azure/functions always sends "anonymous" unless told.
  return level === 'anonymous' || level === 'admin' || level === 'system' ? level : 'function';
}

export class HttpRouteTable {
  private readonly routes: HttpRoute[];

  constructor(routes: HttpRoute[]) {
    this.routes = [...routes].sort((a, b) => compareRoutePrecedence(a.route, b.route));
  }

  get size(): number {
    return this.routes.length;
  }

  /** Finds the function for a method and decoded path segments (route prefix already removed). */
  lookup(method: string, segments: readonly string[]): RouteLookup {
    const allowed = new Set<string>();
    for (const route of this.routes) {
      const params = matchRoute(route.route, segments);
      if (!params) continue;
      if (!route.methods || route.methods.includes(method.toUpperCase())) return { kind: 'found', route, params };
      for (const m of route.methods) allowed.add(m);
    }
    return allowed.size > 0 ? { kind: 'methodNotAllowed', allowed: [...allowed].sort() } : { kind: 'notFound' };
  }
}
