// lib/settings: every app setting read, defaulted and validated; errors name the setting and never echo a secret.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_AZURE_ARM_ENDPOINT,
  DEFAULT_AZURE_AUTHORITY_HOST,
  DEFAULT_TICKET_EVENT_TYPE,
  readSettings,
  requireEventGridEndpoint,
  requireKeyVaultUrl,
  SECRET_SETTINGS,
  SETTING_NAMES,
  SettingsError,
} from '../../lib/settings';
import { settingsErrorOf } from '../support/settingsError';

const TENANT = '72f988bf-86f1-41af-91ab-2d7cd011db47';
const ADFS_STAMP = {
  id: 'local',
  armEndpoint: 'https://management.local.azurestack.external/',
  authority: 'https://adfs.local.azurestack.external/adfs/',
  audience: 'https://management.adfs.azurestack.local/5c3f0b56-4ba5-4d36-bd07-b1d1d0d1c1b0',
};
const ENTRA_STAMP = {
  id: 'plant-1',
  armEndpoint: 'https://management.plant1.contoso.com',
  authority: 'https://login.microsoftonline.com',
  audience: 'https://management.contoso.onmicrosoft.com/2a1e5e0c-0d6c-4b3c-9f55-7b1f9c1f2c11',
  credentialPrefix: 'HC_STAMP_PLANT1',
};

function stamps(...list: object[]): Record<string, string> {
  return { HC_AZURESTACK_STAMPS: JSON.stringify(list) };
}
const SECRET = 'Sup3r~Secret.Value_that-must-never-leak';

function settingsError(env: Record<string, string>): SettingsError {
  return settingsErrorOf(() => readSettings(env));
}

