// The port of a persistent simulator: taken the first time (the option's, 0 = any free one), recorded in its state
// file, and served again on every later start, so the endpoints its clients were configured with stay valid.
import { startHttpsServer, type HttpsServerOptions, type RunningServer } from '../http/server';
import { SimulatorOptionsError } from '../options';
import { SimulatorStateError, type StateDatabase } from './stateDatabase';

const PORT_KEY = 'port';

/** Records the port a first start took; later starts keep the first one. */
export function recordPort(database: StateDatabase, port: number): void {
  if (database.meta(PORT_KEY) === undefined) database.setMeta(PORT_KEY, String(port));
}

/** The port to serve on: the one recorded in the data folder (runs there point at it), else the option's. */
export function servedPort(requested: number, database: StateDatabase | undefined, dataDir: string): number {
  const recorded = database?.meta(PORT_KEY);
  if (recorded === undefined) return requested;
  const port = Number(recorded);
  if (requested !== 0 && requested !== port) {
    throw new SimulatorOptionsError(
      `the simulator state in ${dataDir} is served on port ${port} (the URLs its runs use): ` +
        `pass --port ${port} or no --port, or another data folder for port ${requested}`,
    );
  }
  return port;
}

/** Listens; a recorded port someone else took is a start failure that names the port and the data folder. */
export async function listenOnRecordedPort(
  port: number,
  database: StateDatabase | undefined,
  dataDir: string,
  options: Omit<HttpsServerOptions, 'port'>,
): Promise<RunningServer> {
  try {
    return await startHttpsServer({ ...options, port });
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (database?.meta(PORT_KEY) !== undefined && code === 'EADDRINUSE') {
      throw new SimulatorStateError(
        `port ${port} on 127.0.0.1 is in use by another process, and the simulator state in ${dataDir} is served on ` +
          'that port (its runs point at it): stop what listens there and start again, or use another data folder',
      );
    }
    throw error;
  }
}
