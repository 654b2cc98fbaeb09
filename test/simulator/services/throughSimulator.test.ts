// Key Vault and Event Grid as mounted by startSimulator: real ClientSecretCredential tokens from the simulator's
// identity endpoints, SecretClient and EventGridPublisherClient against its endpoints, and the inspection API.
import { AzureKeyCredential, EventGridPublisherClient } from '@azure/eventgrid';
import { ClientSecretCredential } from '@azure/identity';
import { SecretClient } from '@azure/keyvault-secrets';
import { startSimulator, trustCertificateInProcess, type Simulator } from '../../../simulator';
import { restError } from './harness';
import { startWebhookReceiver, type WebhookReceiver } from './webhookReceiver';

function aadCredential(sim: Simulator): ClientSecretCredential {
  return new ClientSecretCredential(sim.identity.tenantId, sim.identity.clientId, sim.identity.clientSecret, {
    authorityHost: sim.identity.authorityHost,
    disableInstanceDiscovery: true,
  });
}

describe('Key Vault and Event Grid through startSimulator', () => {
  let sim: Simulator;
  let receiver: WebhookReceiver;

  beforeAll(async () => {
    sim = await startSimulator({ timeScale: 1000, seed: 'services' });
    trustCertificateInProcess(sim.caPem);
    receiver = await startWebhookReceiver();
  });

  afterAll(async () => {
    await sim.stop();
    await receiver.close();
  });

  it('serves SecretClient with a ClientSecretCredential token obtained through the challenge', async () => {
    const client = new SecretClient(sim.keyVaultUrl, aadCredential(sim), {
      disableChallengeResourceVerification: true,
    });
    const set = await client.setSecret('vpn-shared-key', 'not-in-any-log');
    expect(set.properties.vaultUrl).toBe(sim.url);
    expect((await client.getSecret('vpn-shared-key')).value).toBe('not-in-any-log');

    await (await client.beginDeleteSecret('vpn-shared-key')).pollUntilDone();
    expect((await restError(client.getSecret('vpn-shared-key'))).code).toBe('SecretNotFound');
    await client.purgeDeletedSecret('vpn-shared-key');

    const vaultRequests = sim.inspect.requests({ service: 'keyVault' });
    expect(vaultRequests.slice(0, 2).map((r) => [r.method, r.path, r.status])).toEqual([
      ['PUT', '/secrets/vpn-shared-key', 401],
      ['PUT', '/secrets/vpn-shared-key', 200],
    ]);
    expect(JSON.stringify(sim.inspect.keyVault())).not.toContain('not-in-any-log');
  });

  it('refuses a token issued for another audience', async () => {
    // A management-plane token is a real simulator token, but not one for the vault.
    const credential = aadCredential(sim);
    const armToken = await credential.getToken('https://management.azure.com/.default');
    const wrongAudience = {
      getToken: () => Promise.resolve(armToken),
    };
    const client = new SecretClient(sim.keyVaultUrl, wrongAudience, { disableChallengeResourceVerification: true });
    expect((await restError(client.getSecret('anything'))).statusCode).toBe(401);
  });

  it('accepts events with the key it returns, stores them for inspection and delivers them to subscribers', async () => {
    await sim.eventGrid.topic.subscribe({ endpoint: `${receiver.base}/sim`, name: 'simSub' });
    const client = new EventGridPublisherClient(
      sim.eventGrid.endpoint,
      'CloudEvent',
      new AzureKeyCredential(sim.eventGrid.key),
    );
    await client.send([
      {
        id: 'hc-demo/started/azure',
        source: '/hybrid-connection',
        type: 'HybridConnection.Provisioning.Started',
        data: {},
      },
    ]);
    await sim.eventGrid.topic.whenDeliveriesIdle();

    expect(sim.inspect.events()).toEqual([expect.objectContaining({ id: 'hc-demo/started/azure', sequence: 1 })]);
    const [notification] = receiver.notifications('/sim');
    expect(JSON.parse(notification.body)).toMatchObject({ id: 'hc-demo/started/azure' });
    expect(notification.headers['aeg-subscription-name']).toBe('SIMSUB');

    const wrongKey = new EventGridPublisherClient(
      sim.eventGrid.endpoint,
      'CloudEvent',
      new AzureKeyCredential(Buffer.alloc(32).toString('base64')),
    );
    expect((await restError(wrongKey.send([{ source: '/x', type: 'T', data: {} }]))).statusCode).toBe(401);
  });

  it('accepts an Entra token for Event Grid from the simulator identity endpoint', async () => {
    const client = new EventGridPublisherClient(sim.eventGrid.endpoint, 'CloudEvent', aadCredential(sim));
    await client.send([{ id: 'entra', source: '/hybrid-connection', type: 'T', data: {} }]);
    expect(sim.inspect.events().map((e) => (e as { id: string }).id)).toContain('entra');
  });
});

describe('Key Vault through startSimulator with AD FS identity (Azure Stack Hub style)', () => {
  let sim: Simulator;

  beforeAll(async () => {
    sim = await startSimulator({ timeScale: 1000, seed: 'services-adfs', azureStackIdentity: 'adfs' });
    trustCertificateInProcess(sim.caPem);
  });

  afterAll(async () => {
    await sim.stop();
  });

  it('serves SecretClient with an adfs-tenant ClientSecretCredential', async () => {
    const credential = new ClientSecretCredential('adfs', sim.identity.clientId, sim.identity.clientSecret, {
      authorityHost: sim.azureStack.authorityHost,
    });
    const client = new SecretClient(sim.keyVaultUrl, credential, { disableChallengeResourceVerification: true });
    await client.setSecret('stack-key', 'v');
    expect((await client.getSecret('stack-key')).value).toBe('v');
    expect(sim.inspect.requests({ service: 'identity' }).some((r) => r.path.startsWith('/adfs/'))).toBe(true);
  });
});
