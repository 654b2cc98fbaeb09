// `npm run package` (tools/package) writes the zip that is deployed to Azure. Packaged once here into a temporary
// folder: its layout, its package.json, its node_modules against package-lock.json, and that the unzipped app, alone
// with its own node_modules, loads on the runtime with exactly the functions the repository's build registers.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { APP_FOLDERS, packageApp } from '../../tools/package/packageApp';
import { devOnlyPackagePaths, productionPackagePaths, readLockfile } from '../../tools/package/productionModules';
import { assertBuilt, PROJECT_ROOT, startCliProcess } from '../support/cliProcess';
import { loadApp } from './appFunctions';
import { readZip, type UnzippedEntry } from './zipReader';

interface RootManifest {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const root = JSON.parse(readFileSync(join(PROJECT_ROOT, 'package.json'), 'utf8')) as RootManifest;
let work: string;
let appDir: string;
let entries: UnzippedEntry[];
let names: Set<string>;

beforeAll(() => {
  assertBuilt([root.main, 'dist/runtime/index.js', 'dist/cli/index.js']);
  // Outside the repository, so nothing in the unzipped app can resolve a package from the repository's node_modules.
  work = mkdtempSync(join(tmpdir(), 'hc-package-'));
  const zipPath = join(work, 'app.zip');
  const summary = packageApp({ root: PROJECT_ROOT, out: zipPath });
  const bytes = statSync(zipPath).size;
  console.log(`app.zip: ${summary.entries} files, ${bytes} bytes (${(bytes / 1024 / 1024).toFixed(1)} MiB)`);
  entries = readZip(zipPath);
  names = new Set(entries.map((entry) => entry.name));
  appDir = join(work, 'app');
  for (const entry of entries) {
    const file = join(appDir, entry.name);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, entry.data, { mode: entry.mode });
  }
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

function entryText(name: string): string {
  const entry = entries.find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`${name} is not in the zip`);
  return entry.data.toString('utf8');
}

function hasFolder(folder: string): boolean {
  return entries.some((entry) => entry.name.startsWith(`${folder}/`));
}

describe('the deployable zip', () => {
  it('holds host.json, package.json, the compiled app folders and node_modules, nothing else', () => {
    expect(new Set(entries.map((entry) => entry.name.split('/')[0]))).toEqual(
      new Set(['host.json', 'package.json', 'dist', 'node_modules']),
    );
    const compiled = entries.filter((entry) => entry.name.startsWith('dist/'));
    expect(new Set(compiled.map((entry) => entry.name.split('/')[1]))).toEqual(new Set(APP_FOLDERS));
    expect(compiled.every((entry) => /\.js$|^dist\/lib\/plan\/plan\.schema\.json$/.test(entry.name))).toBe(true);
    expect(names.has(root.main)).toBe(true);
    expect(names.has('dist/lib/plan/plan.schema.json')).toBe(true);
    expect(entryText('host.json')).toBe(readFileSync(join(PROJECT_ROOT, 'host.json'), 'utf8'));
  });

  it('leaves out the local tooling and the tests', () => {
    for (const folder of ['runtime', 'simulator', 'clock', 'cli', 'bench', 'soak', 'tools', 'test']) {
      expect([folder, hasFolder(folder) || hasFolder(`dist/${folder}`)]).toEqual([folder, false]);
    }
  });

  it('ships a package.json with the production dependencies, main and no scripts', () => {
    const shipped = JSON.parse(entryText('package.json')) as Record<string, unknown>;
    expect(shipped.main).toBe(root.main);
    expect(shipped.dependencies).toEqual(root.dependencies);
    expect(shipped).not.toHaveProperty('devDependencies');
    expect(shipped).not.toHaveProperty('scripts');
    expect(Object.keys(root.dependencies)).not.toContain('node');
  });

  it('holds every production package of package-lock.json and no package only development needs', () => {
    const lock = readLockfile(PROJECT_ROOT);
    const missing = productionPackagePaths(lock).filter((path) => !names.has(`${path}/package.json`));
    expect(missing).toEqual([]);
    const devOnly = devOnlyPackagePaths(lock).filter(hasFolder);
    expect(devOnly).toEqual([]);
    for (const name of Object.keys(root.devDependencies))
      expect([name, hasFolder(`node_modules/${name}`)]).toEqual([name, false]);
    expect(hasFolder('node_modules/node')).toBe(false);
  });

  it('loads unzipped on the runtime with exactly the functions of the repository build', async () => {
    const [packaged, repository] = await Promise.all([loadApp(appDir, work), loadApp(PROJECT_ROOT, PROJECT_ROOT)]);
    expect(packaged.functions.length).toBeGreaterThan(0);
    expect(packaged.unsupported).toEqual([]);
    expect(packaged.functions).toEqual(repository.functions);
    // The app's own durable-functions, from the zip, not the repository's copy.
    expect(packaged.durableFunctionsFiles.length).toBeGreaterThan(0);
    expect(packaged.durableFunctionsFiles.every((file) => file.startsWith(join(appDir, 'node_modules')))).toBe(true);
  }, 60_000);

  it('serves the unzipped app with `hybrid-connection host`: ready line, then an authorised API call', async () => {
    const host = await startCliProcess<{ ready: boolean; url: string; keys: { function: string } }>(
      ['host', '--app', appDir, '--port', '0', '--data', join(work, 'data')],
      { cwd: work },
    );
    try {
      expect(host.ready.ready).toBe(true);
      const response = await fetch(`${host.ready.url}/api/connections`, {
        headers: { 'x-functions-key': host.ready.keys.function },
      });
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        items: [],
        now: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      });
    } finally {
      expect(await host.stop()).toBe(0);
    }
  }, 60_000);
});
