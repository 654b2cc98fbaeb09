// Section 1: crash recovery of this workflow. The simulator and the host run as separate processes; N provisionings
// (a few at a time) each get the host killed (SIGKILL of its whole process group) at seeded moments — right after
// the start was accepted, in pre-flight, before, during and after the gateway wait, while linking, while the tunnel
// connects, during the ping and, for every k-th run, during its teardown — once or several times, and the host is
// restarted on the same data folder each time. Then: every run ended Completed, the simulator holds exactly one of
// each resource per connection (none of a torn-down one), nothing is left provisioning or InProgress, no instance is
// left running in the task hub, and every event was delivered at least once under its deterministic id.
import { FINISHED_RUNTIME_STATUSES, type ConnectionStatusBody } from '../lib/api/connectionStatus';
import { CLOUD_IDS } from '../lib/cloudIds';
import { isMonitorInstanceId } from '../orchestrations/names';
import { mulberry32, hash32 } from '../simulator/random';
import { formatNumber } from '../bench/format';
import { summarize } from '../bench/stats';
import type { Table } from '../bench/table';
import { wallNow } from '../bench/wallClock';
import { withSectionServers, type HostLives } from './hostLives';
import { EXPECTED_TYPES, inspectSimulator, type EventFindings, type InventoryFindings } from './inventory';
import { planFor } from './plans';
import type { SimProcess } from './simProcess';
import type { Workspace } from './workspace';

export interface CrashOptions {
  runs: number;
  /** Provisionings in flight at once (a kill hits all of them). */
  concurrency: number;
  timeScale: number;
  seed: string;
  /** Each run draws 1..maxKillsPerRun kill moments. */
  maxKillsPerRun: number;
  /** Every k-th run (1-based) is torn down after it succeeded, with one more kill during its teardown; 0: none. */
  teardownEvery: number;
  /** Wall ms a run may take, kills included, before it counts as lost. */
  runTimeoutMs: number;
}

export const FULL_CRASH_OPTIONS: CrashOptions = {
  runs: 50,
  concurrency: 3,
  timeScale: 1000,
  seed: 'soak-crash',
  maxKillsPerRun: 3,
  teardownEvery: 5,
  runTimeoutMs: 180_000,
};

export const QUICK_CRASH_OPTIONS: CrashOptions = { ...FULL_CRASH_OPTIONS, runs: 6, concurrency: 2, teardownEvery: 3 };

/** The moments a kill aims at, in the order a run passes them. */
export const KILL_POINTS = [
  'accepted',
  'preflight',
  'beforeGateway',
  'gatewayWait',
  'link',
  'tunnel',
  'verify',
  'teardown',
] as const;
export type KillPoint = (typeof KILL_POINTS)[number];
const PROVISIONING_POINTS = KILL_POINTS.length - 1;

interface KillTarget {
  point: number;
  /** Wall ms between reaching the point and the kill. */
  delayMs: number;
}

type RunStage = 'queued' | 'provisioning' | 'tearingDown' | 'done';

interface CrashRun {
  index: number;
  name: string;
  teardown: boolean;
  targets: KillTarget[];
  stage: RunStage;
  startedAt: number;
  endedAt: number;
  /** Kills that happened while this run was in flight. */
  killsHit: number;
  /** Kill targets the run went past between two looks (it finished first). */
  missed: number;
  point: number;
  runtimeStatus?: string;
  /** Code, cloud and stage of a run that ended Failed. */
  failure?: string;
  teardownStatus?: string;
  error?: string;
}

export interface KillRecord {
  /** The phase the run that called for it was seen in just before the kill. */
  point: KillPoint;
  /** Runs in flight at the kill. */
  runsInFlight: number;
  downMs: number;
}

export interface CrashResult {
  options: CrashOptions;
  runs: CrashRun[];
  kills: KillRecord[];
  inventory: InventoryFindings;
  events: EventFindings;
  /** Instances of the task hub not in a final state at the end. */
  unfinishedInstances: string[];
  instances: number;
  driftsMs: number[];
  hostStartMs: number[];
  wallMs: number;
  violations: string[];
}

