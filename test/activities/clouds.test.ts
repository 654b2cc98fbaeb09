// Pure parts of lib/clouds and the activities' helpers: api-version pinning, metadata parsing, resource ids, error
// classification, operation handles, ping output, shared-key generation, trust and host rules.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHttpHeaders, createPipelineRequest, RestError } from '@azure/core-rest-pipeline';
import { trustedClientOptions } from '../../lib/clouds/trustedClientOptions';
import {
  classifyArmError,
  isPublicEntraAuthority,
  isPublicVaultHost,
  isWellKnownArmHost,
  parseArmMetadata,
  parseResourceId,
  redact,
  WITHHELD_MESSAGE,
  resourceId,
  TerminalArmError,
  TransientArmError,
  trustOptionsFor,
  withApiVersion,
} from '../../lib/clouds';
import { ArmOperationError } from '../../lib/errors';
import { SettingsError } from '../../lib/settings';
import { operationHandle } from '../../activities/shared/operationHandle';
import { parsePingOutput } from '../../activities/shared/pingOutput';
import { generateSharedKey, isUsableSharedKey } from '../../activities/shared/sharedKey';

const SITE = { cloud: 'azureStack', stage: 'gateway' } as const;

describe('withApiVersion (the Stack Hub compute pin)', () => {
  it('replaces the api-version and leaves the rest of the query untouched', () => {
    expect(withApiVersion('https://h/vm?api-version=2026-04-01&$expand=instanceView', '2020-06-01')).toBe(
      'https://h/vm?$expand=instanceView&api-version=2020-06-01',
    );
  });
  it('adds one to a polling URL that has none', () => {
    expect(withApiVersion('https://h/operations/1', '2020-06-01')).toBe(
      'https://h/operations/1?api-version=2020-06-01',
    );
  });
  it('never leaves two api-versions', () => {
    const url = withApiVersion('https://h/x?api-version=a&API-VERSION=b', '2020-06-01');
    expect(url.match(/api-version/gi)).toHaveLength(1);
  });
});

describe('parseArmMetadata', () => {
  it('reads the 2015-01-01 object form of an Entra ID stamp', () => {
    const metadata = parseArmMetadata({
      authentication: {
        loginEndpoint: 'https://login.windows.net/',
        audiences: ['https://management.contoso.onmicrosoft.com/3cc5'],
      },
    });
    expect(metadata).toEqual({
      authorityHost: 'https://login.windows.net',
      isAdfs: false,
      audience: 'https://management.contoso.onmicrosoft.com/3cc5',
      scope: 'https://management.contoso.onmicrosoft.com/3cc5/.default',
    });
  });
  it('recognises AD FS (tenant adfs) in the array form', () => {
    const metadata = parseArmMetadata([
      {
        authentication: {
          loginEndpoint: 'https://adfs.local.azurestack.external/adfs/',
          audiences: ['https://management.adfs.azurestack.local/1'],
        },
      },
    ]);
    expect(metadata.isAdfs).toBe(true);
    expect(metadata.authorityHost).toBe('https://adfs.local.azurestack.external/adfs');
  });
  it('refuses a document without a login endpoint or audience', () => {
    expect(() => parseArmMetadata({ authentication: { audiences: [] } })).toThrow(/loginEndpoint/);
  });
});

describe('host rules', () => {
  it('knows which ARM, Entra and Key Vault hosts are public', () => {
    expect(isWellKnownArmHost('https://management.azure.com')).toBe(true);
    expect(isWellKnownArmHost('https://127.0.0.1:8443/azure')).toBe(false);
    expect(isPublicEntraAuthority('https://login.microsoftonline.com')).toBe(true);
    expect(isPublicEntraAuthority('https://adfs.local.azurestack.external/adfs')).toBe(false);
    expect(isPublicVaultHost('https://kv.vault.azure.net')).toBe(true);
    expect(isPublicVaultHost('https://kv.vault.local.azurestack.external')).toBe(false);
  });
});

describe('resource ids', () => {
  it('parses top-level, child and resource group ids and builds them back', () => {
    const id = resourceId('sub', 'rg', 'Microsoft.Network/virtualNetworks', 'vnet-a');
    expect(parseResourceId(id)).toEqual({
      subscriptionId: 'sub',
      resourceGroup: 'rg',
      type: 'Microsoft.Network/virtualNetworks',
      name: 'vnet-a',
    });
    expect(parseResourceId(`${id}/subnets/GatewaySubnet`)).toMatchObject({
      type: 'Microsoft.Network/virtualNetworks/subnets',
      name: 'GatewaySubnet',
      parentName: 'vnet-a',
    });
    expect(parseResourceId('/subscriptions/sub/resourceGroups/rg')).toMatchObject({
      type: 'Microsoft.Resources/resourceGroups',
      name: 'rg',
    });
    expect(() => parseResourceId('/subscriptions/sub/providers/Microsoft.Network')).toThrow(/not an ARM resource id/);
  });
});

