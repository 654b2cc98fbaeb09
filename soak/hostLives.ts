// One host data folder and the successive host processes that run on it: start, SIGKILL of the whole process group,
// restart on the same folder. Before each start the host's clock is set to the simulator's (they are separate
// processes with a virtual clock each): a host restarts at the virtual time it saved, which lags the simulator's by
// the downtime times the scale, whereas a real host resumes at the same wall time as the clouds. The lag that the
// start itself adds (spawn to clock open) is measured after each start and added to the next one.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { alignClock, startHostProcess, type HostProcess } from './hostProcess';
import type { Recorder } from './recorder';
import { startSimProcess, type SimProcess } from './simProcess';
import type { Workspace } from './workspace';
import { wallNow } from '../bench/wallClock';
import { FINISHED_RUNTIME_STATUSES } from '../lib/api/connectionStatus';

export interface HostLivesOptions {
  dataDir: string;
  timeScale: number;
  sim: SimProcess;
  stderrFile: string;
  recorder: Recorder;
  /** Laid over the environment pointing the host at the simulator. */
  env?: NodeJS.ProcessEnv;
}

export interface HostLives {
  current(): HostProcess;
  /** SIGKILL of the current host's process group, then a new host on the same data folder. Returns wall ms down. */
  crashAndRestart(): Promise<number>;
  /** A clean stop (SIGTERM) of the current host. */
  stop(): Promise<number | null>;
  /** Host starts so far (the first included). */
  starts(): number;
  /** After each start: the simulator's virtual time minus the host's, in virtual ms (positive: the host is behind). */
  drifts(): number[];
  /** Wall ms from spawn to ready line, per start. */
  startMs(): number[];
}

export async function startHostLives(options: HostLivesOptions): Promise<HostLives> {
  const drifts: number[] = [];
  const startTimes: number[] = [];
  let lag = 0;
  const start = async (): Promise<HostProcess> => {
    const simNow = (await options.sim.clock()).now;
    // Never backwards: the host's task hub holds times of its own saved clock.
    alignClock(options.dataDir, Math.max(savedClock(options.dataDir), simNow + lag));
    const began = wallNow();
    const host = await startHostProcess({
      dataDir: options.dataDir,
      timeScale: options.timeScale,
      env: { ...options.sim.hostEnvironment, ...options.env },
      stderrFile: options.stderrFile,
      recorder: options.recorder,
    });
    startTimes.push(wallNow() - began);
    const drift = (await options.sim.clock()).now - host.virtualNow();
    drifts.push(drift);
    lag = Math.max(0, lag + drift);
    return host;
  };
  let host = await start();
  return {
    current: () => host,
    async crashAndRestart() {
      const began = wallNow();
      await host.process.kill();
      host = await start();
      return wallNow() - began;
    },
    stop: () => host.process.stop(),
    starts: () => startTimes.length,
    drifts: () => [...drifts],
    startMs: () => [...startTimes],
  };
}

/**
 * The task hub's instances not in a final state (but those `running` allows), as `<id> <status>`, once they all
 * finished or after 10 s of wall time: an event's delivery child ends an episode after its run ended.
 */
export async function settledUnfinished(
  lives: HostLives,
  running: (instanceId: string) => boolean = () => false,
): Promise<{ unfinished: string[]; instances: number }> {
  let instances = await lives.current().instances();
  const unfinished = (): string[] =>
    instances
      .filter((instance) => !FINISHED_RUNTIME_STATUSES.includes(instance.runtimeStatus))
      .filter((instance) => !(running(instance.instanceId) && instance.runtimeStatus === 'Running'))
      .map((instance) => `${instance.instanceId} ${instance.runtimeStatus}`);
  for (const settleBy = wallNow() + 10_000; unfinished().length > 0 && wallNow() < settleBy;) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    instances = await lives.current().instances();
  }
  return { unfinished: unfinished(), instances: instances.length };
}

function savedClock(dataDir: string): number {
  const path = join(dataDir, 'clock.json');
  if (!existsSync(path)) return 0;
  return (JSON.parse(readFileSync(path, 'utf8')) as { virtualNow: number }).virtualNow;
}

/** Every quota of the simulated subscriptions is raised to at least this: gateways, VNets, IPs, VMs, cores. */
const QUOTA_FOR_SOAK = 1000;

/** A section's simulator and host, each a process of its own, in the workspace's folders named after the section. */
export interface SectionServers {
  sim: SimProcess;
  lives: HostLives;
  hostDataDir: string;
  /** Stops the host (cleanly), then the simulator. */
  stop(): Promise<void>;
}

export async function startSectionServers(
  workspace: Workspace,
  section: string,
  options: { timeScale: number; seed: string; hostEnv?: NodeJS.ProcessEnv },
): Promise<SectionServers> {
  const sim = await startSimProcess({
    dataDir: workspace.dir(`${section}-sim`),
    timeScale: options.timeScale,
    seed: options.seed,
    stderrFile: workspace.stderrFile(`${section}-sim`),
    recorder: workspace.recorder,
  });
  const hostDataDir = workspace.dir(`${section}-host`);
  try {
    // A soak puts more connections in one subscription than a default quota plan allows (Stack Hub's: 10 gateways).
    await sim.raiseQuotas(QUOTA_FOR_SOAK);
    const lives = await startHostLives({
      dataDir: hostDataDir,
      timeScale: options.timeScale,
      sim,
      stderrFile: workspace.stderrFile(`${section}-host`),
      recorder: workspace.recorder,
      ...(options.hostEnv ? { env: options.hostEnv } : {}),
    });
    return {
      sim,
      lives,
      hostDataDir,
      async stop() {
        try {
          await lives.stop();
        } finally {
          await sim.stop();
        }
      },
    };
  } catch (error) {
    await sim.stop();
    throw error;
  }
}

/**
 * Runs a section between the start and the stop of its servers; before they stop, the workspace collects the
 * secrets its scan will look for (the connections' shared keys, the keys of the host). Sets the result's wall time.
 */
export async function withSectionServers<Result extends { wallMs: number }>(
  workspace: Workspace,
  section: string,
  options: { timeScale: number; seed: string; hostEnv?: NodeJS.ProcessEnv },
  body: (servers: SectionServers) => Promise<{ result: Result; connections: string[] }>,
): Promise<Result> {
  const began = wallNow();
  const servers = await startSectionServers(workspace, section, options);
  try {
    const { result, connections } = await body(servers);
    // The scan's own reads of Key Vault are not under test: a section's fault plan (a quarter of Key Vault's answers
    // 503 in the faults section) would fail them once four come in a row, past the SDK's retries. It stops first.
    await servers.sim.api('PUT', 'faults', { rules: [] });
    await workspace.collectSecrets(section, servers.sim, connections, servers.hostDataDir);
    result.wallMs = wallNow() - began;
    return result;
  } finally {
    await servers.stop();
  }
}