const POLL_MS = 20;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The seeded kill schedule of every run: 1..max moments among the provisioning points, plus one in teardown. */
export function killSchedule(options: CrashOptions): { name: string; teardown: boolean; targets: KillTarget[] }[] {
  const random = mulberry32(hash32(options.seed));
  return Array.from({ length: options.runs }, (_, index) => {
    const teardown = options.teardownEvery > 0 && (index + 1) % options.teardownEvery === 0;
    const count = 1 + Math.floor(random() * options.maxKillsPerRun);
    const targets: KillTarget[] = Array.from({ length: count }, () => {
      const point = Math.floor(random() * PROVISIONING_POINTS);
      // Right after the start, the instance may not even have run once: kill at once or nearly.
      return { point, delayMs: Math.floor(random() * (point === 0 ? 20 : 150)) };
    });
    targets.sort((a, b) => a.point - b.point);
    if (teardown) targets.push({ point: PROVISIONING_POINTS, delayMs: Math.floor(random() * 150) });
    return { name: `crash${String(index + 1).padStart(2, '0')}`, teardown, targets };
  });
}

/** Where a run is, as a kill point index; -1 once its provisioning finished (no point of it is left to kill at). */
function pointOf(run: CrashRun, status: ConnectionStatusBody | undefined): number {
  if (run.stage === 'tearingDown') return PROVISIONING_POINTS;
  if (status === undefined) return 0;
  if (FINISHED_RUNTIME_STATUSES.includes(status.runtimeStatus)) return -1;
  switch (status.phase) {
    case null:
    case 'validating':
      return 0;
    case 'preflight':
      return 1;
    case 'sites': {
      const gatewayStarted = CLOUD_IDS.some((cloud) => {
        const state = status.stages[cloud]?.gateway?.state;
        return state === 'running' || state === 'succeeded';
      });
      return gatewayStarted ? 3 : 2;
    }
    case 'link':
      return 4;
    case 'tunnel':
      return 5;
    case 'verify':
      return 6;
    default:
      return -1;
  }
}

export function runCrashSection(workspace: Workspace, options: CrashOptions): Promise<CrashResult> {
  return withSectionServers(workspace, 'crash', options, async ({ sim, lives }) => {
    const runs: CrashRun[] = killSchedule(options).map((schedule, index) => ({
      index,
      ...schedule,
      stage: 'queued',
      startedAt: 0,
      endedAt: 0,
      killsHit: 0,
      missed: 0,
      point: 0,
    }));
    const kills = await drive(runs, lives, sim, options);
    const result = await verify(runs, kills, lives, sim, options);
    return { result, connections: runs.map((run) => run.name) };
  });
}

async function drive(
  runs: CrashRun[],
  lives: HostLives,
  sim: SimProcess,
  options: CrashOptions,
): Promise<KillRecord[]> {
  const kills: KillRecord[] = [];
  const inFlight = (): CrashRun[] => runs.filter((run) => run.stage === 'provisioning' || run.stage === 'tearingDown');
  const statusOf = async (run: CrashRun): Promise<ConnectionStatusBody | undefined> => {
    const answer = await lives.current().api('GET', `/api/connections/${run.name}`);
    if (answer.status !== 200) {
      run.error = `GET answered ${answer.status}`;
      return undefined;
    }
    return answer.body as ConnectionStatusBody;
  };
  const kill = async (caller: CrashRun): Promise<void> => {
    const target = caller.targets.shift();
    if (target === undefined) return;
    await sleep(target.delayMs);
    const flying = inFlight();
    // Right after the 202 a look would take longer than the moment lasts: the kill comes within 20 ms of it.
    // Otherwise one more look, so the record says where the run really was when the host died.
    if (target.point > 0) for (const run of flying) run.point = Math.max(run.point, pointOf(run, await statusOf(run)));
    const seen = target.point === 0 ? 0 : caller.point;
    const downMs = await lives.crashAndRestart();
    for (const run of flying) run.killsHit += 1;
    kills.push({ point: KILL_POINTS[seen], runsInFlight: flying.length, downMs });
  };

  for (;;) {
    for (const run of runs) {
      if (inFlight().length >= options.concurrency) break;
      if (run.stage !== 'queued') continue;
      const answer = await lives.current().api('POST', '/api/connections', planFor(sim.ready, run.name));
      run.startedAt = wallNow();
      if (answer.status !== 202) {
        run.stage = 'done';
        run.error = `POST answered ${answer.status}: ${answer.text.slice(0, 200)}`;
        continue;
      }
      run.stage = 'provisioning';
      if (run.targets[0]?.point === 0) await kill(run);
    }
    const flying = inFlight();
    if (flying.length === 0 && runs.every((run) => run.stage === 'done')) break;
    await sleep(POLL_MS);
    for (const run of flying) {
      const status = await statusOf(run);
      if (status === undefined) continue;
      run.point = pointOf(run, status);
      if (run.stage === 'provisioning' && FINISHED_RUNTIME_STATUSES.includes(status.runtimeStatus)) {
        run.runtimeStatus = status.runtimeStatus;
        if (status.error)
          run.failure = `${status.error.code} at ${status.error.cloud ?? '?'}/${status.error.stage ?? '?'}: ${status.error.message.slice(0, 200)}`;
        run.missed += run.targets.filter((target) => target.point < PROVISIONING_POINTS).length;
        run.targets = run.targets.filter((target) => target.point === PROVISIONING_POINTS);
        if (run.teardown && status.runtimeStatus === 'Completed') {
          const answer = await lives.current().api('DELETE', `/api/connections/${run.name}`);
          if (answer.status === 202) run.stage = 'tearingDown';
          else {
            run.error = `DELETE answered ${answer.status}: ${answer.text.slice(0, 200)}`;
            run.stage = 'done';
          }
        } else run.stage = 'done';
      } else if (run.stage === 'tearingDown' && status.teardown !== null && status.teardown !== undefined) {
        if (FINISHED_RUNTIME_STATUSES.includes(status.teardown.runtimeStatus)) {
          run.teardownStatus = status.teardown.runtimeStatus;
          run.missed += run.targets.length;
          run.targets = [];
          run.stage = 'done';
        }
      }
      if (run.stage === 'done') run.endedAt = wallNow();
      else if (wallNow() - run.startedAt > options.runTimeoutMs) {
        run.error = `not finished after ${options.runTimeoutMs} ms (last phase ${status.phase ?? 'none'})`;
        run.stage = 'done';
        run.endedAt = wallNow();
      }
    }
    const due = inFlight().find((run) => run.targets[0] !== undefined && run.point >= run.targets[0].point);
    if (due !== undefined) await kill(due);
  }
  return kills;
}

