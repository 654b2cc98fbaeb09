// Which model a strict simulator validates a write's body against: per cloud, resource type and method (or action),
// the SDK package the app's generation of clients uses for that cloud, and that package's model. Each package speaks
// one api-version (below); a request at another version the cloud accepts is validated against the package's model
// all the same (simulator/README.md, "Strict mode").
import { dirname } from 'node:path';
import type { CloudName } from '../arm/resourceType';
import { MapperModelSet } from './mapperModels';
import { SdkModelSet } from './sdkModels';
import type { WireSchema } from './wireModel';

/** Whose CloudError a violation becomes: NRP's, CRP's or ARM's own (resource groups). */
export type ModelOwner = 'network' | 'compute' | 'resources';

export interface BodyModel {
  owner: ModelOwner;
  /** e.g. `@azure/arm-network 2026-01-01 VirtualNetwork`, for diagnostics. */
  source: string;
  schema: WireSchema;
}

interface ModelSet {
  has(model: string): boolean;
  model(model: string): WireSchema;
}

interface PackageRef {
  name: string;
  apiVersion: string;
  load(dir: string): ModelSet;
}

const sdk = (name: string, apiVersion: string): PackageRef => ({ name, apiVersion, load: (d) => SdkModelSet.load(d) });
const mappers = (name: string, apiVersion: string): PackageRef => ({
  name,
  apiVersion,
  load: (d) => MapperModelSet.load(d),
});

/** The packages lib/clouds builds each cloud's clients from (Stack Hub compute: arm-compute 25, pinned per call). */
const PACKAGES: Record<CloudName, Record<ModelOwner, PackageRef>> = {
  azure: {
    network: sdk('@azure/arm-network', '2026-01-01'),
    compute: sdk('@azure/arm-compute', '2026-04-01'),
    resources: sdk('@azure/arm-resources', '2025-04-01'),
  },
  azureStack: {
    network: mappers('@azure/arm-network-profile-2020-09-01-hybrid', '2018-11-01'),
    compute: sdk('@azure/arm-compute', '2026-04-01'),
    resources: mappers('@azure/arm-resources-profile-2020-09-01-hybrid', '2019-10-01'),
  },
};

/** `METHOD type[ action]` (lower case) -> owner and model name. */
const MODELS: Record<string, [ModelOwner, string]> = {
  'put microsoft.network/virtualnetworks': ['network', 'VirtualNetwork'],
  'put microsoft.network/virtualnetworks/subnets': ['network', 'Subnet'],
  'put microsoft.network/publicipaddresses': ['network', 'PublicIPAddress'],
  'put microsoft.network/virtualnetworkgateways': ['network', 'VirtualNetworkGateway'],
  'put microsoft.network/localnetworkgateways': ['network', 'LocalNetworkGateway'],
  'put microsoft.network/connections': ['network', 'VirtualNetworkGatewayConnection'],
  'put microsoft.network/connections sharedkey': ['network', 'ConnectionSharedKey'],
  'put microsoft.network/networkinterfaces': ['network', 'NetworkInterface'],
  'patch microsoft.network/virtualnetworks': ['network', 'TagsObject'],
  'patch microsoft.network/publicipaddresses': ['network', 'TagsObject'],
  'patch microsoft.network/virtualnetworkgateways': ['network', 'TagsObject'],
  'patch microsoft.network/localnetworkgateways': ['network', 'TagsObject'],
  'patch microsoft.network/connections': ['network', 'TagsObject'],
  'patch microsoft.network/networkinterfaces': ['network', 'TagsObject'],
  'put microsoft.compute/virtualmachines': ['compute', 'VirtualMachine'],
  'patch microsoft.compute/virtualmachines': ['compute', 'VirtualMachineUpdate'],
  'post microsoft.compute/virtualmachines runcommand': ['compute', 'RunCommandInput'],
  'put microsoft.compute/disks': ['compute', 'Disk'],
  'patch microsoft.compute/disks': ['compute', 'DiskUpdate'],
  'put microsoft.resources/resourcegroups': ['resources', 'ResourceGroup'],
  'patch microsoft.resources/resourcegroups': ['resources', 'ResourceGroupPatchable'],
};

const loaded = new Map<string, ModelSet>();

function modelSet(ref: PackageRef): ModelSet {
  let set = loaded.get(ref.name);
  if (!set) {
    set = ref.load(dirname(require.resolve(`${ref.name}/package.json`)));
    loaded.set(ref.name, set);
  }
  return set;
}

/** The model of a write's body, or undefined when strict mode does not cover that write. */
export function bodyModel(cloud: CloudName, method: string, type: string, action?: string): BodyModel | undefined {
  const key = `${method} ${type}${action === undefined ? '' : ` ${action}`}`.toLowerCase();
  const entry = MODELS[key];
  if (!entry) return undefined;
  const [owner, model] = entry;
  const ref = PACKAGES[cloud][owner];
  const set = modelSet(ref);
  if (!set.has(model)) throw new Error(`strict mode: ${ref.name} has no model ${model}`);
  return { owner, source: `${ref.name} ${ref.apiVersion} ${model}`, schema: set.model(model) };
}
