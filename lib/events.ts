// The event catalog (README.md "Events") and a pure CloudEvents 1.0 builder. Ids are deterministic
// (`<instanceId>/<stage>/<cloud>`, plus `/<n>` for the monitor's recurring events) so subscribers can drop a retried publish; data never carries a secret.
// An event about one site of a fleet carries `data.site`; its `<cloud>` segment is `azureStack-<site>` (the site's
// stamp), `azure-<site>` (what the hub holds of it) or `all-<site>` (both ends of its tunnel: a key rotation), but for
// the site azurestack, whose ids are those of before fleets.
import type { CloudId } from './cloudIds';
import type { IpsecPolicy } from './ipsec';
import { instanceIdFor } from './naming';
import { DEFAULT_SITE_NAME } from './plan/types';
import type { CheckResult } from './preflight/checks';
import type { ReportedStage } from './stages';

export const EVENT_TYPES = {
  provisioningStarted: 'HybridConnection.Provisioning.Started',
  siteReady: 'HybridConnection.Site.Ready',
  gatewayReady: 'HybridConnection.Gateway.Ready',
  connectionConnected: 'HybridConnection.Connection.Connected',
  provisioningSucceeded: 'HybridConnection.Provisioning.Succeeded',
  provisioningFailed: 'HybridConnection.Provisioning.Failed',
  teardownCompleted: 'HybridConnection.Teardown.Completed',
  sharedKeyRotated: 'HybridConnection.SharedKey.Rotated',
  sharedKeyRotationFailed: 'HybridConnection.SharedKey.RotationFailed',
  tunnelDegraded: 'HybridConnection.Tunnel.Degraded',
  tunnelRecovered: 'HybridConnection.Tunnel.Recovered',
  tunnelRepairAttempted: 'HybridConnection.Tunnel.RepairAttempted',
} as const;

export type EventType = (typeof EVENT_TYPES)[keyof typeof EVENT_TYPES];

/**
 * The `<cloud>` segment of ids and subjects: a cloud, `all` for events about the whole connection, or a cloud (or
 * `all`, both ends of its tunnel) and a site (`azureStack-<site>`, `azure-<site>`, `all-<site>`) for events about one
 * site of a fleet.
 */
export type EventCloud = CloudId | 'all' | `${CloudId | 'all'}-${string}`;

/** The segment of an event about `cloud` (undefined: both) and, when it is about one, `site`. */
export function eventCloudOf(cloud: CloudId | undefined, site: string | undefined): EventCloud {
  const segment = cloud ?? 'all';
  return site === undefined || site === DEFAULT_SITE_NAME ? segment : `${segment}-${site}`;
}

export interface SiteSummary {
  subscriptionId: string;
  location: string;
  resourceGroup: string;
  addressSpace: string[];
}

/** A replacing run's change (`PUT /api/connections/{name}`), by site name. */
export interface PlanChangeSummary {
  added: string[];
  removed: string[];
  unchanged: string[];
}

export interface ProvisioningStartedData {
  ticketId?: string;
  /** A replacing run (PUT): the sites it adds, removes and leaves alone. */
  change?: PlanChangeSummary;
  /** The hub (azure) and the first site (azureStack). */
  sites: Record<CloudId, SiteSummary>;
  /** Every site of the plan, by name, in its order. */
  fleet?: Record<string, SiteSummary>;
}

export interface SiteReadyData {
  virtualNetworkId: string;
  gatewayId: string;
  gatewayPublicIp: string;
  vmId: string;
  vmPrivateIp: string;
  addressSpace: string[];
}

export interface GatewayReadyData {
  gatewayId: string;
  gatewaySku: string;
  gatewayPublicIp: string;
  provisioningState: string;
}

export interface ConnectionConnectedData {
  connectionId: string;
  connectionStatus: string;
  /** The policy the connection carries (algorithms and lifetimes are not secret); absent when it uses the default. */
  ipsecPolicy?: IpsecPolicy;
}

