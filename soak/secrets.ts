// Section 4: a secrets scan over everything the soak produced. What it looks for: the real shared key of every
// connection (read from the simulator's Key Vault through the SDK), the service principal's client secret, the Event
// Grid key and every host key (master, function, system). Where: each host's task hub (every table, every row, and
// the raw files with their WAL), host.log, every other file of the data folders but keys.json, the stderr of every
// process, what they printed after their ready line, /_sim/events and every HTTP answer the soak received.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { formatNumber } from '../bench/format';
import type { Table } from '../bench/table';
import type { Workspace } from './workspace';

export interface ScannedPlace {
  place: string;
  items: number;
  bytes: number;
  /** Labels of the secrets found there (never their values). */
  found: string[];
}

export interface SecretsResult {
  secrets: { kind: string; count: number }[];
  places: ScannedPlace[];
  violations: string[];
}

/** The files of a host data folder a secret must never reach: everything but keys.json, where keys belong. */
function hostFiles(dataDir: string): string[] {
  return readdirSync(dataDir)
    .filter((file) => file !== 'keys.json')
    .map((file) => join(dataDir, file))
    .filter((path) => statSync(path).isFile());
}

/** Every table of a task hub, every row, every column, as text. */
export function dumpTaskHub(path: string): { rows: number; text: string } {
  const db = new DatabaseSync(path, { readOnly: true });
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[];
    let rows = 0;
    const text = tables
      .map(({ name }) => {
        const all = db.prepare(`SELECT * FROM "${name}"`).all();
        rows += all.length;
        return `${name}: ${all.map((row) => Object.values(row).map(textOf).join(' | ')).join('\n')}`;
      })
      .join('\n');
    return { rows, text };
  } finally {
    db.close();
  }
}

function textOf(value: unknown): string {
  if (value instanceof Uint8Array) return Buffer.from(value).toString('utf8');
  return String(value);
}

export function scanForSecrets(workspace: Workspace): SecretsResult {
  const violations: string[] = [];
  const places: ScannedPlace[] = [];
  const scan = (place: string, texts: string[], mustContain?: string): void => {
    const found = workspace.secrets
      .filter((secret) => texts.some((text) => text.includes(secret.value)))
      .map((secret) => secret.label);
    const bytes = texts.reduce((n, text) => n + text.length, 0);
    places.push({ place, items: texts.length, bytes, found });
    for (const label of found) violations.push(`${label} found in ${place}`);
    // A scan of a place that does not hold what the soak did there would prove nothing.
    if (mustContain !== undefined && !texts.some((text) => text.includes(mustContain)))
      violations.push(`${place} does not hold "${mustContain}": the scan of it would prove nothing`);
  };

  for (const { section, dataDir } of workspace.hostFolders) {
    const hubs = readdirSync(dataDir).filter((file) => file.endsWith('.sqlite'));
    const dumps = hubs.map((file) => dumpTaskHub(join(dataDir, file)).text);
    scan(`task hub tables (${section})`, dumps, section === 'hostile' ? undefined : 'provisionHybridConnection');
    const files = hostFiles(dataDir).map((path) => readFileSync(path).toString('latin1'));
    scan(`host data files: task hub, WAL, host.log, clock (${section})`, files, '"functionName"');
  }
  scan(
    'stderr of every process',
    workspace.stderrFiles.map((path) => readFileSync(path, 'utf8')),
    'Durable task hub',
  );
  const answers = workspace.recorder.answers;
  scan(
    "the app's HTTP answers",
    answers.filter((a) => a.label.startsWith('host ')).map((a) => a.text),
    '"runtimeStatus"',
  );
  scan(
    '/_sim/events answers',
    answers.filter((a) => a.label.startsWith('sim GET /_sim/events')).map((a) => a.text),
    'HybridConnection.Provisioning.Succeeded',
  );
  scan(
    'other /_sim/ answers (resources, operations, requests, faults)',
    answers.filter((a) => a.label.startsWith('sim ') && !a.label.startsWith('sim GET /_sim/events')).map((a) => a.text),
  );
  scan(
    'stdout after the ready lines',
    answers.filter((a) => a.label.startsWith('stdout ')).map((a) => a.text),
  );

  const kinds = new Map<string, number>();
  for (const secret of workspace.secrets) {
    const kind = secret.label.replace(/ of hc-.*$/, '').replace(/^\w+ host key .*$/, 'host key');
    kinds.set(kind, (kinds.get(kind) ?? 0) + 1);
  }
  if (!kinds.has('shared key')) violations.push('no shared key was read from Key Vault: the scan would prove nothing');
  return { secrets: [...kinds].map(([kind, count]) => ({ kind, count })), places, violations };
}

export function secretsTables(result: SecretsResult): Table[] {
  return [
    {
      title: 'Secrets: where the soak looked',
      headers: ['place', 'items', 'MB', 'secrets found'],
      rows: result.places.map((place) => [
        place.place,
        String(place.items),
        formatNumber(place.bytes / 1e6),
        place.found.length === 0 ? '0' : place.found.join(', '),
      ]),
      notes: [
        `Looked for: ${result.secrets.map((s) => `${s.count} ${s.kind}${s.count === 1 ? '' : 's'}`).join(', ')} (each value verbatim).`,
        'The shared keys are the values Key Vault holds (read through the SDK, as an operator would); the host keys come from keys.json, the one place they belong (not scanned), and the ready lines (not scanned either).',
      ],
    },
  ];
}
