// A call to an endpoint nothing answers at fails with a hint that names that endpoint (never a plan field), and when
// the app was pointed at the simulator (HC_SIMULATOR_DATA), says how to restart the simulator on its data folder.
// The errors come from a real SDK client calling a port that was just closed.
import { createServer } from 'node:net';
import type { AccessToken, TokenCredential } from '@azure/core-auth';
import { ResourceManagementClient } from '@azure/arm-resources-profile-2020-09-01-hybrid';
import { ArmOperationError } from '../../lib/errors';
import { classifyArmError } from '../../lib/clouds';

const SITE = { cloud: 'azure', stage: 'preflight' } as const;
const token: TokenCredential = {
  getToken: (): Promise<AccessToken> => Promise.resolve({ token: 't', expiresOnTimestamp: Date.now() + 3_600_000 }),
};

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

async function errorOf(endpoint: string): Promise<unknown> {
  const client = new ResourceManagementClient(token, '00000000-0000-0000-0000-000000000000', {
    endpoint,
    credentialScopes: 'https://management.azure.com/.default',
    retryOptions: { maxRetries: 0 },
  });
  return client.resourceGroups.get('rg').then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('an endpoint nothing answers at', () => {
  const saved = process.env.HC_SIMULATOR_DATA;
  afterEach(() => {
    if (saved === undefined) delete process.env.HC_SIMULATOR_DATA;
    else process.env.HC_SIMULATOR_DATA = saved;
  });

  it('is the simulator when the app runs against one: the hint names it and how to restart it', async () => {
    const port = await closedPort();
    process.env.HC_SIMULATOR_DATA = '/srv/hc-data';
    const classified = classifyArmError(await errorOf(`https://127.0.0.1:${port}/azure`), SITE);
    expect(classified).toMatchObject({ retryable: true, details: { code: 'ECONNREFUSED' } });
    expect(classified.details.hint).toBe(
      `the simulator at https://127.0.0.1:${port} is not answering: restart \`hybrid-connection serve --simulate ` +
        '--data /srv/hc-data` (or `hybrid-connection sim --data /srv/hc-data` if it ran alone); it keeps its state ' +
        'and port there, so the run resumes',
    );
    // The run's error says it in one line.
    expect(new ArmOperationError(classified.details).message).toContain(
      `The simulator at https://127.0.0.1:${port} is not answering`,
    );
  });

  it('is named by its origin, not a plan field, for any other endpoint', async () => {
    delete process.env.HC_SIMULATOR_DATA;
    const port = await closedPort();
    const refused = classifyArmError(await errorOf(`https://127.0.0.1:${port}/azure`), SITE);
    expect(refused.details.hint).toBe(
      `nothing answers at https://127.0.0.1:${port} (ECONNREFUSED): check that it is up and reachable from here, ` +
        'and the app setting that names it (HC_AZURE_ARM_ENDPOINT, HC_AZURESTACK_STAMPS, HC_KEY_VAULT_URL), then rerun',
    );
    expect(refused.details.hint).not.toMatch(/plan/);
    const unknownHost = classifyArmError(await errorOf('https://management.no-such-host.invalid'), SITE);
    expect(['ENOTFOUND', 'EAI_AGAIN']).toContain(unknownHost.details.code);
    expect(unknownHost.details.hint).toContain('nothing answers at https://management.no-such-host.invalid (');
  });
});
