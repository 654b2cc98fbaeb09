// Raised when a second host opens a task hub file another process holds: one host per data folder, since two
// dispatchers on one store would run the same work twice.
export class TaskHubInUseError extends Error {
  override readonly name = 'TaskHubInUseError';

  constructor(readonly file: string) {
    super(
      `The task hub ${file} is in use by another host process: one host per data folder. ` +
        'Stop the other host, or start this one with another --data folder.',
    );
  }
}