async function verify(
  runs: CrashRun[],
  kills: KillRecord[],
  lives: HostLives,
  sim: SimProcess,
  options: CrashOptions,
): Promise<CrashResult> {
  const violations: string[] = [];
  for (const run of runs) {
    if (run.error !== undefined) violations.push(`${run.name}: ${run.error}`);
    else if (run.runtimeStatus !== 'Completed')
      violations.push(`${run.name} ended ${String(run.runtimeStatus)}${run.failure ? ` (${run.failure})` : ''}`);
    else if (run.teardown && run.teardownStatus !== 'Completed')
      violations.push(`${run.name}: teardown ended ${String(run.teardownStatus)}`);
  }
  const simulator = await inspectSimulator(
    sim,
    {
      present: runs.filter((run) => !run.teardown).map((run) => run.name),
      absent: runs.filter((run) => run.teardown).map((run) => run.name),
    },
    runs.map((run) => ({ name: run.name, tornDown: run.teardown })),
  );
  violations.push(...simulator.violations);
  // An event's delivery child ends an episode after its event reached the topic: give the last ones a moment. A
  // connection that stays up keeps its health monitor running (eternal until its teardown): that is no leftover.
  let instances = await lives.current().instances();
  const unfinished = (): string[] =>
    instances
      .filter((instance) => !FINISHED_RUNTIME_STATUSES.includes(instance.runtimeStatus))
      .filter((instance) => !(isMonitorInstanceId(instance.instanceId) && instance.runtimeStatus === 'Running'))
      .map((instance) => `${instance.instanceId} ${instance.runtimeStatus}`);
  for (const settleBy = wallNow() + 10_000; unfinished().length > 0 && wallNow() < settleBy;) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    instances = await lives.current().instances();
  }
  const unfinishedInstances = unfinished();
  violations.push(...unfinishedInstances.map((i) => `instance not finished: ${i}`));
  return {
    options,
    runs,
    kills,
    inventory: simulator.inventory,
    events: simulator.events,
    unfinishedInstances,
    instances: instances.length,
    driftsMs: lives.drifts(),
    hostStartMs: lives.startMs(),
    wallMs: 0,
    violations,
  };
}

function seconds(ms: number): string {
  return `${formatNumber(ms / 1000)} s`;
}

function check(holds: boolean): string {
  return holds ? 'yes' : 'NO';
}

/** A row of an invariant that holds when nothing was found. */
export function none(label: string, found: readonly unknown[], suffix = ''): string[] {
  return [label, '0', `${found.length}${suffix}`, check(found.length === 0)];
}

