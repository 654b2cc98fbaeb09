// Starts test/fixtures/edge-app in this process (port 0, in memory, quiet, no Durable extension) for the tests of the
// host's edges, and reads how often each of its functions ran. Every host started here is stopped by stopEdgeHosts().
import { join } from 'node:path';
import { startHost, type RunningHost, type StartHostOptions } from '../../../runtime';
import { PROJECT_ROOT } from '../../support/cliProcess';

export const EDGE_APP = join(PROJECT_ROOT, 'test', 'fixtures', 'edge-app');

const running: RunningHost[] = [];

export async function startEdgeHost(options: Partial<StartHostOptions> = {}): Promise<RunningHost> {
  const host = await startHost({
    appDir: EDGE_APP,
    port: 0,
    inMemory: true,
    log: () => undefined,
    durableExtension: false,
    ...options,
  });
  running.push(host);
  return host;
}

export async function stopEdgeHosts(): Promise<void> {
  for (const host of running.splice(0)) await host.stop();
}

/** How many times the fixture's function `name` has run in `host`. */
export async function callsOf(host: RunningHost, name: string): Promise<number> {
  const calls = (await (await fetch(`${host.url}/api/calls`)).json()) as Record<string, number>;
  return calls[name] ?? 0;
}
