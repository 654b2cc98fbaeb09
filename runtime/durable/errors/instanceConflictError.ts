// Raised when a start reuses the id of an instance that is still Pending, Running or Suspended.
export class InstanceConflictError extends Error {
  override readonly name = 'InstanceConflictError';

  constructor(
    readonly instanceId: string,
    readonly runtimeStatus: string,
  ) {
    super(`An Orchestration instance with the status ${runtimeStatus} already exists.`);
  }
}
