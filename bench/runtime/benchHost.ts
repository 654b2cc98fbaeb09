// Starts the bench app on startHost (127.0.0.1, a free port) with one Durable store, hands a Durable API client to a
// measurement, and always stops the host and removes its temporary data folder afterwards.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startHost, type HostLog } from '../../runtime';
import { DurableApi } from './durableApi';

export type StoreKind = 'sqlite' | 'memory';

export async function withBenchHost<T>(
  store: StoreKind,
  appDir: string,
  timeScale: number,
  log: HostLog,
  measure: (api: DurableApi) => Promise<T>,
): Promise<T> {
  // SQLite lives in a fresh folder so every bench run starts from an empty task hub, like the in-memory store.
  const dataDir = store === 'sqlite' ? await mkdtemp(join(tmpdir(), 'hc-bench-runtime-')) : undefined;
  try {
    const host = await startHost({ appDir, port: 0, timeScale, log, ...(dataDir ? { dataDir } : { inMemory: true }) });
    try {
      return await measure(new DurableApi(host.url, host.keys.system.durabletask_extension));
    } finally {
      await host.stop();
    }
  } finally {
    if (dataDir) await rm(dataDir, { recursive: true, force: true });
  }
}
