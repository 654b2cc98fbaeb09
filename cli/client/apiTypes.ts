// What the CLI reads from the connections API, and the narrowing from untrusted JSON into it. The CLI talks to the
// app over HTTP only: its views derive from the API's wire types (lib/api/connectionStatus.ts, which the app builds)
// and widen only where the CLI tolerates more than this app sends (older servers, states a newer one may add).
import {
  FINISHED_RUNTIME_STATUSES,
  type ConnectionListBody,
  type ConnectionListItem,
  type ConnectionStatusBody,
  type FailureInfo,
  type LiveCloudError,
  type LiveCloudState,
  type LiveConnection,
  type LiveResource,
  type LiveState,
  type ProvisionSummary,
  type SiteAddresses,
  type StageState,
  type TeardownStatusBody,
  type TunnelStatus,
  type VerifyStatus,
} from '../../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../../lib/cloudIds';
import { isRecord, uncheckedOf, type Unchecked } from '../../lib/json';
import { parseMonitor, parseRotations, type MonitorView, type RotationView } from './dayTwoViews';
import { parseFleet, type FleetView } from './fleetViews';

/** A stage as sent; a state this CLI does not know reads as pending. */
export type StageView = StageState;

/** A failure as sent; its cloud, stage and diagnosis are shown as the text the server sends. */
export type FailureView = Omit<FailureInfo, 'cloud' | 'stage' | 'diagnosis'> & {
  cloud?: string;
  stage?: string;
  diagnosis?: string;
};

/** The tunnel as sent, every state shown as its text; `connectionStatus` always present (maybe empty). */
export interface TunnelView {
  state: string;
  connectionStatus: Partial<Record<CloudId, string>>;
  diagnosis?: string;
  verify: Omit<VerifyStatus, 'state'> & { state: string };
}

/** A site's addresses, each once it is known. */
export type AddressesView = SiteAddresses;

export type TeardownView = Omit<TeardownStatusBody, 'error' | 'errors'> & {
  error: FailureView | null;
  /** Every failure of the teardown (`error` is the first); absent from older servers. */
  errors?: FailureView[];
};

/** `GET /api/connections/{name}`, normalised: every cloud present, stages in the order the server sent them. */
export type ConnectionView = Pick<
  ConnectionStatusBody,
  'name' | 'instanceId' | 'runtimeStatus' | 'createdTime' | 'lastUpdatedTime' | 'now' | 'events'
> & {
  phase: string | null;
  /** Per cloud, every stage the server sent, by its name. */
  stages: Record<CloudId, Record<string, StageView>>;
  connection: TunnelView;
  error: FailureView | null;
  /** Every failure of the run, e.g. both clouds' (`error` is the first); absent from older servers. */
  errors?: FailureView[];
  teardown: TeardownView | null;
  /** Present when Completed; kept as sent (ids and addresses only). */
  summary: Unchecked<ProvisionSummary> | null;
  /** Every cloud: `addresses` as sent (known mid-run), else what the summary of a completed run says. */
  addresses: Record<CloudId, AddressesView>;
  /** With `?live=true` only (`status --live`). */
  live?: LiveView;
  /** The health monitor once provisioning succeeded; null before, or from a server that sends none (always set by
   * parseConnectionView; optional for views made by hand). */
  monitor?: MonitorView | null;
  /** Key rotations, newest first; empty from a server that sends none (always set by parseConnectionView). */
  rotations?: RotationView[];
  /** A fleet's hub and every site (absent for a single-site connection, whose site `stages` and `connection` are). */
  fleet?: FleetView;
};

/** A cloud of `live`: what ARM answered, or why it could not be read. */
export type LiveCloudView = LiveCloudState | LiveCloudError;

/** `live` as sent; a cloud it does not carry is left out. */
export type LiveView = { readAt: string } & Partial<Record<CloudId, LiveCloudView>>;

