// An ES module app (package.json "type": "module", a glob main) served by `hybrid-connection host`: the worker imports
// such entry files, and @azure/functions inside them still finds the host's core module.
import { join } from 'node:path';
import { call, makeTempDir, removeDir, startHostProcess, writeApp, type HostProcess } from './hostTestKit';

let dir: string;
let host: HostProcess | undefined;

beforeAll(async () => {
  dir = await makeTempDir('esm');
  await writeApp(join(dir, 'app'), {
    'package.json': JSON.stringify({ type: 'module', main: 'src/*.js' }),
    'host.json': JSON.stringify({ version: '2.0', extensions: { http: { routePrefix: '' } } }),
    'src/greeting.js': `import functions from {AZURE_FUNCTIONS};
      functions.app.get('greeting', { route: 'greet/{name}', handler: (request) => ({ jsonBody: { hello: request.params.name } }) });`,
  });
  host = await startHostProcess(['--app', join(dir, 'app'), '--port', '0', '--data', join(dir, 'data')]);
}, 30000);

afterAll(async () => {
  await host?.stop('SIGKILL');
  await removeDir(dir);
});

it('serves an ES module app, with an empty route prefix', async () => {
  const response = await call(`${host?.ready.url}/greet/esm`);
  expect([response.status, response.json()]).toEqual([200, { hello: 'esm' }]);
  expect(await host?.stop('SIGINT')).toBe(0);
});
