// The rollback section's pure parts: its seeded schedule and fault plan (the simulator must accept it, and each run's
// rule must aim at that run's resource only), what "ended as expected" means, and the checks after the runs: what of
// a connection is left (its tags, or a name it derives: an untagged OS disk), which foreign resource was touched
// (gone, changed, written to) and which Stack Hub OS disks a DELETE of ours removed. No process, no network.
import { EXAMPLE_SUBSCRIPTIONS } from '../../cli/simulatorSettings';
import type { ConnectionStatusBody } from '../../lib/api/connectionStatus';
import { resourceTags } from '../../lib/naming';
import { parseFaultPlan } from '../../simulator/faults/plan';
import {
  compareForeign,
  osDiskDeletes,
  oursLeft,
  snapshotGroups,
  type ForeignGroup,
  type LoggedWrite,
} from '../../soak/foreign';
import type { SimResource } from '../../soak/inventory';
import {
  cleanupFaultPlan,
  cleanupSchedule,
  endedAsExpected,
  expectedFailure,
  FAILURE_KINDS,
  FULL_ROLLBACK_OPTIONS,
  KILL_AFTER_DELETED,
  QUICK_ROLLBACK_OPTIONS,
} from '../../soak/rollbackPlan';

const STACK_GROUP = `/subscriptions/${EXAMPLE_SUBSCRIPTIONS.azureStack}/resourceGroups/rg-back01-hybrid`;
const AZURE_GROUP = `/subscriptions/${EXAMPLE_SUBSCRIPTIONS.azure}/resourceGroups/rg-back01-hybrid`;
const GROUPS: ForeignGroup[] = [{ name: 'back01', group: 'rg-back01-hybrid', taggedAsOurs: true }];

function resource(id: string, tags?: Record<string, string>, extra: Record<string, unknown> = {}): SimResource {
  const type = /\/providers\/([^/]+\/[^/]+)\//.exec(id)?.[1] ?? 'Microsoft.Resources/resourceGroups';
  return { id, name: id.split('/').at(-1) ?? '', type, ...(tags ? { tags } : {}), ...extra };
}

describe('schedule and fault plan', () => {
  it('is the same for a seed, every failure kind and the teardowns interleaved, 1..max kills aimed at each cleanup', () => {
    const schedule = cleanupSchedule(FULL_ROLLBACK_OPTIONS);
    expect(cleanupSchedule(FULL_ROLLBACK_OPTIONS)).toEqual(schedule);
    expect(cleanupSchedule({ ...FULL_ROLLBACK_OPTIONS, seed: 'other' })).not.toEqual(schedule);
    expect(schedule).toHaveLength(FULL_ROLLBACK_OPTIONS.rollbackRuns + FULL_ROLLBACK_OPTIONS.teardownRuns);
    expect(new Set(schedule.map((run) => run.name)).size).toBe(schedule.length);
    expect(schedule.filter((run) => run.kind === 'teardown')).toHaveLength(FULL_ROLLBACK_OPTIONS.teardownRuns);
    for (const kind of FAILURE_KINDS) expect(schedule.some((run) => run.kind === kind)).toBe(true);
    // Spread, not bunched at the end: a teardown among the first half of the runs.
    expect(schedule.slice(0, schedule.length / 2).some((run) => run.kind === 'teardown')).toBe(true);
    for (const run of schedule) {
      expect(run.failure === undefined).toBe(run.kind === 'teardown');
      expect(run.targets.length).toBeGreaterThanOrEqual(1);
      expect(run.targets.length).toBeLessThanOrEqual(FULL_ROLLBACK_OPTIONS.maxKillsPerRun);
      for (const target of run.targets) expect(KILL_AFTER_DELETED).toContain(target.afterDeleted);
    }
    // The quick run still has one run of every kind.
    const quick = cleanupSchedule(QUICK_ROLLBACK_OPTIONS);
    expect(new Set(quick.map((run) => run.kind))).toEqual(new Set([...FAILURE_KINDS, 'teardown']));
  });

  it('is a fault plan the simulator accepts, each run failing on every write of its own resource only', () => {
    const schedule = cleanupSchedule(FULL_ROLLBACK_OPTIONS);
    const plan = parseFaultPlan(cleanupFaultPlan(FULL_ROLLBACK_OPTIONS, schedule));
    // Every write of the failing resource fails, not the first only: a kill that runs its begin again would
    // otherwise rebuild it, and the run would succeed.
    for (const run of schedule.filter((each) => each.failure !== undefined)) {
      const rule = plan.rules.find((each) => each.name === `${run.kind}-${run.name}`);
      expect([run.name, rule?.nth, rule?.rate, rule?.limit]).toEqual([run.name, undefined, undefined, undefined]);
    }
    expect(plan.rules.map((rule) => rule.kind)).toEqual(
      expect.arrayContaining(['anotherOperationInProgress', 'throttle', 'internalServerError', 'connectionReset']),
    );
    const path = (kind: string, name: string, peer = 'azure'): string =>
      ({
        gateway: `${STACK_GROUP}/providers/Microsoft.Network/virtualNetworkGateways/vgw-${name}`,
        vm: `${STACK_GROUP}/providers/Microsoft.Compute/virtualMachines/vm-${name}`,
        link: `${STACK_GROUP}/providers/Microsoft.Network/connections/cn-${name}-to-${peer}`,
      })[kind] ?? '';
    const cases = [
      ['gatewayAzureStack', 'gateway'],
      ['gatewayBusy', 'gateway'],
      ['virtualMachine', 'vm'],
      ['link', 'link'],
    ] as const;
    for (const [kind, what] of cases) {
      const rule = new RegExp(String(expectedFailure(kind, 'back1', 'azureStack').rule.path), 'i');
      expect([kind, rule.test(path(what, 'back1'))]).toEqual([kind, true]);
      // Not a resource of back10, whose name starts the same.
      expect([kind, rule.test(path(what, 'back10'))]).toEqual([kind, false]);
    }
    expect(expectedFailure('gatewayAzure', 'back1', 'azureStack')).toMatchObject({
      cloud: 'azure',
      stage: 'gateway',
      rule: { cloud: 'azure' },
    });
  });
});

