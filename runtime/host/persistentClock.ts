// A virtual clock that survives restarts: it starts no earlier than the virtual time saved in <dataDir>/clock.json and
// saves its time every second (and on close), so a host killed at a high time scale never restarts in the past.
// Timers, history timestamps and currentUtcDateTime therefore never run backwards across restarts.
import { renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VirtualClock } from '../../clock/virtualClock';
import { HostConfigError } from './errors';
import { isRecord } from '../contracts';
import { readJsonFile } from './jsonFile';

export const CLOCK_FILE = 'clock.json';
const SAVE_EVERY_MS = 1000;

export interface PersistentClock {
  clock: VirtualClock;
  /** Saves the time one last time and stops saving; the clock is disposed. */
  close(): void;
}

export async function openPersistentClock(dataDir: string, scale: number): Promise<PersistentClock> {
  const path = join(dataDir, CLOCK_FILE);
  const saved = await readJsonFile(path);
  let savedNow = 0;
  if (saved !== undefined) {
    if (!isRecord(saved) || typeof saved.virtualNow !== 'number' || !Number.isFinite(saved.virtualNow)) {
      throw new HostConfigError(`${path} must hold {"virtualNow": <epoch ms>}`);
    }
    savedNow = saved.virtualNow;
  }
  const clock = new VirtualClock({ scale, startAt: Math.max(Date.now(), savedNow) });
  // Write then rename: a kill mid-save leaves the previous file intact, so the next start can always read it.
  const save = (): void => {
    writeFileSync(`${path}.tmp`, `${JSON.stringify({ virtualNow: clock.now() })}\n`);
    renameSync(`${path}.tmp`, path);
  };
  save();
  const timer = setInterval(save, SAVE_EVERY_MS);
  timer.unref();
  return {
    clock,
    close(): void {
      clearInterval(timer);
      save();
      clock.dispose();
    },
  };
}