describe('readSettings', () => {
  it('applies the documented defaults when nothing is set', () => {
    const settings = readSettings({});
    expect(settings.azure.armEndpoint).toBe(DEFAULT_AZURE_ARM_ENDPOINT);
    expect(settings.azure.authorityHost).toBe(DEFAULT_AZURE_AUTHORITY_HOST);
    expect(settings.ticketEventType).toBe(DEFAULT_TICKET_EVENT_TYPE);
    // No client secret: DefaultAzureCredential (managed identity) is used.
    expect(settings.azure.clientSecret).toBeUndefined();
    expect(settings.azureStackStamps).toEqual([]);
    expect(settings.keyVaultUrl).toBeUndefined();
  });

  it('reads a full configuration and strips trailing slashes', () => {
    const settings = readSettings({
      HC_AZURE_ARM_ENDPOINT: 'https://management.usgovcloudapi.net/',
      HC_AZURE_TENANT_ID: TENANT,
      HC_AZURE_CLIENT_ID: 'client-a',
      HC_AZURE_CLIENT_SECRET: SECRET,
      ...stamps(ADFS_STAMP),
      HC_AZURESTACK_CLIENT_ID: 'client-b',
      HC_AZURESTACK_CLIENT_SECRET: 'other',
      HC_KEY_VAULT_URL: 'https://kv-contoso.vault.azure.net/',
      HC_EVENT_GRID_ENDPOINT: 'https://topic.westeurope-1.eventgrid.azure.net/api/events',
      HC_EVENT_GRID_KEY: 'key',
      HC_CA_CERT_FILE: '/etc/ssl/stamp-ca.pem',
      HC_TICKET_EVENT_TYPE: 'Custom.Type',
    });
    expect(settings.azure).toEqual({
      armEndpoint: 'https://management.usgovcloudapi.net',
      audience: 'https://management.usgovcloudapi.net',
      authorityHost: DEFAULT_AZURE_AUTHORITY_HOST,
      tenantId: TENANT,
      clientSecret: { clientId: 'client-a', clientSecret: SECRET },
    });
    expect(settings.azureStackStamps).toEqual([
      {
        id: 'local',
        armEndpoint: 'https://management.local.azurestack.external',
        authority: 'https://adfs.local.azurestack.external/adfs',
        audience: ADFS_STAMP.audience,
        isAdfs: true,
        tenantId: 'adfs',
        clientSecret: { clientId: 'client-b', clientSecret: 'other' },
        credentialPrefix: 'HC_AZURESTACK',
      },
    ]);
    expect(settings.keyVaultUrl).toBe('https://kv-contoso.vault.azure.net');
    expect(settings.eventGridEndpoint).toBe('https://topic.westeurope-1.eventgrid.azure.net/api/events');
    expect(settings.caCertFile).toBe('/etc/ssl/stamp-ca.pem');
    expect(settings.ticketEventType).toBe('Custom.Type');
  });

  it('names the missing secret when only the client id is set, without echoing anything secret', () => {
    const error = settingsError({ HC_AZURE_TENANT_ID: TENANT, HC_AZURE_CLIENT_ID: 'client-a' });
    expect(error.setting).toBe('HC_AZURE_CLIENT_SECRET');
    expect(error.message).toMatch(/HC_AZURE_CLIENT_SECRET is missing/);
  });

  it('names the missing client id when only the secret is set, and never prints the secret', () => {
    const error = settingsError({ ...stamps(ADFS_STAMP), HC_AZURESTACK_CLIENT_SECRET: SECRET });
    expect(error.setting).toBe('HC_AZURESTACK_CLIENT_ID');
    expect(error.message).not.toContain(SECRET);
  });

  it('needs the Azure tenant when a client secret is configured', () => {
    expect(settingsError({ HC_AZURE_CLIENT_ID: 'a', HC_AZURE_CLIENT_SECRET: SECRET }).setting).toBe(
      'HC_AZURE_TENANT_ID',
    );
  });

  it('refuses http endpoints and malformed URLs, naming the setting', () => {
    expect(settingsError({ HC_AZURE_ARM_ENDPOINT: 'http://management.azure.com' }).setting).toBe(
      'HC_AZURE_ARM_ENDPOINT',
    );
    expect(settingsError({ HC_KEY_VAULT_URL: 'kv-contoso' }).setting).toBe('HC_KEY_VAULT_URL');
    expect(settingsError({ HC_EVENT_GRID_ENDPOINT: 'http://127.0.0.1/api/events' }).message).toMatch(/https/);
    expect(settingsError({ HC_AZURE_AUTHORITY_HOST: 'https://user:pw@login.example' }).setting).toBe(
      'HC_AZURE_AUTHORITY_HOST',
    );
  });

  it('accepts a tenant GUID, a tenant domain or adfs, and refuses anything else', () => {
    const entra = { ...stamps(ENTRA_STAMP), HC_STAMP_PLANT1_TENANT_ID: 'contoso.onmicrosoft.com' };
    expect(readSettings(entra).azureStackStamps[0]?.tenantId).toBe('contoso.onmicrosoft.com');
    expect(settingsError({ ...entra, HC_STAMP_PLANT1_TENANT_ID: 'not a tenant' }).setting).toBe(
      'HC_STAMP_PLANT1_TENANT_ID',
    );
  });

  it('treats blank values as unset', () => {
    expect(readSettings({ HC_CA_CERT_FILE: '', HC_KEY_VAULT_URL: '   ' }).caCertFile).toBeUndefined();
  });

  it('says which setting an activity needs when it is missing', () => {
    const settings = readSettings({});
    expect(() => requireKeyVaultUrl(settings)).toThrow(/HC_KEY_VAULT_URL/);
    expect(() => requireEventGridEndpoint(settings)).toThrow(/HC_EVENT_GRID_ENDPOINT/);
  });
});