describe('ended as expected', () => {
  const failure = expectedFailure('virtualMachine', 'back03', 'azureStack');
  const status = (
    runtimeStatus: string,
    errors: ConnectionStatusBody['errors'],
    rollback: ConnectionStatusBody['rollback'],
  ): Pick<ConnectionStatusBody, 'runtimeStatus' | 'errors' | 'rollback'> => ({ runtimeStatus, errors, rollback });
  const failedVm = {
    code: 'AllocationFailed',
    message: 'm',
    cloud: 'azureStack' as const,
    stage: 'virtualMachine' as const,
  };
  const rolledBack = { state: 'succeeded' as const, instanceId: 'hc-back03:rollback' };

  it('wants a rollback run Failed at its cloud, stage and code, and its rollback succeeded', () => {
    expect(endedAsExpected({ failure, status: status('Failed', [failedVm], rolledBack) })).toBeUndefined();
    // The injected failure may come second (both clouds failed): it is there all the same.
    const other = { ...failedVm, cloud: 'azure' as const, code: 'X' };
    expect(endedAsExpected({ failure, status: status('Failed', [other, failedVm], rolledBack) })).toBeUndefined();
    expect(endedAsExpected({ failure, status: status('Failed', [other], rolledBack) })).toMatch(/not AllocationFailed/);
    expect(endedAsExpected({ failure, status: status('Completed', [], null) })).toMatch(/should fail/);
    expect(endedAsExpected({ failure, status: status('Failed', [failedVm], { ...rolledBack, state: 'failed' }) })).toBe(
      'rollback failed',
    );
  });

  it('wants a DELETE run Completed and torn down, and reports a problem first', () => {
    const done = status('Completed', [], null);
    expect(endedAsExpected({ status: done, teardownStatus: 'Completed' })).toBeUndefined();
    expect(endedAsExpected({ status: done, teardownStatus: 'Failed' })).toBe('teardown ended Failed');
    expect(endedAsExpected({ status: done, teardownStatus: 'Completed', problem: 'lost' })).toBe('lost');
  });
});

