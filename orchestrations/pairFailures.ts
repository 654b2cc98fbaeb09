// Where a failure of a pair's run sits when it does not say (the first stage still running, else the phase's own
// stage), and how a pair's status ends when its run stopped: running stages failed, the tunnel and the ping with them.
import type { ConnectionPhase, FailureInfo } from '../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import { SITE_STAGES, type Stage } from '../lib/stages';
import { failRunningStages, runningStage } from './stageMap';
import type { PairStatus } from './statusTypes';

/** Where to pin a failure that does not say: the first stage still running, else the phase's own stage, if any. */
export function blame(status: PairStatus): { cloud?: CloudId; stage?: Stage } {
  for (const cloud of CLOUD_IDS) {
    const stage = runningStage(status.stages[cloud]);
    if (stage !== undefined) return { cloud, stage };
  }
  const stage = stageOfPhase(status.phase);
  return stage !== undefined ? { stage } : {};
}

/** The phases that are one stage; the sites phase is many, and a failure there that names none stays unknown. */
function stageOfPhase(phase: ConnectionPhase): Stage | undefined {
  switch (phase) {
    case 'link':
      return 'localNetworkGateway';
    case 'tunnel':
      return 'tunnel';
    case 'verify':
      return 'verify';
    default:
      return undefined;
  }
}

/**
 * A failure of site `site`'s link, naming the site when it is about it: the site's stamp, the hub's link stages for it
 * (its local network gateway, connection, tunnel end, the ping), or the tunnel; the hub's shared stages are no site's.
 */
export function siteFailure(failure: FailureInfo, site: string): FailureInfo {
  const hubShared =
    failure.cloud === 'azure' && (SITE_STAGES as readonly (Stage | undefined)[]).includes(failure.stage);
  return hubShared || failure.site !== undefined ? failure : { ...failure, site };
}

/** The run stopped: what was running failed with it, and the phase says so. */
export function markStopped(status: PairStatus, now: Date): void {
  for (const cloud of CLOUD_IDS) failRunningStages(status.stages[cloud], now);
  if (status.tunnel.state === 'connecting') status.tunnel = { ...status.tunnel, state: 'notConnected' };
  if (status.verify.state === 'running') status.verify = { ...status.verify, state: 'failed' };
  status.phase = 'failed';
}
