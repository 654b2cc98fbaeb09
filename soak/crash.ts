// Section 1: crash recovery of this workflow. The simulator and the host run as separate processes; N provisionings
// (a few at a time) each get the host killed (SIGKILL of its whole process group) at seeded moments — right after
// the start was accepted, in pre-flight, before, during and after the gateway wait, while linking, while the tunnel
// connects, during the ping and, for every k-th run, during a rotation of its key (rotation.ts) and during its
// teardown — once or several times, and the host is restarted on the same data folder each time. Then: every run
// ended Completed, the simulator holds exactly one of each resource per connection (none of a torn-down one), nothing
// is left provisioning or InProgress, no instance is left running in the task hub, every event was delivered at least
// once under its deterministic id, and every rotation ended with both sides on Key Vault's newest key, Connected.
import { FINISHED_RUNTIME_STATUSES, type ConnectionStatusBody } from '../lib/api/connectionStatus';
import { CLOUD_IDS } from '../lib/cloudIds';
import { isMonitorInstanceId } from '../orchestrations/names';
import { mulberry32, hash32 } from '../simulator/random';
import { formatNumber } from '../bench/format';
import { summarize } from '../bench/stats';
import type { Table } from '../bench/table';
import { wallNow } from '../bench/wallClock';
import { settledUnfinished, withSectionServers, type HostLives } from './hostLives';
import { EXPECTED_TYPES, inspectSimulator, type EventFindings, type InventoryFindings } from './inventory';
import { planFor } from './plans';
import {
  awaitRotationMoment,
  checkRotation,
  endedRotation,
  rotationMoment,
  ROTATION_MOMENTS,
  startRotation,
  type RotationRun,
} from './rotation';
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
  /**
   * Every k-th run (1-based) gets its shared key rotated (`POST .../rotate-key`) once it succeeded, before any
   * teardown, with one kill during the rotation; 0: none.
   */
  rotateEvery: number;
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
  rotateEvery: 4,
  runTimeoutMs: 180_000,
};

export const QUICK_CRASH_OPTIONS: CrashOptions = {
  ...FULL_CRASH_OPTIONS,
  runs: 6,
  concurrency: 2,
  teardownEvery: 3,
  rotateEvery: 3,
};

/** The moments a kill aims at, in the order a run passes them. */
export const KILL_POINTS = [
  'accepted',
  'preflight',
  'beforeGateway',
  'gatewayWait',
  'link',
  'tunnel',
  'verify',
  'rotationKeyWritten',
  'rotationSettingKeys',
  'rotationWatching',
  'teardown',
] as const;
export type KillPoint = (typeof KILL_POINTS)[number];
/** The first rotation moment: a rotation is at ROTATION_POINT + the shared-key PUTs it made so far (0, 1, 2). */
const ROTATION_POINT = KILL_POINTS.indexOf('rotationKeyWritten');
const TEARDOWN_POINT = KILL_POINTS.indexOf('teardown');
/** Kill points a provisioning passes: those before the rotation's. */
const PROVISIONING_POINTS = ROTATION_POINT;
/** Wall ms a rotation is watched closely for its moment before the usual round of looks goes on. */
const ROTATION_WATCH_MS = 10_000;

function isRotationPoint(point: number): boolean {
  return point >= ROTATION_POINT && point < TEARDOWN_POINT;
}

interface KillTarget {
  point: number;
  /** Wall ms between reaching the point and the kill. */
  delayMs: number;
}

type RunStage = 'queued' | 'provisioning' | 'rotating' | 'tearingDown' | 'done';

