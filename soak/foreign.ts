// Resources that are not ours, in the very resource groups the soak's connections use: made before the runs through
// the real SDK clients (as their owner would, with the app's own settings for the simulator), snapshotted as ARM
// shows them, and compared after the runs: each must still be there with the same body, and no write may have
// addressed one. Also: what of a connection is left in the clouds (its tags, or one of the names it derives, which
// catches an OS disk CRP made untagged). The checks are pure: JSON in, findings out.
import type { ArmClients } from '../lib/clouds';
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import { isManagedBy, resourceTags, siteResourceNames } from '../lib/naming';
import { ARM_TYPES } from '../lib/resourceKinds';
import { soakArmClients } from './armClients';
import type { SimResource } from './inventory';
import type { SimProcess } from './simProcess';

/** Where the foreign resources go: a connection's resource group, the same name in both clouds. */
export interface ForeignGroup {
  /** The connection whose group it is. */
  name: string;
  group: string;
  /**
   * Tagged as this connection's (an earlier run of it made the group, someone then put their things in it): teardown
   * must keep it for what it holds. Otherwise the group is someone else's, which the run adopts and never deletes.
   */
  taggedAsOurs: boolean;
}

const LOCATIONS: Record<CloudId, string> = { azure: 'westeurope', azureStack: 'local' };
/** Far from the plans' 10.100.0.0/16 and 10.200.0.0/16: pre-flight has nothing to warn about. */
const FOREIGN_PREFIX = '192.168.50.0/24';
const FOREIGN_SUBNET = '192.168.50.0/26';
/** The other connection whose tags one foreign resource carries. */
export const OTHER_CONNECTION = 'someone-else';
const UPDATE = { updateIntervalInMs: 10 };

/**
 * Per group and cloud: the group, a VNet with a subnet and a NIC in it (untagged), a public IP tagged for another
 * connection (same managed-by, another hc-instance) and an empty disk (untagged).
 */
export async function createForeignResources(sim: SimProcess, groups: readonly ForeignGroup[]): Promise<void> {
  for (const cloud of CLOUD_IDS) {
    const clients = await soakArmClients(sim, cloud);
    for (const group of groups) await createIn(clients, cloud, group);
  }
}

async function createIn(clients: ArmClients, cloud: CloudId, { name, group, taggedAsOurs }: ForeignGroup) {
  const location = LOCATIONS[cloud];
  await clients.resourceManager.resourceGroups.createOrUpdate(group, {
    location,
    ...(taggedAsOurs ? { tags: resourceTags(name) } : {}),
  });
  const network = await clients.network.virtualNetworks.beginCreateOrUpdateAndWait(
    group,
    'vnet-foreign',
    {
      location,
      addressSpace: { addressPrefixes: [FOREIGN_PREFIX] },
      subnets: [{ name: 'snet-foreign', addressPrefix: FOREIGN_SUBNET }],
    },
    UPDATE,
  );
  const subnetId = network.subnets?.[0]?.id;
  if (subnetId === undefined) throw new Error(`${cloud}: the foreign VNet in ${group} came back without its subnet`);
  await clients.network.networkInterfaces.beginCreateOrUpdateAndWait(
    group,
    'nic-foreign',
    {
      location,
      ipConfigurations: [{ name: 'ipconfig1', privateIPAllocationMethod: 'Dynamic', subnet: { id: subnetId } }],
    },
    UPDATE,
  );
  await clients.network.publicIPAddresses.beginCreateOrUpdateAndWait(
    group,
    'pip-foreign',
    {
      location,
      sku: { name: cloud === 'azure' ? 'Standard' : 'Basic' },
      publicIPAllocationMethod: cloud === 'azure' ? 'Static' : 'Dynamic',
      tags: resourceTags(OTHER_CONNECTION),
    },
    UPDATE,
  );
  await clients.compute.disks.beginCreateOrUpdateAndWait(
    group,
    'disk-foreign',
    { location, creationData: { createOption: 'Empty' }, diskSizeGB: 8 },
    UPDATE,
  );
}

/** ARM's view of every resource in the groups (groups themselves and subnets included), by lower-case id. */
export function snapshotGroups(
  resources: Record<CloudId, SimResource[]>,
  groups: readonly ForeignGroup[],
): Map<string, string> {
  const snapshot = new Map<string, string>();
  for (const cloud of CLOUD_IDS) {
    for (const resource of resources[cloud]) {
      if (groupOf(resource.id, groups) === undefined) continue;
      snapshot.set(`${cloud} ${resource.id.toLowerCase()}`, JSON.stringify(resource));
    }
  }
  return snapshot;
}

