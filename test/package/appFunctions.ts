// Loads an app folder on the built runtime (dist/runtime) in a fresh Node process and reports what it registered,
// and from where the app's durable-functions was loaded: the package test compares the unzipped app with the
// repository's own build this way, each in a process of its own so neither sees the other's modules.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { FunctionSummary } from '../../runtime';
import { nodeBinary, PROJECT_ROOT } from '../support/cliProcess';

export interface LoadedApp {
  functions: FunctionSummary[];
  unsupported: string[];
  /** Files of durable-functions in the child's module cache once the app is loaded. */
  durableFunctionsFiles: string[];
}

const CHILD = `
const [runtimeIndex, appDir] = process.argv.slice(1);
require(runtimeIndex).startHost({ appDir, port: 0, inMemory: true, log: () => {} }).then(async (host) => {
  const durableFunctionsFiles = Object.keys(require.cache).filter((file) => file.includes('/durable-functions/'));
  const unsupported = host.unsupported.map((item) => item.functionName);
  process.stdout.write(JSON.stringify({ functions: host.functions, unsupported, durableFunctionsFiles }));
  await host.stop();
});
`;

export async function loadApp(appDir: string, cwd: string): Promise<LoadedApp> {
  const runtimeIndex = join(PROJECT_ROOT, 'dist', 'runtime', 'index.js');
  const { stdout } = await promisify(execFile)(nodeBinary(), ['-e', CHILD, runtimeIndex, appDir], {
    cwd,
    // NODE_PATH would let the app find packages outside its own node_modules.
    env: { ...process.env, NODE_PATH: undefined },
    timeout: 45_000,
  });
  return JSON.parse(stdout) as LoadedApp;
}
