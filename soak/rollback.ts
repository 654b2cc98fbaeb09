// Section: rollback and teardown under faults and crashes. Before the runs, foreign resources go into the very
// resource groups the connections use, in both clouds (foreign.ts). Then two kinds of runs, a few at a time: runs with
// `onFailure: "rollback"` made to fail (seeded: a gateway whose provisioning ends Failed on either cloud, a VM that
// fails, a connection that fails while linking, a gateway whose every write is refused as busy so that it is never
// begun while the NIC beside it is made), and runs that succeed and are then torn down (`DELETE`). All of
// it under seeded ARM faults (5xx, resets, 429s, AnotherOperationInProgress on deletes), the host SIGKILLed at seeded
// moments of each rollback or teardown (by how many resources it deleted so far) and restarted on its data folder.
// Afterwards nothing of any connection is left in either cloud (the Stack Hub VMs' OS disks included) and every
// foreign resource is there, unchanged, never written to.
import { FINISHED_RUNTIME_STATUSES, type ConnectionStatusBody } from '../lib/api/connectionStatus';
import { CLOUD_IDS, type CloudId } from '../lib/cloudIds';
import { rollbackInstanceId, teardownInstanceId, teardownSiteInstanceId } from '../orchestrations/names';
import { wallNow } from '../bench/wallClock';
import {
  compareForeign,
  createForeignResources,
  oursLeft,
  osDiskDeletes,
  snapshotGroups,
  type ForeignFindings,
  type ForeignGroup,
  type LoggedWrite,
} from './foreign';
import { settledUnfinished, withSectionServers, type HostLives } from './hostLives';
import type { InjectedFault } from './faults';
import type { SimOperation, SimResource } from './inventory';
import { planFor } from './plans';
import {
  cleanupFaultPlan,
  cleanupSchedule,
  endedAsExpected,
  type RollbackOptions,
  type RunKind,
  type ScheduledRun,
} from './rollbackPlan';
import type { SimProcess } from './simProcess';
import type { Workspace } from './workspace';

export { FULL_ROLLBACK_OPTIONS, QUICK_ROLLBACK_OPTIONS } from './rollbackPlan';
export { rollbackTables } from './rollbackReport';

type RunStage = 'queued' | 'provisioning' | 'tearingDown' | 'done';

export interface CleanupRun extends ScheduledRun {
  stage: RunStage;
  startedAt: number;
  endedAt: number;
  /** Kills while this run's rollback or teardown ran. */
  killsInCleanup: number;
  /** Kill targets it went past between two looks. */
  missed: number;
  deletedSeen: number;
  /** What its rollback or teardown deleted in all, both clouds (its output), once it ended. */
  deleted?: number;
  status?: ConnectionStatusBody;
  teardownStatus?: string;
  problem?: string;
}

export interface CleanupKill {
  kind: RunKind;
  /** Resources the run that called for it had deleted, both clouds, at the last look before the kill. */
  deleted: number;
  cleanupsInFlight: number;
  runsInFlight: number;
}

export interface RollbackResult {
  options: RollbackOptions;
  runs: CleanupRun[];
  kills: CleanupKill[];
  groups: ForeignGroup[];
  foreign: ForeignFindings;
  left: string[];
  keptGroups: string[];
  osDisksDeleted: number;
  inProgressOperations: string[];
  unfinishedInstances: string[];
  injected: InjectedFault[];
  wallMs: number;
  violations: string[];
}

const POLL_MS = 20;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function runRollbackSection(workspace: Workspace, options: RollbackOptions): Promise<RollbackResult> {
  return withSectionServers(workspace, 'rollback', options, async ({ sim, lives }) => {
    const schedule = cleanupSchedule(options);
    const runs: CleanupRun[] = schedule.map((run) => ({
      ...run,
      stage: 'queued',
      startedAt: 0,
      endedAt: 0,
      killsInCleanup: 0,
      missed: 0,
      deletedSeen: 0,
    }));
    // Half the groups were made by an earlier run of their connection (tagged as its own), half by someone else.
    const groups: ForeignGroup[] = runs.map((run, index) => ({
      name: run.name,
      group: `rg-${run.name}-hybrid`,
      taggedAsOurs: index % 2 === 0,
    }));
    await createForeignResources(sim, groups);
    const before = snapshotGroups(await sim.api<Record<CloudId, SimResource[]>>('GET', 'resources'), groups);
    const since = await lastSequence(sim);
    await sim.api('PUT', 'faults', cleanupFaultPlan(options, schedule));
    const kills = await drive(runs, lives, sim, options, workspace);
    const result = await verify(runs, kills, { groups, before, since }, { lives, sim, workspace }, options);
    return { result, connections: runs.map((run) => run.name) };
  });
}

