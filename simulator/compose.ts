// Composes the simulator's services on a known origin: every cloud's ARM (Azure and each Azure Stack Hub stamp),
// identity, Key Vault, Event Grid, the request log, throttling, faults and the inspection API, plus the router that
// reaches them. Starts no server itself.
import type { VirtualClock } from '../clock';
import { createArmHandler } from './arm/armHandler';
import type { CloudContext } from './arm/cloud';
import { cloudKeys, stampNumber, stampPathPrefix } from './arm/cloudKeys';
import { cloudLocations } from './arm/locations';
import { OperationRegistry } from './arm/operations';
import type { CloudKey } from './arm/resourceType';
import { InMemoryResourceStore } from './arm/store';
import { ResourceTypeRegistry } from './arm/typeRegistry';
import { defaultAccountState } from './account/accountState';
import { builtinReadApis } from './builtinReadApis';
import { builtinResourceTypes } from './builtinResourceTypes';
import { createEventGridTopic } from './eventgrid';
import { FaultInjector } from './faults/injector';
import type { Route } from './http/server';
import type { SimHandler, SimRequest, SimResponse } from './http/types';
import { createIdentityHandler, isIdentityPath } from './identity/identityHandler';
import type { PrincipalCertificate } from './identity/principalCertificate';
import { builtInServicePrincipal } from './identity/servicePrincipal';
import { bearerValidator, TokenStore, type TokenIssuer } from './identity/tokenStore';
import { createInspector } from './inspection/createInspector';
import { createInspectionHandler } from './inspection/inspectionHandler';
import type { SimulatorInspector } from './inspection/inspector';
import { RequestLog, type ServiceName } from './inspection/requestLog';
import { createKeyVault, type SimKeyVault } from './keyvault';
import { LatencyModel } from './latency/model';
import { publicAddressPool } from './network/publicIpPool';
import type { ResolvedOptions } from './options';
import type { RequestJournal } from './persistence/requestJournal';
import { randomToken, ReseedableStream, seededGuid, seededStream } from './random';
import type { CloudEndpoints, Simulator } from './simulatorTypes';
import { SubscriptionThrottle } from './throttling/subscriptionThrottle';

/** Audiences Azure ARM accepts tokens for (Entra ID issues both for ARM). */
const AZURE_AUDIENCES = ['https://management.azure.com/', 'https://management.core.windows.net/'];
const VAULT_AUDIENCE = 'https://vault.azure.net';
const EVENT_GRID_AUDIENCE = 'https://eventgrid.azure.net';

export interface Composed {
  router: (pathname: string) => Route | undefined;
  endpoints: Omit<
    Simulator,
    'port' | 'caCertPath' | 'caBundlePath' | 'caPem' | 'dataDir' | 'clock' | 'inspect' | 'readyInfo' | 'stop'
  >;
  inspector: SimulatorInspector;
  dispose(): void;
}