describe('certificate service principals', () => {
  const PASSWORD = ' pass phrase with spaces ';

  it('reads HC_AZURE_CLIENT_CERTIFICATE_PATH (and its password) instead of a secret', () => {
    const settings = readSettings({
      HC_AZURE_TENANT_ID: TENANT,
      HC_AZURE_CLIENT_ID: 'client-a',
      HC_AZURE_CLIENT_CERTIFICATE_PATH: ' /secrets/azure-sp.pem ',
      HC_AZURE_CLIENT_CERTIFICATE_PASSWORD: PASSWORD,
    });
    expect(settings.azure.clientSecret).toBeUndefined();
    expect(settings.azure.clientCertificate).toEqual({
      clientId: 'client-a',
      certificatePath: '/secrets/azure-sp.pem',
      // Kept as typed: spaces at either end may belong to a password.
      certificatePassword: PASSWORD,
      pathSetting: 'HC_AZURE_CLIENT_CERTIFICATE_PATH',
      passwordSetting: 'HC_AZURE_CLIENT_CERTIFICATE_PASSWORD',
    });
  });

  it("reads a stamp's <prefix>_CLIENT_CERTIFICATE_PATH; an AD FS stamp needs no tenant", () => {
    const settings = readSettings({
      ...stamps(ADFS_STAMP, ENTRA_STAMP),
      HC_AZURESTACK_CLIENT_ID: 'adfs-client',
      HC_AZURESTACK_CLIENT_CERTIFICATE_PATH: '/secrets/adfs.pem',
      HC_STAMP_PLANT1_TENANT_ID: TENANT,
      HC_STAMP_PLANT1_CLIENT_ID: 'plant-client',
      HC_STAMP_PLANT1_CLIENT_CERTIFICATE_PATH: '/secrets/plant.pem',
    });
    expect(settings.azureStackStamps[0]).toMatchObject({
      tenantId: 'adfs',
      clientCertificate: { clientId: 'adfs-client', certificatePath: '/secrets/adfs.pem' },
    });
    expect(settings.azureStackStamps[1]).toMatchObject({
      tenantId: TENANT,
      clientCertificate: {
        clientId: 'plant-client',
        certificatePath: '/secrets/plant.pem',
        pathSetting: 'HC_STAMP_PLANT1_CLIENT_CERTIFICATE_PATH',
      },
    });
    expect(settings.azureStackStamps[1]?.clientSecret).toBeUndefined();
  });

  it('refuses a secret and a certificate together, naming both and printing neither', () => {
    const error = settingsError({
      HC_AZURE_TENANT_ID: TENANT,
      HC_AZURE_CLIENT_ID: 'client-a',
      HC_AZURE_CLIENT_SECRET: SECRET,
      HC_AZURE_CLIENT_CERTIFICATE_PATH: '/secrets/azure-sp.pem',
    });
    expect(error.setting).toBe('HC_AZURE_CLIENT_CERTIFICATE_PATH');
    expect(error.message).toMatch(/HC_AZURE_CLIENT_CERTIFICATE_PATH is set together with HC_AZURE_CLIENT_SECRET/);
    expect(error.message).not.toContain(SECRET);
    const stampError = settingsError({
      ...stamps(ENTRA_STAMP),
      HC_STAMP_PLANT1_TENANT_ID: TENANT,
      HC_STAMP_PLANT1_CLIENT_ID: 'plant-client',
      HC_STAMP_PLANT1_CLIENT_SECRET: SECRET,
      HC_STAMP_PLANT1_CLIENT_CERTIFICATE_PATH: '/secrets/plant.pem',
    });
    expect(stampError.message).toMatch(/HC_STAMP_PLANT1_CLIENT_CERTIFICATE_PATH .*HC_STAMP_PLANT1_CLIENT_SECRET/);
    expect(stampError.message).not.toContain(SECRET);
  });

  it.each([
    [
      'a certificate without a client id',
      { HC_AZURE_TENANT_ID: TENANT, HC_AZURE_CLIENT_CERTIFICATE_PATH: '/p.pem' },
      'HC_AZURE_CLIENT_ID',
    ],
    [
      'a password without a certificate',
      {
        HC_AZURE_TENANT_ID: TENANT,
        HC_AZURE_CLIENT_ID: 'a',
        HC_AZURE_CLIENT_SECRET: SECRET,
        HC_AZURE_CLIENT_CERTIFICATE_PASSWORD: PASSWORD,
      },
      'HC_AZURE_CLIENT_CERTIFICATE_PASSWORD',
    ],
    [
      'a certificate without the tenant',
      { HC_AZURE_CLIENT_ID: 'a', HC_AZURE_CLIENT_CERTIFICATE_PATH: '/p.pem' },
      'HC_AZURE_TENANT_ID',
    ],
    [
      "an Entra ID stamp's certificate without its tenant",
      { ...stamps(ENTRA_STAMP), HC_STAMP_PLANT1_CLIENT_ID: 'a', HC_STAMP_PLANT1_CLIENT_CERTIFICATE_PATH: '/p.pem' },
      'HC_STAMP_PLANT1_TENANT_ID',
    ],
  ])('refuses %s, naming the setting and printing no secret', (_what, env, setting) => {
    const error = settingsError(env);
    expect(error.setting).toBe(setting);
    expect(error.message).not.toContain(SECRET);
    expect(error.message).not.toContain(PASSWORD.trim());
  });

  it('says a client id alone needs a secret or a certificate', () => {
    const error = settingsError({ HC_AZURE_TENANT_ID: TENANT, HC_AZURE_CLIENT_ID: 'client-a' });
    expect(error.message).toMatch(/HC_AZURE_CLIENT_SECRET or HC_AZURE_CLIENT_CERTIFICATE_PATH/);
  });
});