interface CrashRun {
  index: number;
  name: string;
  teardown: boolean;
  rotate: boolean;
  /** Its shared-key rotation, once started. */
  rotation?: RotationRun;
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

/**
 * The seeded kill schedule of every run: 1..max moments among the provisioning points, plus one in its rotation (drawn
 * from a stream of its own, so adding rotations left the other moments as they were) and one in teardown.
 */
export function killSchedule(
  options: CrashOptions,
): { name: string; teardown: boolean; rotate: boolean; targets: KillTarget[] }[] {
  const random = mulberry32(hash32(options.seed));
  const rotationRandom = mulberry32(hash32(`${options.seed}:rotation`));
  // The rotations take the three moments in turn from a seeded first one: any three rotations aim at all of them.
  let rotationMoment = Math.floor(rotationRandom() * ROTATION_MOMENTS);
  return Array.from({ length: options.runs }, (_, index) => {
    const teardown = options.teardownEvery > 0 && (index + 1) % options.teardownEvery === 0;
    const rotate = options.rotateEvery > 0 && (index + 1) % options.rotateEvery === 0;
    const count = 1 + Math.floor(random() * options.maxKillsPerRun);
    const targets: KillTarget[] = Array.from({ length: count }, () => {
      const point = Math.floor(random() * PROVISIONING_POINTS);
      // Right after the start, the instance may not even have run once: kill at once or nearly.
      return { point, delayMs: Math.floor(random() * (point === 0 ? 20 : 150)) };
    });
    targets.sort((a, b) => a.point - b.point);
    if (rotate) {
      const point = ROTATION_POINT + (rotationMoment++ % ROTATION_MOMENTS);
      // A few ms at most: the moments of a rotation last tens of ms at a high time scale.
      targets.push({ point, delayMs: Math.floor(rotationRandom() * 5) });
    }
    if (teardown) targets.push({ point: TEARDOWN_POINT, delayMs: Math.floor(random() * 150) });
    return { name: `crash${String(index + 1).padStart(2, '0')}`, teardown, rotate, targets };
  });
}

/** Where a run is, as a kill point index; -1 once its provisioning finished (no point of it is left to kill at). */
function pointOf(run: CrashRun, status: ConnectionStatusBody | undefined): number {
  if (run.stage === 'tearingDown') return TEARDOWN_POINT;
  // A rotation's moment is read from the simulator (rotationPoint), not from the status.
  if (run.stage === 'rotating') return run.point;
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
  const inFlight = (): CrashRun[] =>
    runs.filter((run) => run.stage === 'provisioning' || run.stage === 'rotating' || run.stage === 'tearingDown');
  const statusOf = async (run: CrashRun): Promise<ConnectionStatusBody | undefined> => {
    const answer = await lives.current().api('GET', `/api/connections/${run.name}`);
    if (answer.status !== 200) {
      run.error = `GET answered ${answer.status}`;
      return undefined;
    }
    return answer.body as ConnectionStatusBody;
  };
  // A rotation's moment comes from the simulator (its shared-key PUTs so far), anything else's from the status.
  const look = async (run: CrashRun, status?: ConnectionStatusBody): Promise<number> =>
    run.stage === 'rotating' && run.rotation
      ? ROTATION_POINT + (await rotationMoment(sim, run.name, run.rotation))
      : pointOf(run, status ?? (await statusOf(run)));
  const kill = async (caller: CrashRun): Promise<void> => {
    const target = caller.targets.shift();
    if (target === undefined) return;
    await sleep(target.delayMs);
    const flying = inFlight();
    // Right after the 202, and in a rotation (its moments last tens of ms; awaitRotationMoment just read it), a look
    // would take longer than the moment lasts. Otherwise one more look, so the record says where the run really was
    // when the host died.
    if (target.point > 0 && !isRotationPoint(target.point))
      for (const run of flying) run.point = Math.max(run.point, await look(run));
    const seen = target.point === 0 ? 0 : caller.point;
    const downMs = await lives.crashAndRestart();
    for (const run of flying) run.killsHit += 1;
    kills.push({ point: KILL_POINTS[seen], runsInFlight: flying.length, downMs });
  };
  // A rotation's moments last tens of ms at a high time scale, less than a round of looks at every run: from its
  // start, a rotation aimed at is watched alone and closely until it reaches its moment, and killed there.
  const killInRotation = async (run: CrashRun): Promise<void> => {
    const target = run.targets[0]?.point ?? -1;
    if (run.rotation === undefined || !isRotationPoint(target)) return;
    const moment = target - ROTATION_POINT;
    run.point = ROTATION_POINT + (await awaitRotationMoment(sim, run.name, run.rotation, moment, ROTATION_WATCH_MS));
    if (run.point >= target) await kill(run);
  };
  // After a run succeeded (and after its rotation): rotate its key, tear it down, or it is done.
  const next = async (run: CrashRun): Promise<void> => {
    if (run.rotate && run.rotation === undefined) {
      const started = await startRotation(lives.current(), sim, run.name);
      if (typeof started !== 'string') {
        run.rotation = started;
        run.stage = 'rotating';
        run.point = ROTATION_POINT - 1;
        await killInRotation(run);
        return;
      }
      run.error = started;
    } else if (run.teardown) {
      const answer = await lives.current().api('DELETE', `/api/connections/${run.name}`);
      if (answer.status === 202) {
        run.stage = 'tearingDown';
        return;
      }
      run.error = `DELETE answered ${answer.status}: ${answer.text.slice(0, 200)}`;
    }
    run.stage = 'done';
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
      run.point = await look(run, status);
      if (run.stage === 'provisioning' && FINISHED_RUNTIME_STATUSES.includes(status.runtimeStatus)) {
        run.runtimeStatus = status.runtimeStatus;
        if (status.error)
          run.failure = `${status.error.code} at ${status.error.cloud ?? '?'}/${status.error.stage ?? '?'}: ${status.error.message.slice(0, 200)}`;
        run.missed += run.targets.filter((target) => target.point < PROVISIONING_POINTS).length;
        run.targets = run.targets.filter((target) => target.point >= PROVISIONING_POINTS);
        if (status.runtimeStatus === 'Completed') await next(run);
        else run.stage = 'done';
      } else if (run.stage === 'rotating' && run.rotation) {
        const ended = endedRotation(status, run.rotation.instanceId);
        if (ended !== undefined) {
          run.rotation.state = ended.state;
          run.rotation.problem = await checkRotation(sim, run.name, ended);
          run.missed += run.targets.filter((target) => target.point < TEARDOWN_POINT).length;
          run.targets = run.targets.filter((target) => target.point === TEARDOWN_POINT);
          await next(run);
        }
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
    if (run.rotate && run.runtimeStatus === 'Completed' && rotationProblem(run) !== undefined)
      violations.push(`${run.name}: ${rotationProblem(run) ?? ''}`);
  }
  const simulator = await inspectSimulator(
    sim,
    {
      present: runs.filter((run) => !run.teardown).map((run) => run.name),
      absent: runs.filter((run) => run.teardown).map((run) => run.name),
    },
    runs.map((run) => ({ name: run.name, tornDown: run.teardown, rotated: run.rotate })),
  );
  violations.push(...simulator.violations);
  // A connection that stays up keeps its health monitor running (eternal until its teardown): that is no leftover.
  const { unfinished: unfinishedInstances, instances } = await settledUnfinished(lives, isMonitorInstanceId);
  violations.push(...unfinishedInstances.map((i) => `instance not finished: ${i}`));
  return {
    options,
    runs,
    kills,
    inventory: simulator.inventory,
    events: simulator.events,
    unfinishedInstances,
    instances,
    driftsMs: lives.drifts(),
    hostStartMs: lives.startMs(),
    wallMs: 0,
    violations,
  };
}

/** What went wrong with a run's rotation, if anything (a rotation that never ended included). */
function rotationProblem(run: CrashRun): string | undefined {
  if (!run.rotate) return undefined;
  if (run.rotation?.state === undefined) return 'its rotation never ended';
  return run.rotation.problem;
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
      `${options.runs} provisionings (${runs.filter((r) => r.rotate).length} also with their key rotated, ${runs.filter((r) => r.teardown).length} torn down), ${options.concurrency} in flight at once, time scale ${options.timeScale}, seed ${options.seed}.`,
      "Each kill is a SIGKILL of the host's whole process group, then a new host on the same data folder; the simulator runs on.",
      `Kill moments drawn per run with mulberry32 (1-${options.maxKillsPerRun} per run); ${runs.reduce((n, r) => n + r.missed, 0)} drawn moments were passed before the poll saw them (the run had finished).`,
      'The phase is the one a status read just before the kill showed (accepted: within 20 ms of the 202, unread); the other runs in flight were wherever they were.',
      "A rotation's moment is read from the simulator: the new Key Vault version written and no side changed yet (rotationKeyWritten), one side's shared key PUT (rotationSettingKeys), both (rotationWatching: the rotation waits for Connected).",
    ],
  };
  const present = runs.filter((run) => !run.teardown).length;
  const completed = runs.filter((run) => run.runtimeStatus === 'Completed').length;
  const tornDown = runs.filter((run) => run.teardown);
  const rotated = runs.filter((run) => run.rotate);
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
        'rotations ended succeeded or restored, both sides on the newest key, Connected',
        String(rotated.length),
        String(rotated.filter((run) => rotationProblem(run) === undefined).length),
        check(rotated.every((run) => rotationProblem(run) === undefined)),
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
