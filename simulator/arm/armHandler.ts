// ARM's front door for one cloud: authentication, subscription check, api-version gating, throttling, fault
// injection, routing, and the headers every ARM response carries. Resource semantics live in the routes it calls.
import type { FaultDecision, FaultInjector } from '../faults/injector';
import type { SimHandler, SimRequest, SimResponse } from '../http/types';
import type { TokenStore } from '../identity/tokenStore';
import type { RequestLog } from '../inspection/requestLog';
import { randomGuid } from '../random';
import type { SubscriptionThrottle } from '../throttling/subscriptionThrottle';
import { checkApiVersion } from './apiVersionGate';
import { supportedApiVersions } from './apiVersions';
import type { ArmCall, ArmResult } from './armCall';
import { addressedType, parseArmPath, routeSubscription, type ArmRoute } from './armPath';
import { authenticate } from './authentication';
import type { CloudContext } from './cloud';
import { armErrors, errorBody } from './errors';
import { injectedFailure } from './injectedFaults';
import { metadataEndpoints } from './metadataEndpoints';
import type { ProviderRoute, ReadApi } from './readApi';
import { operationResult, operationStatus } from './operationRoutes';
import { handleProviderRequest } from './providerResources';
import { handleResourceGroup, listResourceGroups, resourceGroupOperationResult } from './resourceGroups';
import { listResourceGroupResources } from './resourceGroupResources';
import { ArmError } from './resourceType';
import { listSubscriptions, providers, subscriptionBody } from './subscriptions';

export interface ArmHandlerDeps {
  tokens: TokenStore;
  /** Undefined when throttling is off. */
  throttle?: SubscriptionThrottle;
  faults: FaultInjector;
  requestLog: RequestLog;
  /** Read-only provider APIs (usages, SKUs, images, permissions), tried before resource routing. */
  readApis: readonly ReadApi[];
  onError(error: unknown): void;
  /** Records a request as it starts being answered (after a held poll), for a persistent simulator's replay. */
  journal?(request: SimRequest, arrivedAt: number): void;
}

/**
 * Pollers read Retry-After in whole seconds only, so a poll cannot be told to come back in 20 ms: at a high time scale a
 * 15-second VNet would cost a full wall second and show as minutes of virtual time. A poll of an operation that ends
 * sooner than that floor is therefore held until it ends (at most the floor, like a slow network), then answered.
 */
const HOLD_SHORT_POLLS_UP_TO_WALL_MS = 1000;

async function holdShortPoll(ctx: CloudContext, route: ArmRoute): Promise<void> {
  if (route.kind !== 'operation') return;
  const operation = ctx.operations.get(route.operationId);
  if (!operation || operation.status !== 'InProgress') return;
  const remaining = operation.dueAt - ctx.clock.now();
  if (remaining > 0 && ctx.clock.toWallMs(remaining) <= HOLD_SHORT_POLLS_UP_TO_WALL_MS) {
    await ctx.clock.sleep(remaining);
  }
}

export function createArmHandler(ctx: CloudContext, deps: ArmHandlerDeps): SimHandler {
  return async (request: SimRequest): Promise<SimResponse> => {
    const route = parseArmPath(request.path);
    await holdShortPoll(ctx, route);
    const arrivedAt = ctx.clock.now();
    deps.journal?.(request, arrivedAt);
    // Network truth reads the other clouds too, so every cloud's due operations end before anything is answered.
    ctx.operations.settleDue();
    for (const cloud of ctx.clouds()) if (cloud !== ctx) cloud.operations.settleDue();
    const apiVersion = request.url.searchParams.get('api-version');
    const headers: Record<string, string> = commonHeaders(ctx, request);
    const noted: { fault?: FaultDecision } = {};
    let response: SimResponse;
    try {
      const outcome = answer(ctx, deps, request, route, apiVersion, headers, (f) => (noted.fault = f));
      response = outcome.reset
        ? { status: 0, reset: true }
        : { status: outcome.status, body: outcome.body, headers: { ...headers, ...outcome.headers } };
    } catch (error) {
      if (!(error instanceof ArmError)) deps.onError(error);
      const armError =
        error instanceof ArmError ? error : new ArmError(500, 'InternalServerError', 'An error occurred.');
      response = { status: armError.status, body: errorBody(armError), headers: { ...headers, ...armError.headers } };
    }
    const errorCode =
      response.body && typeof response.body === 'object' && 'error' in response.body
        ? codeOf(response.body.error)
        : undefined;
    deps.requestLog.record({
      virtualTime: arrivedAt,
      service: ctx.key,
      cloud: ctx.key,
      method: request.method,
      path: request.path,
      ...(apiVersion !== null && { apiVersion }),
      status: response.reset ? 0 : response.status,
      ...(noted.fault !== undefined && { fault: noted.fault.kind }),
      ...(errorCode !== undefined && { errorCode }),
    });
    return response;
  };
}

type Outcome = ArmResult & { reset?: boolean };

