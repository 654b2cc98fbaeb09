// startSimulator: one HTTPS server on 127.0.0.1 serving a local Azure and one or more Azure Stack Hub stamps (ARM per
// cloud, identity, Key Vault, Event Grid) and the /_sim/ inspection API, all on one origin. It imports nothing from the
// app.
//
// URL layout (origin https://127.0.0.1:PORT):
//   /azure/…, /azurestack/…           ARM of each cloud (the SDKs keep an endpoint's path prefix, polls included)
//   /azurestack2/…, /azurestack3/…     ARM of stamps 2, 3… (option azureStackStamps)
//   /{tenant}/…, /adfs/…               Entra ID and AD FS token endpoints (authority host = the origin)
//   /secrets…, /deletedsecrets…        Key Vault (at the root: SecretClient parses ids as https://host/secrets/…)
//   /eventgrid/api/events              Event Grid topic
//   /_sim/…                            inspection API (tests and benchmarks only)
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { VirtualClock } from '../clock';
import { compose } from './compose';
import type { Route, RunningServer } from './http/server';
import { resolveOptions, type SimulatorOptions } from './options';
import { ReplayClock } from './persistence/replayClock';
import { checkReplayOptions } from './persistence/replayOptions';
import { listenOnRecordedPort, recordPort, servedPort } from './persistence/servedPort';
import { RequestJournal } from './persistence/requestJournal';
import { StateDatabase } from './persistence/stateDatabase';
import type { Simulator } from './simulatorTypes';
import { ensurePrincipalCertificate } from './identity/principalCertificate';
import { ensureServerTls } from './tls/certificates';

export { trustCertificateInProcess } from './tls/trust';
export { generateRsaCertificate } from './identity/principalCertificate';
export { bearerValidator, TokenStore } from './identity/tokenStore';
export { isSubscriptionId, SimulatorOptionsError, type SimulatorOptions } from './options';
export { SimulatorStateError, STATE_FILE } from './persistence/stateDatabase';
export type { SimulatorInspector, ClockState, OperationSummary } from './inspection/inspector';
export type { LoggedRequest, RequestCounts, RequestFilter } from './inspection/requestLog';
export type { FaultPlan, FaultRule, FaultKind } from './faults/plan';
export type { InjectedFault } from './faults/injector';
export type { LatencyOverrides, LatencySetting } from './latency/model';

export type { CloudEndpoints, ReadyInfo, Simulator } from './simulatorTypes';
export type { CloudKey } from './arm/resourceType';
export { MAX_AZURE_STACK_STAMPS } from './arm/cloudKeys';
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const config = resolveOptions(options);
  const createdDataDir = config.dataDir === undefined;
  const dataDir = config.dataDir ?? mkdtempSync(join(tmpdir(), 'hybrid-connection-sim-'));
  mkdirSync(dataDir, { recursive: true });
  let server: RunningServer | undefined;
  let database: StateDatabase | undefined;
  const ownsClock = config.clock === undefined;
  const liveClock = config.clock ?? new VirtualClock({ scale: config.timeScale });
  // Crashes of the simulator's own code: the client gets a 500, the log gets the stack.
  const onError = (error: unknown): void =>
    config.log(`simulator: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  try {
    database = config.persistState ? StateDatabase.open(dataDir) : undefined;
    if (database) checkReplayOptions(database, config, dataDir);
    const port = servedPort(config.port, database, dataDir);
    // A persistent simulator's services run on a clock that can replay the journal's times first.
    const replayClock = database && new ReplayClock(liveClock, database.firstVirtualTime());
    const clock = replayClock ?? liveClock;
    const tls = await ensureServerTls(dataDir);
    const principalCertificate = await ensurePrincipalCertificate(dataDir);
    let router: (pathname: string) => Route | undefined = () => STARTING;
    server = await listenOnRecordedPort(port, database, dataDir, {
      certChain: tls.certChain,
      key: tls.key,
      router: (pathname) => router(pathname),
      onError,
    });
    if (database) recordPort(database, server.port);
    const running = server;
    const journal = database && replayClock && new RequestJournal(database, replayClock);
    const services = compose(config, clock, running.origin, onError, principalCertificate, journal);
    if (journal && replayClock) {
      const replayed = await journal.replay(services.router, onError);
      replayClock.goLive();
      if (replayed > 0) config.log(`simulator: state restored from ${journal.file} (${replayed} requests replayed)`);
    }
    router = services.router;
    const openDatabase = database;
    let stopped = false;
    const sim: Simulator = {
      ...services.endpoints,
      port: running.port,
      caCertPath: tls.caCertPath,
      caBundlePath: tls.caBundlePath,
      caPem: tls.caPem,
      dataDir,
      clock: liveClock,
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
        azureStackStamps: services.endpoints.azureStackStamps.map(({ armEndpoint, subscriptionId }) => ({
          armEndpoint,
          subscriptionId,
        })),
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
        openDatabase?.close();
        replayClock?.dispose();
        if (ownsClock) liveClock.dispose();
        if (createdDataDir) rmSync(dataDir, { recursive: true, force: true });
      },
    };
    config.log(`simulator: listening on ${running.origin} (data ${dataDir}, time scale ${clock.scale})`);
    return sim;
  } catch (error) {
    await server?.close();
    database?.close();
    if (ownsClock) liveClock.dispose();
    if (createdDataDir) rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
}

/** What a request gets while a restarted simulator replays its journal: come back in a second, as ARM would say. */
const STARTING: Route = {
  path: '/',
  handler: () => ({
    status: 503,
    headers: { 'Retry-After': '1' },
    body: { error: { code: 'ServiceUnavailable', message: 'The simulator is restoring its state; retry shortly.' } },
  }),
};