export function isLiveError(cloud: LiveCloudView): cloud is LiveCloudError {
  return 'error' in cloud;
}

export type ListItemView = Omit<ConnectionListItem, 'phase' | 'statusUrl'> & { phase: string | null };

export function isFinished(runtimeStatus: string): boolean {
  return FINISHED_RUNTIME_STATUSES.includes(runtimeStatus);
}

/** A finished run that did not build the connection (Failed, Terminated, Canceled, or an error recorded). */
export function hasFailed(view: Pick<ConnectionView, 'runtimeStatus' | 'error'>): boolean {
  return isFinished(view.runtimeStatus) && (view.runtimeStatus !== 'Completed' || view.error !== null);
}

export class ApiShapeError extends Error {
  override readonly name = 'ApiShapeError';
}

export function parseConnectionView(raw: unknown): ConnectionView {
  const sent = withoutControlCharacters(raw);
  const body = uncheckedOf<ConnectionStatusBody>(sent);
  if (!isRecord(sent) || typeof body.name !== 'string' || typeof body.runtimeStatus !== 'string') {
    throw new ApiShapeError('the server answered something that is not a connection status');
  }
  const stages = {} as ConnectionView['stages'];
  const sentStages = uncheckedOf<ConnectionStatusBody['stages']>(body.stages);
  for (const cloud of CLOUD_IDS) {
    const map: Record<string, StageView> = {};
    const raw = sentStages[cloud];
    if (isRecord(raw)) for (const [stage, value] of Object.entries(raw)) map[stage] = stageOf(value);
    stages[cloud] = map;
  }
  const connection = uncheckedOf<ConnectionStatusBody['connection']>(body.connection);
  const fleet = parseFleet(body, { stage: stageOf, failure: failureOf, tunnel: tunnelOf, addresses: siteAddressesOf });
  return {
    name: body.name,
    instanceId: text(body.instanceId),
    runtimeStatus: body.runtimeStatus,
    createdTime: text(body.createdTime),
    lastUpdatedTime: text(body.lastUpdatedTime),
    // Empty from a server older than `now`: the CLI then estimates the server's time (ServerClock).
    now: text(body.now),
    phase: typeof body.phase === 'string' ? body.phase : null,
    stages,
    connection: tunnelOf(connection, connection.verify),
    events: Array.isArray(body.events) ? body.events.filter((e): e is string => typeof e === 'string') : [],
    error: failureOf(body.error),
    ...failuresField(body.errors),
    teardown: teardownOf(body.teardown),
    summary: isRecord(body.summary) ? body.summary : null,
    addresses: addressesOf(body.addresses, body.summary),
    ...liveField(body.live),
    monitor: parseMonitor(body.monitor, failureOf),
    rotations: parseRotations(body.rotations, failureOf),
    ...(fleet ? { fleet } : {}),
  };
}

/** A tunnel and its ping (the connection's, or a fleet's site's), every state as the text sent. */
function tunnelOf(value: unknown, verifyValue: unknown): TunnelView {
  const tunnel = uncheckedOf<TunnelStatus>(value);
  const verify = uncheckedOf<VerifyStatus>(verifyValue);
  return {
    state: typeof tunnel.state === 'string' ? tunnel.state : 'pending',
    connectionStatus: cloudStrings(tunnel.connectionStatus),
    ...(typeof tunnel.diagnosis === 'string' ? { diagnosis: tunnel.diagnosis } : {}),
    verify: {
      state: typeof verify.state === 'string' ? verify.state : 'pending',
      ...fieldsOf(verify, ['reachable'], (value) => typeof value === 'boolean'),
      ...fieldsOf(verify, ['packetsSent', 'packetsReceived'], isNumber),
    },
  };
}

export interface ListPageView {
  items: ListItemView[];
  continuationToken?: string;
  /** The server's time of the answer; absent from servers older than it. */
  now?: string;
}

