// How the status page reads a status it cannot trust (the first paint's, then whatever each refresh fetches): fields
// by the API's own names (lib/api/connectionStatus.ts, checked by the compiler), each value checked before use,
// states mapped to the page's four colours, times and durations. Shipped to the browser as source text (see
// pageDocument.ts): self-contained, its vocabulary comes in as data.
import type {
  ConnectionStatusBody,
  ProvisionSummary,
  SiteAddresses,
  SiteStatusBody,
  StageState,
  TeardownStatusBody,
  TunnelStatus,
} from '../../lib/api/connectionStatus';
import type { SiteRemovalsField, SiteRemovalsWire } from '../../lib/api/siteRemovals';
import type { CloudId } from '../../lib/cloudIds';
import type { Unchecked } from '../../lib/json';
import type { PageVocabulary } from './pageVocabulary';

/** The four colours of the page: every stage, part and badge shows one. */
export type Part = 'pending' | 'running' | 'succeeded' | 'failed';

export type StatusFields = Unchecked<ConnectionStatusBody>;

/** A fleet's site as its spoke shows it: the tunnel's state in words and in colour; `gone` once nothing is left. */
export interface SiteState {
  part: Part;
  words: string;
  gone: boolean;
}

/** A site a replacing run removes: its name, its spoke's state, and how many of its resources are deleted so far. */
export interface RemovedSite {
  name: string;
  state: SiteState;
  deleted: number;
}

export interface Reading {
  /** The value's fields named as `T` names them; none when it is not an object. */
  rec: <T = Record<string, unknown>>(value: unknown) => Unchecked<T>;
  /** Text, or a number as text; anything else is no text. */
  str: (value: unknown) => string;
  /** Cuts text for SVG, which does not wrap. */
  cut: (value: unknown, max: number) => string;
  partOf: (state: unknown) => Part;
  tunnelPart: (state: unknown) => Part;
  /** Only these strings ever become class names. */
  partClass: Record<Part, string>;
  stageIcon: (part: Part) => string;
  isFinishedRuntime: (runtimeStatus: string) => boolean;
  /** The run and any teardown ended: nothing but the live state changes any more. */
  isSettled: (status: unknown) => boolean;
  /** The connection is deleted: not even the live state changes, and the page stops refreshing. */
  isFinished: (status: unknown) => boolean;
  /** The teardown's phase (deleting, deleted, deleteFailed) when one started after the run; undefined otherwise. */
  teardownPhase: (status: StatusFields) => string | undefined;
  ms: (value: unknown) => number | undefined;
  duration: (milliseconds: number) => string;
  /** The latest time the status mentions: when a finished run last changed, on the server's (maybe virtual) clock. */
  latestTime: (status: StatusFields) => number | undefined;
  /** The server's `now`; from a server that sends none, the latest time the status mentions. */
  nowOf: (status: StatusFields) => number | undefined;
  /** Where elapsed times end: the server's now while the run goes, its last change once it ended. */
  endOf: (status: StatusFields) => number | undefined;
  stageMap: (status: StatusFields, cloud: CloudId) => Unchecked<Record<string, StageState>>;
  stageOf: (status: StatusFields, cloud: CloudId, stage: string) => Unchecked<StageState>;
  /** A site's address: from `addresses` (known mid-run), else from the summary of a completed run. */
  addressOf: (status: StatusFields, cloud: CloudId, field: keyof SiteAddresses) => string;
  teardownOf: (status: StatusFields) => Unchecked<TeardownStatusBody>;
  clouds: CloudId[];
  /** Stages in the order the page shows them. */
  stages: string[];
  cloudTitle: (cloud: string) => string;
  stageTitle: (stage: string) => string;
  peerOf: (cloud: CloudId) => CloudId;
  /**
   * Whether the page draws the star: more than one site, a site with a name of its own (not the object form's
   * default), or a site being removed. A single-site connection keeps its blueprint.
   */
  isFleet: (status: StatusFields) => boolean;
  /** The sites of `sites`, in the order sent (the plan's). */
  siteNames: (status: StatusFields) => string[];
  siteOf: (status: StatusFields, site: string) => Unchecked<SiteStatusBody>;
  siteState: (status: StatusFields, site: string) => SiteState;
  /** The sites a replacing run removes (`change.removed`), in the order sent. */
  removedSites: (status: StatusFields) => RemovedSite[];
}