function answer(
  ctx: CloudContext,
  deps: ArmHandlerDeps,
  request: SimRequest,
  route: ArmRoute,
  apiVersion: string | null,
  headers: Record<string, string>,
  noteFault: (fault: FaultDecision) => void,
): Outcome {
  const method = request.method;
  // The metadata endpoint is anonymous: clients read it to learn where to get a token in the first place.
  if (route.kind === 'metadata') {
    if (method !== 'GET') throw armErrors.methodNotAllowed(method);
    if (apiVersion === null) throw armErrors.missingApiVersion();
    return metadataEndpoints(ctx, apiVersion);
  }
  const token = authenticate(ctx, deps.tokens, request.headers.authorization);
  const subscription = routeSubscription(route);
  if (subscription !== undefined && subscription.toLowerCase() !== ctx.subscriptionId.toLowerCase()) {
    throw armErrors.subscriptionNotFound(subscription);
  }
  if (apiVersion === null || apiVersion === '') throw armErrors.missingApiVersion();

  if (deps.throttle && subscription !== undefined) {
    const decision = deps.throttle.take(ctx.subscriptionId, method);
    headers[`x-ms-ratelimit-remaining-subscription-${decision.kind}`] = String(decision.remaining);
    if (!decision.allowed) {
      throw armErrors.subscriptionRequestsThrottled(
        decision.kind.replace(/s$/, ''),
        ctx.subscriptionId,
        decision.retryAfterSeconds,
        {
          'Retry-After': String(decision.retryAfterSeconds),
        },
      );
    }
  }

  const readApi = route.kind === 'provider' ? deps.readApis.find((api) => api.matches(route)) : undefined;
  const resourceType = readApi?.type ?? addressedType(route);
  const fault = deps.faults.decide({ cloud: ctx.key, method, path: request.path, resourceType });
  let forcedFailure: ArmCall['forcedFailure'];
  if (fault) {
    noteFault(fault);
    const injected = injectedFailure(ctx, fault, method);
    if (injected) return injected;
    forcedFailure = fault.error ?? { code: 'InternalServerError', message: 'An error occurred.' };
  }

  checkApiVersion(ctx, route, apiVersion, readApi?.type);
  refuseWriteToReadOnlySubscription(ctx, method, subscription);
  const call: ArmCall = {
    ctx,
    method,
    apiVersion,
    query: request.url.searchParams,
    rawBody: request.body,
    forcedFailure,
    principalId: token.clientId,
  };
  if (readApi && route.kind === 'provider') return answerRead(call, readApi, route);
  return dispatch(call, route, request.path);
}

function answerRead(call: ArmCall, api: ReadApi, route: ProviderRoute): ArmResult {
  if (call.method !== 'GET') throw armErrors.methodNotAllowed(call.method);
  return api.get(call, route);
}

/**
 * A Disabled (or Deleted) subscription is read-only: ARM refuses every write with 409 ReadOnlyDisabledSubscription
 * (text as ARM words it: https://github.com/microsoft/vscode-azureappservice/issues/1646; states:
 * https://learn.microsoft.com/azure/cost-management-billing/manage/subscription-disabled). Reads still answer.
 */
function refuseWriteToReadOnlySubscription(ctx: CloudContext, method: string, subscription: string | undefined): void {
  const state = ctx.account.subscriptionState;
  if (subscription === undefined || method === 'GET' || method === 'HEAD') return;
  if (state === 'Disabled' || state === 'Deleted') throw armErrors.readOnlyDisabledSubscription(ctx.subscriptionId);
}

function dispatch(call: ArmCall, route: ArmRoute, path: string): ArmResult {
  const get = (): void => {
    if (call.method !== 'GET') throw armErrors.methodNotAllowed(call.method);
  };
  switch (route.kind) {
    case 'subscriptions':
      get();
      return listSubscriptions(call);
    case 'subscription':
      get();
      return { status: 200, body: subscriptionBody(call) };
    case 'providers':
      get();
      return providers(call, route.namespace, (ns) => supportedApiVersions(call.ctx.name, ns));
    case 'resourceGroups':
      get();
      return listResourceGroups(call);
    case 'resourceGroup':
      return handleResourceGroup(call, route.resourceGroup);
    case 'resourceGroupResources':
      get();
      return listResourceGroupResources(call, route.resourceGroup);
    case 'resourceGroupOperationResult':
      get();
      return resourceGroupOperationResult(call, route.token);
    case 'operation':
      get();
      return route.view === 'status'
        ? operationStatus(call, route.operationId)
        : operationResult(call, route.operationId);
    case 'provider':
      return handleProviderRequest(call, route);
    default:
      throw armErrors.noRoute(path);
  }
}

function commonHeaders(ctx: CloudContext, request: SimRequest): Record<string, string> {
  const requestId = randomGuid(ctx.idRandom);
  const sent = request.headers['x-ms-correlation-request-id'];
  const correlationId = typeof sent === 'string' && sent !== '' ? sent : randomGuid(ctx.idRandom);
  const stamp = new Date(ctx.clock.now())
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return {
    'x-ms-request-id': requestId,
    'x-ms-correlation-request-id': correlationId,
    'x-ms-routing-request-id': `${ctx.locations.primary.toUpperCase()}:${stamp}:${requestId}`,
    'Cache-Control': 'no-cache',
    Pragma: 'no-cache',
    Expires: '-1',
    'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
    'X-Content-Type-Options': 'nosniff',
  };
}

function codeOf(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string'
    ? error.code
    : undefined;
}