async function lastSequence(sim: SimProcess): Promise<number> {
  const { requests } = await sim.api<{ requests: { sequence: number }[] }>('GET', 'requests');
  return Math.max(0, ...requests.map((request) => request.sequence));
}

/** An instance of the task hub as the Durable HTTP API shows it (master key); undefined when it does not exist. */
async function instanceOf(lives: HostLives, workspace: Workspace, instanceId: string): Promise<unknown> {
  const host = lives.current();
  const response = await fetch(`${host.url}/runtime/webhooks/durabletask/instances/${encodeURIComponent(instanceId)}`, {
    headers: { 'x-functions-key': host.keys.master },
  });
  const text = await response.text();
  workspace.recorder.record('host GET /runtime/webhooks/durabletask/instances/{id}', text);
  return response.status === 200 ? JSON.parse(text) : undefined;
}

type DeletedLists = Partial<Record<CloudId, unknown[]>>;

/** Resources a rollback or teardown has deleted so far, both clouds: its per-cloud children's custom status. */
async function deletedSoFar(lives: HostLives, workspace: Workspace, instanceId: string): Promise<number> {
  let count = 0;
  for (const cloud of CLOUD_IDS) {
    const child = (await instanceOf(lives, workspace, teardownSiteInstanceId(instanceId, cloud))) as
      { customStatus?: { clouds?: Record<string, { deleted?: unknown[] }> } } | undefined;
    count += child?.customStatus?.clouds?.[cloud]?.deleted?.length ?? 0;
  }
  return count;
}

/** What a finished rollback or teardown deleted, both clouds (its output); undefined when it has none. */
async function deletedInAll(lives: HostLives, workspace: Workspace, instanceId: string): Promise<number | undefined> {
  const instance = (await instanceOf(lives, workspace, instanceId)) as
    { output?: { deleted?: DeletedLists } } | undefined;
  const deleted = instance?.output?.deleted;
  return deleted === undefined ? undefined : CLOUD_IDS.reduce((n, cloud) => n + (deleted[cloud]?.length ?? 0), 0);
}

async function drive(
  runs: CleanupRun[],
  lives: HostLives,
  sim: SimProcess,
  options: RollbackOptions,
  workspace: Workspace,
): Promise<CleanupKill[]> {
  const kills: CleanupKill[] = [];
  const inFlight = (): CleanupRun[] =>
    runs.filter((run) => run.stage === 'provisioning' || run.stage === 'tearingDown');
  const cleaning = new Set<CleanupRun>();
  const finish = (run: CleanupRun): void => {
    run.missed += run.targets.length;
    run.targets = [];
    run.stage = 'done';
    run.endedAt = wallNow();
    cleaning.delete(run);
  };
  for (;;) {
    for (const run of runs) {
      if (inFlight().length >= options.concurrency) break;
      if (run.stage !== 'queued') continue;
      const plan = planFor(sim.ready, run.name);
      if (run.failure) plan.options.onFailure = 'rollback';
      const answer = await lives.current().api('POST', '/api/connections', plan);
      run.startedAt = wallNow();
      if (answer.status === 202) run.stage = 'provisioning';
      else {
        run.problem = `POST answered ${answer.status}: ${answer.text.slice(0, 200)}`;
        finish(run);
      }
    }
    if (runs.every((run) => run.stage === 'done')) break;
    await sleep(POLL_MS);
    for (const run of inFlight()) {
      const answer = await lives.current().api('GET', `/api/connections/${run.name}`);
      if (answer.status !== 200) continue;
      const status = answer.body as ConnectionStatusBody;
      run.status = status;
      const finished = FINISHED_RUNTIME_STATUSES.includes(status.runtimeStatus);
      if (run.stage === 'provisioning') {
        if (!finished) {
          // A failing run rolls back before it ends Failed: its rollback runs while the run still does.
          if (run.failure && status.rollback?.state === 'running') {
            cleaning.add(run);
            run.deletedSeen = await deletedSoFar(lives, workspace, rollbackInstanceId(run.name));
          }
        } else if (run.kind === 'teardown' && status.runtimeStatus === 'Completed') {
          const deleted = await lives.current().api('DELETE', `/api/connections/${run.name}`);
          if (deleted.status === 202) run.stage = 'tearingDown';
          else {
            run.problem = `DELETE answered ${deleted.status}: ${deleted.text.slice(0, 200)}`;
            finish(run);
          }
        } else finish(run);
      } else if (status.teardown) {
        if (FINISHED_RUNTIME_STATUSES.includes(status.teardown.runtimeStatus)) {
          run.teardownStatus = status.teardown.runtimeStatus;
          finish(run);
        } else {
          cleaning.add(run);
          run.deletedSeen = await deletedSoFar(lives, workspace, teardownInstanceId(run.name));
        }
      }
      if (run.stage !== 'done' && wallNow() - run.startedAt > options.runTimeoutMs) {
        run.problem = `not finished after ${options.runTimeoutMs} ms (phase ${status.phase ?? 'none'})`;
        finish(run);
      }
    }
    const due = [...cleaning].find(
      (run) => run.targets[0] !== undefined && run.deletedSeen >= run.targets[0].afterDeleted,
    );
    if (due === undefined) continue;
    const target = due.targets.shift();
    await sleep(target?.delayMs ?? 0);
    const caught = { kind: due.kind, deleted: due.deletedSeen, cleanupsInFlight: cleaning.size };
    const flying = inFlight().length;
    await lives.crashAndRestart();
    for (const run of cleaning) run.killsInCleanup += 1;
    kills.push({ ...caught, runsInFlight: flying });
  }
  return kills;
}

