// Polls of long-running operations: the Azure-AsyncOperation status resource (`…/operations/{id}`, always 200 with
// InProgress/Succeeded/Failed) and the Location URL (`…/operationResults/{id}`, 202 while running, then the result).
import { lroHeaders, type ArmCall, type ArmResult } from './armCall';
import { armErrors } from './errors';
import { renderStored } from './providerResources';

export function operationStatus(call: ArmCall, operationId: string): ArmResult {
  const ops = call.ctx.operations;
  const operation = ops.get(operationId);
  if (!operation) throw armErrors.operationNotFound(operationId);
  const headers =
    operation.status === 'InProgress' ? { 'Retry-After': String(ops.retryAfterSeconds(operation)) } : undefined;
  return { status: 200, body: ops.statusBody(operation), headers };
}

export function operationResult(call: ArmCall, operationId: string): ArmResult {
  const ops = call.ctx.operations;
  const operation = ops.get(operationId);
  if (!operation) throw armErrors.operationNotFound(operationId);
  if (operation.status === 'InProgress') {
    return { status: 202, headers: lroHeaders(call, operation, { asyncOperation: false, location: true }) };
  }
  if (operation.status !== 'Succeeded') {
    const error = operation.error ?? { code: 'Failed', message: 'The operation failed.' };
    return { status: error.code === 'InternalServerError' ? 500 : 400, body: { error } };
  }
  switch (operation.spec.kind) {
    case 'delete':
      return { status: 204 };
    case 'action':
      // v39 accepts only 200/201/202 for an action's final GET, so an action without a result answers 200, not 204.
      return operation.result === undefined ? { status: 200 } : { status: 200, body: operation.result };
    default: {
      const resource = call.ctx.store.get(operation.spec.resourceId);
      return resource ? { status: 200, body: renderStored(call, resource) } : { status: 204 };
    }
  }
}