describe('HC_AZURE_AUDIENCE', () => {
  it('is the endpoint itself for a public or sovereign cloud, and required for any other ARM endpoint', () => {
    expect(readSettings({}).azure.audience).toBe('https://management.azure.com');
    const error = settingsError({ HC_AZURE_ARM_ENDPOINT: 'https://arm.contoso.example' });
    expect(error.setting).toBe('HC_AZURE_AUDIENCE');
    const configured = readSettings({
      HC_AZURE_ARM_ENDPOINT: 'https://arm.contoso.example',
      HC_AZURE_AUDIENCE: 'https://management.core.windows.net/',
    });
    expect(configured.azure.audience).toBe('https://management.core.windows.net');
  });
});

describe('HC_AZURESTACK_STAMPS', () => {
  it('reads several stamps, each with its own credential settings', () => {
    const settings = readSettings({
      ...stamps(ADFS_STAMP, ENTRA_STAMP),
      HC_STAMP_PLANT1_TENANT_ID: TENANT,
      HC_STAMP_PLANT1_CLIENT_ID: 'plant-client',
      HC_STAMP_PLANT1_CLIENT_SECRET: SECRET,
    });
    expect(settings.azureStackStamps.map((stamp) => stamp.id)).toEqual(['local', 'plant-1']);
    expect(settings.azureStackStamps[1]).toMatchObject({
      isAdfs: false,
      tenantId: TENANT,
      clientSecret: { clientId: 'plant-client', clientSecret: SECRET },
    });
  });

  it.each([
    ['not json', '{', 'HC_AZURESTACK_STAMPS'],
    ['not an array', '{}', 'HC_AZURESTACK_STAMPS'],
    [
      'a missing audience',
      JSON.stringify([{ ...ADFS_STAMP, audience: undefined }]),
      'HC_AZURESTACK_STAMPS[0].audience',
    ],
    [
      'an http endpoint',
      JSON.stringify([{ ...ADFS_STAMP, armEndpoint: 'http://x' }]),
      'HC_AZURESTACK_STAMPS[0].armEndpoint',
    ],
    [
      'an unknown field',
      JSON.stringify([{ ...ADFS_STAMP, clientSecret: 'x' }]),
      'HC_AZURESTACK_STAMPS[0].clientSecret',
    ],
    ['a bad id', JSON.stringify([{ ...ADFS_STAMP, id: 'Local Stamp' }]), 'HC_AZURESTACK_STAMPS[0].id'],
    ['a repeated id', JSON.stringify([ADFS_STAMP, { ...ENTRA_STAMP, id: 'local' }]), 'HC_AZURESTACK_STAMPS[1].id'],
    [
      'a repeated endpoint',
      JSON.stringify([ADFS_STAMP, { ...ENTRA_STAMP, armEndpoint: 'HTTPS://management.local.azurestack.external' }]),
      'HC_AZURESTACK_STAMPS[1].armEndpoint',
    ],
  ])('refuses %s, naming the field', (_what, value, setting) => {
    expect(settingsError({ HC_AZURESTACK_STAMPS: value }).setting).toBe(setting);
  });

  it("needs an Entra ID stamp's tenant when its client secret is set", () => {
    const error = settingsError({
      ...stamps(ENTRA_STAMP),
      HC_STAMP_PLANT1_CLIENT_ID: 'plant-client',
      HC_STAMP_PLANT1_CLIENT_SECRET: SECRET,
    });
    expect(error.setting).toBe('HC_STAMP_PLANT1_TENANT_ID');
    expect(error.message).not.toContain(SECRET);
  });
});

describe('local.settings.example.json', () => {
  const example = JSON.parse(readFileSync(join(__dirname, '../../local.settings.example.json'), 'utf8')) as {
    Values: Record<string, string>;
  };

  it('lists every app setting plus the Functions defaults', () => {
    for (const name of SETTING_NAMES) expect(example.Values).toHaveProperty(name);
    expect(example.Values.FUNCTIONS_WORKER_RUNTIME).toBe('node');
    expect(example.Values).toHaveProperty('AzureWebJobsStorage');
  });

  it('holds placeholders (or nothing, for an optional certificate password), not secrets, in the secret settings', () => {
    for (const name of SECRET_SETTINGS) expect(example.Values[name]).toMatch(/^(<.*>)?$/);
    expect(SECRET_SETTINGS).toEqual(expect.arrayContaining(['HC_AZURE_CLIENT_CERTIFICATE_PASSWORD']));
  });
});
