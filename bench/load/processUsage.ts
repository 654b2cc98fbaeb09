// CPU time and peak memory of another process, read from Linux's /proc: the load bench measures the host process it
// started, not itself. Reads files only; on a system without /proc the numbers are NaN (shown as n/a).
import { readFileSync } from 'node:fs';

/** Linux reports utime/stime in clock ticks of USER_HZ, which is 100 on every architecture Node runs on. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system, every thread) from the text of /proc/<pid>/stat. */
export function cpuSecondsFromStat(stat: string): number {
  // The command name (field 2) is in parentheses and may hold spaces or ')': count fields after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Field 3 (state) is fields[0]; utime and stime are fields 14 and 15.
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return (utime + stime) / TICKS_PER_SECOND;
}

/** A memory line of /proc/<pid>/status in MB: VmHWM (peak resident set) or VmRSS (resident set now). */
export function statusMb(status: string, field: 'VmHWM' | 'VmRSS'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(status);
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

function readProc(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

export function processCpuSeconds(pid: number): number {
  const stat = readProc(pid, 'stat');
  return stat === undefined ? Number.NaN : cpuSecondsFromStat(stat);
}

/** CPU seconds (user + system) of one thread `tid` of process `pid` (the main thread's tid is the pid). */
export function threadCpuSeconds(pid: number, tid: number): number {
  const stat = readProc(pid, `task/${tid}/stat`);
  return stat === undefined ? Number.NaN : cpuSecondsFromStat(stat);
}

export function processPeakRssMb(pid: number): number {
  const status = readProc(pid, 'status');
  return status === undefined ? Number.NaN : statusMb(status, 'VmHWM');
}

export function processRssMb(pid: number): number {
  const status = readProc(pid, 'status');
  return status === undefined ? Number.NaN : statusMb(status, 'VmRSS');
}