/** Builds every service on a known origin and the router that reaches them. */
export function compose(
  config: ResolvedOptions,
  clock: VirtualClock,
  origin: string,
  onError: (error: unknown) => void,
  principalCertificate: PrincipalCertificate,
  /** A persistent simulator's journal: requests are recorded, tokens kept, wall time replayable. */
  journal?: RequestJournal,
): Composed {
  const { seed } = config;
  const principal = builtInServicePrincipal(seed, principalCertificate.registered);
  const wallNow = journal?.clock.wallTime ?? Date.now;
  const tokens = new TokenStore(wallNow, journal && ((accessToken, token) => journal.recordToken(accessToken, token)));
  for (const [accessToken, token] of journal?.savedTokens() ?? []) tokens.restore(accessToken, token);
  const recorded = (handler: SimHandler, shapesState?: (request: SimRequest) => boolean): SimHandler =>
    journal ? journal.recorded(handler, shapesState) : handler;
  const requestLog = new RequestLog();
  const faults = new FaultInjector(seed);
  faults.setPlan(config.faults);
  const throttle = config.throttling === false ? undefined : new SubscriptionThrottle(config.throttling, clock);
  const streams: ReseedableStream[] = [];
  const stream = (name: string): ReseedableStream => {
    const s = new ReseedableStream(seed, name);
    streams.push(s);
    return s;
  };

  const types = new ResourceTypeRegistry();
  const builtin = builtinResourceTypes({ gatewayTunnelLimits: config.gatewayTunnelLimits });
  for (const type of [...builtin, ...config.resourceTypes]) types.register(type);

  const stackIssuer: TokenIssuer = config.azureStackIdentity;
  // Each stamp registers its own ARM application, so each has its own audience (a token for one is refused by
  // another, as ARM does); the first stamp's is what it was before there were several.
  const stackAudience = (stamp: number): string => {
    const guid = seededGuid(seed, stamp === 1 ? 'azure-stack-audience' : `azure-stack-audience-${stamp}`);
    return stackIssuer === 'adfs'
      ? `https://management.adfs.azurestack.local/${guid}`
      : `https://management.hybridconnectionsim.onmicrosoft.com/${guid}`;
  };
  const aadAuthority = `${origin}/${principal.tenantId}`;

  const clouds: CloudContext[] = [];
  const makeCloud = (key: CloudKey): CloudContext => {
    const stamp = stampNumber(key);
    const name = stamp === undefined ? 'azure' : 'azureStack';
    const store = new InMemoryResourceStore();
    const subscriptionId = config.subscriptions[key] ?? seededGuid(seed, `${key}-subscription`);
    const armEndpoint = `${origin}${stamp === undefined ? '/azure' : stampPathPrefix(stamp)}`;
    const issuer: TokenIssuer = name === 'azure' ? 'aad' : stackIssuer;
    return {
      name,
      key,
      subscriptionId,
      tenantId: issuer === 'adfs' ? 'adfs' : principal.tenantId,
      armEndpoint: () => armEndpoint,
      store,
      clouds: () => clouds,
      publicAddressPool: publicAddressPool(name, stamp),
      operations: new OperationRegistry({
        subscriptionId,
        armEndpoint: () => armEndpoint,
        store,
        clock,
        random: stream(`operations:${key}`).next,
        onError,
      }),
      types,
      locations: cloudLocations(name, config.azureStackLocations),
      latency: new LatencyModel(name, stream(`latency:${key}`).next, config.latency[name]),
      clock,
      typeRandom: stream(`types:${key}`).next,
      idRandom: stream(`ids:${key}`).next,
      audiences: stamp === undefined ? AZURE_AUDIENCES : [stackAudience(stamp)],
      issuer,
      authority: () => (issuer === 'adfs' ? `${origin}/adfs` : aadAuthority),
      loginEndpoint: () => (issuer === 'adfs' ? `${origin}/adfs/` : `${origin}/`),
      account: defaultAccountState(name, subscriptionId),
      strict: config.strict,
    };
  };
  for (const key of cloudKeys(config.azureStackStamps)) clouds.push(makeCloud(key));
  const [azureCloud, ...stamps] = clouds;

  const keyVault: SimKeyVault = createKeyVault({
    validateBearer: bearerValidator(tokens, VAULT_AUDIENCE),
    clock,
    authorizationUri: (request) => `${request.url.origin}/${principal.tenantId}`,
    resource: VAULT_AUDIENCE,
    random: stream('keyvault').next,
  });
  const eventGridKey = Buffer.from(randomToken(seededStream(seed, 'event-grid-key'), 32), 'utf8').toString('base64');
  const eventGrid = createEventGridTopic({
    key: eventGridKey,
    clock,
    random: stream('eventgrid').next,
    log: config.log,
    wallNow,
    validateBearer: bearerValidator(tokens, EVENT_GRID_AUDIENCE),
    topicId: `/subscriptions/${azureCloud.subscriptionId}/resourceGroups/hybrid-connection-sim/providers/Microsoft.EventGrid/topics/simulator`,
  });

  const logged =
    (service: ServiceName, handler: SimHandler): SimHandler =>
    async (request: SimRequest): Promise<SimResponse> => {
      const virtualTime = clock.now();
      const response = await handler(request);
      const apiVersion = request.url.searchParams.get('api-version');
      requestLog.record({
        virtualTime,
        service,
        method: request.method,
        path: request.path,
        ...(apiVersion !== null && { apiVersion }),
        status: response.reset ? 0 : response.status,
      });
      return response;
    };
  const armDeps = {
    tokens,
    throttle,
    faults,
    requestLog,
    readApis: builtinReadApis(),
    onError,
    ...(journal && { journal: (request: SimRequest, arrivedAt: number) => journal.record(request, arrivedAt) }),
  };
  const azureArm = createArmHandler(azureCloud, armDeps);
  const stackArms = stamps.map((stamp) => createArmHandler(stamp, armDeps));
  const identity = logged(
    'identity',
    createIdentityHandler({
      principal,
      tokens,
      adfs: stackIssuer === 'adfs',
      knownAudiences: () => [
        ...AZURE_AUDIENCES,
        ...stamps.map((stamp) => stamp.audiences[0]),
        VAULT_AUDIENCE,
        EVENT_GRID_AUDIENCE,
      ],
      random: stream('identity').next,
      wallNow: Date.now,
    }),
  );
  // Reads count too: they draw request ids from the same seeded streams as the writes after them.
  const vault = recorded(logged('keyVault', keyVault.handler));
  const topic = recorded(logged('eventGrid', eventGrid.handler));

  const inspector = createInspector({
    clouds,
    requestLog,
    faults,
    initialFaults: config.faults,
    eventGrid,
    keyVault,
    throttle,
    streams,
    clock,
  });
  // Changes made over HTTP (faults, account settings, reset) are replayed; the clock is the process's own to keep.
  const inspection = recorded(
    createInspectionHandler(inspector),
    (request) => request.method !== 'GET' && !/^\/clock\b/i.test(request.path),
  );

  const router = (pathname: string): Route | undefined => {
    const lower = pathname.toLowerCase();
    const below = (prefix: string): string | undefined =>
      lower === prefix || lower.startsWith(`${prefix}/`) ? pathname.slice(prefix.length) || '/' : undefined;
    let path: string | undefined;
    if ((path = below('/_sim')) !== undefined) return { handler: inspection, path };
    const stamp = /^\/azurestack([1-9]\d*)?(?:\/|$)/.exec(lower);
    if (stamp) {
      const n = stamp[1] === undefined ? 1 : Number(stamp[1]);
      // `/azurestack1` is not a stamp's path: the first stamp is `/azurestack`, as before there were several.
      const handler = n === 1 && stamp[1] !== undefined ? undefined : stackArms[n - 1];
      if (handler && (path = below(stampPathPrefix(n))) !== undefined) return { handler, path };
    }
    if ((path = below('/azure')) !== undefined) return { handler: azureArm, path };
    if ((path = below('/eventgrid')) !== undefined) return { handler: topic, path };
    if (below('/secrets') !== undefined || below('/deletedsecrets') !== undefined)
      return { handler: vault, path: pathname };
    if (isIdentityPath(pathname)) return { handler: identity, path: pathname };
    return undefined;
  };

  const endpoint = (cloud: CloudContext): CloudEndpoints => ({
    armEndpoint: cloud.armEndpoint(),
    subscriptionId: cloud.subscriptionId,
    audience: cloud.audiences[0],
    authorityHost: cloud.issuer === 'adfs' ? `${origin}/adfs` : origin,
    tenantId: cloud.tenantId,
    location: cloud.locations.primary,
  });
  return {
    router,
    endpoints: {
      url: origin,
      azure: endpoint(azureCloud),
      azureStack: endpoint(stamps[0]),
      azureStackStamps: stamps.map(endpoint),
      identity: {
        authorityHost: origin,
        tenantId: principal.tenantId,
        clientId: principal.clientId,
        clientSecret: principal.clientSecret,
        clientCertificatePath: principalCertificate.path,
      },
      keyVaultUrl: `${origin}/`,
      eventGrid: { endpoint: `${origin}/eventgrid/api/events`, key: eventGridKey, topic: eventGrid },
      inspectionUrl: `${origin}/_sim`,
    },
    inspector,
    dispose: () => {
      for (const cloud of clouds) cloud.operations.clear();
      eventGrid.stop();
    },
  };
}