/** The foreign resources: their groups, ARM's view of everything in those before the runs, the log's last entry then. */
interface ForeignBaseline {
  groups: ForeignGroup[];
  before: Map<string, string>;
  since: number;
}

async function verify(
  runs: CleanupRun[],
  kills: CleanupKill[],
  { groups, before, since }: ForeignBaseline,
  { lives, sim, workspace }: { lives: HostLives; sim: SimProcess; workspace: Workspace },
  options: RollbackOptions,
): Promise<RollbackResult> {
  const violations: string[] = [];
  for (const run of runs) {
    const wrong = endedAsExpected(run);
    if (wrong !== undefined) violations.push(`${run.name} (${run.kind}): ${wrong}`);
    const cleanup = run.failure ? rollbackInstanceId(run.name) : teardownInstanceId(run.name);
    run.deleted = await deletedInAll(lives, workspace, cleanup);
  }
  const resources = await sim.api<Record<CloudId, SimResource[]>>('GET', 'resources');
  const { requests } = await sim.api<{ requests: (LoggedWrite & { sequence: number })[] }>('GET', 'requests');
  const later = requests.filter((request) => request.sequence > since);
  const foreign = compareForeign(before, snapshotGroups(resources, groups), later);
  const { left, keptGroups } = oursLeft(resources, groups);
  const operations = await sim.api<Record<CloudId, SimOperation[]>>('GET', 'operations');
  const inProgressOperations = CLOUD_IDS.flatMap((cloud) =>
    operations[cloud].filter((o) => o.status === 'InProgress').map((o) => `${cloud} ${o.kind} ${o.resourceId}`),
  );
  const osDisksDeleted = osDiskDeletes(
    later,
    runs.map((run) => run.name),
  ).length;
  const { unfinished: unfinishedInstances } = await settledUnfinished(lives);
  const { injected } = await sim.api<{ injected: InjectedFault[] }>('GET', 'faults');
  violations.push(
    ...left.map((id) => `left behind: ${id}`),
    ...foreign.missing.map((id) => `foreign resource gone: ${id}`),
    ...foreign.changed.map((id) => `foreign resource changed: ${id}`),
    ...foreign.writes.map((write) => `write to a foreign resource: ${write}`),
    ...inProgressOperations.map((o) => `operation InProgress: ${o}`),
    ...unfinishedInstances.map((i) => `instance not finished: ${i}`),
  );
  const taggedGroups = groups.filter((group) => group.taggedAsOurs).length * CLOUD_IDS.length;
  if (keptGroups.length !== taggedGroups)
    violations.push(`groups of ours holding foreign resources: ${keptGroups.length} kept, ${taggedGroups} expected`);
  if (osDisksDeleted === 0) violations.push('no Stack Hub OS disk was deleted: the scenario proved nothing');
  if (kills.length === 0) violations.push('no kill hit a rollback or teardown: the scenario proved nothing');
  return {
    options,
    runs,
    kills,
    groups,
    foreign,
    left,
    keptGroups,
    osDisksDeleted,
    inProgressOperations,
    unfinishedInstances,
    injected,
    wallMs: 0,
    violations,
  };
}
