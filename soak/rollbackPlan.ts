// The rollback section's plan, pure: its options, the ways a rollback run is made to fail (the fault rule that does
// it and the failure the run must then report), the seeded schedule of runs and kill moments, the section's fault
// plan and what "ended as expected" means. No process, no network.
import type { ConnectionStatusBody, FailureInfo } from '../lib/api/connectionStatus';
import type { CloudId } from '../lib/cloudIds';
import type { Stage } from '../lib/stages';
import { hash32, mulberry32 } from '../simulator/random';

export interface RollbackOptions {
  /** Runs with onFailure rollback, each failing one of the ways FAILURE_KINDS lists (in turn). */
  rollbackRuns: number;
  /** Runs that succeed and are then torn down with DELETE. */
  teardownRuns: number;
  concurrency: number;
  timeScale: number;
  seed: string;
  /** Each run draws 1..maxKillsPerRun kill moments in its rollback or teardown. */
  maxKillsPerRun: number;
  /** Wall seconds the injected 429s and 503s ask for. */
  retryAfterSeconds: number;
  runTimeoutMs: number;
}

export const FULL_ROLLBACK_OPTIONS: RollbackOptions = {
  rollbackRuns: 10,
  teardownRuns: 6,
  concurrency: 4,
  timeScale: 1000,
  seed: 'soak-rollback',
  maxKillsPerRun: 2,
  retryAfterSeconds: 1,
  runTimeoutMs: 240_000,
};

export const QUICK_ROLLBACK_OPTIONS: RollbackOptions = {
  ...FULL_ROLLBACK_OPTIONS,
  rollbackRuns: 5,
  teardownRuns: 1,
  concurrency: 5,
  maxKillsPerRun: 1,
};

/**
 * How a rollback run is made to fail: every write of one of its resources fails (its long-running operation ends
 * Failed, or it is refused as busy). Every one, not the first: a kill that makes an activity run again would
 * otherwise rebuild a Failed gateway, as a rerun does, and the run would succeed (seen in a full soak).
 */
export const FAILURE_KINDS = ['gatewayAzure', 'gatewayAzureStack', 'virtualMachine', 'link', 'gatewayBusy'] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];
export type RunKind = FailureKind | 'teardown';

export interface ExpectedFailure {
  cloud: CloudId;
  stage: Stage;
  code: string;
  /** The fault rule (PUT /_sim/faults) that makes it happen. */
  rule: Record<string, unknown>;
}

/**
 * A kill when the rollback or teardown has deleted at least this many resources (both clouds together): at its
 * start (listing, claiming the OS disks), after its first delete, midway, and late.
 */
export const KILL_AFTER_DELETED = [0, 1, 5, 10] as const;

export interface KillTarget {
  afterDeleted: number;
  /** Wall ms between seeing the count and the kill. */
  delayMs: number;
}

export interface ScheduledRun {
  name: string;
  kind: RunKind;
  failure?: ExpectedFailure;
  targets: KillTarget[];
}

/** The failure each kind injects for connection `name`; `cloud` where the kind leaves it to the seed. */
export function expectedFailure(kind: FailureKind, name: string, cloud: CloudId): ExpectedFailure {
  const failing = (resourcePath: string, code: string, message: string): Record<string, unknown> => ({
    name: `${kind}-${name}`,
    kind: 'provisioningFailed',
    cloud,
    method: 'PUT',
    path: resourcePath,
    error: { code, message },
  });
  switch (kind) {
    case 'gatewayAzure':
    case 'gatewayAzureStack': {
      const code = 'VirtualNetworkGatewayProvisioningFailed';
      const gatewayCloud: CloudId = kind === 'gatewayAzure' ? 'azure' : 'azureStack';
      return {
        cloud: gatewayCloud,
        stage: 'gateway',
        code,
        rule: {
          ...failing(`/virtualNetworkGateways/vgw-${name}$`, code, 'The gateway could not be allocated.'),
          cloud: gatewayCloud,
        },
      };
    }
    case 'virtualMachine':
      return {
        cloud,
        stage: 'virtualMachine',
        code: 'AllocationFailed',
        rule: failing(
          `/virtualMachines/vm-${name}$`,
          'AllocationFailed',
          'Allocation failed: no capacity for the size.',
        ),
      };
    case 'gatewayBusy':
      // Every write of the gateway is refused as busy: its begin runs out of retries while the NIC begun beside it
      // is made, so no stage records that NIC (issue #11: a rollback by stage records left it and failed).
      return {
        cloud,
        stage: 'gateway',
        code: 'AnotherOperationInProgress',
        rule: {
          name: `${kind}-${name}`,
          kind: 'anotherOperationInProgress',
          cloud,
          method: 'PUT',
          path: `/virtualNetworkGateways/vgw-${name}$`,
        },
      };
    case 'link':
      return {
        cloud,
        stage: 'connection',
        code: 'ConnectionProvisioningFailed',
        rule: failing(`/connections/cn-${name}-to-[^/]+$`, 'ConnectionProvisioningFailed', 'The connection failed.'),
      };
  }
}

