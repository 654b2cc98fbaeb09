// The rollback section's tables and its words in the report: runs by kind (kills, how they ended, how much their
// cleanup deleted) and the invariants (nothing of ours left, nothing foreign touched). Text only; it measures nothing.
import { CLOUD_IDS } from '../lib/cloudIds';
import { formatNumber } from '../bench/format';
import type { Table } from '../bench/table';
import { none } from './crash';
import type { CleanupRun, RollbackResult } from './rollback';
import { endedAsExpected, FAILURE_KINDS, KILL_AFTER_DELETED, type RunKind } from './rollbackPlan';

const KIND_TITLES: Record<RunKind, string> = {
  gatewayAzure: 'rollback: Azure gateway Failed',
  gatewayAzureStack: 'rollback: Stack Hub gateway Failed',
  virtualMachine: 'rollback: VM Failed',
  link: 'rollback: connection Failed (linking)',
  gatewayBusy: 'rollback: gateway never begun (busy)',
  teardown: 'DELETE of a succeeded run',
};

export function rollbackTables(result: RollbackResult): Table[] {
  const { runs, kills, options } = result;
  const row = (title: string, of: CleanupRun[]): string[] => {
    const ok = of.filter((run) => endedAsExpected(run) === undefined).length;
    const deleted = of.flatMap((run) => (run.deleted === undefined ? [] : [run.deleted]));
    return [
      title,
      String(of.length),
      String(kills.filter((kill) => of.some((run) => run.kind === kill.kind)).length),
      String(of.reduce((n, run) => n + run.killsInCleanup, 0)),
      `${ok} of ${of.length}`,
      deleted.length === 0 ? '-' : `${Math.min(...deleted)}-${Math.max(...deleted)}`,
    ];
  };
  const kinds = [...FAILURE_KINDS, 'teardown'] as const;
  const runsTable: Table = {
    title: 'Rollback and teardown: runs',
    headers: [
      'runs',
      'count',
      'kills they called',
      'kills during their cleanup',
      'ended as expected',
      'resources deleted (min-max)',
    ],
    rows: [
      ...kinds.map((kind) =>
        row(
          KIND_TITLES[kind],
          runs.filter((run) => run.kind === kind),
        ),
      ),
      row('all', runs),
    ],
    notes: [
      `${runs.length} runs, ${options.concurrency} in flight, time scale ${options.timeScale}, seed ${options.seed}; wall time ${formatNumber(result.wallMs / 1000)} s.`,
      `A rollback run must end Failed with the injected code at its cloud and stage, and its rollback succeeded; a DELETE must end Completed. Clouds of the VM, link and busy-gateway failures are seeded: ${runs
        .filter((run) => run.kind === 'virtualMachine' || run.kind === 'link' || run.kind === 'gatewayBusy')
        .map((run) => `${run.name} ${run.failure?.cloud ?? '?'}`)
        .join(', ')}.`,
      `Kills: SIGKILL of the host's process group once the cleanup had deleted ${KILL_AFTER_DELETED.join(', ')} resources (drawn per run, 1-${options.maxKillsPerRun}), then a new host on the same data folder; ${runs.reduce((n, r) => n + r.missed, 0)} drawn moments were passed before a look saw them. Resources deleted: what each rollback or teardown output says it deleted, both clouds (the group when it held nothing foreign).`,
    ],
  };
  const injectedKinds = new Map<string, number>();
  for (const fault of result.injected) injectedKinds.set(fault.kind, (injectedKinds.get(fault.kind) ?? 0) + 1);
  const foreignCount = result.foreign.before;
  const touched = [...result.foreign.missing, ...result.foreign.changed, ...result.foreign.writes];
  const runsOk = runs.filter((run) => endedAsExpected(run) === undefined).length;
  const checks: Table = {
    title: 'Rollback and teardown: invariants',
    headers: ['check', 'expected', 'measured', 'holds'],
    rows: [
      ['runs', String(runs.length), String(runs.length), 'yes'],
      ['host kills during a rollback or teardown', '>= 1', String(kills.length), kills.length > 0 ? 'yes' : 'NO'],
      ['ARM faults injected', '>= 1', String(result.injected.length), result.injected.length > 0 ? 'yes' : 'NO'],
      [
        'rollbacks and teardowns ended as expected',
        String(runs.length),
        String(runsOk),
        runsOk === runs.length ? 'yes' : 'NO',
      ],
      none('ours left (tagged, or named as ours, either cloud)', result.left),
      [
        'Stack Hub OS disks our VMs made, deleted by the cleanups',
        '>= 1',
        String(result.osDisksDeleted),
        result.osDisksDeleted > 0 ? 'yes' : 'NO',
      ],
      [
        'groups of ours kept because they hold foreign resources',
        String(result.groups.filter((g) => g.taggedAsOurs).length * CLOUD_IDS.length),
        String(result.keptGroups.length),
        result.keptGroups.length === result.groups.filter((g) => g.taggedAsOurs).length * CLOUD_IDS.length
          ? 'yes'
          : 'NO',
      ],
      ['foreign touched (gone, changed or written to)', '0', `${touched.length} of ${foreignCount}`, check(touched)],
      none('ARM operations left InProgress', result.inProgressOperations),
      none('task hub instances not finished', result.unfinishedInstances),
    ],
    notes: [
      `Faults injected (GET /_sim/faults): ${[...injectedKinds].map(([kind, n]) => `${kind} ${n}`).join(', ')}.`,
      `Foreign: in each of the ${result.groups.length} groups and both clouds, before the runs, a VNet with a subnet and a NIC in it and an empty disk (untagged), and a public IP tagged for connection "someone-else"; ${result.groups.filter((g) => g.taggedAsOurs).length} groups tagged as their connection's (an earlier run made them), the others untagged. Compared: ARM's view of each (tags, properties, etag) before and after, and every write request after the snapshot.`,
      "Ours: a resource tagged for a run's connection, or bearing a name the connection derives in its group (an OS disk CRP made untagged would show).",
    ],
  };
  return [runsTable, checks];
}

function check(found: readonly unknown[]): string {
  return found.length === 0 ? 'yes' : 'NO';
}

/** The report's words for this section (report.ts). */
export const ROLLBACK_ABOUT = {
  title: '5. Rollback and teardown under faults and crashes',
  text: [
    'A simulator and a host (separate processes). Before the runs, foreign resources go into every resource group the',
    'runs use, in both clouds, through the SDK as their owner would (`soak/foreign.ts`): a VNet with a subnet and a NIC',
    'in it and an empty disk, untagged, and a public IP tagged for another connection; half the groups are tagged as',
    'their connection\'s (an earlier run made them), half are someone else\'s. Then runs with `onFailure: "rollback"`',
    'made to fail (seeded: a gateway whose provisioning ends Failed on either cloud, a VM that fails, a connection that',
    'fails while linking, a gateway whose every write is refused as busy, never begun while the NIC beside it is made',
    'and recorded nowhere) and runs that succeed and are then deleted (`DELETE`), a few at a time, under seeded ARM faults',
    '(5xx, resets, 429s and AnotherOperationInProgress on deletes); the host is SIGKILLed at seeded moments of each',
    'rollback or teardown (by how many resources it had deleted) and restarted on its data folder. Afterwards nothing',
    "of any connection is left in either cloud (the Stack Hub VMs' OS disks included), every foreign resource is there",
    "with ARM's view of it unchanged and no write ever addressed it, and a group of ours that holds them is kept.",
  ],
};