export function crashTables(result: CrashResult): Table[] {
  const { runs, kills, options } = result;
  const byPoint = KILL_POINTS.map((point) => {
    const at = kills.filter((kill) => kill.point === point);
    return [
      point,
      String(at.length),
      at.length === 0 ? '-' : formatNumber(summarize(at.map((k) => k.runsInFlight)).median),
    ];
  });
  const killsTable: Table = {
    title: 'Crash recovery: host kills by phase',
    headers: ['phase of the run that called for the kill', 'kills', 'runs in flight (median)'],
    rows: [...byPoint, ['all', String(kills.length), formatNumber(summarize(kills.map((k) => k.runsInFlight)).median)]],
    notes: [
      `${options.runs} provisionings (${runs.filter((r) => r.teardown).length} also torn down), ${options.concurrency} in flight at once, time scale ${options.timeScale}, seed ${options.seed}.`,
      "Each kill is a SIGKILL of the host's whole process group, then a new host on the same data folder; the simulator runs on.",
      `Kill moments drawn per run with mulberry32 (1-${options.maxKillsPerRun} per run); ${runs.reduce((n, r) => n + r.missed, 0)} drawn moments were passed before the poll saw them (the run had finished).`,
      'The phase is the one a status read just before the kill showed (accepted: within 20 ms of the 202, unread); the other runs in flight were wherever they were.',
    ],
  };
  const present = runs.filter((run) => !run.teardown).length;
  const completed = runs.filter((run) => run.runtimeStatus === 'Completed').length;
  const tornDown = runs.filter((run) => run.teardown);
  const teardownsCompleted = tornDown.filter((run) => run.teardownStatus === 'Completed').length;
  const hits = runs.map((run) => run.killsHit);
  const expectedResources = present * EXPECTED_TYPES.length * CLOUD_IDS.length;
  const found = result.inventory.resources.azure + result.inventory.resources.azureStack;
  const events = result.events;
  const drift = summarize(result.driftsMs.map((ms) => Math.abs(ms)));
  const durations = runs.filter((run) => run.endedAt > 0).map((run) => run.endedAt - run.startedAt);
  const invariants: Table = {
    title: 'Crash recovery: invariants after the last restart',
    headers: ['check', 'expected', 'measured', 'holds'],
    rows: [
      ['runs ended Completed', String(runs.length), String(completed), check(completed === runs.length)],
      [
        'teardowns ended Completed',
        String(tornDown.length),
        String(teardownsCompleted),
        check(teardownsCompleted === tornDown.length),
      ],
      [
        'kills that hit a run (per run: min-max)',
        '>= 1',
        `${Math.min(...hits)}-${Math.max(...hits)}`,
        check(Math.min(...hits) >= 1),
      ],
      [
        'resources in the simulator (subnets aside)',
        String(expectedResources),
        String(found),
        check(found === expectedResources),
      ],
      none('missing or doubled (connection, cloud, type)', result.inventory.wrong),
      none("orphans (outside the live connections' groups)", result.inventory.orphans),
      none('resources not Succeeded', result.inventory.notProvisioned),
      none('ARM operations left InProgress', result.inventory.inProgressOperations),
      none('task hub instances not finished', result.unfinishedInstances, ` of ${result.instances}`),
      [
        'events expected, delivered at least once',
        String(events.expected),
        String(events.expected - events.missing.length),
        check(events.missing.length === 0),
      ],
      ['event deliveries beyond the first (same id)', 'any', String(events.duplicates), 'yes'],
      none('ids delivered with different contents', events.unstable),
      none('unexpected event ids', events.unexpected),
    ],
    notes: [
      `Wall time ${seconds(result.wallMs)}; a run (start to end, kills and restarts included): median ${seconds(summarize(durations).median)}, max ${seconds(summarize(durations).max)}.`,
      `Host start (spawn to ready line): median ${seconds(summarize(result.hostStartMs).median)} over ${result.hostStartMs.length} starts.`,
      `Clocks: the host and the simulator keep a virtual clock each. Each host start is set to the simulator's time plus the lag the previous start measured; after each start they differed by ${formatNumber(drift.median / 1000)} virtual s (median; max ${formatNumber(drift.max / 1000)}), ${formatNumber(drift.median / options.timeScale)} ms of wall time. Left alone, a restarted host resumes at the time it saved and falls behind the clouds by ${formatNumber(options.timeScale)}x its downtime at every kill (a 2 s restart: ${formatNumber((2 * options.timeScale) / 60)} virtual minutes).`,
    ],
  };
  return [killsTable, invariants];
}
