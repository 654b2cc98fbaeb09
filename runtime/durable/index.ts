// The Durable extension of the local runtime: createDurableExtension() wires the engine (SQLite store,
// dispatchers, virtual-clock timers), the Durable HTTP API and its loopback RPC listener behind the
// DurableExtension contract the host mounts. It knows no app and no workflow.
import { join } from 'node:path';
import type { VirtualClock } from '../../clock';
import type { DurableExtension, DurableFunctionInvoker, RuntimeHttpRequest, RuntimeHttpResponse } from '../contracts';
import { DurableEngine } from './engine';
import { DurableHttpApi, RPC_PATH } from './http/durableHttpApi';
import { clientInputData } from './http/managementUrls';
import { newRpcToken, RpcListener } from './http/rpcListener';

export interface DurableExtensionOptions {
  /** Folder of the task hub file `<hubName>.sqlite`; undefined = in-memory store. */
  dataDir?: string;
  hubName: string;
  clock: VirtualClock;
  /** The host's public origin, e.g. http://127.0.0.1:7071. */
  baseUrl: string;
  systemKey: string;
  maxConcurrentActivityFunctions: number;
  maxConcurrentOrchestratorFunctions: number;
  log: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
}

export function createDurableExtension(options: DurableExtensionOptions): DurableExtension {
  return new LocalDurableExtension(options);
}

/** The SQLite file of a task hub (hub names are kept to safe file-name characters). */
export function taskHubFile(dataDir: string, hubName: string): string {
  return join(dataDir, `${hubName.replace(/[^A-Za-z0-9_-]/g, '_')}.sqlite`);
}

class LocalDurableExtension implements DurableExtension {
  private readonly engine: DurableEngine;
  private readonly api: DurableHttpApi;
  private readonly rpc: RpcListener;
  private started = false;

  constructor(private readonly options: DurableExtensionOptions) {
    this.engine = new DurableEngine({
      dataFile: options.dataDir === undefined ? undefined : taskHubFile(options.dataDir, options.hubName),
      clock: options.clock,
      log: options.log,
      maxConcurrentActivityFunctions: options.maxConcurrentActivityFunctions,
      maxConcurrentOrchestratorFunctions: options.maxConcurrentOrchestratorFunctions,
    });
    // Only the durableClient binding data carries this path, so nothing else on the machine can call the RPC port.
    const rpcPath = `/${newRpcToken()}${RPC_PATH}`;
    this.api = new DurableHttpApi(this.engine, {
      hubName: options.hubName,
      systemKey: options.systemKey,
      publicBaseUrl: options.baseUrl,
      rpcPath,
    });
    this.rpc = new RpcListener(this.api, rpcPath);
  }

  async start(invoker: DurableFunctionInvoker): Promise<void> {
    await this.rpc.listen();
    this.engine.start(invoker);
    this.started = true;
    // The host and port only: the path holds the RPC token, which is never logged.
    const rpcHost = new URL(this.rpc.baseUrl).host;
    this.options.log('info', `Durable task hub '${this.options.hubName}' started (RPC on ${rpcHost}).`);
  }

  async stop(): Promise<void> {
    this.engine.stop();
    await this.rpc.close();
    this.started = false;
  }

  handleHttp(request: RuntimeHttpRequest): Promise<RuntimeHttpResponse> {
    return this.api.handle(request, 'public');
  }

  clientInputData(): object {
    if (!this.started) throw new Error('clientInputData() needs a started Durable extension (its RPC port).');
    return {
      ...clientInputData(this.options.baseUrl, this.rpc.baseUrl, {
        hubName: this.options.hubName,
        systemKey: this.options.systemKey,
      }),
      // Not in the real extension's data (README: "different from the real extension"): the task hub's clock when
      // the function was invoked, so an app can say "now" on the clock its statuses and orchestrations use, which
      // under a time scale is not the process's Date.now(). It names no workflow.
      currentUtcDateTime: new Date(this.options.clock.now()).toISOString(),
    };
  }
}

export type { DurableEngine } from './engine';
