// How long the run a preview describes would take: the longest chain of its true dependencies, each step at its
// site's typical duration when the run has work to do there (create, update; a conflict counts as the work it would
// be once resolved), nothing when it is no-change. The chain is what the clouds impose, not how one version of the
// orchestration happens to order its calls: a local network gateway needs only the peer's public IP and address
// space, a connection its own gateway and its own local network gateway, the ping both VMs and the tunnel. Pure.
import { CLOUD_IDS, peerOf, type CloudId } from '../cloudIds';
import { siteProfile } from '../sites/profiles';
import { kindOfArmType, RESOURCE_KINDS } from '../resourceKinds';
import type { ProgressStage } from '../stages';
import type { ResourceDiff } from './report';

type Step = ProgressStage;

/** What each step waits for, on its own site unless said otherwise. */
const NEEDS: Readonly<Record<Step, readonly { step: Step; peer?: true }[]>> = {
  resourceGroup: [],
  virtualNetwork: [{ step: 'resourceGroup' }],
  publicIp: [{ step: 'resourceGroup' }],
  gateway: [{ step: 'virtualNetwork' }, { step: 'publicIp' }],
  networkInterface: [{ step: 'virtualNetwork' }],
  virtualMachine: [{ step: 'networkInterface' }],
  // The peer gateway's address: at once for a Static public IP, once the peer gateway has it for a Dynamic one.
  localNetworkGateway: [{ step: 'resourceGroup' }, { step: 'publicIp', peer: true }, { step: 'gateway', peer: true }],
  connection: [{ step: 'gateway' }, { step: 'localNetworkGateway' }],
  tunnel: [{ step: 'connection' }, { step: 'connection', peer: true }],
  verify: [{ step: 'tunnel' }, { step: 'virtualMachine' }, { step: 'virtualMachine', peer: true }],
};

/** The step a diff entry's resource belongs to: the stage that creates its kind. */
function stepOfType(type: string): Step | undefined {
  const kind = kindOfArmType(type);
  return kind === undefined ? undefined : RESOURCE_KINDS[kind].stage;
}

export interface EstimateOptions {
  /** Whether the run pings across the tunnel at the end. */
  verifyConnectivity: boolean;
}

/** Whole minutes (rounded up) the run would take, 0 when it has nothing to do. */
export function estimatedMinutes(
  changes: Readonly<Record<CloudId, readonly ResourceDiff[]>>,
  options: EstimateOptions,
): number {
  const busy = (cloud: CloudId, step: Step): boolean => {
    if (step === 'tunnel') return CLOUD_IDS.some((c) => busy(c, 'connection'));
    if (step === 'verify') return options.verifyConnectivity;
    return changes[cloud].some((d) => stepOfType(d.resourceType) === step && d.action !== 'no-change');
  };
  const finish = new Map<string, number>();
  const finishOf = (cloud: CloudId, step: Step): number => {
    const key = `${cloud}/${step}`;
    const known = finish.get(key);
    if (known !== undefined) return known;
    const start = Math.max(0, ...NEEDS[step].map((need) => finishOf(need.peer ? peerOf(cloud) : cloud, need.step)));
    const range = siteProfile(cloud).typicalDurations[step];
    const own = busy(cloud, step) ? (range.minMs + range.maxMs) / 2 : 0;
    finish.set(key, start + own);
    return start + own;
  };
  const longest = Math.max(...CLOUD_IDS.map((cloud) => finishOf(cloud, 'verify')));
  return Math.ceil(longest / 60_000);
}
