import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT as root, runCli, type CliRun } from '../support/cliProcess';

// Runs the built CLI as users do; `npm test` builds first (pretest).
const example = join(root, 'examples', 'plan.json');
let dir: string;

function run(...args: string[]): Promise<CliRun> {
  return runCli(args);
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
    expect(big.stdout).toMatch(/^\(plan\): body exceeds 64 KB/);

    const missing = await run('validate', join(dir, 'nope.json'), '--json');
    expect(missing.code).toBe(2);
    expect(JSON.parse(missing.stdout)).toEqual({
      valid: false,
      errors: [{ path: '', message: `cannot read ${join(dir, 'nope.json')}: no such file` }],
      warnings: [],
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
