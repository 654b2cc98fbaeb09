// The app-level moments of the worker: appStart hooks after loading (then the library's capabilities, which lock
// app.setup), and appTerminate hooks on shutdown. Hook failures at start fail the start; at shutdown they are logged.
import { messageOf } from './errors';
import type { FunctionRegistry } from './functionRegistry';
import type { HostLog } from './log';
import { recordHttpServers, workerHttpProxy, type WorkerHttpProxy } from './workerHttpProxy';

export interface StartedApp {
  /** The library's HTTP proxy when the app asked for HTTP streams (app.setup({ enableHttpStream: true })). */
  httpProxy: WorkerHttpProxy | undefined;
}

export async function startApp(registry: FunctionRegistry, appDir: string): Promise<StartedApp> {
  const context = {
    hookData: registry.appLevelOnlyHookData,
    appHookData: registry.appHookData,
    functionAppDirectory: appDir,
  };
  for (const hook of registry.hooksOf('appStart')) await hook(context);
  let httpProxy: WorkerHttpProxy | undefined;
  const model = registry.programmingModel;
  if (model && typeof model.getCapabilities === 'function') {
    const getCapabilities = model.getCapabilities.bind(model);
    // The worker asks for capabilities once the app has started; the library locks app.setup() at that point and, when
    // HTTP streams are on, starts its HTTP proxy and reports its address as HttpUri.
    const { result: capabilities, servers } = await recordHttpServers(async () => getCapabilities({}));
    const httpUri = capabilities.HttpUri;
    if (typeof httpUri === 'string' && httpUri !== '') httpProxy = workerHttpProxy(httpUri, servers);
  }
  registry.finishStartup();
  return { httpProxy };
}

export async function terminateApp(registry: FunctionRegistry, log: HostLog): Promise<void> {
  const context = { hookData: registry.appLevelOnlyHookData, appHookData: registry.appHookData };
  for (const hook of registry.hooksOf('appTerminate')) {
    try {
      await hook(context);
    } catch (error) {
      log('warn', `An appTerminate hook failed: ${messageOf(error)}`);
    }
  }
}