export function createReading(vocabulary: PageVocabulary): Reading {
  const cloudTitles: Record<string, string> = Object.fromEntries(vocabulary.clouds.map((c) => [c.id, c.title]));
  const peers: Record<string, CloudId> = Object.fromEntries(vocabulary.clouds.map((c) => [c.id, c.peer]));
  const stageTitles: Record<string, string> = vocabulary.stageTitles;
  const finished = vocabulary.finishedRuntimeStatuses;

  function rec<T = Record<string, unknown>>(value: unknown): Unchecked<T> {
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
  }

  function str(value: unknown): string {
    return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
  }

  function cut(value: unknown, max: number): string {
    const text = str(value);
    return text.length > max ? `${text.slice(0, max - 1)}…` : text;
  }

  function partOf(state: unknown): Part {
    return state === 'running' || state === 'succeeded' || state === 'failed' ? state : 'pending';
  }

  function tunnelPart(state: unknown): Part {
    if (state === 'connected') return 'succeeded';
    if (state === 'connecting') return 'running';
    if (state === 'notConnected') return 'failed';
    return 'pending';
  }

  function stageIcon(part: Part): string {
    return part === 'succeeded' ? '✔' : part === 'failed' ? '✖' : part === 'running' ? '●' : '○';
  }

  function isFinishedRuntime(runtimeStatus: string): boolean {
    return finished.includes(runtimeStatus);
  }

  function teardownOf(status: StatusFields): Unchecked<TeardownStatusBody> {
    return rec<TeardownStatusBody>(status.teardown);
  }

  function isSettled(status: unknown): boolean {
    const fields = rec<ConnectionStatusBody>(status);
    if (!isFinishedRuntime(str(fields.runtimeStatus))) return false;
    const teardown = teardownOf(fields);
    return teardown.runtimeStatus === undefined || isFinishedRuntime(str(teardown.runtimeStatus));
  }

  function teardownPhase(status: StatusFields): string | undefined {
    const phase = str(status.phase);
    return phase === 'deleting' || phase === 'deleted' || phase === 'deleteFailed' ? phase : undefined;
  }

  function isFinished(status: unknown): boolean {
    return teardownPhase(rec<ConnectionStatusBody>(status)) === 'deleted';
  }

  function ms(value: unknown): number | undefined {
    // ISO 8601 only, as the API sends times: Date.parse alone reads a date out of almost any text.
    const t = typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d/.test(value) ? Date.parse(value) : NaN;
    return Number.isFinite(t) ? t : undefined;
  }

  function duration(milliseconds: number): string {
    const total = Math.max(0, Math.floor(milliseconds / 1000));
    if (total < 60) return `${total}s`;
    const minutes = Math.floor(total / 60);
    if (minutes < 60) return `${minutes}m ${String(total % 60).padStart(2, '0')}s`;
    return `${Math.floor(minutes / 60)}h ${String(minutes % 60).padStart(2, '0')}m`;
  }

  function stageMap(status: StatusFields, cloud: CloudId): Unchecked<Record<string, StageState>> {
    return rec<Record<string, StageState>>(rec<ConnectionStatusBody['stages']>(status.stages)[cloud]);
  }

  function stageOf(status: StatusFields, cloud: CloudId, stage: string): Unchecked<StageState> {
    return rec<StageState>(stageMap(status, cloud)[stage]);
  }

  function latestTime(status: StatusFields): number | undefined {
    let latest: number | undefined;
    const consider = (value: unknown): void => {
      const t = ms(value);
      if (t !== undefined && (latest === undefined || t > latest)) latest = t;
    };
    consider(status.lastUpdatedTime);
    consider(status.createdTime);
    for (const cloud of vocabulary.clouds) {
      for (const stage of Object.values(stageMap(status, cloud.id))) {
        consider(rec<StageState>(stage).startedAt);
        consider(rec<StageState>(stage).endedAt);
      }
    }
    return latest;
  }

  function nowOf(status: StatusFields): number | undefined {
    return ms(status.now) ?? latestTime(status);
  }

  function endOf(status: StatusFields): number | undefined {
    return isFinishedRuntime(str(status.runtimeStatus)) ? latestTime(status) : nowOf(status);
  }

  function siteNames(status: StatusFields): string[] {
    return Object.keys(rec<ConnectionStatusBody['sites']>(status.sites));
  }

  function siteOf(status: StatusFields, site: string): Unchecked<SiteStatusBody> {
    const sites: Record<string, unknown> = rec(status.sites);
    return rec<SiteStatusBody>(Object.hasOwn(sites, site) ? sites[site] : undefined);
  }

  function isFleet(status: StatusFields): boolean {
    const names = siteNames(status);
    return (
      names.length > 1 || names.some((name) => name !== vocabulary.defaultSiteName) || removedSites(status).length > 0
    );
  }

  function siteState(status: StatusFields, name: string): SiteState {
    // Once the connection's teardown started, the run's record of each tunnel stops being true.
    const teardown = teardownPhase(status);
    if (teardown === 'deleting') return { part: 'running', words: 'being torn down', gone: false };
    if (teardown === 'deleted') return { part: 'pending', words: 'torn down', gone: true };
    const site = siteOf(status, name);
    const tunnel = str(rec<TunnelStatus>(site.tunnel).state);
    const failure = rec(site.error);
    if (tunnel === 'connected') return { part: 'succeeded', words: 'Connected', gone: false };
    if (tunnel === 'notConnected') return { part: 'failed', words: 'failed (NotConnected)', gone: false };
    if (str(failure.code) || str(failure.message)) return { part: 'failed', words: 'failed', gone: false };
    if (tunnel === 'connecting') return { part: 'running', words: 'connecting', gone: false };
    // A run that ended leaves a site it never linked as it is: not being built any more.
    if (isFinishedRuntime(str(status.runtimeStatus))) return { part: 'pending', words: 'not linked', gone: false };
    const stages = rec<SiteStatusBody['stages']>(site.stages);
    const started = clouds.some((cloud) =>
      Object.values(rec<Record<string, unknown>>(stages[cloud])).some(
        (stage) => partOf(rec(stage).state) !== 'pending',
      ),
    );
    return started
      ? { part: 'running', words: 'building', gone: false }
      : { part: 'pending', words: 'not started', gone: false };
  }

  function removalState(removal: Unchecked<SiteRemovalsWire['removals'][string]>, status: StatusFields): SiteState {
    if (teardownPhase(status) === 'deleted') return { part: 'pending', words: 'removed', gone: true };
    const state = str(removal.state);
    if (state === 'succeeded') return { part: 'pending', words: 'removed', gone: true };
    if (state === 'running') return { part: 'running', words: 'being removed', gone: false };
    if (state === 'failed') return { part: 'failed', words: 'removal failed', gone: false };
    return { part: 'pending', words: 'to be removed', gone: false };
  }

  function removedSites(status: StatusFields): RemovedSite[] {
    const change = rec<SiteRemovalsWire>(rec<SiteRemovalsField>(status).change);
    const removals: Record<string, unknown> = rec(change.removals);
    const names = Array.isArray(change.removed) ? change.removed.map(str).filter((name) => name !== '') : [];
    return names.map((name) => {
      const removal = rec<SiteRemovalsWire['removals'][string]>(Object.hasOwn(removals, name) ? removals[name] : {});
      const deleted: Record<string, unknown> = rec(removal.deleted);
      const count = clouds.reduce((sum, cloud) => {
        const ids = deleted[cloud];
        return sum + (Array.isArray(ids) ? ids.length : 0);
      }, 0);
      return { name, state: removalState(removal, status), deleted: count };
    });
  }

  function addressOf(status: StatusFields, cloud: CloudId, field: keyof SiteAddresses): string {
    const sent = rec<SiteAddresses>(rec<ConnectionStatusBody['addresses']>(status.addresses)[cloud]);
    const built = rec<SiteAddresses>(
      rec<ProvisionSummary['sites']>(rec<ProvisionSummary>(status.summary).sites)[cloud],
    );
    return str(sent[field]) || str(built[field]);
  }

  const clouds = vocabulary.clouds.map((cloud) => cloud.id);

  return {
    rec,
    str,
    cut,
    partOf,
    tunnelPart,
    partClass: { pending: 'st-pending', running: 'st-running', succeeded: 'st-succeeded', failed: 'st-failed' },
    stageIcon,
    isFinishedRuntime,
    isSettled,
    isFinished,
    teardownPhase,
    ms,
    duration,
    latestTime,
    nowOf,
    endOf,
    stageMap,
    stageOf,
    addressOf,
    teardownOf,
    clouds,
    stages: vocabulary.stages,
    cloudTitle: (cloud) => cloudTitles[cloud] ?? cloud,
    stageTitle: (stage) => stageTitles[stage] ?? stage,
    peerOf: (cloud) => peers[cloud] ?? cloud,
    isFleet,
    siteNames,
    siteOf,
    siteState,
    removedSites,
  };
}
