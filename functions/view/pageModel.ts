// The data a status page is drawn from: the blueprint's fixed layout (taken once from the plan: address spaces,
// subnets, SKUs, resource names) and the live domain status (fetched again and again). Types and the pure function
// that derives the layout; it copies nothing secret from the plan (no key, no SSH key, no secret name).
import { CLOUD_IDS, CLOUD_DISPLAY_NAMES, type CloudId } from '../../lib/cloudIds';
import { siteResourceNames, type SiteResourceNames } from '../../lib/naming';
import { firstPairOf } from '../../lib/plan/pairs';
import { DEFAULT_SITE_NAME } from '../../lib/plan/types';
import type { ResolvedPlan } from '../../lib/plan';

export interface SiteLayout {
  cloud: CloudId;
  title: string;
  location: string;
  resourceGroup: string;
  addressSpace: string[];
  workloadSubnet: string;
  gatewaySubnet: string;
  gatewaySku: string;
  vmSize: string;
  names: Record<DrawnResource, string>;
}

/** The resources the page draws: those of the blueprint's boxes (not the OS disk or the computer name). */
type DrawnResource = Exclude<keyof SiteResourceNames, 'osDisk' | 'computerName'>;

/** A fleet's site as the star labels it. */
export interface FleetSiteLayout {
  location: string;
  addressSpace: string[];
}

export interface PageLayout {
  /** The hub and the first site, as the blueprint of a single-site connection draws them. */
  sites: Record<CloudId, SiteLayout>;
  verifyConnectivity: boolean;
  /** A fleet's every site by name (absent for a single-site plan, whose page draws the blueprint). */
  fleet?: Record<string, FleetSiteLayout>;
}

/** What the page's script is handed (as JSON in the page) and redraws from. */
export interface ConnectionPageData {
  name: string;
  /** API path of the status JSON, without the key: `/api/connections/<name>`. */
  statusPath: string;
  refreshMs: number;
  /** Undefined when the plan could not be read (the blueprint then shows names only). */
  layout?: PageLayout;
  /**
   * The status as `GET /api/connections/{name}` answers it (ConnectionStatusBody), as the page receives it: each
   * refresh brings whatever the server sends, so the renderer reads it by the wire's field names and checks every
   * value (pageReading.ts).
   */
  status: unknown;
}

/** How the page is doing at refreshing, shown in its header. */
export interface RefreshState {
  live: boolean;
  /** A problem to show (offline, key refused ...). */
  note?: string;
  /** Browser time of the last successful refresh (ISO), when there was one. */
  refreshedAt?: string;
}

export interface ListPageData {
  listPath: string;
  refreshMs: number;
  /** The `items` of `GET /api/connections` (ConnectionListItem), read like `status` above. */
  items: unknown[];
  /** The list's `now` (the server's time of the answer), for how long ago each connection changed. */
  now?: unknown;
}

export function layoutOf(fleet: ResolvedPlan): PageLayout {
  // The blueprint's two panels: the hub and the first site (a fleet's page draws the star from `fleet` instead).
  const plan = firstPairOf(fleet);
  const sites = {} as Record<CloudId, SiteLayout>;
  for (const cloud of CLOUD_IDS) {
    const site = plan[cloud];
    sites[cloud] = {
      cloud,
      title: CLOUD_DISPLAY_NAMES[cloud],
      location: site.location,
      resourceGroup: site.resourceGroup,
      addressSpace: [...site.addressSpace],
      workloadSubnet: site.workloadSubnet,
      gatewaySubnet: site.gatewaySubnet,
      gatewaySku: site.gatewaySku,
      vmSize: site.vm.size,
      names: pageNames(plan.name, cloud),
    };
  }
  const isFleet = fleet.azureStack.length > 1 || fleet.azureStack.some((site) => site.name !== DEFAULT_SITE_NAME);
  const fleetSites = Object.fromEntries(
    fleet.azureStack.map((site) => [site.name, { location: site.location, addressSpace: [...site.addressSpace] }]),
  );
  return { sites, verifyConnectivity: plan.options.verifyConnectivity, ...(isFleet ? { fleet: fleetSites } : {}) };
}

/** A layout from names alone, for a page whose plan cannot be read any more. */
export function layoutFromName(name: string): PageLayout {
  const sites = {} as Record<CloudId, SiteLayout>;
  for (const cloud of CLOUD_IDS) {
    sites[cloud] = {
      cloud,
      title: CLOUD_DISPLAY_NAMES[cloud],
      location: '',
      resourceGroup: '',
      addressSpace: [],
      workloadSubnet: '',
      gatewaySubnet: '',
      gatewaySku: '',
      vmSize: '',
      names: pageNames(name, cloud),
    };
  }
  return { sites, verifyConnectivity: true };
}

/** The names of the resources the page draws. */
function pageNames(name: string, cloud: CloudId): SiteLayout['names'] {
  const { osDisk: _osDisk, computerName: _computerName, ...drawn } = siteResourceNames(name, cloud);
  return drawn;
}
