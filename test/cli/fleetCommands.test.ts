// `status` and `watch` of a fleet as child processes, as users run them, against a scripted app answering a fleet's
// status document: the text shows the hub once and a row per site, `--json` prints the API's document unchanged, and
// the exit codes stay those of a single site (0, or 1 once the run failed).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli } from './cliRunner';
import { completedFleetStatus, fleetStatus, withRemovedSite } from './fleetFixtures';
import { startScriptedServer, type ScriptedServer } from './scriptedServer';

let server: ScriptedServer | undefined;
let work: string;
/** What GET /api/connections/fleet answers. */
let document: Record<string, unknown>;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'hc-fleet-cli-'));
  server = await startScriptedServer((request) =>
    request.method === 'GET' && request.url.startsWith('/api/connections/fleet')
      ? { status: 200, body: document }
      : { status: 404, body: { error: { code: 'NotFound', message: request.url } } },
  );
});

afterAll(async () => {
  await server?.close();
  rmSync(work, { recursive: true, force: true });
});

/** The CLI against the scripted app, in a folder of its own (its duration history goes there). */
const cli = (...args: string[]) =>
  runCli([...args, '--url', server?.url ?? '', '--key', 'k', '--data', join(work, 'data')], { cwd: work });

describe('status and watch of a fleet', () => {
  it('status shows the hub once and a row per site; --json is the document as the API sent it', async () => {
    document = withRemovedSite(fleetStatus(), 'west', 'running');
    const text = await cli('status', 'fleet');
    expect(text.code).toBe(0);
    expect(text.stdout.match(/^ {2}Azure hub\b/gm)).toHaveLength(1);
    for (const row of [
      /^ {4}north +✔ Connected +#+ 13\/13 {2}ping reachable \(4\/4 replies\)$/m,
      /^ {4}south +● connecting +[#.]+ 10\/13 {2}ping pending · running tunnel/m,
      /^ {4}east +✖ failed +[#.]+ {2}3\/13/m,
      /^ {11}✖ Failed at Azure Stack Hub \/ VPN gateway: VirtualNetworkGatewayProvisioningFailed$/m,
      /^ {4}west +● being removed +removed from the plan; 2 resource\(s\) deleted$/m,
    ]) {
      expect(text.stdout).toMatch(row);
    }
    const json = await cli('status', 'fleet', '--json');
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(document);
    expect(json.stdout.trim().split('\n')).toHaveLength(1);
    expect(server?.requests.at(-1)).toMatchObject({ method: 'GET', url: '/api/connections/fleet', key: 'k' });
  }, 30_000);

  it('watch follows to the end and sums up each site; a failed fleet exits 1 naming the site', async () => {
    document = completedFleetStatus();
    const done = await cli('watch', 'fleet', '--interval', '0.1');
    expect(done.code).toBe(0);
    expect(done.stdout).toContain('Site south: Connected — 13/13 stages done · ping reachable (4/4 replies)');
    expect(done.stdout).toMatch(/^ {2}site east {2}gateway 203\.0\.113\.13 +VM 10\.203\.1\.4 +tunnel Connected/m);
    document = { ...fleetStatus(), runtimeStatus: 'Failed', phase: 'failed' };
    const failed = await cli('status', 'fleet');
    expect(failed.code).toBe(1);
    const followed = await cli('watch', 'fleet', '--json');
    expect(followed.code).toBe(1);
    expect(JSON.parse(followed.stdout)).toEqual(document);
    expect(followed.stderr).toContain('Site east: failed — 3/13 stages done');
  }, 30_000);
});

describe('rotate-key of one site of a fleet', () => {
  it('sends ?site=, shows a field refusal, and refuses a malformed site before any request (exit 2)', async () => {
    const before = server?.requests.length ?? 0;
    const bad = await cli('rotate-key', 'fleet', '--site', 'North Star', '--no-wait');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--site must be a site name');
    expect(server?.requests.length).toBe(before);

    const sent = await cli('rotate-key', 'fleet', '--site', 'north', '--no-wait');
    expect(server?.requests.at(-1)).toMatchObject({
      method: 'POST',
      url: '/api/connections/fleet/rotate-key?site=north',
    });
    // The scripted app knows no rotate-key: its 404 is shown as a refusal (exit 1).
    expect(sent.code).toBe(1);
  }, 30_000);
});
