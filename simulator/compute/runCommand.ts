// POST …/virtualMachines/{vm}/runCommand: runs a RunShellScript (Linux) or RunPowerShellScript (Windows) script on
// the simulated guest and returns the RunCommandResult shape the SDKs read. Network answers come from
// reachability.ts at the moment the command ends; a failing script still "succeeds", as Run Command reports it.
import type { ArmResource, ResourceRequest, WriteOutcome } from '../arm/resourceType';
import { asRecord, asString, asStringArray, propertiesOf } from '../network/body';
import { internalNumber, withInternal } from '../network/internalState';
import { setProvisioningState, updateStored } from '../network/requestContext';
import { invalidParameter, missingParameter, operationNotAllowed, runCommandInProgress } from './errors';
import { runShellScript } from './linuxShell';
import { osInfoOf } from './osInfo';
import { pingPath } from './reachability';

/** Run Command output keeps the last 4096 bytes of each stream (Run Command restrictions). */
const OUTPUT_LIMIT = 4096;
/** "The minimum time to run a script is about 20 seconds" (Run Command docs), in virtual ms. */
const MINIMUM_RUN_MS = 20_000;

function tail(text: string): string {
  return text.length > OUTPUT_LIMIT ? text.slice(text.length - OUTPUT_LIMIT) : text;
}

interface InstanceViewStatus {
  code: string;
  level: string;
  displayStatus: string;
  message: string;
}

function linuxResult(stdout: string, stderr: string, exitCode: number): { value: InstanceViewStatus[] } {
  const head =
    exitCode === 0
      ? 'Enable succeeded: '
      : `Enable failed: failed to execute command: command terminated with exit status=${exitCode}`;
  return {
    value: [
      {
        code: 'ProvisioningState/succeeded',
        level: 'Info',
        displayStatus: 'Provisioning succeeded',
        message: `${head}\n[stdout]\n${tail(stdout)}\n[stderr]\n${tail(stderr)}`,
      },
    ],
  };
}

function windowsResult(stdout: string, stderr: string): { value: InstanceViewStatus[] } {
  const status = (stream: string, message: string): InstanceViewStatus => ({
    code: `ComponentStatus/${stream}/succeeded`,
    level: 'Info',
    displayStatus: 'Provisioning succeeded',
    message,
  });
  return { value: [status('StdOut', tail(stdout)), status('StdErr', tail(stderr))] };
}

export function runCommand(request: ResourceRequest, vm: ArmResource): WriteOutcome {
  const body = asRecord(request.body);
  const commandId = asString(body.commandId);
  if (!commandId) throw missingParameter('commandId');
  const os = osInfoOf(vm);
  const expected = os.osType === 'Linux' ? 'RunShellScript' : 'RunPowerShellScript';
  if (commandId !== expected) {
    throw invalidParameter(
      'commandId',
      `The command '${commandId}' is not supported for ${os.osType} virtual machines. Use '${expected}'.`,
    );
  }
  const now = request.clock.now();
  if ((internalNumber(vm, 'runCommandUntil') ?? 0) > now) throw runCommandInProgress();
  const state = asString(propertiesOf(vm).provisioningState);
  if (state !== 'Succeeded') {
    throw operationNotAllowed(
      `Operation 'runCommand' is not allowed on virtual machine '${vm.name}' while its provisioning state is '${state ?? 'Unknown'}'.`,
    );
  }

  const script = asStringArray(body.script);
  const computerName = asString(asRecord(propertiesOf(vm).osProfile).computerName) ?? vm.name;
  const random = (): number => request.random();
  // The script's own duration only matters for how long the operation runs; its output is computed at the end.
  const planned = runShellScript(script, { computerName, random, probe: () => undefined });
  const durationMs =
    Math.max(MINIMUM_RUN_MS, request.latency('Microsoft.Compute/virtualMachines:action')) + planned.durationMs;
  const resource = withInternal(setProvisioningState(vm, 'Updating'), { runCommandUntil: now + durationMs });
  return {
    resource,
    durationMs,
    complete: () => {
      const current = request.store.get(vm.id) ?? vm;
      const world = {
        here: { cloud: request.cloud, store: request.store },
        world: request.world,
        now: request.clock.now(),
      };
      const run = runShellScript(script, {
        computerName,
        random,
        probe: (ip) => {
          const path = pingPath(world, current, ip);
          if (!path.reachable) return undefined;
          // Same host: loopback; same VNet: about a millisecond; across the internet tunnel: tens of ms (twice that
          // through a hub: two tunnels).
          const baseRttMs =
            path.kind === 'self'
              ? 0.04
              : path.kind === 'vnet'
                ? 1.1
                : (18 + random() * 30) * (path.kind === 'transit' ? 2 : 1);
          return { ttl: 64 - path.hops, baseRttMs };
        },
      });
      updateStored(request.store, vm.id, random, (stored) =>
        withInternal(setProvisioningState(stored, 'Succeeded'), {
          runCommandAt: request.clock.now(),
          runCommandUntil: 0,
        }),
      );
      return os.osType === 'Linux'
        ? linuxResult(run.stdout, run.stderr, run.exitCode)
        : windowsResult(run.stdout, run.stderr);
    },
  };
}
