// Turns a fault-plan decision into what ARM would answer: 429 with Retry-After, 500, 503 with Retry-After, a reset
// connection, or 409 AnotherOperationInProgress. provisioningFailed and connectionStuck are not answers (the write's
// operation fails; the connection's tunnel stays down).
import type { FaultDecision } from '../faults/injector';
import { randomGuid } from '../random';
import type { ArmResult } from './armCall';
import type { CloudContext } from './cloud';
import { armErrors, errorBody } from './errors';

export type InjectedAnswer = ArmResult & { reset?: boolean };

export function injectedFailure(ctx: CloudContext, fault: FaultDecision, method: string): InjectedAnswer | undefined {
  const retryAfter = { 'Retry-After': String(fault.retryAfterSeconds) };
  const body = (code: string, message: string): unknown => ({ error: fault.error ?? { code, message } });
  switch (fault.kind) {
    case 'throttle':
      return {
        status: 429,
        headers: retryAfter,
        body: body(
          'SubscriptionRequestsThrottled',
          `Number of '${method === 'GET' ? 'read' : 'write'}' requests for subscription '${ctx.subscriptionId}' exceeded the limit. Please try again after '${fault.retryAfterSeconds}' seconds.`,
        ),
      };
    case 'internalServerError':
      return { status: 500, body: body('InternalServerError', 'Encountered internal server error. Please try again.') };
    case 'serviceUnavailable':
      return {
        status: 503,
        headers: retryAfter,
        body: body(
          'ServiceUnavailable',
          'The server (leader) is currently unable to handle the request due to a temporary overload or maintenance. Please retry the request after some time.',
        ),
      };
    case 'connectionReset':
      return { status: 0, reset: true };
    case 'anotherOperationInProgress': {
      const url = `${ctx.armEndpoint()}/subscriptions/${ctx.subscriptionId}/providers/Microsoft.Network/locations/${ctx.locations.primary}/operations/${randomGuid(ctx.idRandom)}?api-version=2018-11-01`;
      const error = armErrors.anotherOperationInProgress(url);
      return { status: 409, body: fault.error ? { error: fault.error } : errorBody(error) };
    }
    case 'provisioningFailed':
    case 'connectionStuck':
      return undefined;
  }
}
