import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readPlanFile } from '../../cli/planFile';
import { PROJECT_ROOT as root, runCli, type CliRun } from '../support/cliProcess';

// Runs the built CLI as users do; `npm test` builds first (pretest).
const example = join(root, 'examples', 'plan.json');
let dir: string;

/** A run that would hang on a FIFO ends by SIGKILL (code null) well before jest's own timeout. */
function run(...args: string[]): Promise<CliRun> {
  return runCli(args, { timeoutMs: 20_000 });
}

function writePlan(file: string, content: unknown): string {
  const path = join(dir, file);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function examplePlan(): Record<string, Record<string, unknown>> {
  return JSON.parse(readFileSync(example, 'utf8')) as Record<string, Record<string, unknown>>;
}

beforeAll(() => {
  const built = join(root, 'dist', 'cli', 'validate.js');
  const schemaCopy = join(root, 'dist', 'lib', 'plan', 'plan.schema.json');
  if (!existsSync(built) || !existsSync(schemaCopy))
    throw new Error('dist/ is missing the validate command: run `npm run build` first');
  const source = readFileSync(join(root, 'lib', 'plan', 'plan.schema.json'), 'utf8');
  // tsc re-serialises the JSON it copies, so compare content, not text.
  if (JSON.stringify(JSON.parse(readFileSync(schemaCopy, 'utf8'))) !== JSON.stringify(JSON.parse(source))) {
    throw new Error('dist/ holds an older plan schema: run `npm run build` first');
  }
  dir = mkdtempSync(join(tmpdir(), 'hc-validate-'));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('hybrid-connection validate', () => {
  it('exits 0 for the contoso example and names its instance', async () => {
    const result = await run('validate', example);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    // Only the last stderr line is ours: other commands' modules may print Node warnings when loaded.
    expect(result.stderr.trimEnd().split('\n').pop()).toBe(`${example}: valid (instance hc-contoso)`);
  });

  it('exits 2 for a bad plan and prints one `path: message` line per error', async () => {
    const plan = examplePlan();
    plan.azureStack.addressSpace = ['10.100.0.0/16'];
    plan.azureStack.workloadSubnet = '10.100.1.0/24';
    plan.azureStack.gatewaySubnet = '10.100.255.0/30';
    plan.azureStack.armEndpoint = 'http://management.local.azurestack.external';
    const result = await run('validate', writePlan('bad.json', plan));
    expect(result.code).toBe(2);
    expect(result.stdout.trimEnd().split('\n')).toEqual([
      expect.stringMatching(/^azureStack\.gatewaySubnet: 10\.100\.255\.0\/30 is too small/),
      expect.stringMatching(/^azureStack\.addressSpace\[0\]: 10\.100\.0\.0\/16 overlaps azure\.addressSpace\[0\]/),
      expect.stringMatching(/^azureStack\.armEndpoint: http is refused/),
    ]);
    expect(result.stderr).toMatch(/bad\.json: 3 error\(s\)\n$/);
  });

  it('prints one parseable JSON object with --json', async () => {
    const plan = examplePlan();
    plan.azure.gatewaySku = 'Standard';
    plan.azure.colour = 'blue';
    const result = await run('validate', writePlan('sku.json', plan), '--json');
    expect(result.code).toBe(2);
    const report = JSON.parse(result.stdout) as { valid: boolean; errors: { path: string; message: string }[] };
    expect(report.valid).toBe(false);
    expect(report.errors.map((e) => e.path).sort()).toEqual(['azure.colour', 'azure.gatewaySku']);
    expect(result.stdout.trim().split('\n')).toHaveLength(1);

    const valid = await run('validate', example, '--json');
    expect(valid.code).toBe(0);
    expect(JSON.parse(valid.stdout)).toEqual({ valid: true, errors: [], warnings: [] });
  });

  it('prints warnings but still exits 0 for a valid plan', async () => {
    const plan = examplePlan();
    plan.azure.gatewaySubnet = '10.100.255.0/29';
    const result = await run('validate', writePlan('warn.json', plan));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^warning: azure\.gatewaySubnet: 10\.100\.255\.0\/29 works, but Azure advises/);
  });

  it('exits 2 for bad JSON, a 1 MB file and a missing file', async () => {
    const badJson = await run('validate', writePlan('broken.json', '{"name": '));
    expect(badJson.code).toBe(2);
    expect(badJson.stdout).toMatch(/^\(plan\): body is not valid JSON/);

    const big = await run('validate', writePlan('big.json', { padding: 'x'.repeat(1024 * 1024) }));
    expect(big.code).toBe(2);
    expect(big.stdout).toMatch(/^\(plan\): cannot read .*big\.json: it is 1048590 bytes, over the 64 KB/);

    const missing = await run('validate', join(dir, 'nope.json'), '--json');
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toEqual({
      valid: false,
      errors: [{ path: '', message: `cannot read ${join(dir, 'nope.json')}: no such file` }],
      warnings: [],
    });
  });

  /** Exit 2 with exactly one `(plan): cannot read FILE: …` line on stdout. */
  function expectRefused(result: CliRun, file: string, reason: RegExp): void {
    expect(result.code).toBe(2);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]?.startsWith(`(plan): cannot read ${file}: `)).toBe(true);
    expect(lines[0]).toMatch(reason);
  }

  it('refuses /dev/zero, a directory and a socket without reading them', async () => {
    expectRefused(await run('validate', '/dev/zero'), '/dev/zero', /it is a character device, not a regular file/);
    const folder = join(dir, 'plans');
    mkdirSync(folder);
    expectRefused(await run('validate', folder), folder, /it is a directory, not a regular file/);
    const socketPath = join(dir, 'plan.sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    try {
      expectRefused(await run('validate', socketPath), socketPath, /it is a socket, not a regular file/);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('refuses a FIFO at once instead of waiting for a writer', async () => {
    const fifo = join(dir, 'plan.fifo');
    execFileSync('mkfifo', [fifo]);
    const started = Date.now();
    const result = await run('validate', fifo, '--json');
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({
      valid: false,
      errors: [
        {
          path: '',
          message: `cannot read ${fifo}: it is a FIFO (named pipe), not a regular file: give the path of a plan JSON file`,
        },
      ],
      warnings: [],
    });
    expect(Date.now() - started).toBeLessThan(15_000);
  });

  it('refuses a 65 KB file from its size, and takes one of exactly 64 KB', async () => {
    const text = readFileSync(example, 'utf8');
    const big = writePlan('65k.json', text + ' '.repeat(65 * 1024 - Buffer.byteLength(text)));
    expectRefused(await run('validate', big), big, /: it is 66560 bytes, over the 64 KB a plan file may have$/);
    const fits = writePlan('64k.json', text + ' '.repeat(64 * 1024 - Buffer.byteLength(text)));
    expect((await run('validate', fits)).code).toBe(0);
  });

  it('exits 2 for a plan with a duplicate key and for a file that is not UTF-8', async () => {
    const text = readFileSync(example, 'utf8');
    const duplicated = text.replace('"name": "contoso",', '"name": "contoso",\n  "name": "fabrikam",');
    expect(duplicated).not.toBe(text);
    const duplicate = await run('validate', writePlan('duplicate.json', duplicated));
    expect(duplicate.code).toBe(2);
    expect(duplicate.stdout).toBe('(plan): duplicate key "name": an ambiguous plan is not guessed\n');

    const latin1 = join(dir, 'latin1.json');
    writeFileSync(
      latin1,
      Buffer.from(text.replace('"name": "contoso",', '"name": "contoso", "ticketId": "é",'), 'latin1'),
    );
    const notUtf8 = await run('validate', latin1);
    expect(notUtf8.code).toBe(2);
    expect(notUtf8.stdout).toBe('(plan): body is not valid UTF-8: send the plan as UTF-8 JSON\n');
  });

  it('reads at most one byte past the limit, even from a file whose size stat does not tell', async () => {
    // /proc files report size 0 and hold more: the bounded read, not stat, must catch them.
    if (!existsSync('/proc/self/status')) return;
    await expect(readPlanFile('/proc/self/status', 64)).resolves.toEqual({
      ok: false,
      reason: 'it holds more than the 64 bytes a plan file may have',
    });
    const small = writePlan('small.json', '{"name":"contoso"}');
    await expect(readPlanFile(small, 18)).resolves.toEqual({ ok: true, bytes: Buffer.from('{"name":"contoso"}') });
    await expect(readPlanFile(small, 17)).resolves.toMatchObject({
      ok: false,
      reason: expect.stringMatching(/^it is 18 bytes, over/) as unknown,
    });
  });

  it('exits 2 without a plan argument and documents itself in --help', async () => {
    expect((await run('validate')).code).toBe(2);
    const help = await run('validate', '--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: hybrid-connection validate \[options\] <plan>/);
    expect((await run('--help')).stdout).toMatch(/validate/);
  });
});