describe('classifyArmError', () => {
  const rest = (statusCode: number, code: string | undefined, message = 'm', details?: unknown): RestError => {
    const error = new RestError(message, { statusCode, ...(code !== undefined ? { code } : {}) });
    if (details !== undefined) error.details = details;
    return error;
  };

  it.each([
    [429, 'SubscriptionRequestsThrottled'],
    [503, 'ServiceUnavailable'],
    [500, 'InternalServerError'],
    [409, 'AnotherOperationInProgress'],
    [408, 'RequestTimeout'],
  ])('retries HTTP %i %s', (status, code) => {
    expect(classifyArmError(rest(status, code), SITE).retryable).toBe(true);
  });

  it('retries a 429 RetryableError by its inner code', () => {
    const error = rest(429, undefined, 'A retryable error occurred.', {
      error: { code: 'RetryableError', details: [{ code: 'RetryableErrorDueToAnotherOperation' }] },
    });
    expect(classifyArmError(error, SITE)).toMatchObject({
      retryable: true,
      details: { code: 'RetryableError', httpStatus: 429 },
    });
  });

  it.each([
    [400, 'InvalidGatewaySize'],
    [401, 'InvalidAuthenticationToken'],
    [403, 'AuthorizationFailed'],
    [404, 'ResourceGroupNotFound'],
    [409, 'OperationNotAllowed'],
  ])('fails at once on HTTP %i %s, naming cloud, stage, code, status and a hint', (status, code) => {
    const classified = classifyArmError(rest(status, code, 'ARM says no'), SITE);
    expect(classified).toEqual({
      retryable: false,
      details: {
        cloud: 'azureStack',
        stage: 'gateway',
        code,
        httpStatus: status,
        armMessage: 'ARM says no',
        hint: expect.any(String) as unknown,
      },
    });
  });

  it("reads ARM's code from a failed long-running operation", () => {
    const lro = new Error(
      'The long-running operation has failed. QuotaExceeded. Operation results in exceeding quota limits of Core.',
    );
    expect(classifyArmError(lro, SITE)).toMatchObject({
      retryable: false,
      details: { code: 'QuotaExceeded', armMessage: 'Operation results in exceeding quota limits of Core.' },
    });
    const busy = new Error(
      'The long-running operation has failed. AnotherOperationInProgress. Another operation is in progress.',
    );
    expect(classifyArmError(busy, SITE).retryable).toBe(true);
  });

  it('retries socket resets and timeouts, and not certificate problems', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(classifyArmError(reset, SITE)).toMatchObject({ retryable: true, details: { code: 'ECONNRESET' } });
    expect(classifyArmError(new RestError('read ECONNRESET', { code: 'ECONNRESET' }), SITE).retryable).toBe(true);
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(classifyArmError(abort, SITE).retryable).toBe(true);
    const tls = new RestError('unable to verify the first certificate', { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    expect(classifyArmError(tls, SITE)).toMatchObject({
      retryable: false,
      details: { hint: expect.stringMatching(/HC_CA_CERT_FILE/) as unknown },
    });
  });

  it('treats a bad credential as terminal and a failing token endpoint as transient', () => {
    const invalid = Object.assign(new Error('invalid_client: AADSTS7000215: Invalid client secret provided.'), {
      name: 'AuthenticationRequiredError',
    });
    expect(classifyArmError(invalid, SITE)).toMatchObject({
      retryable: false,
      details: { code: 'AuthenticationFailed', httpStatus: 401 },
    });
    const down = Object.assign(new Error('network_error'), { name: 'AuthenticationRequiredError' });
    expect(classifyArmError(down, SITE).retryable).toBe(true);
  });

  it('keeps the verdict of our own typed errors', () => {
    expect(classifyArmError(new SettingsError('HC_KEY_VAULT_URL', 'is missing'), SITE)).toMatchObject({
      retryable: false,
      details: { code: 'InvalidAppSetting' },
    });
    const terminal = new TerminalArmError({
      ...SITE,
      code: 'InternalServerError',
      armMessage: 'the gateway ended Failed',
    });
    expect(classifyArmError(terminal, SITE).retryable).toBe(false);
    expect(
      classifyArmError(new ArmOperationError({ ...SITE, code: 'AnotherOperationInProgress' }), SITE).retryable,
    ).toBe(true);
    // A transport code ARM's list does not know stays retryable when a caller classifies it again.
    const refused = new TransientArmError({ ...SITE, code: 'ECONNREFUSED' });
    expect(refused).toBeInstanceOf(ArmOperationError);
    expect(classifyArmError(refused, SITE).retryable).toBe(true);
  });

  it('scrubs secrets from every message it keeps', () => {
    const classified = classifyArmError(rest(400, 'InvalidRequestFormat', 'bad sharedKey "Zm9vYmFyYmF6cXV4"'), SITE, [
      'Zm9vYmFyYmF6cXV4',
    ]);
    expect(JSON.stringify(classified)).not.toContain('Zm9vYmFyYmF6cXV4');
    expect(redact('x'.repeat(2000), []).length).toBeLessThan(700);
  });

  it('withholds a whole message that holds a key too short to cut out, and keeps one that does not', () => {
    const classified = classifyArmError(rest(400, 'InvalidRequestFormat', 'bad sharedKey "k9"'), SITE, ['k9']);
    expect(JSON.stringify(classified)).not.toContain('k9');
    expect(classified.details.armMessage).toBe(WITHHELD_MESSAGE);
    expect(redact('the gateway is busy', ['k9'])).toBe('the gateway is busy');
    expect(redact('a b c', ['', 'b'])).toBe(WITHHELD_MESSAGE);
  });
});

describe('operationHandle', () => {
  it('keeps the polling configuration and drops bodies (a 2018-11-01 connection echoes its key)', () => {
    const state = {
      state: {
        isStarted: true,
        config: { metadata: { mode: 'OperationLocation' }, operationLocation: 'https://h/operations/1' },
        result: { sharedKey: 'the-key-value' },
        initialRawResponse: { body: { sharedKey: 'the-key-value' } },
      },
    };
    const handle = operationHandle(JSON.stringify(state), ['the-key-value']);
    expect(handle).toBeDefined();
    expect(handle).not.toContain('the-key-value');
    expect(JSON.parse(handle as string)).toEqual({ state: { isStarted: true, config: state.state.config } });
  });
  it('returns nothing rather than a handle that still holds a secret', () => {
    const state = { state: { status: 'running', config: { operationLocation: 'https://h/ops/the-key-value' } } };
    expect(operationHandle(JSON.stringify(state), ['the-key-value'])).toBeUndefined();
  });
});

describe('parsePingOutput', () => {
  it('reads iputils statistics from a Run Command message', () => {
    const message = [
      'Enable succeeded: ',
      '[stdout]',
      'PING 10.200.1.4 (10.200.1.4) 56(84) bytes of data.',
      '64 bytes from 10.200.1.4: icmp_seq=1 ttl=62 time=35.1 ms',
      '',
      '--- 10.200.1.4 ping statistics ---',
      '4 packets transmitted, 4 received, 0% packet loss, time 3004ms',
      'rtt min/avg/max/mdev = 30.101/35.999/41.220/4.011 ms',
      '',
      '[stderr]',
      '',
    ].join('\n');
    expect(parsePingOutput(message)).toEqual({ packetsSent: 4, packetsReceived: 4, averageRttMs: 35.999 });
  });
  it('reports total loss without an RTT line', () => {
    const message =
      'Enable failed: exit status=1\n[stdout]\n4 packets transmitted, 0 received, 100% packet loss, time 3071ms\n\n[stderr]\n';
    expect(parsePingOutput(message)).toEqual({ packetsSent: 4, packetsReceived: 0 });
  });
  it('returns undefined when ping never ran', () => {
    expect(parsePingOutput('Enable succeeded: \n[stdout]\n\n[stderr]\nping: command not found\n')).toBeUndefined();
  });
});

describe('shared keys', () => {
  it('generates 43-character base64url keys that both clouds accept, never the same twice', () => {
    const keys = new Set(Array.from({ length: 50 }, () => generateSharedKey()));
    expect(keys.size).toBe(50);
    for (const key of keys) {
      expect(key).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(isUsableSharedKey(key)).toBe(true);
    }
    expect(isUsableSharedKey('')).toBe(false);
    expect(isUsableSharedKey('with space')).toBe(false);
    expect(isUsableSharedKey('x'.repeat(129))).toBe(false);
  });
});

describe('trustOptionsFor (HC_CA_CERT_FILE)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hc-ca-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("adds the file's certificates to Node's default trust instead of replacing it", () => {
    const pem = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
    const file = join(dir, 'ca.pem');
    writeFileSync(file, pem);
    const options = trustOptionsFor(file);
    expect(options?.ca.at(-1)).toBe(pem.trim());
    expect(options?.ca.length).toBeGreaterThan(1);
    expect(trustOptionsFor(undefined)).toBeUndefined();
  });

  it('hands every request the CAs parsed once (a SecureContext), never the ~200 KB `ca` list', async () => {
    const file = join(dir, 'ca-policy.pem');
    writeFileSync(file, '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n');
    const trust = trustOptionsFor(file);
    if (!trust) throw new Error('no trust options');
    const options = trustedClientOptions(trust);
    expect(options).not.toHaveProperty('tlsOptions');
    const request = createPipelineRequest({ url: 'https://127.0.0.1/' });
    const policy = options.additionalPolicies?.[0]?.policy;
    await policy?.sendRequest(request, () => Promise.resolve({ request, status: 200, headers: createHttpHeaders() }));
    expect(request.requestOverrides?.secureContext).toBe(trust.secureContext);
    expect(request.requestOverrides).not.toHaveProperty('ca');
    expect(trustOptionsFor(file)?.secureContext).toBe(trust.secureContext);
  });

  it('names the setting when the file is missing or holds no certificate', () => {
    expect(() => trustOptionsFor(join(dir, 'missing.pem'))).toThrow(/HC_CA_CERT_FILE.*ENOENT/);
    const empty = join(dir, 'empty.pem');
    writeFileSync(empty, 'not a certificate');
    expect(() => trustOptionsFor(empty)).toThrow(/HC_CA_CERT_FILE holds no PEM certificate/);
  });
});
