// Raised when an orchestrator schedules (or a client starts) a function that is not registered with that kind.
export class UnknownFunctionError extends Error {
  override readonly name = 'UnknownFunctionError';

  constructor(
    readonly functionName: string,
    readonly expectedKind: 'activity' | 'orchestrator',
  ) {
    super(`The function '${functionName}' doesn't exist, is disabled, or is not an ${expectedKind} function.`);
  }
}