export interface ProvisioningSucceededData {
  ticketId?: string;
  /** A replacing run (PUT): the sites it added, removed and left alone. */
  change?: PlanChangeSummary;
  /** true/false when the ping across the tunnel ran, null when options.verifyConnectivity was off. */
  connectivityVerified: boolean | null;
  /** The hub (azure) and the first site (azureStack). */
  sites: Record<CloudId, { gatewayPublicIp: string; vmPrivateIp: string; connectionId: string }>;
  /** Every site of the plan, by name: its side and the hub's connection to it, and its own ping. */
  fleet?: Record<
    string,
    {
      gatewayPublicIp: string;
      vmPrivateIp: string;
      connectionId: string;
      hubConnectionId: string;
      connectivityVerified: boolean | null;
    }
  >;
  /**
   * options.transit with 2+ sites: the ping from site `from`'s VM to site `to`'s through the hub (reachable null when
   * options.verifyConnectivity was off).
   */
  transit?: { from: string; to: string; reachable: boolean | null };
}

/** One failure of a run as events carry it. */
export interface FailureSummary {
  /** Absent when the failure is both clouds' business (the tunnel) or the run cannot tell. */
  cloud?: CloudId;
  /** The site it is about (its stamp, or what the hub holds of it); absent for the hub's shared resources. */
  site?: string;
  /** Where it failed; `unknown` when the run cannot tell (never a guessed stage). */
  stage: ReportedStage;
  /** ARM error code or our error class name (StageTimeoutError, TunnelNotConnectedError ...). */
  code: string;
  httpStatus?: number;
  /** What to do next, from our own error; never ARM's raw response body. */
  hint?: string;
}

/** The first failure's fields (as before `errors`), and every failure: both clouds can fail in one run. */
export interface ProvisioningFailedData extends Omit<FailureSummary, 'cloud'> {
  ticketId?: string;
  /** Every failure, the first one (the fields above) first. */
  errors?: FailureSummary[];
  /** When stage 0 stopped the run: the checks that failed or warned, as the status document has them. */
  preflight?: CheckResult[];
}

export interface TeardownCompletedData {
  /** Resource ids deleted per cloud, in deletion order: the hub's, and the first site's stamp's. */
  deleted: Record<CloudId, string[]>;
  /** A fleet's (or a named site's): each site's stamp's deleted ids, by site. */
  sites?: Record<string, string[]>;
}

/** A shared-key rotation: Key Vault version ids (never the key) and how long neither side read Connected. */
export interface SharedKeyRotatedData {
  /** The rotation's instance id. */
  rotationId: string;
  trigger: 'request' | 'schedule';
  secretName: string;
  previousVersion: string;
  newVersion: string;
  /** Virtual seconds during which neither side read Connected (to within the rotation's poll interval). */
  downtimeSeconds: number;
}

/** A rotation that failed: `state` restored (both sides back on the previous version) or failed (not even that). */
export interface SharedKeyRotationFailedData extends FailureSummary {
  rotationId: string;
  trigger: 'request' | 'schedule';
  secretName: string;
  state: 'restored' | 'failed';
  previousVersion: string | null;
  newVersion: string | null;
  downtimeSeconds: number | null;
}

/** A side's connection as the health monitor read it (never the shared key). */
export interface TunnelHealthData {
  connectionId: string;
  /** connectionStatus as ARM answered, or null when the read failed. */
  connectionStatus: string | null;
  /** The ARM error code of a read that failed. */
  errorCode?: string;
  /** Consecutive reads of this side that were not Connected (0 on Recovered). */
  failedReads: number;
}

export interface TunnelRepairAttemptedData {
  connectionId: string;
  /** What ARM was asked to reset (the connection, or its gateway where the site has no connection reset). */
  action: 'resetConnection' | 'resetGateway';
  /** 1-based count of this side's repairs within the day. */
  attempt: number;
  outcome: 'succeeded' | 'failed' | 'skipped';
  errorCode?: string;
}

