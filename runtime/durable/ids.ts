// Instance and execution ids: generation (32 hex digits like Guid.ToString("N")) and the extension's validation of
// caller-chosen instance ids.
import { randomUUID } from 'node:crypto';
import { BadRequestError } from './errors/badRequestError';

export function newGuidN(): string {
  return randomUUID().replace(/-/g, '');
}

/** The extension's rules: not empty, at most 256 chars, no leading '@', no / \ ? # or control characters. */
export function validateInstanceId(instanceId: string): void {
  if (instanceId.length === 0) throw new BadRequestError('Instance ID must not be empty.');
  if (instanceId.length > 256) throw new BadRequestError('Instance ID length must not exceed 256 characters.');
  if (instanceId.startsWith('@')) throw new BadRequestError(`Orchestration instance ids must not start with @.`);
  // eslint-disable-next-line no-control-regex
  if (/[/\\?#\u0000-\u001f\u007f]/.test(instanceId)) {
    throw new BadRequestError(`Instance ID '${instanceId}' contains invalid characters.`);
  }
}
