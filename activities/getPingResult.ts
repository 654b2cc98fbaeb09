// Activity: resumes the Run Command started by beginPing (restorePoller: arm-compute 25 on both clouds, pinned to
// 2020-06-01 on Azure Stack Hub), polls it once, and once it is done reads the ping statistics from its output.
import type { InvocationContext } from '@azure/functions';
import { armCall, armCompute } from '../lib/clouds';
import type { ActivityResult, GetPingResultInput, PingResult } from './contracts';
import { terminalError } from './shared/arm';
import { parsePingOutput } from './shared/pingOutput';
import { siteOf } from './shared/site';

export async function getPingResult(
  input: GetPingResultInput,
  _context: InvocationContext,
): Promise<ActivityResult<PingResult>> {
  const site = siteOf(input.target, 'verify');
  return armCall(site.errorSite, async () => {
    const { compute } = await site.clients();
    const poller = armCompute().restorePoller(compute, input.handle.pollerState, compute.virtualMachines.runCommand);
    await poller.poll();
    if (!poller.isDone) return { done: false };
    const messages = (poller.result?.value ?? []).map((status) => status.message ?? '');
    const summary = messages.map(parsePingOutput).find((parsed) => parsed !== undefined);
    if (!summary) {
      throw terminalError(
        site.errorSite,
        'PingOutputUnreadable',
        'Run Command finished without ping statistics',
        'check that the VM image has ping (iputils)',
      );
    }
    return {
      done: true,
      reachable: summary.packetsReceived > 0,
      packetsSent: summary.packetsSent,
      packetsReceived: summary.packetsReceived,
      ...(summary.averageRttMs !== undefined ? { averageRttMs: summary.averageRttMs } : {}),
    };
  });
}
