// The worker's HTTP proxy in stream mode (app.setup({ enableHttpStream: true })). When the host asks for capabilities,
// @azure/functions 4 starts its own node:http server and reports its address as `HttpUri`; the Functions host then
// forwards each HTTP-triggered request there with the header `x-ms-invocation-id` and relays the answer the library
// writes on that connection (https://github.com/Azure/azure-functions-host/blob/dev/src/WebJobs.Script.Grpc/Server/DefaultHttpProxyService.cs).
// The app runs in this process, so that server is here too: this module finds it (the one created while the library
// set up its capabilities and listening on HttpUri's port), reads the state of the library's response for an
// invocation the host is forwarding (whether a response was started), closes every other connection to it, and
// closes it when the host stops (the real worker process simply exits).
import { Agent, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AppLoadError } from './errors';
import { nodeRequire } from './nodeLoader';

/** The header the host adds to a forwarded request and the library answers with (ScriptConstants.HttpProxyCorrelationHeader). */
export const INVOCATION_ID_HEADER = 'x-ms-invocation-id';

export interface ForwardTicket {
  /** The library's response for this invocation, once its server has the forwarded request. */
  libraryResponse(): ServerResponse | undefined;
  release(): void;
}

export interface WorkerHttpProxy {
  /** HttpUri as the library reported it, e.g. http://localhost:55001/ */
  readonly uri: URL;
  /** The connections forwarded requests use: one each, never reused (the library closes idle ones after 5 s). */
  readonly agent: Agent;
  /** Announces a forward: only announced invocation ids from this machine reach the library's server. */
  expect(invocationId: string): ForwardTicket;
  close(): Promise<void>;
}

const RECORDERS = Symbol.for('hybrid-connection.http-server-recorders');

interface HttpModule {
  createServer: (...args: unknown[]) => Server;
  [RECORDERS]?: Set<Server[]>;
}

/**
 * The recordings in progress. The first call wraps node:http's createServer (as the app's modules get it: a test
 * runner's sandbox may hand this module a copy) once per process: every server is still created by the original, and
 * is also added to each recording in progress. Hosts starting side by side each get their own recording.
 */
function activeRecordings(): Set<Server[]> {
  const module = nodeRequire(__filename)('node:http') as HttpModule;
  const existing = module[RECORDERS];
  if (existing) return existing;
  const recordings = new Set<Server[]>();
  const original = module.createServer;
  module.createServer = (...args: unknown[]): Server => {
    const server = original(...args);
    for (const servers of recordings) servers.push(server);
    return server;
  };
  Object.defineProperty(module, RECORDERS, { value: recordings });
  return recordings;
}

/** Records every node:http server created while `during` runs (it never changes or closes one). */
export async function recordHttpServers<T>(during: () => Promise<T>): Promise<{ result: T; servers: Server[] }> {
  const servers: Server[] = [];
  const recordings = activeRecordings();
  recordings.add(servers);
  try {
    return { result: await during(), servers };
  } finally {
    recordings.delete(servers);
  }
}

/**
 * The proxy for HttpUri among the servers the library created. A programming model that reports an HttpUri this host
 * cannot find in its process is refused: without its server the host could not tell a function that answered nothing.
 */
export function workerHttpProxy(httpUri: string, created: Server[]): WorkerHttpProxy {
  let uri: URL;
  try {
    uri = new URL(httpUri);
  } catch {
    throw new AppLoadError(`The programming model reported an invalid HttpUri '${httpUri}'.`);
  }
  const port = Number(uri.port);
  // Other servers created meanwhile (another host starting in this process, the app's own) are not this host's.
  const server = created.find((candidate) => (candidate.address() as AddressInfo | null)?.port === port);
  if (!server) {
    throw new AppLoadError(
      `The programming model reported HttpUri ${httpUri} for HTTP streams, but no server of the app listens there.`,
    );
  }

  const expected = new Set<string>();
  const responses = new Map<string, ServerResponse>();
  // Runs after the library's own 'request' listener (registered when it created the server).
  const watch = (req: IncomingMessage, res: ServerResponse): void => {
    const header = req.headers[INVOCATION_ID_HEADER];
    const invocationId = typeof header === 'string' ? header : '';
    // The library listens on every interface (server.listen() without a host): anything this host did not forward
    // is cut off instead of waiting in the library's table forever.
    if (!expected.has(invocationId) || responses.has(invocationId) || !isLoopback(req.socket.remoteAddress)) {
      req.socket.destroy();
      return;
    }
    // Kept until the forward is over (released), so a finished response still tells that it was sent.
    responses.set(invocationId, res);
  };
  server.on('request', watch);
  const agent = new Agent({ keepAlive: false });

  return {
    uri,
    agent,
    expect(invocationId) {
      expected.add(invocationId);
      return {
        libraryResponse: () => responses.get(invocationId),
        release: () => {
          expected.delete(invocationId);
          responses.delete(invocationId);
        },
      };
    },
    close: async () => {
      server.off('request', watch);
      agent.destroy();
      await closeServer(server);
    },
  };
}

function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1';
}

function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    if (!server.listening) {
      resolve();
      return;
    }
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