/** Every run of the section: kinds interleaved (rollbacks in FAILURE_KINDS order), seeded clouds and kill moments. */
export function cleanupSchedule(options: RollbackOptions): ScheduledRun[] {
  const random = mulberry32(hash32(options.seed));
  const total = options.rollbackRuns + options.teardownRuns;
  const kinds: RunKind[] = [];
  // Spread the teardowns evenly among the rollbacks, which take FAILURE_KINDS in turn.
  for (let index = 0, rollbacks = 0, teardowns = 0; index < total; index++) {
    const teardownDue = (teardowns + 1) * total <= (index + 1) * options.teardownRuns;
    if (teardowns < options.teardownRuns && (teardownDue || rollbacks >= options.rollbackRuns)) {
      kinds.push('teardown');
      teardowns++;
    } else kinds.push(FAILURE_KINDS[rollbacks++ % FAILURE_KINDS.length] ?? 'link');
  }
  return kinds.map((kind, index) => {
    const name = `${kind === 'teardown' ? 'down' : 'back'}${String(index + 1).padStart(2, '0')}`;
    const cloud: CloudId = random() < 0.5 ? 'azure' : 'azureStack';
    const count = 1 + Math.floor(random() * options.maxKillsPerRun);
    const targets = Array.from({ length: count }, () => ({
      afterDeleted: KILL_AFTER_DELETED[Math.floor(random() * KILL_AFTER_DELETED.length)] ?? 0,
      delayMs: Math.floor(random() * 100),
    })).sort((a, b) => a.afterDeleted - b.afterDeleted);
    return { name, kind, ...(kind === 'teardown' ? {} : { failure: expectedFailure(kind, name, cloud) }), targets };
  });
}

/** The ARM faults of the whole section, with each rollback run's own failure. */
export function cleanupFaultPlan(options: RollbackOptions, runs: readonly ScheduledRun[]): unknown {
  const retryAfterSeconds = options.retryAfterSeconds;
  return {
    seed: options.seed,
    rules: [
      ...runs.flatMap((run) => (run.failure ? [run.failure.rule] : [])),
      // Deletes meet what ARM answers a busy resource with, and throttling.
      { name: 'delete-busy', kind: 'anotherOperationInProgress', method: 'DELETE', rate: 0.1 },
      { name: 'delete-429', kind: 'throttle', method: 'DELETE', rate: 0.1, retryAfterSeconds },
      { name: '500', kind: 'internalServerError', rate: 0.02 },
      { name: '503', kind: 'serviceUnavailable', rate: 0.02, retryAfterSeconds },
      { name: 'reset', kind: 'connectionReset', rate: 0.02 },
    ],
  };
}

/** Whether a run ended as its kind says: a rollback run Failed where it was made to, its rollback succeeded. */
export function endedAsExpected(run: {
  failure?: ExpectedFailure;
  status?: Pick<ConnectionStatusBody, 'runtimeStatus' | 'errors' | 'rollback'>;
  teardownStatus?: string;
  problem?: string;
}): string | undefined {
  const status = run.status;
  if (run.problem !== undefined) return run.problem;
  if (!run.failure) {
    if (status?.runtimeStatus !== 'Completed') return `ended ${String(status?.runtimeStatus)}`;
    return run.teardownStatus === 'Completed' ? undefined : `teardown ended ${String(run.teardownStatus)}`;
  }
  const { cloud, stage, code } = run.failure;
  if (status?.runtimeStatus !== 'Failed') return `ended ${String(status?.runtimeStatus)}, should fail`;
  const matches = (f: FailureInfo): boolean => f.cloud === cloud && f.stage === stage && f.code === code;
  if (!status.errors.some(matches))
    return `failed with ${status.errors.map((f) => `${f.code} at ${f.cloud ?? '?'}/${f.stage ?? '?'}`).join(', ')}, not ${code} at ${cloud}/${stage}`;
  return status.rollback?.state === 'succeeded' ? undefined : `rollback ${String(status.rollback?.state)}`;
}
