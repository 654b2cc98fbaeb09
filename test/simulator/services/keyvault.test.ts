// Key Vault secrets through the real SecretClient over HTTPS: challenge, CRUD, versions, paging, soft delete.
import { SecretClient } from '@azure/keyvault-secrets';
import { VirtualClock } from '../../../clock';
import { createKeyVault, type SimKeyVault } from '../../../simulator/keyvault';
import { acceptsToken, fixedTokenCredential, restError, seededRandom, startHarness, type Harness } from './harness';

const START = Date.UTC(2030, 0, 1, 12, 0, 0);

describe('simulated Key Vault through SecretClient', () => {
  let clock: VirtualClock;
  let vault: SimKeyVault;
  let harness: Harness;
  let client: SecretClient;

  beforeAll(async () => {
    clock = new VirtualClock({ startAt: START, scale: 1 });
    vault = createKeyVault({
      clock,
      validateBearer: acceptsToken(),
      random: seededRandom(7),
      authorizationUri: () => 'https://127.0.0.1/00000000-0000-0000-0000-000000000001',
    });
    harness = await startHarness([{ prefix: '', handler: vault.handler }]);
  });

  beforeEach(() => {
    vault.reset();
    client = new SecretClient(harness.origin, fixedTokenCredential(), { disableChallengeResourceVerification: true });
  });

  afterAll(async () => {
    await harness.close();
    clock.dispose();
  });

  it('challenges the first request without a token, then accepts the bearer token', async () => {
    const credential = fixedTokenCredential();
    const fresh = new SecretClient(harness.origin, credential, { disableChallengeResourceVerification: true });
    const before = harness.requests.length;
    await fresh.setSecret('challenge-me', 'v');
    const seen = harness.requests.slice(before);
    expect(seen.map((r) => [r.method, r.status, r.hadAuthorization])).toEqual([
      ['PUT', 401, false],
      ['PUT', 200, true],
    ]);
    expect(seen[0].wwwAuthenticate).toBe(
      'Bearer authorization="https://127.0.0.1/00000000-0000-0000-0000-000000000001", resource="https://vault.azure.net"',
    );
    // The scope comes from the challenge's resource.
    expect(credential.calls).toEqual([['https://vault.azure.net/.default']]);
  });

  it('answers a wrong token with 401 Unauthorized as a RestError', async () => {
    const wrong = new SecretClient(harness.origin, fixedTokenCredential('not-the-token'), {
      disableChallengeResourceVerification: true,
    });
    const error = await restError(wrong.getSecret('anything'));
    expect(error.statusCode).toBe(401);
    expect(error.code).toBe('Unauthorized');
  });

  it('sets and gets a secret with attributes, tags and content type; ids use the Host the client addressed', async () => {
    const set = await client.setSecret('vpn-shared-key', 's3cret', {
      contentType: 'text/plain',
      tags: { 'managed-by': 'hybrid-connection' },
    });
    expect(set.value).toBe('s3cret');
    expect(set.properties.vaultUrl).toBe(harness.origin);
    expect(set.properties.name).toBe('vpn-shared-key');
    expect(set.properties.version).toMatch(/^[0-9a-f]{32}$/);
    expect(set.properties.id).toBe(`${harness.origin}/secrets/vpn-shared-key/${set.properties.version}`);
    expect(set.properties.enabled).toBe(true);
    expect(set.properties.recoveryLevel).toBe('Recoverable+Purgeable');
    expect(set.properties.recoverableDays).toBe(90);
    // Virtual time, in whole seconds as Key Vault stores it.
    expect(set.properties.createdOn?.getTime()).toBeGreaterThanOrEqual(START);
    expect(set.properties.createdOn?.getTime()).toBeLessThan(START + 60_000);
    expect((set.properties.createdOn?.getTime() ?? 1) % 1000).toBe(0);

    const got = await client.getSecret('vpn-shared-key');
    expect(got.value).toBe('s3cret');
    expect(got.properties.contentType).toBe('text/plain');
    expect(got.properties.tags).toEqual({ 'managed-by': 'hybrid-connection' });
    // Names are case-insensitive, as in Key Vault.
    expect((await client.getSecret('VPN-Shared-Key')).value).toBe('s3cret');
  });

  it('keeps every version: a new set is the current one, old versions stay readable and listable', async () => {
    const first = await client.setSecret('rotating', 'one');
    clock.advance(5000);
    const second = await client.setSecret('rotating', 'two');
    expect(second.properties.version).not.toBe(first.properties.version);
    expect((await client.getSecret('rotating')).value).toBe('two');
    expect((await client.getSecret('rotating', { version: first.properties.version })).value).toBe('one');

    const versions: string[] = [];
    for await (const p of client.listPropertiesOfSecretVersions('rotating')) versions.push(p.version ?? '');
    expect(versions.sort()).toEqual([first.properties.version, second.properties.version].sort());

    const missing = await restError(client.getSecret('rotating', { version: '0'.repeat(32) }));
    expect(missing.statusCode).toBe(404);
    expect(missing.code).toBe('SecretNotFound');
  });

  it('updates properties of one version and refuses to read a disabled secret', async () => {
    const set = await client.setSecret('toggle', 'v');
    clock.advance(2000);
    const updated = await client.updateSecretProperties('toggle', set.properties.version ?? '', {
      enabled: false,
      tags: { stage: 'off' },
      contentType: 'application/x-test',
    });
    expect(updated.enabled).toBe(false);
    expect(updated.tags).toEqual({ stage: 'off' });
    expect(updated.contentType).toBe('application/x-test');
    expect(updated.updatedOn?.getTime()).toBeGreaterThan(updated.createdOn?.getTime() ?? Infinity);

    const forbidden = await restError(client.getSecret('toggle'));
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.code).toBe('Forbidden');
  });

  it('lists secrets across pages of maxresults', async () => {
    for (const name of ['e', 'a', 'd', 'c', 'b']) await client.setSecret(`page-${name}`, name);
    const pages: string[][] = [];
    for await (const page of client.listPropertiesOfSecrets().byPage({ maxPageSize: 2 })) {
      pages.push(page.map((p) => p.name));
    }
    expect(pages).toEqual([['page-a', 'page-b'], ['page-c', 'page-d'], ['page-e']]);
    const all: string[] = [];
    for await (const p of client.listPropertiesOfSecrets()) all.push(p.name);
    expect(all).toHaveLength(5);
  });

  it('reports a missing secret as RestError 404 SecretNotFound with the service wording', async () => {
    const error = await restError(client.getSecret('never-set'));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('SecretNotFound');
    expect(error.message).toMatch(/^A secret with \(name\/id\) never-set was not found in this key vault\./);
  });

  it('rejects an invalid secret name with 400 BadParameter', async () => {
    const error = await restError(client.setSecret('bad_name!', 'v'));
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('BadParameter');
  });

  it('deletes as a long-running operation, then shows, blocks, purges and frees the name', async () => {
    await client.setSecret('doomed', 'v1', { tags: { a: 'b' } });
    const poller = await client.beginDeleteSecret('doomed');
    const deleted = await poller.pollUntilDone();
    expect(deleted.name).toBe('doomed');
    expect(deleted.properties.recoveryId).toBe(`${harness.origin}/deletedsecrets/doomed`);
    expect(deleted.properties.deletedOn).toBeInstanceOf(Date);
    expect(deleted.properties.scheduledPurgeDate?.getTime()).toBe(
      (deleted.properties.deletedOn?.getTime() ?? 0) + 90 * 86400_000,
    );
    expect(deleted.value).toBeUndefined();

    expect((await restError(client.getSecret('doomed'))).statusCode).toBe(404);
    const shown = await client.getDeletedSecret('doomed');
    expect(shown.properties.tags).toEqual({ a: 'b' });
    const listed: string[] = [];
    for await (const d of client.listDeletedSecrets()) listed.push(d.name);
    expect(listed).toEqual(['doomed']);

    const conflict = await restError(client.setSecret('doomed', 'again'));
    expect(conflict.statusCode).toBe(409);
    expect(conflict.code).toBe('Conflict');

    await client.purgeDeletedSecret('doomed');
    expect((await restError(client.getDeletedSecret('doomed'))).statusCode).toBe(404);
    expect((await client.setSecret('doomed', 'reborn')).value).toBe('reborn');
  });

  it('recovers a deleted secret with its versions', async () => {
    await client.setSecret('lazarus', 'v1');
    await client.setSecret('lazarus', 'v2');
    await (await client.beginDeleteSecret('lazarus')).pollUntilDone();
    const recovered = await (await client.beginRecoverDeletedSecret('lazarus')).pollUntilDone();
    expect(recovered.name).toBe('lazarus');
    expect((await client.getSecret('lazarus')).value).toBe('v2');
    const versions: string[] = [];
    for await (const p of client.listPropertiesOfSecretVersions('lazarus')) versions.push(p.version ?? '');
    expect(versions).toHaveLength(2);
  });

  it('deleting a secret that does not exist is a 404 SecretNotFound', async () => {
    const error = await restError(client.beginDeleteSecret('ghost'));
    expect(error.statusCode).toBe(404);
    expect(error.code).toBe('SecretNotFound');
  });

  it('purges soft-deleted secrets once their scheduled purge date passes on the virtual clock', async () => {
    await client.setSecret('expiring', 'v');
    await (await client.beginDeleteSecret('expiring')).pollUntilDone();
    clock.advance(91 * 86400_000);
    expect((await restError(client.getDeletedSecret('expiring'))).statusCode).toBe(404);
    expect(vault.summary().deleted).toEqual([]);
  });

  it('summary exposes names and version counts but never values', async () => {
    await client.setSecret('visible', 'hidden-value');
    const summary = vault.summary();
    expect(summary.live).toEqual([{ name: 'visible', versions: 1 }]);
    expect(JSON.stringify(summary)).not.toContain('hidden-value');
  });
});
