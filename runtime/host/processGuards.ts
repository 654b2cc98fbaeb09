// Keeps app mistakes from ending the host process: unhandled promise rejections and uncaught exceptions (e.g. a throw
// in a timer callback of a handler) are logged instead of fatal, as long as the host runs. Never swallows silently.
import { stackOf } from './errors';
import type { HostLog } from './log';

export function guardProcess(target: NodeJS.Process, log: HostLog): () => void {
  const onRejection = (reason: unknown): void => log('error', `Unhandled promise rejection: ${stackOf(reason)}`);
  const onException = (error: unknown): void => log('error', `Uncaught exception: ${stackOf(error)}`);
  target.on('unhandledRejection', onRejection);
  target.on('uncaughtException', onException);
  return () => {
    target.off('unhandledRejection', onRejection);
    target.off('uncaughtException', onException);
  };
}

/** Sets environment variables for the app and returns how to put back what was there before. */
export function setEnvironment(env: NodeJS.ProcessEnv, values: Record<string, string>): () => void {
  const previous = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(values)) {
    previous.set(name, env[name]);
    env[name] = value;
  }
  return () => {
    for (const [name, value] of previous) {
      if (value === undefined) delete env[name];
      else env[name] = value;
    }
  };
}
