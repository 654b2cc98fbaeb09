// The soak's scratch space: one temporary folder for every data folder and stderr file, the recorder of every HTTP
// answer, and what the secrets scan must later look for and where. Sections add to it; run.ts removes the folder.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Recorder } from './recorder';
import type { SimProcess } from './simProcess';

export interface SecretValue {
  /** What it is (never the value): `shared key of hc-x`, `client secret`, `host key master` ... */
  label: string;
  value: string;
}

export interface HostFolder {
  section: string;
  dataDir: string;
}

export class Workspace {
  readonly root = mkdtempSync(join(tmpdir(), 'hc-soak-'));
  readonly recorder = new Recorder();
  /** The secret values the scan looks for. */
  readonly secrets: SecretValue[] = [];
  /** Host data folders (task hub, host.log) to scan. */
  readonly hostFolders: HostFolder[] = [];
  /** stderr files of every process started. */
  readonly stderrFiles: string[] = [];

  dir(name: string): string {
    const path = join(this.root, name);
    mkdirSync(path, { recursive: true });
    return path;
  }

  stderrFile(name: string): string {
    const path = join(this.root, `${name}.stderr`);
    this.stderrFiles.push(path);
    return path;
  }

  addSecret(label: string, value: string | undefined): void {
    if (value !== undefined && value !== '' && !this.secrets.some((s) => s.value === value))
      this.secrets.push({ label, value });
  }

  /**
   * Before a section stops its simulator: the real shared keys of its connections (from Key Vault, every version: a
   * rotated connection's earlier keys must not leak either), the simulator's client secret and Event Grid key, and
   * every key of its host (keys.json).
   */
  async collectSecrets(section: string, sim: SimProcess, connections: string[], hostDataDir: string): Promise<void> {
    for (const name of connections)
      for (const value of await sim.secretValues(`hc-${name}-psk`)) this.addSecret(`shared key of hc-${name}`, value);
    this.addSecret('client secret', sim.ready.identity.clientSecret);
    this.addSecret('Event Grid key', sim.ready.eventGrid.key);
    const keys = JSON.parse(readFileSync(join(hostDataDir, 'keys.json'), 'utf8')) as unknown;
    for (const [path, value] of stringsOf(keys)) this.addSecret(`${section} host key ${path}`, value);
    this.hostFolders.push({ section, dataDir: hostDataDir });
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Every string leaf of a JSON value with its path. */
function stringsOf(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value).flatMap(([key, child]) => stringsOf(child, path === '' ? key : `${path}.${key}`));
}
