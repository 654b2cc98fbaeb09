// startSimulator: one HTTPS server on 127.0.0.1 serving a local Azure and Azure Stack Hub (ARM per cloud, identity,
// Key Vault, Event Grid) and the /_sim/ inspection API, all on one origin. It imports nothing from the app.
//
// URL layout (origin https://127.0.0.1:PORT):
//   /azure/…, /azurestack/…           ARM of each cloud (the SDKs keep an endpoint's path prefix, polls included)
//   /{tenant}/…, /adfs/…               Entra ID and AD FS token endpoints (authority host = the origin)
//   /secrets…, /deletedsecrets…        Key Vault (at the root: SecretClient parses ids as https://host/secrets/…)
//   /eventgrid/api/events              Event Grid topic
//   /_sim/…                            inspection API (tests and benchmarks only)
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../clock';
import { compose } from './compose';
import { startHttpsServer, type Route, type RunningServer } from './http/server';
import { resolveOptions, type SimulatorOptions } from './options';
import type { Simulator } from './simulatorTypes';
import { ensurePrincipalCertificate } from './identity/principalCertificate';
import { ensureServerTls } from './tls/certificates';

export { trustCertificateInProcess } from './tls/trust';
export { generateRsaCertificate } from './identity/principalCertificate';
export { bearerValidator, TokenStore } from './identity/tokenStore';
export { isSubscriptionId, SimulatorOptionsError, type SimulatorOptions } from './options';
export type { SimulatorInspector, ClockState, OperationSummary } from './inspection/inspector';
export type { LoggedRequest, RequestCounts, RequestFilter } from './inspection/requestLog';
export type { FaultPlan, FaultRule, FaultKind } from './faults/plan';
export type { InjectedFault } from './faults/injector';
export type { LatencyOverrides, LatencySetting } from './latency/model';

export type { CloudEndpoints, ReadyInfo, Simulator } from './simulatorTypes';
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const config = resolveOptions(options);
  const createdDataDir = config.dataDir === undefined;
  const dataDir = config.dataDir ?? mkdtempSync(join(tmpdir(), 'hybrid-connection-sim-'));
  mkdirSync(dataDir, { recursive: true });
  let server: RunningServer | undefined;
  const ownsClock = config.clock === undefined;
  const clock = config.clock ?? new VirtualClock({ scale: config.timeScale });
  // Crashes of the simulator's own code: the client gets a 500, the log gets the stack.
  const onError = (error: unknown): void =>
    config.log(`simulator: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  try {
    const tls = await ensureServerTls(dataDir);
    const principalCertificate = await ensurePrincipalCertificate(dataDir);
    let router: (pathname: string) => Route | undefined = () => undefined;
    server = await startHttpsServer({
      port: config.port,
      certChain: tls.certChain,
      key: tls.key,
      router: (pathname) => router(pathname),
      onError,
    });
    const running = server;
    const services = compose(config, clock, running.origin, onError, principalCertificate);
    router = services.router;
    let stopped = false;
    const sim: Simulator = {
      ...services.endpoints,
      port: running.port,
      caCertPath: tls.caCertPath,
      caBundlePath: tls.caBundlePath,
      caPem: tls.caPem,
      dataDir,
      clock,
      inspect: services.inspector,
      readyInfo: () => ({
        ready: true,
        url: services.endpoints.url,
        azure: {
          armEndpoint: services.endpoints.azure.armEndpoint,
          subscriptionId: services.endpoints.azure.subscriptionId,
        },
        azureStack: {
          armEndpoint: services.endpoints.azureStack.armEndpoint,
          subscriptionId: services.endpoints.azureStack.subscriptionId,
        },
        identity: { ...services.endpoints.identity },
        keyVaultUrl: services.endpoints.keyVaultUrl,
        eventGrid: { endpoint: services.endpoints.eventGrid.endpoint, key: services.endpoints.eventGrid.key },
        caCertPath: tls.caCertPath,
      }),
      stop: async () => {
        if (stopped) return;
        stopped = true;
        services.dispose();
        await running.close();
        if (ownsClock) clock.dispose();
        if (createdDataDir) rmSync(dataDir, { recursive: true, force: true });
      },
    };
    config.log(`simulator: listening on ${running.origin} (data ${dataDir}, time scale ${clock.scale})`);
    return sim;
  } catch (error) {
    await server?.close();
    if (ownsClock) clock.dispose();
    if (createdDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}