describe('after the runs', () => {
  it("finds what is left of a connection: tagged, or an untagged disk bearing its OS disk's name", () => {
    const resources = {
      azure: [
        resource(AZURE_GROUP, resourceTags('back01')),
        resource(`${AZURE_GROUP}/providers/Microsoft.Network/publicIPAddresses/pip-foreign`, resourceTags('x')),
      ],
      azureStack: [
        resource(STACK_GROUP),
        resource(`${STACK_GROUP}/providers/Microsoft.Compute/disks/osdisk-back01-vm`),
        resource(`${STACK_GROUP}/providers/Microsoft.Compute/disks/disk-foreign`),
        resource(`${STACK_GROUP}/providers/Microsoft.Network/virtualNetworks/vnet-back01/subnets/GatewaySubnet`),
        resource(`/subscriptions/s/resourceGroups/rg-elsewhere/providers/Microsoft.Network/networkInterfaces/n`, {
          ...resourceTags('back01'),
        }),
      ],
    };
    const { left, keptGroups } = oursLeft(resources, GROUPS);
    expect(keptGroups).toEqual([`azure ${AZURE_GROUP}`]);
    expect(left).toEqual([
      `azureStack Microsoft.Compute/disks ${STACK_GROUP}/providers/Microsoft.Compute/disks/osdisk-back01-vm`,
      'azureStack Microsoft.Network/networkInterfaces /subscriptions/s/resourceGroups/rg-elsewhere/providers/Microsoft.Network/networkInterfaces/n',
    ]);
    // A group tagged as ours that was not made so before the runs (nothing foreign kept it) is a leftover.
    const untagged = [{ ...GROUPS[0], taggedAsOurs: false }] as ForeignGroup[];
    expect(oursLeft({ azure: [resource(AZURE_GROUP, resourceTags('back01'))], azureStack: [] }, untagged).left).toEqual(
      [`azure Microsoft.Resources/resourceGroups ${AZURE_GROUP}`],
    );
  });

  it('finds a foreign resource gone, changed or written to, not our own writes in the same group', () => {
    const pip = `${STACK_GROUP}/providers/Microsoft.Network/publicIPAddresses/pip-foreign`;
    const disk = `${STACK_GROUP}/providers/Microsoft.Compute/disks/disk-foreign`;
    const nic = `${STACK_GROUP}/providers/Microsoft.Network/networkInterfaces/nic-foreign`;
    const before = snapshotGroups(
      { azure: [], azureStack: [resource(STACK_GROUP), resource(pip), resource(disk), resource(nic)] },
      GROUPS,
    );
    const after = snapshotGroups(
      { azure: [], azureStack: [resource(STACK_GROUP), resource(pip, { a: 'b' }), resource(nic)] },
      GROUPS,
    );
    const write = (method: string, path: string, service = 'azureStack'): LoggedWrite => ({
      service,
      method,
      path,
      status: 202,
    });
    const findings = compareForeign(before, after, [
      write('GET', nic),
      write('DELETE', nic),
      write('PUT', `${STACK_GROUP}/providers/Microsoft.Network/virtualNetworks/vnet-back01`),
      write('DELETE', pip, 'azure'),
      write('DELETE', STACK_GROUP),
    ]);
    expect(findings.before).toBe(4);
    expect(findings.missing).toEqual([`azureStack ${disk.toLowerCase()}`]);
    expect(findings.changed).toEqual([`azureStack ${pip.toLowerCase()}`]);
    expect(findings.writes).toEqual([`azureStack DELETE ${nic} -> 202`, `azureStack DELETE ${STACK_GROUP} -> 202`]);
  });

  it('counts each Stack Hub OS disk of the runs that a DELETE removed once', () => {
    const disk = (name: string): string => `${STACK_GROUP}/providers/Microsoft.Compute/disks/${name}`;
    const requests: LoggedWrite[] = [
      { service: 'azureStack', method: 'DELETE', path: disk('osdisk-back01-vm'), status: 202 },
      { service: 'azureStack', method: 'DELETE', path: disk('osdisk-back01-vm'), status: 204 },
      { service: 'azureStack', method: 'DELETE', path: disk('osdisk-back02-vm'), status: 409 },
      { service: 'azureStack', method: 'DELETE', path: disk('disk-foreign'), status: 202 },
      { service: 'azure', method: 'DELETE', path: disk('osdisk-back03-vm'), status: 202 },
    ];
    expect(osDiskDeletes(requests, ['back01', 'back02', 'back03'])).toHaveLength(1);
  });
});
