// What the CLI reads from the connections API, and the narrowing from untrusted JSON into it. The CLI talks to the
// app over HTTP only: these shapes mirror functions/domainStatus.ts but never import it.
import { CLOUD_IDS, type CloudId } from '../../lib/cloudIds';
import { isRecord } from '../../lib/json';

export type StageStateName = 'pending' | 'running' | 'succeeded' | 'failed';

export interface StageView {
  state: StageStateName;
  startedAt?: string;
  endedAt?: string;
  resourceId?: string;
  detail?: string;
}

export interface FailureView {
  code: string;
  message: string;
  cloud?: string;
  stage?: string;
  httpStatus?: number;
  hint?: string;
  diagnosis?: string;
}

export interface TunnelView {
  state: string;
  connectionStatus: Partial<Record<CloudId, string>>;
  diagnosis?: string;
  verify: { state: string; reachable?: boolean; packetsSent?: number; packetsReceived?: number };
}

/** A site's addresses, each once it is known. */
export interface AddressesView {
  vmPrivateIp?: string;
  gatewayPublicIp?: string;
}

export interface TeardownView {
  instanceId: string;
  runtimeStatus: string;
  createdTime: string;
  lastUpdatedTime: string;
  deleted: Partial<Record<CloudId, string[]>>;
  error: FailureView | null;
  /** Every failure of the teardown (`error` is the first); absent from older servers. */
  errors?: FailureView[];
}

/** `GET /api/connections/{name}`, normalised: every cloud present, stages in the order the server sent them. */
export interface ConnectionView {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  createdTime: string;
  lastUpdatedTime: string;
  phase: string | null;
  stages: Record<CloudId, Record<string, StageView>>;
  connection: TunnelView;
  events: string[];
  error: FailureView | null;
  /** Every failure of the run, e.g. both clouds' (`error` is the first); absent from older servers. */
  errors?: FailureView[];
  teardown: TeardownView | null;
  /** Present when Completed; kept as sent (ids and addresses only). */
  summary: Record<string, unknown> | null;
  /** Every cloud: `addresses` as sent (known mid-run), else what the summary of a completed run says. */
  addresses: Record<CloudId, AddressesView>;
  /** Server time of the answer when the API sends one (virtual under a scaled clock). */
  now?: string;
}

export interface ListItemView {
  name: string;
  instanceId: string;
  runtimeStatus: string;
  phase: string | null;
  createdTime: string;
  lastUpdatedTime: string;
}

/** Runtime statuses after which nothing changes any more. */
export const FINISHED_RUNTIME_STATUSES: readonly string[] = ['Completed', 'Failed', 'Terminated', 'Canceled'];

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
  const body = withoutControlCharacters(raw);
  if (!isRecord(body) || typeof body.name !== 'string' || typeof body.runtimeStatus !== 'string') {
    throw new ApiShapeError('the server answered something that is not a connection status');
  }
  const stages = {} as ConnectionView['stages'];
  const rawStages = isRecord(body.stages) ? body.stages : {};
  for (const cloud of CLOUD_IDS) {
    const map: Record<string, StageView> = {};
    const raw = rawStages[cloud];
    if (isRecord(raw)) for (const [stage, value] of Object.entries(raw)) map[stage] = stageOf(value);
    stages[cloud] = map;
  }
  const connection = isRecord(body.connection) ? body.connection : {};
  const verify = isRecord(connection.verify) ? connection.verify : {};
  return {
    name: body.name,
    instanceId: text(body.instanceId),
    runtimeStatus: body.runtimeStatus,
    createdTime: text(body.createdTime),
    lastUpdatedTime: text(body.lastUpdatedTime),
    phase: typeof body.phase === 'string' ? body.phase : null,
    stages,
    connection: {
      state: typeof connection.state === 'string' ? connection.state : 'pending',
      connectionStatus: cloudStrings(connection.connectionStatus),
      ...(typeof connection.diagnosis === 'string' ? { diagnosis: connection.diagnosis } : {}),
      verify: {
        state: typeof verify.state === 'string' ? verify.state : 'pending',
        ...(typeof verify.reachable === 'boolean' ? { reachable: verify.reachable } : {}),
        ...(typeof verify.packetsSent === 'number' ? { packetsSent: verify.packetsSent } : {}),
        ...(typeof verify.packetsReceived === 'number' ? { packetsReceived: verify.packetsReceived } : {}),
      },
    },
    events: Array.isArray(body.events) ? body.events.filter((e): e is string => typeof e === 'string') : [],
    error: failureOf(body.error),
    ...failuresField(body.errors),
    teardown: teardownOf(body.teardown),
    summary: isRecord(body.summary) ? body.summary : null,
    addresses: addressesOf(body.addresses, body.summary),
    ...(typeof body.now === 'string' ? { now: body.now } : {}),
  };
}

