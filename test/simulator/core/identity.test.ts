import { ResourceManagementClient } from '@azure/arm-resources';
import { ResourceManagementClient as HybridResourceManagementClient } from '@azure/arm-resources-profile-2020-09-01-hybrid';
import type { AccessToken, TokenCredential } from '@azure/identity';
import { createDefaultHttpClient, createHttpHeaders, createPipelineRequest } from '@azure/core-rest-pipeline';
import type { Simulator } from '../../../simulator';
import {
  aadCredential,
  hybridOptions,
  modularOptions,
  scopeOf,
  stackCredential,
  startTrustedSimulator,
} from './harness';

/** A credential that hands out a token the simulator never issued. */
const forgedCredential: TokenCredential = {
  getToken: (): Promise<AccessToken> =>
    Promise.resolve({ token: 'not-a-token-we-issued', expiresOnTimestamp: Date.now() + 3600_000 }),
};

describe('identity: Entra ID style', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTrustedSimulator({ seed: 'identity-aad' });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('gives ClientSecretCredential a token that ARM of both clouds accepts', async () => {
    const credential = aadCredential(sim);
    const token = await credential.getToken(scopeOf(sim.azure.audience));
    expect(token.token).toMatch(/^sim\./);
    expect(token.expiresOnTimestamp).toBeGreaterThan(Date.now() + 3000_000);
    const azure = new ResourceManagementClient(credential, sim.azure.subscriptionId, modularOptions(sim.azure));
    await expect(azure.resourceGroups.createOrUpdate('rg-auth', { location: 'westeurope' })).resolves.toMatchObject({
      name: 'rg-auth',
    });
    const stack = new HybridResourceManagementClient(
      credential,
      sim.azureStack.subscriptionId,
      hybridOptions(sim.azureStack),
    );
    await expect(stack.resourceGroups.createOrUpdate('rg-auth', { location: 'local' })).resolves.toMatchObject({
      name: 'rg-auth',
    });
  });

  it('refuses a wrong client secret with an AADSTS error and issues nothing', async () => {
    await expect(aadCredential(sim, 'wrong-secret').getToken(scopeOf(sim.azure.audience))).rejects.toMatchObject({
      name: 'AuthenticationRequiredError',
      message: expect.stringContaining('AADSTS7000215: Invalid client secret provided.') as unknown,
    });
  });

  it('answers a request without a token with 401 AuthenticationFailed and a Bearer challenge', async () => {
    const client = createDefaultHttpClient();
    const response = await client.sendRequest(
      createPipelineRequest({
        url: `${sim.azure.armEndpoint}/subscriptions/${sim.azure.subscriptionId}/resourcegroups?api-version=2025-04-01`,
        method: 'GET',
        headers: createHttpHeaders({ accept: 'application/json' }),
      }),
    );
    expect(response.status).toBe(401);
    expect(JSON.parse(response.bodyAsText ?? '')).toEqual({
      error: { code: 'AuthenticationFailed', message: "Authentication failed. The 'Authorization' header is missing." },
    });
    expect(response.headers.get('www-authenticate')).toMatch(
      /^Bearer authorization_uri="https:\/\/127\.0\.0\.1:\d+\/[0-9a-f-]+", error="invalid_token"/,
    );
    expect(response.headers.get('x-ms-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers a token it never issued with 401 InvalidAuthenticationToken through the SDK', async () => {
    const client = new ResourceManagementClient(forgedCredential, sim.azure.subscriptionId, modularOptions(sim.azure));
    await expect(client.resourceGroups.get('rg-auth')).rejects.toMatchObject({
      statusCode: 401,
      code: 'InvalidAuthenticationToken',
      message: 'The access token is invalid.',
    });
  });

  it('refuses a token obtained for another audience (Key Vault) with InvalidAuthenticationTokenAudience', async () => {
    const client = new ResourceManagementClient(aadCredential(sim), sim.azure.subscriptionId, {
      endpoint: sim.azure.armEndpoint,
      credentials: { scopes: ['https://vault.azure.net/.default'] },
    });
    await expect(client.resourceGroups.get('rg-auth')).rejects.toMatchObject({
      statusCode: 401,
      code: 'InvalidAuthenticationTokenAudience',
    });
  });

  it('keeps the clouds apart: an Azure token is not valid for Azure Stack Hub ARM', async () => {
    const client = new HybridResourceManagementClient(aadCredential(sim), sim.azureStack.subscriptionId, {
      endpoint: sim.azureStack.armEndpoint,
      credentialScopes: scopeOf(sim.azure.audience),
    });
    await expect(client.resourceGroups.get('rg-auth')).rejects.toMatchObject({
      statusCode: 401,
      code: 'InvalidAuthenticationTokenAudience',
    });
  });
});

describe('identity: AD FS style (Azure Stack Hub)', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTrustedSimulator({ seed: 'identity-adfs', azureStackIdentity: 'adfs' });
  });
  afterAll(async () => {
    await sim.stop();
  });

  it('discovers login endpoint and audience from the metadata endpoint, then works with tenant adfs', async () => {
    const http = createDefaultHttpClient();
    const response = await http.sendRequest(
      createPipelineRequest({
        url: `${sim.azureStack.armEndpoint}/metadata/endpoints?api-version=2015-01-01`,
        method: 'GET',
      }),
    );
    expect(response.status).toBe(200);
    const metadata = JSON.parse(response.bodyAsText ?? '') as {
      authentication: { loginEndpoint: string; audiences: string[] };
    };
    expect(metadata.authentication.loginEndpoint).toBe(`${sim.url}/adfs/`);
    expect(metadata.authentication.audiences).toEqual([sim.azureStack.audience]);

    // Exactly what the Azure Stack Hub samples do with the metadata.
    const authorityHost = metadata.authentication.loginEndpoint.replace(/\/$/, '');
    const tenant = authorityHost.endsWith('adfs') ? 'adfs' : sim.identity.tenantId;
    const { ClientSecretCredential } = await import('@azure/identity');
    const credential = new ClientSecretCredential(tenant, sim.identity.clientId, sim.identity.clientSecret, {
      authorityHost,
      disableInstanceDiscovery: true,
    });
    const client = new HybridResourceManagementClient(credential, sim.azureStack.subscriptionId, {
      endpoint: sim.azureStack.armEndpoint,
      credentialScopes: `${metadata.authentication.audiences[0]}/.default`,
    });
    await expect(client.resourceGroups.createOrUpdate('rg-adfs', { location: 'local' })).resolves.toMatchObject({
      name: 'rg-adfs',
    });
    expect(sim.inspect.requests({ service: 'identity' }).map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual([
      'GET /adfs/.well-known/openid-configuration 200',
      'POST /adfs/oauth2/token 200',
    ]);
  });

  it('serves the 2019-10-01 array form of the metadata endpoint', async () => {
    const http = createDefaultHttpClient();
    const response = await http.sendRequest(
      createPipelineRequest({
        url: `${sim.azureStack.armEndpoint}/metadata/endpoints?api-version=2019-10-01`,
        method: 'GET',
      }),
    );
    const metadata = JSON.parse(response.bodyAsText ?? '') as {
      authentication: { loginEndpoint: string; audiences: string[] };
    }[];
    expect(metadata).toHaveLength(1);
    expect(metadata[0].authentication).toMatchObject({
      loginEndpoint: `${sim.url}/adfs/`,
      audiences: [sim.azureStack.audience],
    });
  });

  it('refuses an AD FS token at Azure ARM (wrong issuer)', async () => {
    const client = new ResourceManagementClient(stackCredential(sim), sim.azure.subscriptionId, {
      endpoint: sim.azure.armEndpoint,
      credentials: { scopes: [scopeOf(sim.azureStack.audience)] },
    });
    await expect(client.resourceGroups.get('anything')).rejects.toMatchObject({
      statusCode: 401,
      code: 'InvalidAuthenticationTokenTenant',
    });
  });
});
