// docs/reliability.md from one soak run: how the soak attacks the workflow, then that run's tables section by
// section, the machine, the command, the date and every invariant that broke. Text only; it measures nothing.
import { renderTable, type Table } from '../bench/table';
import type { RunInfo } from '../bench/machine';
import { THROTTLING_ABOUT } from './throttlingAbout';
import { ROLLBACK_ABOUT } from './rollbackReport';

export interface ReportSection {
  name: string;
  tables: Table[];
  violations: string[];
}

export interface ReportInput extends RunInfo {
  sections: ReportSection[];
}

/** What each section does, in the report's words. */
const ABOUT: Record<string, { title: string; text: string[] }> = {
  crash: {
    title: '1. Crash recovery of this workflow',
    text: [
      '`hybrid-connection sim` and `hybrid-connection host --app <repo> --data DIR --time-scale X` run as two processes,',
      'the host with the app settings that point it at the simulator (`appSettingsForSimulator`, the Azure Stack Hub',
      "identity read from the stamp's `/metadata/endpoints`) and `NODE_EXTRA_CA_CERTS` set to the simulator's CA bundle.",
      'Provisionings of the example plan (one connection name each) run a few at a time. Each run draws, with',
      '`mulberry32` seeded from the options, one to three moments to kill the host at: right after the start was',
      'accepted, in pre-flight, before the gateway wait, during it, while linking, while the tunnel connects, during the',
      'ping, for every k-th run during a rotation of its key (`POST .../rotate-key` once it succeeded; killed once the',
      'new Key Vault version is written, while the sides are being set, or while it watches for Connected, in turn) and',
      'for every k-th run during its teardown (`DELETE` once it succeeded). When a run reaches a drawn moment',
      'the host gets SIGKILL as a whole process group (`process.kill(-pid)`, it was started detached) and a new host',
      'starts on the same data folder; the simulator runs on. A kill hits every run in flight.',
      '',
      'Afterwards: every run ended `Completed` (every teardown too); the simulator holds, per connection and cloud,',
      'exactly one resource of each kind `lib/resourceKinds.ts` lists (found by resource group, so a copy under another',
      'name would show) and nothing of a torn-down connection or outside the runs (no orphan); no resource is left in',
      'another state than `Succeeded`, no ARM operation `InProgress`, no task hub instance unfinished; every event a run',
      'publishes was delivered at least once under its deterministic id, and an id delivered twice carried the same',
      'type, subject and data. A rotation ended `succeeded` (or `restored`) with both connections holding the key of',
      "Key Vault's newest version (compared in memory, never printed) and reading Connected.",
      '',
      'Clocks: the host and the simulator each keep a virtual clock. A host restarts at the virtual time it saved',
      '(`clock.json`, saved every wall second), so left alone it would fall behind the simulator by the downtime times',
      "the scale at every kill (the gateway timeout and every timer would then run late against the clouds' time).",
      "Before each start the soak writes the simulator's time, plus the lag the previous start measured, into the",
      "host's `clock.json` (never earlier than what the host saved), as a real host resumes at the same wall time as",
      'the clouds; the table says how far apart they still were after each start.',
    ],
  },
  faults: {
    title: '2. Cloud faults, seeded',
    text: [
      'A simulator and a host (separate processes, no kills); before the runs, `PUT /_sim/faults` installs a seeded',
      'plan (`soak/faults.ts`): 2.5% `500` and 2.5% `503` (Retry-After) on every ARM request, 2% connection resets,',
      'two bursts of eight `429`s on reads, eight more in a row on one gateway of one run, AnotherOperationInProgress on',
      '30% of gateway and VNet writes, `503`s (Retry-After) on the first three Key Vault requests and a quarter of the',
      'rest, one Azure Stack Hub gateway whose provisioning ends `Failed` (`VirtualNetworkGatewayProvisioningFailed`)',
      'and one Azure connection that provisions but whose tunnel never connects (`connectionStuck`). Every other run',
      'must end `Completed` with one of each resource; the gateway one must end `Failed` at `azureStack`/`gateway` with',
      'that code and its hint, the tunnel one `Failed` at `tunnel` (no single cloud named) with',
      '`TunnelNotConnectedError`, diagnosis `unknown` and its hint, each in its status and in its `Provisioning.Failed`',
      "event. The faults counted are the simulator's own log of what it injected.",
    ],
  },
  hostile: {
    title: '3. Hostile input at volume',
    text: [
      'A simulator and a host (separate processes). fast-check generates bodies for `POST /api/connections` and',
      '`POST /api/connections?preview=true` (the same bodies to both): a third wild (any JSON value, text, JSON',
      'fragments), two thirds the example plan with one to three changes no valid plan has (a value of another JSON',
      'type where the schema, which has no unions, wants one; an unknown key) and odd strings in its string fields.',
      "`test/soak/soakParts.test.ts` proves the app's own rules refuse every such body, so an instance started would",
      'be a bug. Then odd names (binary and composite Unicode, dot segments, 5,000 characters) to `GET` and `DELETE',
      '/api/connections/{name}`, their previews, wrong content types, invalid UTF-8, duplicate keys (a `\\u` escape',
      'included) and 10 MB bodies. One valid plan in 100 goes to the preview, which must read both clouds and write',
      'nothing. Afterwards: no 5xx, no instance in the task hub (listed through the Durable HTTP API), no ARM write.',
    ],
  },
  throttling: THROTTLING_ABOUT,
  rollback: ROLLBACK_ABOUT,
  secrets: {
    title: '6. Secrets',
    text: [
      'Last, over everything the sections left: the real shared key of every connection (read from the',
      "simulator's Key Vault through the SDK; `/_sim/keyvault` shows names only), the service principal's client",
      'secret, the Event Grid key and every host key (master, function, system) are searched, verbatim, in each',
      'task hub (every table and row through `node:sqlite`, and the raw files with their WAL), `host.log`, the stderr',
      'of every process, what each printed after its ready line, `/_sim/events` and every HTTP answer of the soak. A',
      "place that does not hold what the soak did there (the run's history, its log lines) fails the scan too: an",
      'empty place proves nothing.',
    ],
  },
};

