// The machine a benchmark or soak ran on, as its report states it: Node, CPUs, memory, OS, and the load average
// (how much the other tenants of a shared machine were competing with the numbers). Reads os only.
import { arch, cpus, loadavg, release, totalmem, type } from 'node:os';

export interface Machine {
  node: string;
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  os: string;
  /** 1, 5 and 15 minute load averages, one decimal each. */
  load: string;
}

export function describeMachine(): Machine {
  const processors = cpus();
  return {
    node: process.version,
    cpus: processors.length,
    cpuModel: processors[0]?.model.trim() ?? 'unknown',
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    os: `${type()} ${release()} ${arch()}`,
    load: loadavg()
      .map((l) => l.toFixed(1))
      .join(' '),
  };
}

/** What a report (docs/benchmarks.md, docs/reliability.md) says about the run it was written from. */
export interface RunInfo {
  command: string;
  date: string;
  quick: boolean;
  /** The machine at the start (its load average then) and the load average at the end. */
  machine: Machine;
  loadAtEnd: string;
  wallSeconds: number;
}