export interface EventDataByType {
  'HybridConnection.Provisioning.Started': ProvisioningStartedData;
  'HybridConnection.Site.Ready': SiteReadyData;
  'HybridConnection.Gateway.Ready': GatewayReadyData;
  'HybridConnection.Connection.Connected': ConnectionConnectedData;
  'HybridConnection.Provisioning.Succeeded': ProvisioningSucceededData;
  'HybridConnection.Provisioning.Failed': ProvisioningFailedData;
  'HybridConnection.Teardown.Completed': TeardownCompletedData;
  'HybridConnection.SharedKey.Rotated': SharedKeyRotatedData;
  'HybridConnection.SharedKey.RotationFailed': SharedKeyRotationFailedData;
  'HybridConnection.Tunnel.Degraded': TunnelHealthData;
  'HybridConnection.Tunnel.Recovered': TunnelHealthData;
  'HybridConnection.Tunnel.RepairAttempted': TunnelRepairAttemptedData;
}

/** Per type: the `<stage>` segment and whether the event is about one cloud, the whole connection, or either. */
export const EVENT_CATALOG: Readonly<Record<EventType, { stage: string; scope: 'cloud' | 'all' | 'either' }>> = {
  'HybridConnection.Provisioning.Started': { stage: 'started', scope: 'all' },
  'HybridConnection.Site.Ready': { stage: 'site', scope: 'cloud' },
  'HybridConnection.Gateway.Ready': { stage: 'gateway', scope: 'cloud' },
  'HybridConnection.Connection.Connected': { stage: 'connection', scope: 'cloud' },
  'HybridConnection.Provisioning.Succeeded': { stage: 'succeeded', scope: 'all' },
  'HybridConnection.Provisioning.Failed': { stage: 'failed', scope: 'either' },
  'HybridConnection.Teardown.Completed': { stage: 'teardown', scope: 'all' },
  'HybridConnection.SharedKey.Rotated': { stage: 'keyRotated', scope: 'all' },
  'HybridConnection.SharedKey.RotationFailed': { stage: 'keyRotationFailed', scope: 'all' },
  // Monitor events happen many times in a connection's life: their ids end with a sequence number (BuildEventInput).
  'HybridConnection.Tunnel.Degraded': { stage: 'degraded', scope: 'cloud' },
  'HybridConnection.Tunnel.Recovered': { stage: 'recovered', scope: 'cloud' },
  'HybridConnection.Tunnel.RepairAttempted': { stage: 'repair', scope: 'cloud' },
};

export const DEFAULT_EVENT_SOURCE = '/hybrid-connection';

/** A CloudEvents 1.0 event in its JSON form (time as an ISO string), ready to cross activity boundaries. */
export interface HybridConnectionEvent<T extends EventType = EventType> {
  specversion: '1.0';
  id: string;
  source: string;
  type: T;
  subject: string;
  time: string;
  datacontenttype: 'application/json';
  /** The type's data; `site` too when the event is about one site (BuildEventInput.site). */
  data: EventDataByType[T] & { site?: string };
}

export interface BuildEventInput<T extends EventType> {
  type: T;
  /** The connection name (plan.name). */
  name: string;
  /** Required for per-cloud events, refused for whole-connection ones, optional for Failed. */
  cloud?: CloudId;
  /**
   * The site of a fleet the event is about (with `cloud`, or without for a whole-connection type): it goes into
   * `data.site`, and into the id's and subject's `<cloud>` segment unless it is the site azurestack (eventCloudOf).
   */
  site?: string;
  /** Orchestration time (context.df.currentUtcDateTime), never the wall clock, so replays agree. */
  time: Date | string;
  data: EventDataByType[T];
  source?: string;
  /**
   * The instance the event is about, when it is not the connection's run `hc-<name>`: a rotation's events carry its
   * own instance id (`hc-<name>:rotate-…`), so each rotation's ids differ and a retried publish still repeats one.
   */
  instanceId?: string;
  /**
   * For events that recur (the monitor's): the 1-based occurrence of this type for this cloud, appended to the id
   * (`<instanceId>/<stage>/<cloud>/<sequence>`), so each transition has its own id and a replayed publish the same.
   */
  sequence?: number;
}