export function parseListPage(raw: unknown): ListPageView {
  const sent = withoutControlCharacters(raw);
  const body = uncheckedOf<ConnectionListBody>(sent);
  if (!isRecord(sent) || !Array.isArray(body.items)) {
    throw new ApiShapeError('the server answered something that is not a list of connections');
  }
  const items = body.items.filter(isRecord).map((sentItem): ListItemView => {
    const item: Unchecked<ConnectionListItem> = sentItem;
    return {
      name: text(item.name),
      instanceId: text(item.instanceId),
      runtimeStatus: text(item.runtimeStatus),
      phase: typeof item.phase === 'string' ? item.phase : null,
      createdTime: text(item.createdTime),
      lastUpdatedTime: text(item.lastUpdatedTime),
    };
  });
  return {
    items,
    ...(typeof body.continuationToken === 'string' && body.continuationToken !== ''
      ? { continuationToken: body.continuationToken }
      : {}),
    ...(typeof body.now === 'string' && body.now !== '' ? { now: body.now } : {}),
  };
}

/** `{"errors":[{path,message}]}` of a 400, as `path: message` pairs. */
export function validationErrorsOf(body: unknown): { path: string; message: string }[] {
  if (!isRecord(body) || !Array.isArray(body.errors)) return [];
  return body.errors.filter(isRecord).map((error) => ({ path: text(error.path), message: text(error.message) }));
}

/** `{"error":{code,message}}` of the API's other refusals. */
export function apiErrorOf(body: unknown): { code: string; message: string } | undefined {
  if (!isRecord(body) || !isRecord(body.error)) return undefined;
  return { code: text(body.error.code), message: text(body.error.message) };
}

function stageOf(value: unknown): StageView {
  const sent = uncheckedOf<StageState>(value);
  const state = sent.state;
  return {
    state: state === 'running' || state === 'succeeded' || state === 'failed' ? state : 'pending',
    ...fieldsOf(sent, ['startedAt', 'endedAt', 'resourceId', 'detail'], isText),
  };
}

function failureOf(value: unknown): FailureView | null {
  if (!isRecord(value)) return null;
  const sent: Unchecked<FailureInfo> = value;
  return {
    code: text(sent.code) || 'Unknown',
    message: text(sent.message),
    ...fieldsOf(sent, ['cloud', 'site', 'stage'], isText),
    ...fieldsOf(sent, ['httpStatus'], isNumber),
    ...fieldsOf(sent, ['hint', 'diagnosis'], isText),
  };
}

function teardownOf(value: unknown): TeardownView | null {
  if (!isRecord(value)) return null;
  const sent: Unchecked<TeardownStatusBody> = value;
  const deleted: TeardownView['deleted'] = {};
  const sentDeleted = uncheckedOf<TeardownStatusBody['deleted']>(sent.deleted);
  for (const cloud of CLOUD_IDS) {
    const ids = sentDeleted[cloud];
    if (Array.isArray(ids)) deleted[cloud] = ids.filter((id): id is string => typeof id === 'string');
  }
  return {
    instanceId: text(sent.instanceId),
    runtimeStatus: text(sent.runtimeStatus),
    createdTime: text(sent.createdTime),
    lastUpdatedTime: text(sent.lastUpdatedTime),
    deleted,
    error: failureOf(sent.error),
    ...failuresField(sent.errors),
  };
}

/** `live` as sent, every value checked; left out when the server sends none. */
function liveField(value: unknown): { live?: LiveView } {
  if (!isRecord(value)) return {};
  const sent = uncheckedOf<LiveState>(value);
  const live: LiveView = { readAt: text(sent.readAt) };
  for (const cloud of CLOUD_IDS) {
    const side = liveCloudOf(sent[cloud]);
    if (side) live[cloud] = side;
  }
  return { live };
}

