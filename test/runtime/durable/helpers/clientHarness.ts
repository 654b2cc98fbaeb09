// Starts the Durable extension in memory with the path-A invoker and builds the real DurableClient from its
// durableClient binding data, as an HTTP starter would get it. Test-only; the caller stops it in afterAll.
import { InvocationContext } from '@azure/functions';
import * as df from 'durable-functions';
import type { DurableClient } from 'durable-functions';
import { VirtualClock } from '../../../../clock';
import type { DurableExtension } from '../../../../runtime/contracts';
import { createDurableExtension } from '../../../../runtime/durable';
import { EPOCH } from './engineHarness';
import { PathAInvoker } from './pathAInvoker';

export interface ClientHarness {
  extension: DurableExtension;
  client: DurableClient;
  /** The binding data the client was built from (rpcBaseUrl, management URLs). */
  clientData: Record<string, unknown>;
  /** The task hub's virtual clock. */
  clock: VirtualClock;
  stop(): Promise<void>;
}

export async function startClientHarness(options: {
  hubName: string;
  publicBaseUrl: string;
  systemKey: string;
}): Promise<ClientHarness> {
  const clock = new VirtualClock({ scale: 10_000, startAt: EPOCH });
  const extension = createDurableExtension({
    hubName: options.hubName,
    clock,
    baseUrl: options.publicBaseUrl,
    systemKey: options.systemKey,
    maxConcurrentActivityFunctions: 4,
    maxConcurrentOrchestratorFunctions: 4,
    log: () => undefined,
  });
  await extension.start(new PathAInvoker());
  const clientInput = df.input.durableClient();
  const context = new InvocationContext({ options: { extraInputs: [clientInput] } });
  const clientData = extension.clientInputData() as Record<string, unknown>;
  context.extraInputs.set(clientInput, clientData);
  // durable-functions rewrites client URLs to localhost:7071 unless WEBSITE_HOSTNAME names the host.
  process.env.WEBSITE_HOSTNAME = new URL(options.publicBaseUrl).host;
  return {
    extension,
    client: df.getClient(context),
    clientData,
    clock,
    stop: async () => {
      await extension.stop();
      clock.dispose();
      delete process.env.WEBSITE_HOSTNAME;
    },
  };
}
