// Activity: starts Run Command (RunShellScript `ping -c 4 <ip>`) on a VM to prove the tunnel carries traffic, and
// returns the serialised poller state at once; getPingResult resumes it. Only a literal IPv4 address reaches the
// script, so nothing from the input can inject shell.
import type { InvocationContext } from '@azure/functions';
import { armCall } from '../lib/clouds';
import { ARM_TYPES } from '../lib/resourceKinds';
import type { ActivityResult, BeginPingInput, PingHandle } from './contracts';
import { busyError, terminalError } from './shared/arm';
import { operationHandle } from './shared/operationHandle';
import { siteOf } from './shared/site';

export const PING_COUNT = 4;
const IPV4 = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

function isRunCommandInProgress(error: unknown): boolean {
  const { statusCode, code } = (typeof error === 'object' && error !== null ? error : {}) as {
    statusCode?: unknown;
    code?: unknown;
  };
  return statusCode === 409 && code === 'Conflict';
}

export async function beginPing(
  input: BeginPingInput,
  context: InvocationContext,
): Promise<ActivityResult<PingHandle>> {
  const site = siteOf(input.target, 'verify');
  return armCall(site.errorSite, async () => {
    if (!IPV4.test(input.targetIp)) {
      throw terminalError(
        site.errorSite,
        'InvalidPingTarget',
        `not an IPv4 address: ${input.targetIp}`,
        "pass the peer VM's private IPv4 address",
      );
    }
    const { resourceGroup, name } = site.own(input.virtualMachineId, ARM_TYPES.virtualMachine);
    const { compute } = await site.clients();
    const poller = compute.virtualMachines.runCommand(resourceGroup, name, {
      commandId: 'RunShellScript',
      script: [`ping -c ${PING_COUNT} ${input.targetIp}`],
    });
    try {
      await poller.submitted();
    } catch (error) {
      // Run Command runs one script at a time: the hub VM pinging another site answers 409 Conflict. The VM is busy,
      // not broken: retried like any resource another operation holds.
      if (isRunCommandInProgress(error)) throw busyError(site.errorSite, `Run Command on ${name}`, 'running a script');
      throw error;
    }
    const pollerState = operationHandle(await poller.serialize());
    if (pollerState === undefined) {
      throw terminalError(site.errorSite, 'RunCommandNotStarted', 'Run Command gave no operation to follow', 'rerun');
    }
    context.log(`${input.target.cloud}: started ping ${input.targetIp} on ${name}`);
    return { pollerState };
  });
}
