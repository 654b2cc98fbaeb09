// A fleet's parts of a connection's status as the CLI reads them: the hub's shared stages (`hub`), each site of
// `sites` (its stages on both sides, its tunnel, the hub VM's ping, its addresses and failure) and the sites a
// replacing run removes (`change.removed`), narrowed from untrusted JSON like the rest of the view (apiTypes.ts).
// Read only for a fleet (more than one site, or one with a name of its own): a single-site connection's view stays
// what it was, its `stages` being its one site's. States are kept as the text sent.
import type { ConnectionStatusBody, SiteStatusBody } from '../../lib/api/connectionStatus';
import type { SiteRemovalsField, SiteRemovalsWire } from '../../lib/api/siteRemovals';
import { CLOUD_IDS, type CloudId } from '../../lib/cloudIds';
import { isRecord, uncheckedOf, type Unchecked } from '../../lib/json';
import { DEFAULT_SITE_NAME } from '../../lib/plan/types';
import type { AddressesView, FailureView, StageView, TunnelView } from './apiTypes';

/** How apiTypes reads each part (passed in so the two files do not import each other). */
export interface FleetReaders {
  stage: (value: unknown) => StageView;
  failure: (value: unknown) => FailureView | null;
  tunnel: (tunnel: unknown, verify: unknown) => TunnelView;
  addresses: (value: unknown) => AddressesView;
}

/** One site of `sites`: its stamp's stages under `azureStack`, the hub's for it under `azure`. */
export interface SiteView {
  name: string;
  stages: Record<CloudId, Record<string, StageView>>;
  /** Its tunnel and the hub VM's ping of its VM. */
  tunnel: TunnelView;
  addresses: AddressesView;
  error: FailureView | null;
}

/** A site a replacing run removes: its removal's state as sent ('' before it started) and the ids deleted so far. */
export interface RemovedSiteView {
  name: string;
  state: string;
  deleted: number;
}

export interface FleetView {
  hub: { stages: Record<string, StageView>; addresses: AddressesView };
  /** In the plan's order, as sent. */
  sites: SiteView[];
  removed: RemovedSiteView[];
}

type FleetFields = Unchecked<Pick<ConnectionStatusBody, 'sites' | 'hub'> & SiteRemovalsField>;

/** The fleet of a status, or undefined for a single-site connection (and from a server that sends no `sites`). */
export function parseFleet(body: FleetFields, read: FleetReaders): FleetView | undefined {
  const sent = uncheckedOf<Record<string, unknown>>(body.sites);
  const names = Object.keys(sent);
  const removed = removedOf(body.change);
  const isFleet = names.length > 1 || names.some((name) => name !== DEFAULT_SITE_NAME) || removed.length > 0;
  if (!isFleet) return undefined;
  const hub = uncheckedOf<ConnectionStatusBody['hub']>(body.hub);
  return {
    hub: { stages: stageMapOf(hub.stages, read), addresses: read.addresses(hub.addresses) },
    sites: names.map((name) => siteOf(name, sent[name], read)),
    removed,
  };
}

function siteOf(name: string, value: unknown, read: FleetReaders): SiteView {
  const site = uncheckedOf<SiteStatusBody>(value);
  const stages = uncheckedOf<SiteStatusBody['stages']>(site.stages);
  return {
    name,
    stages: { azure: stageMapOf(stages.azure, read), azureStack: stageMapOf(stages.azureStack, read) },
    tunnel: read.tunnel(site.tunnel, site.verify),
    addresses: read.addresses(site.addresses),
    error: read.failure(site.error),
  };
}

function stageMapOf(value: unknown, read: FleetReaders): Record<string, StageView> {
  const map: Record<string, StageView> = {};
  if (isRecord(value)) for (const [stage, state] of Object.entries(value)) map[stage] = read.stage(state);
  return map;
}

function removedOf(value: unknown): RemovedSiteView[] {
  const change = uncheckedOf<SiteRemovalsWire>(value);
  const removals = uncheckedOf<SiteRemovalsWire['removals']>(change.removals);
  const names = Array.isArray(change.removed)
    ? change.removed.filter((name): name is string => typeof name === 'string' && name !== '')
    : [];
  return names.map((name) => {
    const removal = uncheckedOf<SiteRemovalsWire['removals'][string]>(
      Object.hasOwn(removals, name) ? removals[name] : undefined,
    );
    const deleted = uncheckedOf<Record<CloudId, unknown>>(removal.deleted);
    const count = CLOUD_IDS.reduce((sum, cloud) => {
      const ids = deleted[cloud];
      return sum + (Array.isArray(ids) ? ids.length : 0);
    }, 0);
    return { name, state: typeof removal.state === 'string' ? removal.state : '', deleted: count };
  });
}
