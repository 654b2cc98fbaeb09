// `GET <armEndpoint>/metadata/endpoints`: the anonymous cloud description a client reads to find the login endpoint and
// token audience (Azure Stack Hub stamps:
// https://learn.microsoft.com/azure-stack/user/azure-stack-version-profiles-nodejs). 2015-01-01/1.0 give the object
// form, 2019-05-01 and later the array form.
import type { ArmResult } from './armCall';
import type { CloudContext } from './cloud';

export function metadataEndpoints(ctx: CloudContext, apiVersion: string | null): ArmResult {
  const arm = `${ctx.armEndpoint()}/`;
  const origin = new URL(arm).origin;
  const loginEndpoint = ctx.loginEndpoint();
  const audiences = [ctx.audiences[0]];
  if (apiVersion !== null && apiVersion >= '2019-05-01') {
    return {
      status: 200,
      body: [
        {
          name: ctx.name === 'azure' ? 'AzureCloud' : `AzureStack-User-${ctx.subscriptionId.slice(0, 8)}`,
          authentication: {
            loginEndpoint,
            audiences,
            tenant: ctx.issuer === 'adfs' ? 'adfs' : 'common',
            identityProvider: ctx.issuer === 'adfs' ? 'ADFS' : 'AAD',
          },
          resourceManager: arm,
          portal: `${origin}/`,
          gallery: `${origin}/`,
          graph: 'https://graph.windows.net/',
          graphAudience: 'https://graph.windows.net/',
          suffixes: {
            keyVaultDns: ctx.name === 'azure' ? 'vault.azure.net' : 'vault.local.azurestack.external',
            storage: ctx.name === 'azure' ? 'core.windows.net' : 'local.azurestack.external',
          },
        },
      ],
    };
  }
  return {
    status: 200,
    body: {
      galleryEndpoint: `${origin}/`,
      graphEndpoint: 'https://graph.windows.net/',
      portalEndpoint: `${origin}/`,
      authentication: { loginEndpoint, audiences },
    },
  };
}
