// Raised when the orchestrator's returned state or action list does not have the shape durable-functions produces.
export class MalformedActionError extends Error {
  override readonly name = 'MalformedActionError';
}
