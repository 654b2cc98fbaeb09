// Adapts a plan written for real clouds (examples/plan.json) to a running simulator: its subscriptions and its Azure
// Stack Hub ARM endpoints. Pure; everything else in the plan (names, address spaces, SKUs, policy) is kept as written.
// A plan of several sites (the array form of azureStack) puts site i on the simulator's stamp i (cycling when the
// simulator serves fewer stamps than the plan has sites).
import type { ReadyInfo } from '../../simulator';
import { isRecord } from '../../lib/json';

export class DemoPlanError extends Error {
  override readonly name = 'DemoPlanError';
}

export function planForSimulator(
  plan: unknown,
  sim: Pick<ReadyInfo, 'azure' | 'azureStack'> & Partial<Pick<ReadyInfo, 'azureStackStamps'>>,
): Record<string, unknown> {
  const sites = isRecord(plan) ? plan.azureStack : undefined;
  const fleet = Array.isArray(sites);
  if (!isRecord(plan) || !isRecord(plan.azure) || !(isRecord(sites) || (fleet && sites.every(isRecord)))) {
    throw new DemoPlanError('the plan needs an "azure" object and an "azureStack" object or array of objects');
  }
  const stamps = sim.azureStackStamps?.length ? sim.azureStackStamps : [sim.azureStack];
  const onStamp = (site: Record<string, unknown>, index: number): Record<string, unknown> => {
    const stamp = stamps[index % stamps.length] ?? sim.azureStack;
    // A site of a fleet is named by its stamp's endpoint alone: a stamp id it carries may be another stamp's.
    const { stamp: _id, ...rest } = site;
    return { ...(fleet ? rest : site), subscriptionId: stamp.subscriptionId, armEndpoint: stamp.armEndpoint };
  };
  // `$schema` helps editors, not the API.
  const rest: Record<string, unknown> = { ...plan };
  delete rest.$schema;
  return {
    ...rest,
    azure: { ...plan.azure, subscriptionId: sim.azure.subscriptionId },
    azureStack: Array.isArray(sites) ? sites.map((site, index) => onStamp(site, index)) : onStamp(sites, 0),
  };
}
