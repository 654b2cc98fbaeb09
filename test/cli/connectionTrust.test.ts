// The connection commands against an HTTPS server whose CA this machine does not trust (the simulator's, on
// 127.0.0.1): a one-line TLS hint and exit 1; trusted through HC_CA_CERT_FILE, the request goes through (and reaches
// a server that is not the app: 404, exit 1); a CA file that cannot be read is a usage error (exit 2).
import { join } from 'node:path';
import { startSimulator, type Simulator } from '../../simulator';
import { runCli } from './cliRunner';

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ port: 0 });
});

afterAll(async () => {
  await sim?.stop();
});

describe('an app behind a CA this machine does not trust', () => {
  it('says the certificate is not trusted and how to trust it, in one line, exit 1', async () => {
    const run = await runCli(['list', '--url', sim.url, '--key', 'k'], { env: { HC_CA_CERT_FILE: '' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^error: cannot reach ${sim.url.replace(/\./g, '\\.')}: its TLS certificate is not trusted here \\([A-Z_]+\\): ` +
          'trust its CA with HC_CA_CERT_FILE=<its PEM file>, or NODE_EXTRA_CA_CERTS=<a bundle of the system CAs plus it>\\n$',
      ),
    );
  });

  it('trusts the CA in HC_CA_CERT_FILE (in addition to the system ones)', async () => {
    const run = await runCli(['list', '--url', sim.url, '--key', 'k'], { env: { HC_CA_CERT_FILE: sim.caCertPath } });
    // Past TLS: the simulator is not the app, and its 404 says so.
    expect(run.stderr).toBe('error: listing connections: No service at /api/connections.\n');
    expect(run.code).toBe(1);
  });

  it('refuses a CA file that cannot be read, before any request (exit 2)', async () => {
    const missing = join(sim.dataDir, 'no-such-ca.pem');
    const run = await runCli(['list', '--url', sim.url, '--key', 'k'], { env: { HC_CA_CERT_FILE: missing } });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `error: app setting HC_CA_CERT_FILE names a file that cannot be read (ENOENT): ${missing}\n`,
    );
  });
});
