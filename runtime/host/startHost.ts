// Starts a local Functions host for one app folder, like `func start`: settings, keys and clock, the HTTP server, the
// app loaded through the worker seam, the Durable extension mounted; stop() undoes all of it. It knows no app's workflow.
import { mkdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { VirtualClock } from '../../clock/virtualClock';
import { applySettings, readLocalSettings } from './localSettings';
import { appProcess } from './nodeLoader';
import { AppLoadError, messageOf } from './errors';
import {
  catalogFunctions,
  UnsupportedFunctionsError,
  type FunctionSummary,
  type UnsupportedFunction,
} from './functionCatalog';
import { createCoreApi } from './coreApi';
import { createDurableInvoker } from './durableInvoker';
import { createFunctionInvoker } from './invokeFunction';
import { NO_INVOCATION_LOG, openInvocationLog } from './invocationLog';
import { createHostRouter } from './hostRouter';
import { startHostServer, type HostServer } from './httpServer';
import { resolveHttpLimits, type HttpLimitOptions } from './httpLimits';
import { applyAppServiceAuthentication, type AppServiceAuthenticationOptions } from './appServiceAuth';
import { FunctionRegistry } from './functionRegistry';
import { guardProcess, setEnvironment } from './processGuards';
import { HttpError } from './errors';
import { HttpRouteTable } from './httpRouteTable';
import { loadApp, type LoadedApp } from './appLoader';
import { keysWriter, loadOrCreateKeys, type HostKeys } from './hostKeys';
import { openPersistentClock } from './persistentClock';
import { readHostSettings } from './hostSettings';
import { startApp, terminateApp } from './appLifecycle';
import { stderrLog, type HostLog } from './log';
import type { DurableExtension, DurableFunctionInvoker } from '../contracts';
import { defaultDurableExtensionFactory, type DurableExtensionFactory } from './durableExtensionFactory';
import type { AdmitRequest } from './hostHttp';
import type { UnsupportedBinding } from './bindings';

export const DEFAULT_DATA_FOLDER = '.hybrid-connection';
/** The port `func start` uses. */
export const DEFAULT_PORT = 7071;

export interface StartHostOptions extends HttpLimitOptions {
  appDir: string;
  /** 0 = any free port; default: local.settings.json Host.LocalHttpPort, else 7071. */
  port?: number;
  /** Default: <appDir>/.hybrid-connection. Ignored with inMemory. */
  dataDir?: string;
  /** Drives durable timers and currentUtcDateTime; default: a clock at `timeScale`, kept across restarts in dataDir. */
  clock?: VirtualClock;
  timeScale?: number;
  /** Nothing is written to disk: keys are fresh and the Durable store lives in memory. */
  inMemory?: boolean;
  log?: HostLog;
  /** The Durable extension to mount (default: the engine in runtime/durable); false = none. */
  durableExtension?: DurableExtensionFactory | false;
  /** App Service authentication ("Easy Auth") in front of the app; default: off (principal headers pass untouched). */
  appServiceAuthentication?: AppServiceAuthenticationOptions;
  /**
   * Functions this host cannot serve as registered (an unsupported trigger or binding, an invalid route) make the
   * start fail with UnsupportedFunctionsError; true serves the others and reports these (like a function in error on
   * the Functions host).
   */
  skipUnsupported?: boolean;
}

export interface RunningHost {
  /** http://127.0.0.1:PORT */
  url: string;
  keys: HostKeys;
  functions: FunctionSummary[];
  /** Registrations not served (skipUnsupported): unsupported trigger or binding, invalid route; name and reason. */
  unsupported: UnsupportedFunction[];
  /** The bindings that kept those functions from being served. */
  unsupportedBindings: UnsupportedBinding[];
  /** HttpUri of the app's own HTTP proxy when it enabled HTTP streams (its HTTP functions are streamed there). */
  httpProxyUrl: string | undefined;
  clock: VirtualClock;
  dataDir: string | undefined;
  hubName: string;
  /** Runs the app's orchestrator and activity functions (what the Durable extension uses). */
  durableInvoker: DurableFunctionInvoker;
  stop(): Promise<void>;
}

export async function startHost(options: StartHostOptions): Promise<RunningHost> {
  const log = options.log ?? stderrLog();
  const appDir = resolve(options.appDir);
  if (!(await isDirectory(appDir))) throw new AppLoadError(`The app folder does not exist: ${appDir}`);
  const dataDir = options.inMemory ? undefined : resolve(options.dataDir ?? join(appDir, DEFAULT_DATA_FOLDER));
  if (dataDir) await mkdir(dataDir, { recursive: true });

  const cleanups: (() => unknown)[] = [];
  const cleanUp = async (): Promise<void> => {
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        log('warn', `Shutdown step failed: ${messageOf(error)}`);
      }
    }
  };

  try {
    const target = appProcess();
    // Registered first so it is removed last: work still settling during shutdown must not end the process either.
    cleanups.push(guardProcess(target, log));
    const localSettings = await readLocalSettings(appDir);
    const applied = applySettings(localSettings.values, target.env);
    cleanups.push(() => {
      for (const name of applied) delete target.env[name];
    });
    const settings = await readHostSettings(appDir, target.env);
    if (!settings.fromFile) log('warn', `No host.json in ${appDir}: using the defaults`);
    const keys = await loadOrCreateKeys(dataDir);
    const clock = await openClock(options, dataDir, cleanups);

    const registry = new FunctionRegistry();
    // Registered before the server, the app and the Durable extension, so it closes after them (cleanups run in
    // reverse): whatever they still invoke while stopping is recorded.
    const recorder = dataDir ? openInvocationLog(dataDir, log) : NO_INVOCATION_LOG;
    cleanups.push(() => recorder.close());
    const invoker = createFunctionInvoker(registry, log, recorder);
    // The extension starts later (it needs the invoker); activities invoked by it read it then.
    const durableInvoker = createDurableInvoker(registry, invoker, clock, () => extension);
    const authentication = options.appServiceAuthentication;
    // Requests that arrive before the app is loaded and the extension started get 503.
    const ready: { route?: AdmitRequest } = {};
    const server: HostServer = await startHostServer({
      port: options.port ?? localSettings.localHttpPort ?? DEFAULT_PORT,
      limits: resolveHttpLimits(options, target.env),
      admit: (head) => {
        // Like the platform, App Service authentication runs in front of the host, before routing and keys.
        const seen = authentication ? applyAppServiceAuthentication(head, authentication) : head;
        if (!ready.route) throw new HttpError(503, 'HostStarting', 'The host is starting.');
        return ready.route(seen);
      },
      log,
    });
    cleanups.push(() => server.close());
    // durable-functions rewrites client URLs to localhost:7071 unless WEBSITE_HOSTNAME names the real host (docs/durable-protocol.md §5.1).
    cleanups.push(setEnvironment(target.env, { WEBSITE_HOSTNAME: `127.0.0.1:${server.port}` }));

    const loaded: LoadedApp = await loadApp(appDir, createCoreApi(registry, log), log);
    cleanups.push(() => loaded.unload());
    const started = await startApp(registry, appDir);
    cleanups.push(() => terminateApp(registry, log));
    const httpProxy = started.httpProxy;
    // Closed before the app's terminate hooks run (cleanups run in reverse), after the extension stopped.
    if (httpProxy) cleanups.push(() => httpProxy.close());

    const catalog = catalogFunctions(registry, settings.routePrefix);
    if (catalog.unsupported.length > 0 && !options.skipUnsupported) {
      throw new UnsupportedFunctionsError(catalog.unsupported);
    }
    for (const entry of catalog.unsupported) {
      log('warn', `Function '${entry.functionName}' (${entry.triggerType}) is not served: ${entry.reason}`);
    }
    if (httpProxy)
      log('info', `HTTP streams are on: HTTP functions are streamed through the app's proxy at ${httpProxy.uri.href}`);

    let extension: DurableExtension | undefined;
    let extensionStarted = false;
    const createExtension = options.durableExtension ?? defaultDurableExtensionFactory;
    if (createExtension) {
      extension = createExtension({
        dataDir,
        hubName: settings.hubName,
        clock,
        baseUrl: server.url,
        systemKey: keys.system.durabletask_extension,
        maxConcurrentActivityFunctions: settings.maxConcurrentActivityFunctions,
        maxConcurrentOrchestratorFunctions: settings.maxConcurrentOrchestratorFunctions,
        log,
      });
      const mounted = extension;
      // Stop the extension before the app's terminate hooks run and the server closes (cleanups run in reverse).
      cleanups.push(() => mounted.stop());
      await mounted.start(durableInvoker);
      extensionStarted = true;
    }

    ready.route = createHostRouter({
      registry,
      invoker,
      routes: new HttpRouteTable(catalog.httpRoutes),
      routePrefix: settings.routePrefix,
      keys,
      persistKeys: keysWriter(dataDir, keys),
      extension: () => (extensionStarted ? extension : undefined),
      httpProxy,
      log,
    });
    for (const fn of catalog.functions) {
      log(
        'info',
        fn.route
          ? `${fn.name}: [${fn.methods?.join(',') ?? 'ALL'}] ${server.url}${fn.route}`
          : `${fn.name}: ${fn.trigger}`,
      );
    }
    log(
      'info',
      `Host started at ${server.url} (${catalog.functions.length} functions, ${catalog.unsupported.length} not served)`,
    );

    let stopping: Promise<void> | undefined;
    return {
      url: server.url,
      keys,
      functions: catalog.functions,
      unsupported: catalog.unsupported,
      unsupportedBindings: catalog.unsupportedBindings,
      httpProxyUrl: httpProxy?.uri.href,
      clock,
      dataDir,
      hubName: settings.hubName,
      durableInvoker,
      stop: () => (stopping ??= cleanUp()),
    };
  } catch (error) {
    await cleanUp();
    throw error;
  }
}

async function openClock(
  options: StartHostOptions,
  dataDir: string | undefined,
  cleanups: (() => unknown)[],
): Promise<VirtualClock> {
  if (options.clock) return options.clock;
  const scale = options.timeScale ?? 1;
  if (!dataDir) {
    const clock = new VirtualClock({ scale });
    cleanups.push(() => clock.dispose());
    return clock;
  }
  const persistent = await openPersistentClock(dataDir, scale);
  cleanups.push(() => persistent.close());
  return persistent.clock;
}

async function isDirectory(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isDirectory();
  } catch {
    return false;
  }
}