function liveCloudOf(value: unknown): LiveCloudView | undefined {
  if (!isRecord(value)) return undefined;
  if (isRecord(value.error)) return { error: { code: text(value.error.code), message: text(value.error.message) } };
  const sent = uncheckedOf<LiveCloudState>(value);
  const resources = Array.isArray(sent.resources) ? sent.resources.filter(isRecord) : [];
  return {
    resources: resources.map((resource): LiveResource => {
      const fields = uncheckedOf<LiveResource>(resource);
      return {
        id: text(fields.id),
        provisioningState: isText(fields.provisioningState) ? fields.provisioningState : null,
      };
    }),
    connection: isRecord(sent.connection) ? liveConnectionOf(sent.connection) : null,
    gatewayIpAddress: isText(sent.gatewayIpAddress) ? sent.gatewayIpAddress : null,
  };
}

function liveConnectionOf(value: Record<string, unknown>): LiveConnection {
  const sent = uncheckedOf<LiveConnection>(value);
  return {
    connectionStatus: isText(sent.connectionStatus) ? sent.connectionStatus : null,
    ingressBytesTransferred: isNumber(sent.ingressBytesTransferred) ? sent.ingressBytesTransferred : null,
    egressBytesTransferred: isNumber(sent.egressBytesTransferred) ? sent.egressBytesTransferred : null,
  };
}

/** `errors` as sent, each normalised like `error`; left out when the server sends none. */
function failuresField(value: unknown): { errors?: FailureView[] } {
  if (!Array.isArray(value)) return {};
  const errors = value.map(failureOf).filter((failure): failure is FailureView => failure !== null);
  return errors.length > 0 ? { errors } : {};
}

/** One site's addresses as sent, each once it is known. */
function siteAddressesOf(value: unknown): AddressesView {
  const sent = uncheckedOf<SiteAddresses>(value);
  return fieldsOf(sent, ['vmPrivateIp', 'gatewayPublicIp'], (field): field is string => isText(field) && field !== '');
}

/** An older server sends no `addresses`: fall back to the summary, which has them once the run completed. */
function addressesOf(addresses: unknown, summary: unknown): Record<CloudId, AddressesView> {
  const sent = uncheckedOf<ConnectionStatusBody['addresses']>(addresses);
  const built = uncheckedOf<ProvisionSummary['sites']>(uncheckedOf<ProvisionSummary>(summary).sites);
  const out = {} as Record<CloudId, AddressesView>;
  for (const cloud of CLOUD_IDS) {
    const view: AddressesView = {};
    for (const field of ['vmPrivateIp', 'gatewayPublicIp'] as const) {
      const value = [sent[cloud], built[cloud]]
        .map((source) => uncheckedOf<SiteAddresses>(source)[field])
        .find((candidate): candidate is string => typeof candidate === 'string' && candidate !== '');
      if (value !== undefined) view[field] = value;
    }
    out[cloud] = view;
  }
  return out;
}

function cloudStrings(value: unknown): Partial<Record<CloudId, string>> {
  return fieldsOf(uncheckedOf<Record<CloudId, string>>(value), CLOUD_IDS, isText);
}

/** The named fields of `sent` whose value passes `is`, as sent; the others left out. */
function fieldsOf<T, K extends keyof T, V>(
  sent: Unchecked<T>,
  keys: readonly K[],
  is: (value: unknown) => value is V,
): Partial<Record<K, V>> {
  const out: Partial<Record<K, V>> = {};
  for (const key of keys) {
    const value = sent[key];
    if (is(value)) out[key] = value;
  }
  return out;
}

function isText(value: unknown): value is string {
  return typeof value === 'string';
}

function isNumber(value: unknown): value is number {
  return typeof value === 'number';
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

/**
 * A copy with control characters in every string replaced: whatever the server (or a resource name, or an ARM
 * message) carries, nothing printed from it can move the cursor or recolour the terminal.
 */
export function withoutControlCharacters(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(CONTROL, '?');
  if (Array.isArray(value)) return value.map(withoutControlCharacters);
  if (isRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) out[key] = withoutControlCharacters(child);
    return out;
  }
  return value;
}
