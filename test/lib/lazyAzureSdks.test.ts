// The app loads no Azure SDK package (ARM, identity, Key Vault, Event Grid) until it first uses one: registered on the
// built runtime in a fresh Node process, its module cache holds none of them; preloadAzureSdks (what `serve` calls
// after its ready line) then loads every one. They are most of what a start would otherwise compile.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { assertBuilt, nodeBinary, PROJECT_ROOT } from '../support/cliProcess';

const SDK_PACKAGES = [
  '@azure/arm-authorization',
  '@azure/arm-authorization-profile-2020-09-01-hybrid',
  '@azure/arm-compute',
  '@azure/arm-network',
  '@azure/arm-network-profile-2020-09-01-hybrid',
  '@azure/arm-resources',
  '@azure/arm-resources-profile-2020-09-01-hybrid',
  '@azure/arm-resources-subscriptions',
  '@azure/eventgrid',
  '@azure/identity',
  '@azure/keyvault-secrets',
];

const CHILD = `
const [runtimeIndex, cloudsIndex, appDir, packages] = process.argv.slice(1);
const loaded = () => JSON.parse(packages).filter((name) =>
  Object.keys(require.cache).some((file) => file.includes('/node_modules/' + name + '/')));
require(runtimeIndex).startHost({ appDir, port: 0, inMemory: true, log: () => {} }).then(async (host) => {
  const atStart = loaded();
  require(cloudsIndex).preloadAzureSdks();
  process.stdout.write(JSON.stringify({ functions: host.functions.length, atStart, afterPreload: loaded() }));
  await host.stop();
});
`;

describe('the Azure SDKs load on first use', () => {
  beforeAll(() => assertBuilt(['dist/runtime/index.js', 'dist/lib/clouds/index.js', 'dist/functions/index.js']));

  it('are not loaded by registering the app, and are all loaded by preloadAzureSdks', async () => {
    const { stdout } = await promisify(execFile)(
      nodeBinary(),
      [
        '-e',
        CHILD,
        join(PROJECT_ROOT, 'dist', 'runtime', 'index.js'),
        join(PROJECT_ROOT, 'dist', 'lib', 'clouds', 'index.js'),
        PROJECT_ROOT,
        JSON.stringify(SDK_PACKAGES),
      ],
      { cwd: PROJECT_ROOT },
    );
    const seen = JSON.parse(stdout) as { functions: number; atStart: string[]; afterPreload: string[] };
    expect(seen.functions).toBeGreaterThan(10);
    expect(seen.atStart).toEqual([]);
    expect(seen.afterPreload).toEqual(SDK_PACKAGES);
  }, 60_000);
});
