// The runtime's public surface: start a local Functions v4 + Durable Functions 3 host for an app folder, and the
// contract between the host and the Durable engine. Nothing here knows any app's workflow.
export { startHost, DEFAULT_DATA_FOLDER, DEFAULT_PORT } from './host/startHost';
export type { StartHostOptions, RunningHost } from './host/startHost';
export { UnsupportedFunctionsError } from './host/functionCatalog';
export type { FunctionSummary, UnsupportedFunction } from './host/functionCatalog';
export type { UnsupportedBinding } from './host/bindings';
export type { HostKeys, SystemKeyName } from './host/hostKeys';
export { DEFAULT_HTTP_LIMITS } from './host/httpLimits';
export type { HttpLimits, HttpLimitOptions } from './host/httpLimits';
export type { MinDataRate } from './host/requestBody';
export type { AppServiceAuthenticationOptions, ClientPrincipal, ClientPrincipalClaim } from './host/appServiceAuth';
export type { HostLog, HostLogLevel } from './host/log';
export type { DurableExtensionFactory, DurableExtensionOptions } from './host/durableExtensionFactory';
export {
  AppLoadError,
  HostConfigError,
  RouteTemplateError,
  CoreApiError,
  FunctionInvocationError,
} from './host/errors';
export type {
  DurableExtension,
  DurableFunctionInvoker,
  DurableFunctionKind,
  RuntimeHttpRequest,
  RuntimeHttpResponse,
} from './contracts';