export function renderReport(input: ReportInput): string {
  const broken = input.sections.reduce((n, section) => n + section.violations.length, 0);
  const m = input.machine;
  const lines = [
    '# Reliability: `npm run soak`',
    '',
    'What the workflow survives, measured: host crashes in every phase, seeded cloud faults, hostile input at volume,',
    'rollbacks and teardowns under faults and crashes beside foreign resources, and a scan for secrets over everything',
    'that run produced. Written by `soak/run.ts` from a real run (the tables below are its output, unedited);',
    '`npm run soak` runs the full soak and rewrites this file, `-- --quick` a smaller',
    'one (under 3 minutes on 2 cores) that writes it only with `--report FILE`. `--json FILE` writes',
    '`{"metrics", "violations", "machine", "date"}`; `--only crash,faults` runs some sections; the exit code is 1 when',
    'an invariant broke, never because of a timing. `test/soak/` runs the crash section in small in CI.',
    '',
    '## The run',
    '',
    `- command: \`${input.command}\`${input.quick ? ' (quick)' : ''}`,
    `- date: ${input.date}`,
    `- machine: Node ${m.node}, ${m.cpus} CPUs (${m.cpuModel}), ${m.memoryGiB} GiB, ${m.os}; load average ${m.load} at the start, ${input.loadAtEnd} at the end (a shared machine: other work competed with the soak)`,
    `- wall time: ${input.wallSeconds.toFixed(1)} s`,
    `- invariants broken: ${broken === 0 ? 'none' : String(broken)}`,
    '',
  ];
  for (const section of input.sections) {
    const about = ABOUT[section.name];
    lines.push(`## ${about?.title ?? section.name}`, '', ...(about?.text ?? []), '');
    lines.push('```text', section.tables.map((table) => renderTable(table)).join('\n\n'), '```', '');
    if (section.violations.length > 0) {
      lines.push('Broken in this run:', '', ...section.violations.map((violation) => `- ${violation}`), '');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