export interface ForeignFindings {
  /** Resources there before the runs (groups included). */
  before: number;
  /** Those gone since. */
  missing: string[];
  /** Those whose body (tags, properties, etag) is not what it was. */
  changed: string[];
  /** Writes (PUT, PATCH, POST, DELETE) that addressed one of them, or something below it, after the snapshot. */
  writes: string[];
}

export interface LoggedWrite {
  service: string;
  method: string;
  path: string;
  status: number;
}

export function compareForeign(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  requestsSince: readonly LoggedWrite[],
): ForeignFindings {
  const findings: ForeignFindings = { before: before.size, missing: [], changed: [], writes: [] };
  for (const [key, body] of before) {
    const now = after.get(key);
    if (now === undefined) findings.missing.push(key);
    else if (now !== body) findings.changed.push(key);
  }
  // The most specific resource a write addresses: a write below a group counts only when it addresses one of the
  // resources that were there (or something below one), a write to the group itself always.
  const foreign = [...before.keys()].map((key) => {
    const [cloud = '', id = ''] = key.split(' ');
    return { cloud, id };
  });
  for (const request of requestsSince) {
    if (request.method === 'GET' || request.method === 'HEAD') continue;
    const path = request.path.toLowerCase().replace(/\/+$/, '');
    const addressed = foreign
      .filter(({ cloud, id }) => cloud === request.service && (path === id || path.startsWith(`${id}/`)))
      .sort((a, b) => b.id.length - a.id.length)[0];
    if (addressed === undefined || (isGroupId(addressed.id) && path !== addressed.id)) continue;
    findings.writes.push(`${request.service} ${request.method} ${request.path} -> ${request.status}`);
  }
  return findings;
}

/** What of each connection is left in either cloud (subnets aside): its tags, or a name it derives in its group. */
export function oursLeft(
  resources: Record<CloudId, SimResource[]>,
  groups: readonly ForeignGroup[],
): { left: string[]; keptGroups: string[] } {
  const left: string[] = [];
  const keptGroups: string[] = [];
  for (const cloud of CLOUD_IDS) {
    for (const resource of resources[cloud]) {
      if (/\/subnets\//i.test(resource.id)) continue;
      const owner = groups.find(
        (group) => isManagedBy(resource.tags, group.name) || isNamedAsOurs(resource, group, cloud),
      );
      if (owner === undefined) continue;
      // A group of ours that holds someone else's resources is kept on purpose.
      if (isGroupId(resource.id) && owner.taggedAsOurs) keptGroups.push(`${cloud} ${resource.id}`);
      else left.push(`${cloud} ${resource.type ?? '?'} ${resource.id}`);
    }
  }
  return { left, keptGroups };
}

function isNamedAsOurs(resource: SimResource, group: ForeignGroup, cloud: CloudId): boolean {
  if (groupOf(resource.id, [group]) === undefined || isGroupId(resource.id)) return false;
  const names = Object.values(siteResourceNames(group.name, cloud)).map((name) => name.toLowerCase());
  return names.includes(resource.name.toLowerCase());
}

function groupOf(id: string, groups: readonly ForeignGroup[]): ForeignGroup | undefined {
  const group = /\/resourceGroups\/([^/]+)/i.exec(id)?.[1]?.toLowerCase();
  return groups.find((each) => each.group.toLowerCase() === group);
}

function isGroupId(id: string): boolean {
  return /^\/subscriptions\/[^/]+\/resourceGroups\/[^/]+$/i.test(id.replace(/\/+$/, ''));
}

/** Stack Hub OS disks the runs' VMs made that a DELETE of ours removed (answered 2xx): each once, retries aside. */
export function osDiskDeletes(requests: readonly LoggedWrite[], names: readonly string[]): string[] {
  const diskType = `/providers/${ARM_TYPES.osDisk}/`.toLowerCase();
  const wanted = new Set(names.map((name) => siteResourceNames(name, 'azureStack').osDisk.toLowerCase()));
  const paths = requests
    .filter((r) => r.service === 'azureStack' && r.method === 'DELETE' && r.status >= 200 && r.status < 300)
    .map((r) => r.path.toLowerCase())
    .filter((path) => path.includes(diskType) && wanted.has(path.split('/').at(-1) ?? ''));
  return [...new Set(paths)];
}