export function parseListPage(raw: unknown): { items: ListItemView[]; continuationToken?: string } {
  const body = withoutControlCharacters(raw);
  if (!isRecord(body) || !Array.isArray(body.items)) {
    throw new ApiShapeError('the server answered something that is not a list of connections');
  }
  const items = body.items.filter(isRecord).map((item) => ({
    name: text(item.name),
    instanceId: text(item.instanceId),
    runtimeStatus: text(item.runtimeStatus),
    phase: typeof item.phase === 'string' ? item.phase : null,
    createdTime: text(item.createdTime),
    lastUpdatedTime: text(item.lastUpdatedTime),
  }));
  return typeof body.continuationToken === 'string' && body.continuationToken !== ''
    ? { items, continuationToken: body.continuationToken }
    : { items };
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
  const raw = isRecord(value) ? value : {};
  const state = raw.state;
  return {
    state: state === 'running' || state === 'succeeded' || state === 'failed' ? state : 'pending',
    ...(typeof raw.startedAt === 'string' ? { startedAt: raw.startedAt } : {}),
    ...(typeof raw.endedAt === 'string' ? { endedAt: raw.endedAt } : {}),
    ...(typeof raw.resourceId === 'string' ? { resourceId: raw.resourceId } : {}),
    ...(typeof raw.detail === 'string' ? { detail: raw.detail } : {}),
  };
}

export function failureOf(value: unknown): FailureView | null {
  if (!isRecord(value)) return null;
  return {
    code: text(value.code) || 'Unknown',
    message: text(value.message),
    ...(typeof value.cloud === 'string' ? { cloud: value.cloud } : {}),
    ...(typeof value.stage === 'string' ? { stage: value.stage } : {}),
    ...(typeof value.httpStatus === 'number' ? { httpStatus: value.httpStatus } : {}),
    ...(typeof value.hint === 'string' ? { hint: value.hint } : {}),
    ...(typeof value.diagnosis === 'string' ? { diagnosis: value.diagnosis } : {}),
  };
}

function teardownOf(value: unknown): TeardownView | null {
  if (!isRecord(value)) return null;
  const deleted: TeardownView['deleted'] = {};
  if (isRecord(value.deleted)) {
    for (const cloud of CLOUD_IDS) {
      const ids = value.deleted[cloud];
      if (Array.isArray(ids)) deleted[cloud] = ids.filter((id): id is string => typeof id === 'string');
    }
  }
  return {
    instanceId: text(value.instanceId),
    runtimeStatus: text(value.runtimeStatus),
    createdTime: text(value.createdTime),
    lastUpdatedTime: text(value.lastUpdatedTime),
    deleted,
    error: failureOf(value.error),
    ...failuresField(value.errors),
  };
}

/** `errors` as sent, each normalised like `error`; left out when the server sends none. */
function failuresField(value: unknown): { errors?: FailureView[] } {
  if (!Array.isArray(value)) return {};
  const errors = value.map(failureOf).filter((failure): failure is FailureView => failure !== null);
  return errors.length > 0 ? { errors } : {};
}

/** An older server sends no `addresses`: fall back to the summary, which has them once the run completed. */
function addressesOf(addresses: unknown, summary: unknown): Record<CloudId, AddressesView> {
  const sent = isRecord(addresses) ? addresses : {};
  const built = isRecord(summary) && isRecord(summary.sites) ? summary.sites : {};
  const out = {} as Record<CloudId, AddressesView>;
  for (const cloud of CLOUD_IDS) {
    const view: AddressesView = {};
    for (const field of ['vmPrivateIp', 'gatewayPublicIp'] as const) {
      const value = [sent[cloud], built[cloud]]
        .map((source) => (isRecord(source) ? source[field] : undefined))
        .find((candidate): candidate is string => typeof candidate === 'string' && candidate !== '');
      if (value !== undefined) view[field] = value;
    }
    out[cloud] = view;
  }
  return out;
}

function cloudStrings(value: unknown): Partial<Record<CloudId, string>> {
  const out: Partial<Record<CloudId, string>> = {};
  if (!isRecord(value)) return out;
  for (const cloud of CLOUD_IDS) if (typeof value[cloud] === 'string') out[cloud] = value[cloud];
  return out;
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
