// Starts the hybrid-connection app on the local runtime, optionally wired to the simulator IN THIS PROCESS: one
// virtual clock (kept across restarts in the data folder) drives both, the app settings point at the simulator
// before the app loads, and the simulator's CA is trusted in-process. Used by `serve` and the demo; it prints nothing.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { VirtualClock } from '../clock';
import { startHost, type HostLog, type RunningHost } from '../runtime';
import { openPersistentClock, type PersistentClock } from '../runtime/host/persistentClock';
import {
  startSimulator,
  trustCertificateInProcess,
  type ReadyInfo,
  type Simulator,
  type SimulatorOptions,
} from '../simulator';
import { noProxyWithLoopback, setProcessEnvironment } from './processEnvironment';
import { appSettingsForSimulator, EXAMPLE_SUBSCRIPTIONS } from './simulatorSettings';

export interface StartServerOptions {
  appDir: string;
  dataDir: string;
  /** The app's HTTP port (0 = any free one; default as `host`: local.settings.json, else 7071). */
  port?: number;
  /** Virtual seconds per wall second (default 1). */
  timeScale?: number;
  /** Start the simulator and point the app at it; otherwise the app uses its own settings (real clouds). */
  simulate: boolean;
  /** The simulator's seed (simulate only). */
  seed?: number | string;
  /** Azure Stack Hub stamps the simulator serves, all of them in the app's HC_AZURESTACK_STAMPS (simulate only). */
  stamps?: number;
  /** Strict mode of the simulator (simulate only; default on). */
  strict?: boolean;
  /** The subscription ids the simulator serves (simulate only); default EXAMPLE_SUBSCRIPTIONS, those of the example. */
  subscriptions?: SimulatorOptions['subscriptions'];
  log: HostLog;
}

export interface RunningServer {
  /** http://127.0.0.1:PORT of the app. */
  url: string;
  keys: { master: string; function: string };
  host: RunningHost;
  /** Present with simulate. */
  sim?: Simulator;
  clock: VirtualClock;
  dataDir: string;
  /** The one JSON object `serve` prints when ready. */
  readyInfo(): ServeReadyInfo;
  /** Stops the app, then the simulator, then the clock; restores the environment. Idempotent. */
  stop(): Promise<void>;
}

export interface ServeReadyInfo {
  ready: true;
  url: string;
  keys: { master: string; function: string };
  simulator?: ReadyInfo;
}

export class ServerStartError extends Error {
  override readonly name = 'ServerStartError';
}

export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const appDir = resolve(options.appDir);
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const undo: (() => Promise<void> | void)[] = [];
  const cleanUp = async (): Promise<void> => {
    for (const step of undo.splice(0).reverse()) {
      try {
        await step();
      } catch (error) {
        options.log('warn', `Shutdown step failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  };

  try {
    let sim: Simulator | undefined;
    let clock: VirtualClock | undefined;
    if (options.simulate) {
      // The host's own persistent clock, opened here so the simulator can share it from the start: virtual time
      // never runs backwards across restarts, so timers stored in the task hub stay meaningful.
      const persistent: PersistentClock = await openPersistentClock(dataDir, options.timeScale ?? 1);
      undo.push(() => persistent.close());
      clock = persistent.clock;
      const started = await startSimulator({
        dataDir,
        // Its resources, operations and port survive a kill like the task hub does, so in-flight runs resume.
        persistState: true,
        clock,
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
        ...(options.stamps !== undefined ? { azureStackStamps: options.stamps } : {}),
        ...(options.strict !== undefined ? { strict: options.strict } : {}),
        subscriptions: { ...EXAMPLE_SUBSCRIPTIONS, ...options.subscriptions },
        log: (line) => options.log('info', line),
      });
      sim = started;
      undo.push(() => started.stop());
      // The app's SDK clients run in this process: trust the simulator's CA here (NODE_EXTRA_CA_CERTS is read at
      // process start only), and point the settings at it before the app is loaded.
      trustCertificateInProcess(started.caPem);
      undo.push(
        setProcessEnvironment({
          ...appSettingsForSimulator(started),
          NO_PROXY: noProxyWithLoopback(process.env.NO_PROXY),
        }),
      );
    } else if (!existsSync(join(appDir, 'local.settings.json'))) {
      options.log(
        'warn',
        `No local.settings.json in ${appDir}: the app settings (HC_*) come from the environment only. ` +
          'Copy local.settings.example.json to local.settings.json and fill it in to reach real clouds.',
      );
    }

    const host = await startHost({
      appDir,
      dataDir,
      log: options.log,
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(clock ? { clock } : { timeScale: options.timeScale ?? 1 }),
    });
    undo.push(() => host.stop());

    let stopping: Promise<void> | undefined;
    const keys = { master: host.keys.master, function: host.keys.function };
    return {
      url: host.url,
      keys,
      host,
      ...(sim ? { sim } : {}),
      clock: host.clock,
      dataDir,
      readyInfo: () => ({ ready: true, url: host.url, keys, ...(sim ? { simulator: sim.readyInfo() } : {}) }),
      stop: () => (stopping ??= cleanUp()),
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}
