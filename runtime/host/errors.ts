// Typed failures of the local Functions host, one class per kind, so callers (CLI, tests) classify them without
// matching message text. Never put keys or other secrets into a message.

/** The app could not be loaded: package.json, its `main` entry points, or an entry file that threw. */
export class AppLoadError extends Error {
  override readonly name = 'AppLoadError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** host.json, local.settings.json or the keys file is unreadable or holds a value of the wrong type. */
export class HostConfigError extends Error {
  override readonly name = 'HostConfigError';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/** An httpTrigger route template the host cannot parse (unknown constraint, unbalanced braces, ...). */
export class RouteTemplateError extends Error {
  override readonly name = 'RouteTemplateError';
  constructor(
    readonly template: string,
    message: string,
  ) {
    super(`Invalid route template '${template}': ${message}`);
  }
}

/** The app called the `@azure/functions-core` API in a way the worker would refuse (bad metadata, late registration). */
export class CoreApiError extends Error {
  override readonly name = 'CoreApiError';
}

/** A function invocation failed: the handler threw, or the programming model could not build or read the call. */
export class FunctionInvocationError extends Error {
  override readonly name = 'FunctionInvocationError';
  constructor(
    readonly functionName: string,
    readonly invocationId: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A request the host answers with a 4xx/5xx JSON error of its own (not a function's response). */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

/**
 * No function or endpoint serves the request. The Functions host answers this 404 with an empty body, a wrong method
 * included (https://github.com/Azure/azure-functions-host/issues/10098); the message goes to the host log only.
 */
export class NoRouteError extends HttpError {
  constructor(message: string) {
    super(404, 'NotFound', message);
  }
}

/**
 * The message of anything thrown. App code runs in Node's own realm while the host may run inside a test sandbox, so
 * `instanceof Error` is not reliable across that boundary: read the shape instead.
 */
export function messageOf(thrown: unknown): string {
  if (typeof thrown === 'object' && thrown !== null && 'message' in thrown && typeof thrown.message === 'string') {
    return thrown.message;
  }
  return String(thrown);
}

/** The stack of anything thrown, or its message when there is none. */
export function stackOf(thrown: unknown): string {
  if (typeof thrown === 'object' && thrown !== null && 'stack' in thrown && typeof thrown.stack === 'string') {
    return thrown.stack;
  }
  return messageOf(thrown);
}