export function buildEvent<T extends EventType>(input: BuildEventInput<T>): HybridConnectionEvent<T> {
  const spec = EVENT_CATALOG[input.type];
  if (spec.scope === 'cloud' && input.cloud === undefined) throw new TypeError(`${input.type} needs a cloud`);
  if (spec.scope === 'all' && input.cloud !== undefined) throw new TypeError(`${input.type} is about both clouds`);
  const secrets = findSecretFields(input.data);
  if (secrets.length > 0) throw new TypeError(`event data must not carry secrets: ${secrets.join(', ')}`);

  // A whole-connection event may be about one site's tunnel (a fleet's key rotation); any other names its cloud.
  if (input.site !== undefined && input.cloud === undefined && spec.scope !== 'all')
    throw new TypeError(`${input.type} names a site, no cloud`);
  const cloud = eventCloudOf(input.cloud, input.site);
  const time = typeof input.time === 'string' ? new Date(input.time) : input.time;
  if (Number.isNaN(time.getTime())) throw new TypeError(`invalid event time: ${String(input.time)}`);
  return {
    specversion: '1.0',
    id: eventId(input.name, spec.stage, cloud, input.instanceId, input.sequence),
    source: input.source ?? DEFAULT_EVENT_SOURCE,
    type: input.type,
    subject: eventSubject(input.name, spec.stage, cloud),
    time: time.toISOString(),
    datacontenttype: 'application/json',
    data: input.site !== undefined ? { ...input.data, site: input.site } : input.data,
  };
}

export function eventId(
  name: string,
  stage: string,
  cloud: EventCloud,
  instanceId = instanceIdFor(name),
  sequence?: number,
): string {
  const id = `${instanceId}/${stage}/${cloud}`;
  return sequence === undefined ? id : `${id}/${sequence}`;
}

/** A path, so subscribers can filter by prefix (`connections/contoso/`, `connections/contoso/azure/`). */
export function eventSubject(name: string, stage: string, cloud: EventCloud): string {
  return `connections/${name}/${cloud}/${stage}`;
}

/** The shape @azure/eventgrid's `EventGridPublisherClient<'CloudEvent'>.send` takes (time as a Date). */
export function toPublishedCloudEvent(event: HybridConnectionEvent): {
  type: string;
  source: string;
  id: string;
  time: Date;
  subject: string;
  datacontenttype: string;
  data: unknown;
} {
  return {
    type: event.type,
    source: event.source,
    id: event.id,
    time: new Date(event.time),
    subject: event.subject,
    datacontenttype: event.datacontenttype,
    data: event.data,
  };
}

const SECRET_WORDS = [
  'password',
  'secret',
  'sharedkey',
  'privatekey',
  'token',
  'apikey',
  'accesskey',
  'sastoken',
  'saskey',
  'credential',
  'connectionstring',
];
/** References to secrets (a Key Vault secret's name or URI) are fine; their values are not. */
const REFERENCE_SUFFIXES = ['name', 'uri', 'url', 'id'];

/** Paths of fields in `data` whose names suggest a secret value (e.g. `sharedKey`, `clientSecret`). */
export function findSecretFields(data: unknown, path = 'data'): string[] {
  if (Array.isArray(data)) return data.flatMap((item, index) => findSecretFields(item, `${path}[${index}]`));
  if (typeof data !== 'object' || data === null) return [];
  return Object.entries(data).flatMap(([key, value]) => {
    const lower = key.toLowerCase().replace(/[^a-z]/g, '');
    const isReference = REFERENCE_SUFFIXES.some((suffix) => lower.endsWith(suffix));
    const here = !isReference && (lower === 'key' || SECRET_WORDS.some((word) => lower.includes(word)));
    return [...(here ? [`${path}.${key}`] : []), ...findSecretFields(value, `${path}.${key}`)];
  });
}
