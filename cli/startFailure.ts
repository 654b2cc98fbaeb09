// What a long-running command (host, serve, sim) prints when it cannot start: one line, never a stack trace, for the
// causes a user can act on (a port in use, a port they may not open, an app that does not load or is not built).
import { AppLoadError, HostConfigError } from '../runtime';
import { SimulatorStateError } from '../simulator';

/** The one-line reason for a failed listen, or undefined when `error` is not one. */
export function listenFailure(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { code, port, address } = error as { code?: unknown; port?: unknown; address?: unknown };
  const where = `port ${typeof port === 'number' ? port : '?'} on ${typeof address === 'string' ? address : '127.0.0.1'}`;
  if (code === 'EADDRINUSE') {
    return (
      `${where} is already in use: stop what listens there (another hybrid-connection serve or host?) ` +
      'or pass --port N (--port 0 takes any free port)'
    );
  }
  if (code === 'EACCES') return `${where} may not be opened by this user: pass --port N above 1023`;
  return undefined;
}

/** The message for any start failure: a listen failure or a load error in one line, anything else with its stack. */
export function startFailure(error: unknown): string {
  const listen = listenFailure(error);
  if (listen !== undefined) return listen;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof AppLoadError && /dist[\\/]/.test(message)) {
    return `${message}\nBuild the app first: npm run build`;
  }
  if (error instanceof AppLoadError || error instanceof HostConfigError || error instanceof SimulatorStateError) {
    return message;
  }
  // Unexpected: the stack is what a bug report needs.
  return error instanceof Error ? (error.stack ?? message) : message;
}
